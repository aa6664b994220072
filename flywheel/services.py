"""Writes to the catalog, and the one way any app applies a state transition."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed, can_proceed

from .errors import IllegalTransition
from .models import AuditEvent, Listable, Lot, Product
from .signals import product_may_be_back


def record_audit(
    *, obj: models.Model, action: str, actor=None, from_state: str = "", to_state: str = "", note: str = ""
) -> AuditEvent:
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
    )


def apply_transition(*, obj: models.Model, verb: str, field: str, actor=None, note: str = "") -> models.Model:
    """Run the FSM transition `verb` on `obj`, save it and write the audit row.

    Raises IllegalTransition with a message naming the current state when the move is not allowed.
    The caller holds the transaction and, where it matters, the row lock.
    """
    method = getattr(obj, verb)
    before = getattr(obj, field)
    if not can_proceed(method):
        raise IllegalTransition(_illegal_message(obj, verb, field))
    try:
        method()
    except TransitionNotAllowed as exc:  # a transition's own condition said no
        raise IllegalTransition(_illegal_message(obj, verb, field)) from exc
    obj.save()
    record_audit(obj=obj, action=verb, actor=actor, from_state=before, to_state=getattr(obj, field), note=note)
    return obj


def apply_transition_to_each(*, objs: list, verb: str, field: str, also: tuple = (), actor=None, note: str = "") -> list:
    """apply_transition for many rows of one model in a fixed number of queries, all or none.

    Every row is checked first; one that cannot move raises IllegalTransition and nothing is
    written. `also` names the other fields the transition sets. The caller holds the transaction
    and the row locks.
    """
    if not objs:
        return []
    for obj in objs:
        if not can_proceed(getattr(obj, verb)):
            raise IllegalTransition(_illegal_message(obj, verb, field))
    befores = []
    for obj in objs:
        befores.append(getattr(obj, field))
        try:
            getattr(obj, verb)()
        except TransitionNotAllowed as exc:
            raise IllegalTransition(_illegal_message(obj, verb, field)) from exc
    fields = [field, *also]
    if any(f.name == "updated_at" for f in objs[0]._meta.concrete_fields):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields.append("updated_at")
    type(objs[0]).objects.bulk_update(objs, fields, batch_size=500)
    content_type = ContentType.objects.get_for_model(objs[0], for_concrete_model=False)
    by = actor if actor is not None and actor.is_authenticated else None
    events = [
        AuditEvent(
            content_type=content_type, object_id=str(obj.pk), action=verb, from_state=before,
            to_state=getattr(obj, field), actor=by, note=note,
        )
        for obj, before in zip(objs, befores)
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return objs


# The verb is read inside the refusal sentence, so it is translated with it. A verb added to a
# service but not here still reads in English; add it here and to the catalogue.
TRANSITION_VERBS = {
    "publish": gettext_lazy("publish"),
    "put_under_review": gettext_lazy("put under review"),
    "retire": gettext_lazy("retire"),
    "pay": gettext_lazy("pay"),
    "pack": gettext_lazy("pack"),
    "ship": gettext_lazy("ship"),
    "deliver": gettext_lazy("deliver"),
    "hold": gettext_lazy("hold"),
    "release": gettext_lazy("release"),
    "cancel": gettext_lazy("cancel"),
    "refund": gettext_lazy("refund"),
    "resolve": gettext_lazy("resolve"),
    "close": gettext_lazy("close"),
    "reopen": gettext_lazy("reopen"),
    "stop": gettext_lazy("stop"),
    "relist": gettext_lazy("relist"),
}


def _illegal_message(obj, verb: str, field: str) -> str:
    display = getattr(obj, f"get_{field}_display")()
    return _("Cannot %(verb)s %(object)s: it is %(state)s.") % {
        "verb": TRANSITION_VERBS.get(verb, verb.replace("_", " ")),
        "object": obj._meta.verbose_name,
        "state": display,
    }


def _locked_product(product: Product) -> Product:
    return Product.objects.select_for_update().get(pk=product.pk)


@transaction.atomic
def publish(*, listable: Listable, actor=None) -> Listable:
    """Put a draft product or partner on sale (or in the app), unless a relist guard objects.

    A draft can be pulled too: while that pull is open, publishing it is refused like a relist.
    Raises IllegalTransition when it is not a draft or a guard objects.
    """
    locked = type(listable).objects.select_for_update().get(pk=listable.pk)
    _refuse_if_guarded(locked)
    published = apply_transition(obj=locked, verb="publish", field="listing_state", actor=actor)
    _announce_if_product(published)
    return published


def publish_product(*, product: Product, actor=None) -> Product:
    return publish(listable=product, actor=actor)


@transaction.atomic
def put_under_review(*, listable: Listable, actor=None, note: str = "") -> Listable:
    """Take a listed product or partner off the storefront at once (an andon pull does this)."""
    locked = type(listable).objects.select_for_update().get(pk=listable.pk)
    return apply_transition(obj=locked, verb="put_under_review", field="listing_state", actor=actor, note=note)


def put_product_under_review(*, product: Product, actor=None, note: str = "") -> Product:
    return put_under_review(listable=product, actor=actor, note=note)


@transaction.atomic
def retire_product(*, product: Product, actor=None, note: str = "") -> Product:
    """Stop selling a product for good."""
    return apply_transition(obj=_locked_product(product), verb="retire", field="listing_state", actor=actor, note=note)


@transaction.atomic
def receive_lot(*, product: Product, code: str, quantity: int, received_on=None, actor=None) -> Lot:
    """Book a supplier batch of `quantity` units into the warehouse; the audit row names who booked it."""
    lot = Lot(product=product, code=code, quantity_received=quantity, quantity_on_hand=quantity)
    if received_on is not None:
        lot.received_on = received_on
    lot.full_clean()
    lot.save()
    record_audit(obj=lot, action="receive", actor=actor, note=f"{product.sku}: {quantity}")
    product_may_be_back.send(sender=Product, product_id=product.pk)
    return lot



# --- Relisting -------------------------------------------------------------------------------
# A pulled target comes back only when whoever stopped it says so. Higher apps register a guard
# here (andon does, in its AppConfig.ready) returning the reasons a relist must be refused now;
# every relist goes through `relist` (and publishing a draft, which can be pulled too, checks
# them as well), so no interface can skip the guards.
RELIST_GUARDS: list = []


def register_relist_guard(guard) -> None:
    """`guard(listable) -> list[str]`: reasons the listable may not be relisted now (empty: allowed)."""
    if guard not in RELIST_GUARDS:
        RELIST_GUARDS.append(guard)


@transaction.atomic
def relist(*, listable: Listable, actor=None, note: str = "") -> Listable:
    """Put a product or partner under review back on sale, if no registered guard objects."""
    locked = type(listable).objects.select_for_update().get(pk=listable.pk)
    _refuse_if_guarded(locked)
    relisted = apply_transition(obj=locked, verb="relist", field="listing_state", actor=actor, note=note)
    _announce_if_product(relisted)
    return relisted


def _announce_if_product(listable: Listable) -> None:
    if isinstance(listable, Product):
        product_may_be_back.send(sender=Product, product_id=listable.pk)


def _refuse_if_guarded(listable: Listable) -> None:
    reasons = [reason for guard in RELIST_GUARDS for reason in guard(listable)]
    if reasons:
        raise IllegalTransition(" ".join(reasons))


@transaction.atomic
def retire(*, listable: Listable, actor=None, note: str = "") -> Listable:
    """Stop listing a product or partner for good."""
    locked = type(listable).objects.select_for_update().get(pk=listable.pk)
    return apply_transition(obj=locked, verb="retire", field="listing_state", actor=actor, note=note)


def block_lots(*, product: Product, actor=None, note: str = "") -> list[int]:
    """Stop allocation from every lot of the product (a stock hold). Returns the lots blocked now."""
    lot_ids = list(Lot.objects.select_for_update().filter(product=product, blocked=False).values_list("pk", flat=True))
    Lot.objects.filter(pk__in=lot_ids).update(blocked=True)
    if lot_ids:
        record_audit(obj=product, action="block_lots", actor=actor, note=f"{note} lots {lot_ids}".strip())
    return lot_ids


def unblock_lots(*, product: Product, lot_ids=None, actor=None, note: str = "") -> list[int]:
    """Allow allocation again from the product's blocked lots (all, or those given)."""
    lots = Lot.objects.select_for_update().filter(product=product, blocked=True)
    if lot_ids is not None:
        lots = lots.filter(pk__in=lot_ids)
    unblocked = list(lots.values_list("pk", flat=True))
    Lot.objects.filter(pk__in=unblocked).update(blocked=False)
    if unblocked:
        record_audit(obj=product, action="unblock_lots", actor=actor, note=f"{note} lots {unblocked}".strip())
        product_may_be_back.send(sender=Product, product_id=product.pk)
    return unblocked


def return_lots(*, product: Product, lot_ids, actor=None, note: str = "") -> None:
    """The lots went back to the supplier: nothing of them is left to sell."""
    Lot.objects.select_for_update().filter(product=product, pk__in=lot_ids).update(quantity_on_hand=0, blocked=True)
    record_audit(obj=product, action="return_lots", actor=actor, note=f"{note} lots {sorted(lot_ids)}".strip())
