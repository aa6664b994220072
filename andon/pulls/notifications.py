"""Who hears about a pull, and what they are told: kinds of notification, written in the language each reader reads."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.notifications.kinds import MessageKind, in_each_language, register_kind
from members.notifications.services import notify
from members.roles import Role

from .models import AndonPull, AndonWarning


def pull_page(pull: AndonPull) -> str:
    """The link of every notification whose subject is the pull: its staff page."""
    return reverse("andon:pull", args=[pull.pk])


def owners_of(pull: AndonPull | AndonWarning) -> list:
    """The supplier's vendor manager and the warehouse for a product; the partner manager; the process owner.

    A target nobody owns yet is reported to the customer-service managers rather than to no one.
    """
    User = get_user_model()
    if pull.product_id:
        warehouse = list(User.objects.filter(groups__name=Role.WAREHOUSE, is_active=True))
        owners = [pull.product.supplier.vendor_manager, *warehouse]
    elif pull.partner_id:
        owners = [pull.partner.partner_manager]
    else:
        owners = [pull.process.owner]
    owners = [owner for owner in owners if owner is not None and owner.is_active]
    return owners or list(User.objects.filter(groups__name=Role.MANAGER, is_active=True))


PULL_OPENED = register_kind(MessageKind(
    name="pull-opened",
    label=_("A pull on something you own"),
    help_text=_("An agent pulled the cord on a product, partner or process you are responsible for."),
    subject=_("Andon pull #%(id)s: %(target)s stopped"),
    body=_("%(agent)s pulled the cord (%(issue)s): %(reason)s"),
))
WARNING = register_kind(MessageKind(
    name="warning",
    label=_("A warning on something you own"),
    help_text=_("An agent warns about a product, partner or process you are responsible for; it stays on sale."),
    subject=_("Andon warning: %(target)s (%(issue)s)"),
    body=_("%(agent)s warns, still on sale: %(reason)s"),
))


def _target_back_subject(params: dict) -> str:
    if params["outcome"] == "retired":
        text = _("%(target)s, which you pulled, failed its inspection and stays off (pull #%(id)s)")
    elif params["outcome"] == "relisted":
        text = _("%(target)s, which you pulled, is back (pull #%(id)s)")
    else:
        text = _("The work orders of pull #%(id)s on %(target)s are done; it was not on sale before and stays as it was")
    return str(text) % params


TARGET_BACK = register_kind(MessageKind(
    name="target-back",
    label=_("A pull you made or joined is over"),
    help_text=_("The work orders are done: the target is back, or stays off after a failed inspection."),
    subject=_target_back_subject,
))
TARGET_BACK_FOLLOW_UP = register_kind(MessageKind(
    name="target-back-follow-up",
    label=_("Tell your customers a pull is over"),
    help_text=_("A pull with complaints you handle is over: the customers who complained are waiting to hear."),
    subject=_("Pull #%(id)s on %(target)s is over: tell the customers whose complaints were on it"),
))


def _person(user) -> str:
    return user.get_full_name() or user.username


def announce_pull(*, pull_id: int) -> int:
    pull = AndonPull.objects.select_related(
        "product__supplier__vendor_manager", "partner__partner_manager", "process__owner", "pulled_by", "issue_code"
    ).get(pk=pull_id)
    params = {
        "id": pull.pk, "target": in_each_language(lambda: pull.target), "agent": _person(pull.pulled_by),
        "issue": in_each_language(lambda: pull.issue_code.display_name), "reason": pull.reason,
    }
    # The pull's own page: every owner (a staff role) may open it, and it says what each must do.
    return notify(
        recipients=owners_of(pull), key=f"pull-opened:{pull.pk}", kind=PULL_OPENED.name, params=params,
        link=pull_page(pull),
    )


def announce_warning(*, warning_id: int) -> int:
    warning = AndonWarning.objects.select_related(
        "product__supplier__vendor_manager", "partner__partner_manager", "process__owner", "warned_by", "issue_code"
    ).get(pk=warning_id)
    params = {
        "target": in_each_language(lambda: warning.target), "issue": in_each_language(lambda: warning.issue_code.display_name),
        "agent": _person(warning.warned_by), "reason": warning.reason,
    }
    return notify(
        recipients=owners_of(warning), key=f"warning:{warning.pk}", kind=WARNING.name, params=params,
        link=_storefront_page(warning),
    )


def _storefront_page(warning: AndonWarning) -> str:
    """A warned target is still on sale: its owners see it as customers do (a process has no page; the board then)."""
    if warning.product_id:
        return reverse("members:product", args=[warning.product.sku])
    if warning.partner_id:
        return reverse("members:partner", args=[warning.partner_id])
    return reverse("andon:board")


def announce_target_back(*, pull_id: int) -> int:
    pull = AndonPull.objects.select_related("pulled_by", "product", "partner", "process").get(pk=pull_id)
    outcome = "retired" if pull.retired_at else "relisted" if pull.relisted_at else "unchanged"
    params = {"outcome": outcome, "target": in_each_language(lambda: pull.target), "id": pull.pk}
    recipients = [pull.pulled_by, *(support.agent for support in pull.supports.select_related("agent"))]
    # The pull's page: how it ended (back, retired), the work orders' outcomes, and the complaints to follow up.
    link = pull_page(pull)
    told = notify(recipients=recipients, key=f"target-back:{pull.pk}", kind=TARGET_BACK.name, params=params, link=link)
    return told + _ask_for_follow_up(pull, told_already={user.pk for user in recipients}, link=link)


def _ask_for_follow_up(pull: AndonPull, *, told_already: set[int], link: str) -> int:
    """The agents handling the other complaints on the pull (those that met the rule, say) hear it is
    over too, so every customer whose complaint was on the pull is told, not only the puller's."""
    handlers = [
        attached.complaint.taken_by
        for attached in pull.pull_complaints.select_related("complaint__taken_by")
        if attached.complaint.taken_by is not None and attached.complaint.taken_by.is_active
        and attached.complaint.taken_by_id not in told_already
    ]
    params = {"id": pull.pk, "target": in_each_language(lambda: pull.target)}
    return notify(
        recipients=handlers, key=f"target-back-follow-up:{pull.pk}", kind=TARGET_BACK_FOLLOW_UP.name, params=params,
        link=link,
    )
