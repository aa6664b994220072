"""Storefront and account pages: parse the request, call one service or selector, render.

Every refusal a service raises (a pulled product, a declined card) becomes a message on the
page; none of them may ever reach the customer as a server error.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import i18n
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flywheel.errors import DomainError
from flywheel.models import Category, Partner, Product

from . import inbox, selectors, services
from .access import safe_next
from .cart.pricing import CartTotals, cart_totals
from .errors import InvalidCoupon, unavailable_message
from .forms import CartQuantityForm, CheckoutForm, QuantityForm, SignUpForm
from .models import CartItem, Coupon, Order, Profile
from .payments import DECLINED_CARD, INSUFFICIENT_FUNDS_CARD, SUCCEEDING_CARD

ORDERS_PAGE_SIZE = 10
NOTIFICATIONS_PAGE_SIZE = 20
PARTNERS_PAGE_SIZE = 24
LOW_STOCK = 5

SORT_CHOICES = [
    ("new", gettext_lazy("Newest")),
    ("price", gettext_lazy("Price: low to high")),
    ("-price", gettext_lazy("Price: high to low")),
    ("title", gettext_lazy("Name")),
]

PROGRESS = [
    Order.Status.PLACED,
    Order.Status.PAID,
    Order.Status.PACKED,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
]


def _page_range(page) -> list:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


# --- Catalog -------------------------------------------------------------------------------


@require_GET
def catalog(request):
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "new")
    if sort not in dict(SORT_CHOICES):
        sort = "new"
    category = None
    slug = request.GET.get("category", "")
    if slug:
        category = Category.objects.select_related("parent").filter(slug=slug).first()
    products = selectors.catalog_products(query=query, category=category, sort=sort)
    page = Paginator(products, settings.CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_stock_for_page(page.object_list)
    return render(
        request,
        "members/catalog.html",
        {
            "page": page,
            "page_range": _page_range(page),
            "query": query,
            "sort": sort,
            "sort_choices": SORT_CHOICES,
            "category": category,
            "unknown_category": bool(slug) and category is None,
            "low_stock": LOW_STOCK,
        },
    )


@require_GET
def product_detail(request, sku: str):
    product = selectors.visible_product(sku=sku)
    if product is None:
        raise Http404(_("No product with this SKU is on sale."))
    buyable = product.is_listed and product.stock > 0
    return render(
        request,
        "members/product.html",
        {
            "product": product,
            "buyable": buyable,
            "unavailable": "" if product.is_listed else unavailable_message(product),
            "form": QuantityForm(),
            "max_quantity": min(product.stock, services.MAX_QUANTITY_PER_LINE),
            "low_stock": LOW_STOCK,
            "free_shipping_threshold": settings.FREE_SHIPPING_THRESHOLD,
        },
    )


# --- Cart ----------------------------------------------------------------------------------


@dataclass
class CartLine:
    item: CartItem

    @property
    def product(self) -> Product:
        return self.item.product

    @property
    def line_total(self) -> Decimal:
        return self.product.price * self.item.quantity

    @cached_property
    def problem(self) -> str:
        """Why this line cannot be bought now, in the customer's words; empty when it can."""
        if not self.product.is_listed:
            return unavailable_message(self.product)
        if self.item.stock == 0:
            return _("Out of stock.")
        if self.item.stock < self.item.quantity:
            return _("Only %(count)d left: lower the quantity to continue.") % {"count": self.item.stock}
        return ""


@dataclass
class CartSummary:
    lines: list[CartLine]
    coupon: Coupon | None = None  # a preview at checkout; the order's discount is decided by the service

    @cached_property
    def totals(self) -> CartTotals:
        # The service recomputes them when the order is placed; this is the same function, as a preview.
        return cart_totals(((line.product.price, line.item.quantity) for line in self.lines), coupon=self.coupon)

    @property
    def subtotal(self) -> Decimal:
        return self.totals.subtotal

    @property
    def shipping_fee(self) -> Decimal:
        return self.totals.shipping_fee

    @property
    def before_discount(self) -> Decimal:
        return self.totals.before_discount

    @property
    def discount(self) -> Decimal:
        return self.totals.discount

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def free_shipping_gap(self) -> Decimal:
        return self.totals.free_shipping_gap

    @property
    def blocked_lines(self) -> list[CartLine]:
        return [line for line in self.lines if line.problem]

    @property
    def can_check_out(self) -> bool:
        return bool(self.lines) and not self.blocked_lines


def _cart_summary(customer, coupon: Coupon | None = None) -> CartSummary:
    items = selectors.cart_items(selectors.cart_for(customer))
    return CartSummary(lines=[CartLine(item) for item in items], coupon=coupon)


@login_required
@require_GET
def cart(request):
    return render(
        request,
        "members/cart.html",
        {"summary": _cart_summary(request.user), "free_shipping_threshold": settings.FREE_SHIPPING_THRESHOLD},
    )


@require_POST
def cart_add(request, sku: str):
    product = selectors.visible_product(sku=sku)
    if product is None:
        raise Http404(_("No product with this SKU is on sale."))
    product_url = reverse("members:product", args=[product.sku])
    if not request.user.is_authenticated:
        # The add URL only takes POSTs, so after signing in the visitor goes back to the product.
        messages.info(request, _("Sign in to add items to your cart."))
        return redirect_to_login(product_url)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 1 and %(max)d.") % {"max": services.MAX_QUANTITY_PER_LINE})
        return redirect(product_url)
    try:
        services.add_to_cart(customer=request.user, product=product, quantity=form.cleaned_data["quantity"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(product_url)
    messages.success(
        request,
        _("Added %(quantity)d × %(title)s to your cart.")
        % {"quantity": form.cleaned_data["quantity"], "title": product.display_title},
    )
    return redirect(safe_next(request, reverse("members:cart")))


def _cart_item_or_404(request, sku: str) -> CartItem:
    item = selectors.cart_item_of(request.user, sku=sku)
    if item is None:
        raise Http404(_("This product is not in your cart."))
    return item


@login_required
@require_POST
def cart_update(request, sku: str):
    item = _cart_item_or_404(request, sku)
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 0 and %(max)d.") % {"max": services.MAX_QUANTITY_PER_LINE})
        return redirect("members:cart")
    try:
        services.set_cart_quantity(customer=request.user, product=item.product, quantity=form.cleaned_data["quantity"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        if form.cleaned_data["quantity"] == 0:
            messages.success(request, _("Removed %(title)s from your cart.") % {"title": item.product.display_title})
        else:
            messages.success(request, _("Updated the quantity of %(title)s.") % {"title": item.product.display_title})
    return redirect("members:cart")


@login_required
@require_POST
def cart_remove(request, sku: str):
    item = _cart_item_or_404(request, sku)
    services.remove_from_cart(customer=request.user, product=item.product)
    messages.success(request, _("Removed %(title)s from your cart.") % {"title": item.product.display_title})
    return redirect("members:cart")


# --- Checkout ------------------------------------------------------------------------------

TEST_CARDS = [
    (SUCCEEDING_CARD, gettext_lazy("payment succeeds")),
    (DECLINED_CARD, gettext_lazy("declined by the bank")),
    (INSUFFICIENT_FUNDS_CARD, gettext_lazy("declined: insufficient funds")),
]


def _spaced(card_number: str) -> str:
    return " ".join(card_number[i : i + 4] for i in range(0, len(card_number), 4))


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request):
    coupons = list(selectors.usable_coupons(request.user))
    coupon_error = ""
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        coupon_code = request.POST.get("coupon_code", "")
        if form.is_valid():
            data = form.cleaned_data
            shipping = services.ShippingDetails(
                name=data["shipping_name"], address=data["shipping_address"], phone=data["shipping_phone"]
            )
            try:
                order = services.checkout(
                    customer=request.user, shipping=shipping, card_number=data["card_number"],
                    coupon_code=data["coupon_code"],
                )
            except DomainError as refusal:
                messages.error(request, refusal.message)
                if isinstance(refusal, InvalidCoupon):
                    coupon_error = refusal.message  # also beside the field the customer must fix
                # Keep the address the customer typed, but never echo a card number back into the page.
                form = CheckoutForm(initial={key: value for key, value in data.items() if key != "card_number"})
            else:
                messages.success(
                    request, _("Thank you! Order %(number)s is paid and on its way to the warehouse.") % {"number": order.number}
                )
                return redirect("members:order-detail", number=order.number)
    else:
        # A coupon link on this page (?coupon=CODE) fills the field and previews the discount.
        coupon_code = request.GET.get("coupon", "")[:24]
        form = CheckoutForm(initial={"shipping_name": request.user.get_full_name(), "coupon_code": coupon_code})
    chosen = next((coupon for coupon in coupons if coupon.code == coupon_code.strip().upper()), None)
    summary = _cart_summary(request.user, coupon=None if coupon_error else chosen)
    if not summary.lines and request.method == "GET":
        messages.info(request, _("Your cart is empty. Add something before checking out."))
        return redirect("members:cart")
    return render(
        request,
        "members/checkout.html",
        {
            "form": form,
            "summary": summary,
            "coupons": coupons,
            "coupon_error": coupon_error,
            "test_cards": [(_spaced(number), outcome) for number, outcome in TEST_CARDS],
        },
    )


# --- Orders --------------------------------------------------------------------------------


@login_required
@require_GET
def orders(request):
    page = Paginator(selectors.orders_of(request.user), ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/orders.html", {"page": page, "page_range": _page_range(page)})


def _progress(order: Order) -> list[dict]:
    """The steps placed -> delivered, each marked done, current or to do."""
    reached = order.held_from if order.status == Order.Status.ON_HOLD else order.status
    if reached not in PROGRESS:  # cancelled or refunded: the line stops where it was never finished
        reached = None
    index = PROGRESS.index(reached) if reached else -1
    return [
        {
            "label": Order.Status(step).label,
            "state": "done" if i < index else "current" if i == index else "todo",
        }
        for i, step in enumerate(PROGRESS)
    ]


@login_required
@require_GET
def order_detail(request, number: str):
    # orders_of scopes to the customer: another customer's order number is a 404, not a 403.
    order = get_object_or_404(selectors.orders_of(request.user), number=number)
    return render(
        request,
        "members/order_detail.html",
        {"order": order, "progress": _progress(order), "stopped": order.status in (Order.Status.CANCELLED, Order.Status.REFUNDED)},
    )


# --- Partners ------------------------------------------------------------------------------


@require_GET
def partners(request):
    kind = request.GET.get("kind", "")
    if kind not in Partner.Kind.values:
        kind = ""
    city = request.GET.get("city", "").strip()[:80]
    page = Paginator(selectors.listed_partners(kind=kind, city=city), PARTNERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/partners.html",
        {
            "page": page,
            "page_range": _page_range(page),
            "kind": kind,
            "city": city,
            "kinds": Partner.Kind.choices,
            "cities": selectors.partner_cities(),
        },
    )


@require_GET
def partner_detail(request, pk: int):
    partner = selectors.visible_partner(pk=pk)
    if partner is None:
        raise Http404(_("No partner with this number is listed."))
    return render(request, "members/partner.html", {"partner": partner})


# --- Notifications -------------------------------------------------------------------------


@login_required
@require_GET
def notifications(request):
    page = Paginator(selectors.inbox_of(request.user), NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/notifications.html", {"page": page, "page_range": _page_range(page)})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and follow its link (a path on this site only)."""
    notification = get_object_or_404(selectors.inbox_of(request.user), pk=pk)  # someone else's is a 404
    inbox.mark_read(notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(link)
    return redirect(safe_next(request, reverse("members:notifications")))


@login_required
@require_POST
def notifications_read_all(request):
    count = inbox.mark_all_read(recipient=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "Marked %(count)d notification as read.", "Marked %(count)d notifications as read.", count
            ) % {"count": count},
        )
    else:
        messages.info(request, _("Everything was read already."))
    return redirect(safe_next(request, reverse("members:notifications")))


# --- Accounts ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("members:catalog")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Andon Store, %(name)s! Your account is ready.") % {"name": user.username})
        return redirect(safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(request, "members/accounts/signup.html", {"form": form, "next": request.GET.get("next", "")})


class LoginView(auth_views.LoginView):
    template_name = "members/accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """Signing in brings back the language the user chose, on whichever browser they use."""
        response = super().form_valid(form)
        chosen = Profile.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE, path=settings.LANGUAGE_COOKIE_PATH,
            )
        return response


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView accepts POST only, so a link (or a prefetch) can never sign anyone out.
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "members/accounts/password_reset.html"
    email_template_name = "members/accounts/password_reset_email.txt"
    subject_template_name = "members/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("members:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("members:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/accounts/password_reset_complete.html"


def set_language(request):
    """Django's language switch, also remembered for a signed-in user: jobs write their notifications in it."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.remember_language(user=request.user, code=request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, ""))
    return response
