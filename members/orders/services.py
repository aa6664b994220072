"""Every write of an order's life: placing and paying (checkout), packing, holds, cancellations, refunds."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.models import Lot, Product
from flywheel.outbox.services import send_after_commit
from flywheel.services import apply_transition, apply_transition_to_each, record_audit
from flywheel.text import require_readable

from ..accounts.models import Profile
from ..accounts.services import customer_language
from ..cart.models import CartItem, Coupon
from ..cart.pricing import ZERO, CartTotals, cart_totals
from ..cart.selectors import cart_for
from ..cart.services import bump_cart_version, locked_cart
from ..catalog.policy import ensure_buyable
from ..errors import (
    AlreadyCheckedOut,
    CartChanged,
    EmptyCart,
    InvalidCoupon,
    NotBuyable,
    PaymentDeclined,
    unavailable_message,
)
from .jobs import (
    confirm_order_by_email,
    pay_refund,
    tell_customers_about_hold,
    tell_customers_about_refund,
    tell_customers_about_release,
)
from .models import Order, OrderLine, Refund
from .payments import get_gateway


@dataclass(frozen=True)
class ShippingDetails:
    name: str
    address: str
    phone: str = ""


def _require_readable_shipping(shipping: ShippingDetails) -> None:
    """The name, address and phone are printed on a parcel label: readable text only."""
    require_readable(shipping.name, field=_("The recipient's name"), max_length=120)
    require_readable(shipping.address, field=_("The address"), max_length=300)
    require_readable(shipping.phone, field=_("The phone number"), max_length=40)


def _new_order_number() -> str:
    return f"{timezone.localdate():%y%m%d}{secrets.randbelow(10**8):08d}"


def lock_stock(product_ids) -> tuple[dict[int, Product], dict[int, list[Lot]]]:
    """Lock the products, then their allocatable lots, in id order.

    Products are locked before lots, the same order an andon pull locks a product, so a pull and
    a checkout never interleave and stock never goes negative.
    """
    products = Product.objects.select_for_update().order_by("pk").in_bulk(sorted(product_ids))
    lots_by_product: dict[int, list[Lot]] = {}
    for lot in (
        Lot.objects.select_for_update()
        .filter(product_id__in=products, blocked=False, quantity_on_hand__gt=0)
        .order_by("product_id", "received_on", "id")
    ):
        lots_by_product.setdefault(lot.product_id, []).append(lot)
    return products, lots_by_product


def allocate_units(*, order: Order, product: Product, quantity: int, unit_price: Decimal, lots: list[Lot]) -> list[OrderLine]:
    """Take units from the oldest lots first; a quantity spread over two lots makes two lines."""
    lines, remaining = [], quantity
    for lot in lots:
        if remaining == 0:
            break
        taken = min(remaining, lot.quantity_on_hand)
        if taken == 0:
            continue
        lot.quantity_on_hand -= taken
        remaining -= taken
        Lot.objects.filter(pk=lot.pk).update(quantity_on_hand=F("quantity_on_hand") - taken)
        lines.append(
            OrderLine(order=order, product=product, lot=lot, title=product.title, title_zh=product.title_zh, quantity=taken, unit_price=unit_price)
        )
    return lines


def _usable_coupon(*, customer, code: str) -> Coupon | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    coupon = Coupon.objects.select_for_update().filter(customer=customer, code=code).first()
    if coupon is None:
        raise InvalidCoupon(_("There is no coupon %(code)s on your account.") % {"code": code})
    if coupon.redeemed_on_id is not None:
        raise InvalidCoupon(_("Coupon %(code)s has already been used.") % {"code": code})
    if not coupon.is_usable():
        raise InvalidCoupon(_("Coupon %(code)s has expired.") % {"code": code})
    return coupon


def cart_version_of(customer) -> int:
    """The version of the customer's cart now: what a checkout started now means to buy."""
    return cart_for(customer).version


@transaction.atomic
def place_order(*, customer, shipping: ShippingDetails, coupon_code: str = "", cart_version: int | None = None) -> Order:
    """Turn the cart into a placed order, exactly once, and allocate its units from lots, oldest lot first.

    The cart row is locked first (then products, then lots) and emptied here: a second submission
    of the same cart version finds the order it became (AlreadyCheckedOut), never a second order.
    A coupon, if given, comes off the total, shipping included, and is used up by this order.
    """
    _require_readable_shipping(shipping)
    cart = locked_cart(customer)
    if cart_version is not None and cart.version != cart_version:
        existing = Order.objects.filter(customer=customer, cart_version=cart_version).first()
        if existing is not None:
            raise AlreadyCheckedOut(existing)
        raise CartChanged(_("Your cart changed while you were checking out. Check it and pay again."))
    items = list(cart.items.order_by("product_id"))
    if not items:
        # Emptied by the checkout just before this one (a duplicate that started a moment late).
        just_placed = Order.objects.filter(customer=customer, cart_version=cart.version - 1).first()
        if just_placed is not None:
            raise AlreadyCheckedOut(just_placed)
        raise EmptyCart(_("Your cart is empty."))
    products, lots_by_product = lock_stock(item.product_id for item in items)
    for item in items:
        product = products[item.product_id]
        stock = sum(lot.quantity_on_hand for lot in lots_by_product.get(product.pk, []))
        ensure_buyable(product, item.quantity, stock=stock)
    coupon = _usable_coupon(customer=customer, code=coupon_code)

    totals = cart_totals(((products[item.product_id].price, item.quantity) for item in items), coupon=coupon)
    order = create_order(customer=customer, shipping=shipping, totals=totals, cart_version=cart.version)
    lines = []
    for item in items:
        product = products[item.product_id]
        lines += allocate_units(
            order=order, product=product, quantity=item.quantity, unit_price=product.price,
            lots=lots_by_product[product.pk],
        )
    OrderLine.objects.bulk_create(lines)
    if coupon:
        coupon.redeemed_on = order
        coupon.save(update_fields=["redeemed_on"])
    cart.items.all().delete()
    bump_cart_version(cart)
    record_audit(obj=order, action="place", actor=customer, to_state=order.status)
    return order


@transaction.atomic
def place_replacement_order(*, order_line: OrderLine, quantity: int, actor, note: str = "") -> Order:
    """Ship the customer a free replacement of a line they complained about: a zero-price paid order.

    A product that is off sale (an andon pull) is not sent again: the same defect would travel with it.
    """
    original = order_line.order
    products, lots_by_product = lock_stock([order_line.product_id])
    product = products[order_line.product_id]
    if not product.is_listed:
        raise NotBuyable(
            _("%(message)s Offer a refund or a coupon instead of a replacement.")
            % {"message": unavailable_message(product)}
        )
    ensure_buyable(product, quantity, stock=sum(lot.quantity_on_hand for lot in lots_by_product.get(product.pk, [])))
    shipping = ShippingDetails(original.shipping_name, original.shipping_address, original.shipping_phone)
    order = create_order(customer=original.customer, shipping=shipping, totals=FREE, language=original.language)
    OrderLine.objects.bulk_create(
        allocate_units(order=order, product=product, quantity=quantity, unit_price=Decimal("0"), lots=lots_by_product[product.pk])
    )
    record_audit(obj=order, action="place", actor=actor, to_state=order.status, note=note)
    order.payment_reference = "replacement"
    return apply_transition(obj=order, verb="pay", field="status", actor=actor, note=_("Free replacement for order %(number)s") % {"number": original.number})


# A free replacement: nothing to pay, shipping included.
FREE = CartTotals(subtotal=ZERO, shipping_fee=ZERO, discount=ZERO)


def create_order(
    *, customer, shipping: ShippingDetails, totals: CartTotals, language: str | None = None, cart_version: int | None = None
) -> Order:
    """A placed order with the cart's totals (CNY) and a fresh order number; no lines yet."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Order.objects.create(
                    number=_new_order_number(),
                    customer=customer,
                    subtotal=totals.subtotal,
                    shipping_fee=totals.shipping_fee,
                    discount=totals.discount,
                    total=totals.total,
                    shipping_name=shipping.name,
                    shipping_address=shipping.address,
                    shipping_phone=shipping.phone,
                    language=language or customer_language(),
                    cart_version=cart_version,
                )
        except IntegrityError:  # order number taken; draw again
            continue
    raise RuntimeError("Could not draw a free order number.")


def checkout(
    *, customer, shipping: ShippingDetails, card_number: str, coupon_code: str = "", cart_version: int | None = None
) -> Order:
    """Place the order from the cart version the customer checked out, charge the card, mark it paid.

    Without a version, the cart as it is when the request starts is the one checked out, so
    concurrent submissions of one cart still make one order. The charge happens outside any
    transaction (no row lock is held while the gateway answers) under the order's payment
    attempt as idempotency key, so a retried charge is charged once. A declined card cancels the
    order, frees the stock and puts the items back in the cart. An order a coupon pays in full is
    not charged.
    """
    if cart_version is None:
        cart_version = cart_version_of(customer)
    order = place_order(customer=customer, shipping=shipping, coupon_code=coupon_code, cart_version=cart_version)
    if order.total == 0:
        return record_charge(order=order, customer=customer, reference="coupon", amount=order.total)
    result = get_gateway().charge(
        amount=order.total, currency=settings.CURRENCY, card_number=card_number, description=f"Order {order.number}",
        idempotency_key=order.payment_attempt,
    )
    if not result.succeeded:
        _cancel_declined(order=order, customer=customer, reason=result.message)
        raise PaymentDeclined(result.message)
    return record_charge(order=order, customer=customer, reference=result.reference, amount=order.total)


@transaction.atomic
def record_charge(*, order: Order, customer, reference: str, amount: Decimal) -> Order:
    """Record a successful charge on the order, whatever happened to the order while the gateway answered.

    A placed order becomes paid. One held meanwhile (a pull) stays held, now held from paid, so it
    is released, re-allocated or refunded like any held paid order. One cancelled or refunded
    meanwhile keeps the record and the whole charge goes back to the customer.
    """
    order = _locked(order)
    if order.payment_reference:
        # Already recorded (the checkout and the reconciliation job both got there): once only.
        return order
    order.payment_reference, order.amount_paid, order.paid_at = reference, amount, timezone.now()
    if order.status == Order.Status.PLACED:
        paid = apply_transition(obj=order, verb="pay", field="status", actor=customer, note=reference)
        if paid.cart_version is not None:  # a customer's purchase, not a free replacement
            send_after_commit(confirm_order_by_email, queue="notifications", order_id=paid.pk)
        return paid
    if order.status == Order.Status.ON_HOLD and order.held_from == Order.Status.PLACED:
        order.held_from = Order.Status.PAID
    elif order.status in (Order.Status.CANCELLED, Order.Status.REFUNDED) and amount > 0:
        order.refunded_amount = amount
        _request_refund(order=order, amount=amount)
    order.save(update_fields=["payment_reference", "amount_paid", "paid_at", "held_from", "refunded_amount", "updated_at"])
    record_audit(obj=order, action="pay", actor=customer, from_state=order.status, to_state=order.status, note=reference)
    return order


class NotPayable(DomainError):
    """The order cannot be paid from its page: it is paid already, cancelled, held or free."""

    status_code = 409


@transaction.atomic
def _payment_attempt_for(*, order: Order, customer) -> tuple[Order, str]:
    """The order, checked payable now, and the idempotency key its charge is to be made under."""
    order = _locked(order)
    if order.customer_id != customer.pk:
        raise NotPayable(_("Order %(number)s is not yours.") % {"number": order.number})
    if order.payment_reference:
        raise NotPayable(_("Order %(number)s is already paid.") % {"number": order.number})
    if not order.awaits_payment:
        raise NotPayable(_("Order %(number)s cannot be paid now: it is %(status)s.") % {"number": order.number, "status": order.get_status_display()})
    return order, order.payment_attempt


@transaction.atomic
def _record_declined_payment(*, order: Order, customer, attempt: str, reason: str) -> None:
    """Note a declined try (audit row) and move the order on to a fresh attempt key, once per attempt."""
    order = _locked(order)
    if order.payment_attempt == attempt:  # a second click on the same attempt moves nothing on again
        order.declined_payments += 1
        order.save(update_fields=["declined_payments", "updated_at"])
    record_audit(obj=order, action="payment_declined", actor=customer, from_state=order.status, to_state=order.status, note=reason[:200])


def pay_order(*, order: Order, customer, card_number: str) -> Order:
    """Pay an unpaid (placed) order from its page: the charge is made as at checkout, then recorded.

    The charge goes to the gateway outside any transaction under the order's payment attempt as
    idempotency key, so two clicks (or a click racing the reconciliation job) charge once and
    record once (`record_charge`). A declined card leaves the order placed, for another card or a
    cancellation. Raises NotPayable (paid, cancelled, held or someone else's order) or PaymentDeclined.
    """
    order, attempt = _payment_attempt_for(order=order, customer=customer)
    result = get_gateway().charge(
        amount=order.total, currency=settings.CURRENCY, card_number=card_number, description=f"Order {order.number}",
        idempotency_key=attempt,
    )
    if not result.succeeded:
        _record_declined_payment(order=order, customer=customer, attempt=attempt, reason=result.message)
        raise PaymentDeclined(result.message)
    return record_charge(order=order, customer=customer, reference=result.reference, amount=order.total)


@transaction.atomic
def cancel_unpaid_order(*, order: Order, customer) -> Order:
    """The customer calls off an order they have not paid: it is cancelled and its units go back on sale.

    A charge still in flight that succeeds afterwards is recorded and paid back (`record_charge`).
    Raises NotPayable when the order is paid, shipped or already stopped.
    """
    current = _locked_with_stock(order)  # products and lots first, the order last: the lock order of a pull
    if current.customer_id != customer.pk or not current.cancellable_by_customer:
        raise NotPayable(
            _("Order %(number)s cannot be cancelled here: it is %(status)s. Report a problem on it instead.")
            % {"number": current.number, "status": current.get_status_display()}
        )
    return cancel_order(order=current, actor=customer, note=_("Cancelled by the customer before paying"))


def reconcile_checkout(*, order: Order) -> str:
    """Finish a checkout whose process died between the gateway's answer and its record.

    Asks the gateway what it did under the order's payment attempt (outside any transaction):
    a charge it took is recorded (record_charge: a held order stays held, a cancelled one is
    refunded); a decline cancels the order and gives the cart back, as at checkout; a charge the
    gateway never received leaves the order placed, for the customer to pay or cancel.
    Returns "recorded", "declined" or "not charged".
    """
    result = get_gateway().look_up_charge(idempotency_key=order.payment_attempt)
    if result is None:
        return "not charged"
    if result.succeeded:
        record_charge(order=order, customer=order.customer, reference=result.reference, amount=order.total)
        return "recorded"
    if order.status in (Order.Status.PLACED, Order.Status.ON_HOLD):
        _cancel_declined(order=order, customer=order.customer, reason=result.message)
    return "declined"


@transaction.atomic
def _cancel_declined(*, order: Order, customer, reason: str) -> Order:
    """Cancel an order whose card was declined and give the customer their cart back to pay again."""
    cart = locked_cart(customer)
    order = cancel_order(order=order, actor=customer, note=_("Payment declined: %(reason)s") % {"reason": reason})
    order.payment_declined = True
    order.save(update_fields=["payment_declined", "updated_at"])
    for line in order.lines.all():
        item, created = CartItem.objects.get_or_create(cart=cart, product_id=line.product_id, defaults={"quantity": line.quantity})
        if not created:
            CartItem.objects.filter(pk=item.pk).update(quantity=F("quantity") + line.quantity)
    bump_cart_version(cart)
    return order


def _request_refund(*, order: Order, amount: Decimal) -> Refund:
    """Record the refund now; the job pays it after commit, once, whatever retries happen."""
    refund = Refund.objects.create(order=order, amount=amount, idempotency_key=f"refund-{secrets.token_hex(16)}")
    send_after_commit(pay_refund, refund_id=refund.pk)
    return refund


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _locked_with_stock(order: Order) -> Order:
    """Lock what giving stock back touches, in the order every writer uses: products, lots, the order.

    A pull locks the product, then its lots, then the orders it holds; taking the order first here
    would let a cancellation and a pull wait on each other for ever.
    """
    lines = list(OrderLine.objects.filter(order_id=order.pk).values_list("product_id", "lot_id"))
    list(Product.objects.select_for_update().filter(pk__in={p for p, _ in lines}).order_by("pk").values_list("pk"))
    list(Lot.objects.select_for_update().filter(pk__in={lot for _, lot in lines}).order_by("pk").values_list("pk"))
    return _locked(order)


def _return_stock(order: Order, *, except_lots=()) -> None:
    """Put unshipped units back into their lots, except lots that went back to the supplier."""
    for line in order.lines.all():
        if line.lot_id not in except_lots:
            Lot.objects.filter(pk=line.lot_id).update(quantity_on_hand=F("quantity_on_hand") + line.quantity)


@transaction.atomic
def pack_order(*, order: Order, actor=None) -> Order:
    return apply_transition(obj=_locked(order), verb="pack", field="status", actor=actor)


@transaction.atomic
def ship_order(*, order: Order, actor=None) -> Order:
    return apply_transition(obj=_locked(order), verb="ship", field="status", actor=actor)


@transaction.atomic
def deliver_order(*, order: Order, actor=None) -> Order:
    return apply_transition(obj=_locked(order), verb="deliver", field="status", actor=actor)


@transaction.atomic
def hold_order(*, order: Order, reason: str, actor=None) -> Order:
    """Stop an unshipped order; the reason is shown to the customer on their order page."""
    order = _locked(order)
    order.hold_reason = reason[:300]
    return apply_transition(obj=order, verb="hold", field="status", actor=actor, note=reason)


@transaction.atomic
def release_order(*, order: Order, actor=None, note: str = "") -> Order:
    """Let a held order continue from where it was stopped."""
    return apply_transition(obj=_locked(order), verb="release", field="status", actor=actor, note=note)


@transaction.atomic
def cancel_order(*, order: Order, actor=None, note: str = "") -> Order:
    """Cancel an order that has not shipped and put its units back into their lots."""
    order = apply_transition(obj=_locked_with_stock(order), verb="cancel", field="status", actor=actor, note=note)
    _return_stock(order)
    Coupon.objects.filter(redeemed_on=order).update(redeemed_on=None)  # the customer keeps the coupon
    return order


@transaction.atomic
def refund_order(*, order: Order, actor=None, note: str = "", except_lots=()) -> Order:
    """Refund the whole order through the gateway; unshipped units go back to their lots."""
    order = _locked_with_stock(order)
    was_shipped = order.status in (Order.Status.SHIPPED, Order.Status.DELIVERED)
    # Compensation (refund_part) may already have returned part of the payment: return only the rest,
    # and record the whole as refunded.
    left_to_refund = order.refundable
    paid = bool(order.payment_reference) and left_to_refund > 0
    if paid:
        order.refunded_amount += left_to_refund
    apply_transition(obj=order, verb="refund", field="status", actor=actor, note=note)
    if paid:
        _request_refund(order=order, amount=left_to_refund)
    if not was_shipped:
        _return_stock(order, except_lots=except_lots)
    return order


@transaction.atomic
def refund_part(*, order: Order, amount: Decimal, actor, note: str = "") -> Order:
    """Give back part of what a customer paid (compensation), never more than they paid in all."""
    order = _locked(order)
    refundable = order.refundable
    if order.status in (Order.Status.CANCELLED, Order.Status.REFUNDED) or not order.payment_reference:
        raise DomainError(_("Order %(number)s has no payment left to refund.") % {"number": order.number})
    if not Decimal("0") < amount <= refundable:
        raise DomainError(
            _("A refund on order %(number)s must be more than 0 and at most %(left)s CNY.")
            % {"number": order.number, "left": refundable}
        )
    order.refunded_amount += amount
    order.save(update_fields=["refunded_amount", "updated_at"])
    record_audit(obj=order, action="refund_part", actor=actor, from_state=order.status, to_state=order.status, note=f"{amount} CNY {note}".strip())
    _request_refund(order=order, amount=amount)
    return order


@transaction.atomic
def hold_orders_containing(*, product: Product, reason, actor=None) -> list[Order]:
    """Stop every unshipped order (placed, paid or packed) that holds the product; the customer sees why.

    `reason()` gives the explanation in the active language; each order gets it in its customer's
    (the one they chose, else the one they ordered in).
    """
    holding = OrderLine.objects.filter(product=product).values("order_id")
    orders = list(Order.objects.select_for_update().filter(status__in=Order.HOLDABLE, pk__in=holding).order_by("pk"))
    chosen = dict(Profile.objects.filter(user_id__in={order.customer_id for order in orders}).values_list("user_id", "language"))
    in_language = {}
    for order in orders:
        language = chosen.get(order.customer_id) or order.language  # as the customer's notifications
        if language not in in_language:
            with translation.override(language):
                in_language[language] = str(reason())[:300]
        order.hold_reason = in_language[language]
    apply_transition_to_each(
        objs=orders, verb="hold", field="status", also=("held_from", "hold_reason"), actor=actor, note=str(reason())
    )
    if orders:
        send_after_commit(tell_customers_about_hold, queue="notifications", order_ids=[order.pk for order in orders])
    return orders


@transaction.atomic
def release_held_orders(*, orders, actor=None, note: str = "") -> list[Order]:
    """Let held orders go on from where they stopped; orders no longer on hold are left alone."""
    held = Order.objects.select_for_update().filter(pk__in=[o.pk for o in orders], status=Order.Status.ON_HOLD)
    released = list(held.order_by("pk"))
    apply_transition_to_each(
        objs=released, verb="release", field="status", also=("held_from", "hold_reason"), actor=actor, note=note
    )
    if released:
        send_after_commit(tell_customers_about_release, queue="notifications", order_ids=[order.pk for order in released])
    return released


def _move_line(*, line: OrderLine, lots: list[Lot]) -> None:
    """Serve a line from other lots. The line itself keeps its id (complaints point at it); a
    quantity spread over more than one lot adds lines for the rest."""
    moved = allocate_units(order=line.order, product=line.product, quantity=line.quantity, unit_price=line.unit_price, lots=lots)
    first, rest = moved[0], moved[1:]
    line.lot, line.quantity = first.lot, first.quantity
    line.save(update_fields=["lot", "quantity"])
    OrderLine.objects.bulk_create(rest)


@transaction.atomic
def reallocate_or_refund(*, orders, product: Product, returned_lot_ids, actor=None, note: str = "") -> dict:
    """After lots went back to the supplier: serve held orders from other lots, or refund them.

    An order whose units of the product can all be taken from lots that are still good is moved to
    those lots and released; otherwise it is refunded in full and the customer told.
    """
    returned = set(returned_lot_ids)
    outcome = {"reallocated": [], "refunded": []}
    # Product and lots before the orders, once: the same lock order as a pull and a checkout.
    _products, lots_by_product = lock_stock([product.pk])
    good_lots = [lot for lot in lots_by_product.get(product.pk, []) if lot.pk not in returned]
    held = Order.objects.select_for_update().filter(pk__in=[o.pk for o in orders], status=Order.Status.ON_HOLD)
    for order in held.order_by("pk"):
        bad_lines = list(order.lines.select_related("order", "product").filter(product=product, lot_id__in=returned))
        wanted = sum(line.quantity for line in bad_lines)
        if wanted <= sum(lot.quantity_on_hand for lot in good_lots):
            for line in bad_lines:
                _move_line(line=line, lots=good_lots)
            apply_transition(obj=order, verb="release", field="status", actor=actor, note=note)
            outcome["reallocated"].append(order)
        else:
            refund_order(order=order, actor=actor, note=note, except_lots=returned)
            outcome["refunded"].append(order)
    for moved, tell in ((outcome["reallocated"], tell_customers_about_release), (outcome["refunded"], tell_customers_about_refund)):
        if moved:
            send_after_commit(tell, queue="notifications", order_ids=[order.pk for order in moved])
    return outcome
