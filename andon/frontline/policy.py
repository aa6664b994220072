"""Who owes a front-line day, who works the console on it, and who sees and closes take-back items.

Who counts as "managing" (owes a day within FRONT_LINE_DAY_WITHIN_DAYS of joining):
- everyone holding one of MANAGING_ROLES: customer-service managers, vendor managers, partner
  managers and executives;
- in the departments whose role is held by rank-and-file staff too (warehouse, quality), only
  their leads: whoever a `andon.work_orders.DepartmentLead` row names. A warehouse worker is not
  a manager; the warehouse's lead is.

The due date is the staff member's local joining date (`User.date_joined`, in TIME_ZONE) plus
FRONT_LINE_DAY_WITHIN_DAYS days. Someone promoted from the floor keeps their joining date: the
admin can correct `date_joined` on the user if a manager's start in the role should count instead.

On their scheduled day a managing staff member works the agent console as an agent: the console
lets them in (`tickets.complaints.policy`'s "extra console users" hook, filled in AndonConfig.ready)
and `andon.pulls.policy.may_pull` lets them pull. That is access for the day, never an approval step.
"""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from members.roles import Role, has_role

from ..work_orders.models import DEPARTMENT_ROLES, DepartmentLead
from .models import FrontLineDay, TakeBackDepartment, TakeBackItem

# The one list of roles that owe a front-line day. Department leads owe one too (see the module docstring).
MANAGING_ROLES = (Role.MANAGER.value, Role.VENDOR_MANAGER.value, Role.PARTNER_MANAGER.value, Role.EXECUTIVE.value)

# Each role's own department, in the order a person holding several is given as owner by default.
ROLE_DEPARTMENTS = {
    Role.MANAGER.value: TakeBackDepartment.CUSTOMER_SERVICE,
    Role.VENDOR_MANAGER.value: TakeBackDepartment.VENDOR_MANAGEMENT,
    Role.PARTNER_MANAGER: TakeBackDepartment.PARTNER_MANAGEMENT,
    Role.WAREHOUSE.value: TakeBackDepartment.WAREHOUSE,
    Role.QUALITY.value: TakeBackDepartment.QUALITY,
    Role.EXECUTIVE.value: TakeBackDepartment.EXECUTIVES,
}

# Roles whose holders may have a front-line day at all (managing roles, and the departments with leads).
_MAY_HAVE_A_DAY = MANAGING_ROLES + (Role.WAREHOUSE.value, Role.QUALITY.value)


def is_department_lead(user) -> bool:
    return bool(user.is_authenticated) and DepartmentLead.objects.filter(lead=user).exists()


def is_managing(user) -> bool:
    """Owes a front-line day: holds a managing role or leads a department."""
    if not user.is_authenticated or not user.is_active:
        return False
    return has_role(user, *MANAGING_ROLES) or is_department_lead(user)


def front_line_due_on(user) -> date:
    """The last day by which the staff member should have worked their front-line day (local date)."""
    return timezone.localdate(user.date_joined) + timedelta(days=settings.FRONT_LINE_DAY_WITHIN_DAYS)


def on_front_line_today(user) -> bool:
    """Works the console as an agent today: their front-line day is today (scheduled or already marked worked).

    One query per request for people who may have a day, none for agents and customers (the role
    names are read once per request by `has_role`); the answer is kept on the user object.
    """
    if not getattr(user, "is_authenticated", False) or not has_role(user, *_MAY_HAVE_A_DAY):
        return False
    cached = getattr(user, "_front_line_today", None)
    if cached is None:
        cached = FrontLineDay.objects.filter(
            staff=user, scheduled_on=timezone.localdate(),
            state__in=(FrontLineDay.State.SCHEDULED, FrontLineDay.State.WORKED),
        ).exists()
        user._front_line_today = cached
    return cached


def forget_front_line_today(user) -> None:
    """Drop the per-request answer after a day is scheduled, moved or closed for this user object."""
    user.__dict__.pop("_front_line_today", None)


def may_schedule_day(actor, staff) -> bool:
    """Schedule or move `staff`'s day: themselves, an executive, or the lead of a department they work in."""
    if not actor.is_authenticated:
        return False
    if actor.pk == staff.pk or has_role(actor, Role.EXECUTIVE):
        return True
    led = DepartmentLead.objects.filter(lead=actor).values_list("department", flat=True)
    roles = {role for department in led for role in DEPARTMENT_ROLES.get(department, [])}
    return bool(roles) and staff.groups.filter(name__in=roles).exists()


def may_mark_worked(actor, day: FrontLineDay) -> bool:
    """Mark a day worked: the person who worked it, or whoever may schedule it; not before the day comes."""
    return day.scheduled_on <= timezone.localdate() and may_schedule_day(actor, day.staff)


def departments_of(user) -> list[str]:
    """The take-back departments the user works in, in ROLE_DEPARTMENTS order (empty for agents and customers)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [department for role, department in ROLE_DEPARTMENTS.items() if has_role(user, role)]


def sees_every_department(user) -> bool:
    return has_role(user, Role.EXECUTIVE)


def may_read_take_back_queue(user) -> bool:
    return bool(departments_of(user))


def may_take_back(user) -> bool:
    """Mark a problem "take back" from a complaint: while at the front line, into a department of their own."""
    return on_front_line_today(user) and bool(departments_of(user))


def may_close_take_back_item(user, item: TakeBackItem) -> bool:
    """Mark an item done or dropped: its owner, anyone in its department, or an executive."""
    if not getattr(user, "is_authenticated", False):
        return False
    return item.owner_id == user.pk or sees_every_department(user) or item.department in departments_of(user)
