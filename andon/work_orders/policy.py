"""Who may do what to a work order: the one answer the services enforce, the pages and the admin
use to draw their buttons, and the queues use to scope their lists.

Most answers are about the person, not the work order's state: the state machine refuses an
illegal transition on its own. The `*_now` answers add the state, for the buttons pages draw.
"""

from django.db.models import Q
from django_fsm import can_proceed

from members.roles import Role, has_role

from .models import DEPARTMENT_ROLES, QUALITY_HOLDS, Department, WorkOrder

# Quality confirms the fix of every department's work order.
CONFIRMING_ROLES = (Role.QUALITY,)
CANCELLING_ROLES = (Role.MANAGER,)
# Managers and executives see every department's queue; what they may do is still decided below.
ALL_DEPARTMENTS_ROLES = (Role.MANAGER, Role.EXECUTIVE)
# Who reads the department queues: the back office, and the managers and executives above it.
BACK_OFFICE_ROLES = (Role.VENDOR_MANAGER, Role.PARTNER_MANAGER, Role.WAREHOUSE, Role.QUALITY, Role.MANAGER, Role.EXECUTIVE)


def is_back_office(user) -> bool:
    return has_role(user, *BACK_OFFICE_ROLES)


def department_owner(pull, department: str):
    """The named person responsible, where the data names one."""
    if department == Department.SUPPLIER_MANAGEMENT:
        return pull.product.supplier.vendor_manager
    if department == Department.PARTNER_MANAGEMENT:
        return pull.partner.partner_manager
    if department == Department.PROCESS_OWNER:
        return pull.process.owner
    return None


def in_department(user, work_order: WorkOrder) -> bool:
    """Members of the owning department (by role), its named owner, and superusers."""
    if not user.is_authenticated:
        return False
    if has_role(user, *DEPARTMENT_ROLES[work_order.department]):
        return True
    owner = department_owner(work_order.pull, work_order.department)
    return owner is not None and owner.pk == user.pk


def departments_of(user) -> list[str]:
    """The departments whose queue is the user's, derived from their roles (DEPARTMENT_ROLES read backwards)."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return list(Department.values)
    return [department for department, roles in DEPARTMENT_ROLES.items() if roles and has_role(user, *roles)]


def may_work_on(user, work_order: WorkOrder) -> bool:
    """Start, resolve, attach evidence to, record the supplier's answers on: the owning department's work."""
    return in_department(user, work_order)


def may_confirm(user, work_order: WorkOrder | None = None) -> bool:
    """Confirm a resolved work order (which closes it): the service side, not the department that did the work."""
    return has_role(user, *CONFIRMING_ROLES)


def may_cancel(user, work_order: WorkOrder | None = None) -> bool:
    return has_role(user, *CANCELLING_ROLES)


def may_send_back(user, work_order: WorkOrder | None = None) -> bool:
    """Return a resolved work order to its department: the same people who would confirm it (quality)."""
    return may_confirm(user, work_order)


def may_send_back_now(user, work_order: WorkOrder) -> bool:
    """The Send back button: the work order is resolved and the user confirms."""
    return can_proceed(work_order.send_back) and may_send_back(user, work_order)


def may_follow_up_shipped(user, work_order: WorkOrder) -> bool:
    """Tell the customers whose orders had shipped: the warehouse's work (its department or a manager),
    on a product pull's warehouse work order that was not cancelled (a bad pull found nothing to tell)."""
    if work_order.kind != WorkOrder.Kind.WAREHOUSE or work_order.state == WorkOrder.State.CANCELLED:
        return False
    return in_department(user, work_order) or has_role(user, *CANCELLING_ROLES)


def may_start_now(user, work_order: WorkOrder) -> bool:
    """The Start button: the work order is open and the user's department owns it."""
    return can_proceed(work_order.start) and may_work_on(user, work_order)


def may_confirm_now(user, work_order: WorkOrder) -> bool:
    """The Confirm button: the work order is resolved and the user confirms."""
    return can_proceed(work_order.confirm) and may_confirm(user, work_order)


def visible_to(user) -> Q:
    """The work orders in the user's queues: their departments, the ones they own by name, and for those who confirm every resolved one."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return Q()
    scope = (
        Q(department__in=departments_of(user))
        | Q(assignee=user)
        | Q(department=Department.SUPPLIER_MANAGEMENT, pull__product__supplier__vendor_manager=user)
        | Q(department=Department.PARTNER_MANAGEMENT, pull__partner__partner_manager=user)
        | Q(department=Department.PROCESS_OWNER, pull__process__owner=user)
    )
    if may_confirm(user):
        scope |= Q(state=WorkOrder.State.RESOLVED)
    return scope


def clocks_watched_by(user) -> Q:
    """The work orders whose clock is the user's to watch in a queue: a department does not answer for
    the time its resolved work orders wait for quality, so only quality (and the managers and
    executives above every department) see those flagged overdue. Combined with `overdue_now`, never
    a second definition of it."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES) or may_confirm(user):
        return Q()
    return ~Q(state__in=QUALITY_HOLDS)
