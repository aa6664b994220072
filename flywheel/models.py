"""The catalog the flywheel turns, and the project-wide audit trail.

The audit trail lives here because every other app writes to it and dependencies point down
to this app only.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

MONEY = {"max_digits": 12, "decimal_places": 2}


class Bilingual(models.Model):
    """Names kept in English and Simplified Chinese; `display_name` follows the active language."""

    name = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name

    def __str__(self) -> str:
        return self.display_name


class Supplier(Bilingual):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    vendor_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vendor manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_suppliers",
    )
    active = models.BooleanField(pgettext_lazy("still in use: a supplier or an issue code", "active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]


class Category(Bilingual):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]


class ListingState(models.TextChoices):
    DRAFT = "draft", _("draft")
    LISTED = "listed", _("listed")
    UNDER_REVIEW = "under_review", _("under review")
    RETIRED = "retired", _("retired")


class Listable(FSMModelMixin, models.Model):
    """Something the storefront sells or shows: a product, a partner.

    Only `listed` things are shown or sold. `under_review` is what an andon pull puts a
    target into; leaving it is the relisting, which later issues gate on closed work orders.
    """

    listing_state = FSMField(
        _("listing state"),
        choices=ListingState.choices,
        default=ListingState.DRAFT,
        protected=True,
        db_index=True,
    )

    class Meta:
        abstract = True

    @property
    def is_listed(self) -> bool:
        return self.listing_state == ListingState.LISTED

    @transition(field=listing_state, source=ListingState.DRAFT, target=ListingState.LISTED)
    def publish(self) -> None:
        pass

    @transition(field=listing_state, source=ListingState.LISTED, target=ListingState.UNDER_REVIEW)
    def put_under_review(self) -> None:
        pass

    @transition(field=listing_state, source=ListingState.UNDER_REVIEW, target=ListingState.LISTED)
    def relist(self) -> None:
        pass

    @transition(
        field=listing_state,
        source=[ListingState.DRAFT, ListingState.LISTED, ListingState.UNDER_REVIEW],
        target=ListingState.RETIRED,
    )
    def retire(self) -> None:
        pass


class Partner(Bilingual, Listable):
    """A service provider (a repair shop, an installer) that the storefront lists like a product."""

    class Kind(models.TextChoices):
        REPAIR_SHOP = "repair_shop", _("repair shop")
        INSTALLER = "installer", _("installer")
        COURIER = "courier", _("courier")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city (English)"), max_length=80, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=80, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    admitted_on = models.DateField(_("admitted on"), default=timezone.localdate)
    partner_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_partners",
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [models.Index(fields=["admitted_on"], name="partner_admitted_idx")]

    # Like a product's title: the Chinese text when the reader reads Chinese and one was written, else the English.
    @property
    def display_city(self) -> str:
        if (get_language() or "").startswith("zh") and self.city_zh:
            return self.city_zh
        return self.city

    @property
    def display_description(self) -> str:
        if (get_language() or "").startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description


class Product(Listable):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    title = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    # What tells this product from its siblings of one line (colour, size, format): product cards
    # always show it, even when the title is cut. Also part of the title, as the customer reads it.
    variant = models.CharField(
        _("variant (English)"), max_length=80, blank=True, help_text=_("Colour, size or format, e.g. Blue or 65W.")
    )
    variant_zh = models.CharField(_("variant (Chinese)"), max_length=80, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    price = models.DecimalField(
        _("price (CNY)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    cost = models.DecimalField(_("cost (CNY)"), **MONEY, validators=[MinValueValidator(0)])
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    image = models.ImageField(_("image"), upload_to="products/", blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["listing_state", "category"], name="product_state_category_idx"),
            # One per catalog sort, with the id that breaks ties, so a page is read in index order.
            models.Index(fields=["listing_state", "price", "id"], name="product_state_price_id_idx"),
            models.Index(fields=["listing_state", "-created_at", "-id"], name="product_state_new_id_idx"),
            models.Index(fields=["listing_state", "title", "id"], name="product_state_title_id_idx"),
            models.Index(fields=["supplier", "listing_state"], name="product_supplier_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="product_cost_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.display_title}"

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title

    @property
    def display_variant(self) -> str:
        if (get_language() or "").startswith("zh") and self.variant_zh:
            return self.variant_zh
        return self.variant

    @property
    def display_base_title(self) -> str:
        """The title without its variant at the end (the card shows the variant on its own line)."""
        title, variant = self.display_title, self.display_variant
        if variant:
            for suffix in (f" ({variant})", f"（{variant}）", f" {variant}", variant):
                if title.endswith(suffix) and len(title) > len(suffix):
                    return title[: -len(suffix)].rstrip()
        return title

    @property
    def display_description(self) -> str:
        if (get_language() or "").startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description

    @property
    def gross_margin(self) -> Decimal:
        return ((self.price - self.cost) / self.price).quantize(Decimal("0.0001"))


class Lot(models.Model):
    """A supplier batch of one product in the warehouse. Checkout allocates from lots."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lots"
    )
    code = models.CharField(_("lot code"), max_length=40)
    quantity_received = models.PositiveIntegerField(_("quantity received"))
    quantity_on_hand = models.PositiveIntegerField(_("quantity on hand"))
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    blocked = models.BooleanField(
        _("blocked"), default=False, help_text=_("A blocked lot is never allocated (stock hold).")
    )

    class Meta:
        verbose_name = _("stock lot")
        verbose_name_plural = _("stock lots")
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="lot_code_unique_per_product"),
            models.CheckConstraint(
                condition=models.Q(quantity_on_hand__lte=models.F("quantity_received")),
                name="lot_on_hand_within_received",
            ),
        ]
        indexes = [models.Index(fields=["product", "blocked", "received_on"], name="lot_alloc_idx")]

    def __str__(self) -> str:
        return f"{self.code} ({self.quantity_on_hand}/{self.quantity_received})"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are immutable.")

    def delete(self):
        raise PermissionError("Audit events are immutable.")


class AuditEvent(models.Model):
    """One immutable row per state transition or pull, for any model in the project."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    action = models.CharField(_("action"), max_length=60)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are immutable.")


class IdempotencyRecord(models.Model):
    """The first response to an API write carrying an `Idempotency-Key`, replayed on retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    request_fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

# The outbox's table belongs to this app (see flywheel/outbox/).
from .outbox.models import OutboxMessage  # noqa: E402,F401
