"""The andon app's models, defined in its sub-domains and gathered here so the app label and the
tables stay `andon` (Django finds an app's models through this module)."""

from .pulls.models import REASON_MAX_LENGTH, AndonPull, AndonWarning, PullComplaint, PullSupport
from .reviews.models import CorrectiveAction, RootCauseReview, WhyStep
from .work_orders.models import (
    DEPARTMENT_ROLES,
    Department,
    DepartmentLead,
    SupplierAnswer,
    WorkOrder,
    WorkOrderAttachment,
    overdue_now,
)

__all__ = [
    "DEPARTMENT_ROLES", "REASON_MAX_LENGTH", "AndonPull", "AndonWarning", "CorrectiveAction", "Department", "DepartmentLead",
    "PullComplaint", "PullSupport", "RootCauseReview", "SupplierAnswer", "WhyStep", "WorkOrder", "WorkOrderAttachment", "overdue_now",
]
