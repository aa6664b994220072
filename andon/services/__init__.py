"""Every write of the andon app: pulls, work orders and root-cause reviews."""

from .pulls import PULLING_ROLES, NotAllowedToPull, PullOutcome, clean_reason, gmv_at_stake, pull_andon, warn_owners
from .reviews import add_corrective_action, add_why, complete_review, set_corrective_action_status, set_root_cause
from .work_orders import (
    NotYourDepartment,
    cancel_work_order,
    confirm_work_order,
    escalate_overdue_work_orders,
    in_department,
    open_work_orders,
    record_supplier_answer,
    refuse_relist_while_pulled,
    resolve_work_order,
    start_work_order,
)

__all__ = [
    "PULLING_ROLES", "NotAllowedToPull", "NotYourDepartment", "PullOutcome", "add_corrective_action", "add_why", "cancel_work_order",
    "clean_reason", "complete_review", "confirm_work_order", "escalate_overdue_work_orders", "gmv_at_stake",
    "in_department", "open_work_orders", "pull_andon", "record_supplier_answer", "refuse_relist_while_pulled",
    "resolve_work_order", "set_corrective_action_status", "set_root_cause", "start_work_order", "warn_owners",
]
