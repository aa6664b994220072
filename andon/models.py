"""The andon app's models, defined in its sub-domains and gathered here so the app label and the
tables stay `andon` (Django finds an app's models through this module)."""

from .bonuses.models import BonusEntry, PayrollBatch
from .frontline.models import FrontLineDay, TakeBackDepartment, TakeBackItem
from .pulls.models import REASON_MAX_LENGTH, AndonPull, AndonWarning, BadPullCategory, PullComplaint, PullSupport, Verdict
from .reports.models import WeeklyTeamSnapshot
from .reviews.models import CorrectiveAction, RootCauseReview, WhyStep
from .verdicts.models import PullVerdict, VerdictSecondOpinion
from .work_orders.models import (
    DEPARTMENT_ROLES,
    Department,
    DepartmentLead,
    FollowedUpCustomer,
    ShippedFollowUp,
    SupplierAnswer,
    WorkOrder,
    WorkOrderAttachment,
    overdue_now,
)

__all__ = [
    "DEPARTMENT_ROLES", "REASON_MAX_LENGTH", "AndonPull", "AndonWarning", "BadPullCategory", "BonusEntry", "CorrectiveAction",
    "Department", "DepartmentLead", "FollowedUpCustomer", "FrontLineDay", "PayrollBatch", "PullComplaint", "PullSupport", "PullVerdict",
    "RootCauseReview", "ShippedFollowUp", "SupplierAnswer", "TakeBackDepartment", "TakeBackItem", "Verdict", "VerdictSecondOpinion",
    "WeeklyTeamSnapshot", "WhyStep", "WorkOrder", "WorkOrderAttachment", "overdue_now",
]
