"""The catalog in the stock Django admin.

Listing states change only through actions that call the services, so every change leaves its
audit row and an illegal move is a message, not a 500. There is deliberately no relist action:
relisting is gated on closed work orders, which only the andon side can judge.
"""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, DecimalField, ExpressionWrapper, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .errors import DomainError
from .models import AuditEvent, Category, Lot, Partner, Product, Supplier


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that services write (audit, coupons, pulls ...): staff read them here, never add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionsOnlyAdmin(admin.ModelAdmin):
    """Read-only pages whose changelist actions call the services (orders, complaints, work orders).

    The actions need the change permission, so it is granted only when no single row is being edited:
    a POST to a row's page is refused.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Below this many rows an exact count is cheap enough; above it the unfiltered list shows an estimate.
ESTIMATE_COUNT_ABOVE = 100_000


class LargeTablePaginator(Paginator):
    """For changelists of tables that only grow (orders, audit events).

    An exact COUNT(*) of an unfiltered table reads all of it: 1.2 s for 4.8M audit rows, measured.
    On PostgreSQL the unfiltered list takes the planner's row estimate instead (kept by ANALYZE
    and autovacuum), in the same one query; any filter or search counts exactly, as does SQLite.
    The estimate may lag the table, so a page near or past its end is counted exactly: the
    oldest rows stay reachable.
    """

    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            table = queryset.model._meta.db_table
            with connection.cursor() as cursor:  # one query, estimate or exact
                cursor.execute(
                    "SELECT reltuples > %s, CASE WHEN reltuples > %s THEN reltuples::bigint"
                    f" ELSE (SELECT COUNT(*) FROM {connection.ops.quote_name(table)}) END"
                    " FROM pg_class WHERE oid = %s::regclass",
                    [ESTIMATE_COUNT_ABOVE, ESTIMATE_COUNT_ABOVE, table],
                )
                self.estimated, count = cursor.fetchone()
                return int(count)
        return super().count

    def validate_number(self, number):
        if self.estimated:
            try:
                near_the_end = int(number) >= self.num_pages - 1
            except (TypeError, ValueError):
                near_the_end = False
            if near_the_end:
                self.estimated = False
                self.__dict__["count"] = super().count  # Paginator.count, exact
                self.__dict__.pop("num_pages", None)
        return super().validate_number(number)


def apply_to_each(modeladmin, request, queryset, call, *, success_message: str, label=str) -> None:
    """Run `call(row)` (a service) on every selected row, in id order, and report what happened.

    A refusal (DomainError) leaves that row unchanged and is named in the error line.
    """
    done, failures = 0, []
    for row in queryset.order_by("pk"):
        try:
            call(row)
        except DomainError as exc:
            failures.append(f"{label(row)}: {exc.message}")
        else:
            done += 1
    report_outcome(modeladmin, request, done=done, failures=failures, success_message=success_message)


def report_outcome(modeladmin, request, *, done: int, failures: list[str], success_message: str) -> None:
    """One success line, and one error line naming every row the service refused."""
    if done:
        modeladmin.message_user(request, success_message % {"count": done}, messages.SUCCESS)
    if failures:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d row was left unchanged: %(details)s",
                "%(count)d rows were left unchanged: %(details)s",
                len(failures),
            )
            % {"count": len(failures), "details": "; ".join(failures)},
            messages.ERROR,
        )


def sellable_stock() -> Subquery:
    """Units on hand in lots that are not blocked, for one product row."""
    return Subquery(
        Lot.objects.filter(product=OuterRef("pk"), blocked=False)
        .values("product")
        .annotate(total=Sum("quantity_on_hand"))
        .values("total"),
        output_field=IntegerField(),
    )


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "code", "vendor_manager", "product_count", "active"]
    list_filter = ["active", ("vendor_manager", admin.RelatedOnlyFieldListFilter)]  # not every user
    search_fields = ["name", "name_zh", "code", "contact_email"]
    list_select_related = ["vendor_manager"]
    prepopulated_fields = {"code": ["name"]}
    autocomplete_fields = ["vendor_manager"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description=_("products"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "slug", "parent", "position", "product_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_zh", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description=_("products"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


class LotInline(ReadOnlyInline):
    """Stock as the warehouse booked it; lots are received and held through services, not typed in."""

    model = Lot
    fields = ["code", "quantity_received", "quantity_on_hand", "received_on", "blocked"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "sku",
        "title",
        "category",
        "supplier",
        "price",
        "cost",
        "margin",
        "stock_on_hand",
        "listing_state",
    ]
    list_display_links = ["sku", "title"]
    list_filter = ["listing_state", "category", "supplier"]
    search_fields = ["sku", "title", "title_zh"]
    list_select_related = ["category", "supplier"]
    # The protected FSM field in a ModelForm crashes is_valid(); it is shown, never edited.
    readonly_fields = ["listing_state", "created_at"]
    fieldsets = [
        (None, {"fields": ["sku", "listing_state", "category", "supplier"]}),
        (_("Titles and descriptions"), {"fields": ["title", "title_zh", "variant", "variant_zh", "description", "description_zh", "image"]}),
        (_("Pricing"), {"fields": ["price", "cost"]}),
        (_("Record"), {"fields": ["created_at"]}),
    ]
    inlines = [LotInline]
    actions = ["publish_selected", "retire_selected"]
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over the whole catalog on every filtered page

    def get_queryset(self, request):
        margin = ExpressionWrapper(
            (F("price") - F("cost")) / F("price"), output_field=DecimalField(max_digits=7, decimal_places=4)
        )
        return super().get_queryset(request).annotate(stock=Coalesce(sellable_stock(), Value(0)), margin_ratio=margin)

    @admin.display(description=_("margin"), ordering="margin_ratio")
    def margin(self, obj):
        return f"{obj.gross_margin:.1%}"

    @admin.display(description=_("stock on hand"), ordering="stock")
    def stock_on_hand(self, obj):
        return obj.stock

    def _apply(self, request, queryset, service, success_message: str) -> None:
        apply_to_each(
            self, request, queryset, lambda product: service(product=product, actor=request.user),
            success_message=success_message, label=lambda product: product.sku,
        )

    @admin.action(description=_("Publish selected products (put them on sale)"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, services.publish_product, str(_("Published %(count)d product(s).")))

    @admin.action(description=_("Retire selected products (stop selling for good)"), permissions=["change"])
    def retire_selected(self, request, queryset):
        self._apply(request, queryset, services.retire_product, str(_("Retired %(count)d product(s).")))


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    """Lots are booked in through `receive_lot`; after that the warehouse services own them."""

    list_display = ["code", "product", "quantity_received", "quantity_on_hand", "received_on", "blocked"]
    list_filter = ["blocked", "received_on"]
    search_fields = ["code", "product__sku", "product__title"]
    list_select_related = ["product"]
    raw_id_fields = ["product"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["product", "code", "quantity_received", "received_on"]
        return ["product", "code", "quantity_received", "quantity_on_hand", "received_on", "blocked"]

    def has_change_permission(self, request, obj=None):
        # Existing lots are read-only here: on-hand counts move with orders and holds only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        lot = services.receive_lot(
            product=obj.product,
            code=obj.code,
            quantity=obj.quantity_received,
            received_on=obj.received_on,
            actor=request.user,
        )
        obj.pk = lot.pk
        obj.quantity_on_hand = lot.quantity_on_hand


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "kind", "city", "city_zh", "admitted_on", "partner_manager", "listing_state"]
    list_filter = ["listing_state", "kind", "city", "admitted_on"]
    search_fields = ["name", "name_zh", "city", "city_zh"]
    list_select_related = ["partner_manager"]
    readonly_fields = ["listing_state"]
    autocomplete_fields = ["partner_manager"]
    date_hierarchy = "admitted_on"
    # Listed and retired through the same listing services as products; relisting after a pull is
    # the andon's (every work order closed), so there is no relist action here either.
    actions = ["publish_selected", "retire_selected"]

    def _apply(self, request, queryset, service, success_message: str) -> None:
        apply_to_each(
            self, request, queryset, lambda partner: service(listable=partner, actor=request.user),
            success_message=success_message, label=lambda partner: partner.display_name,
        )

    @admin.action(description=_("Publish selected partners (show them in the app)"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, services.publish, str(_("Published %(count)d partner(s).")))

    @admin.action(description=_("Retire selected partners (remove them for good)"), permissions=["change"])
    def retire_selected(self, request, queryset):
        self._apply(request, queryset, services.retire, str(_("Retired %(count)d partner(s).")))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail: readable by whoever may view it, never added to, changed or deleted here."""

    list_display = ["at", "actor", "object_link", "action", "from_state", "to_state", "note"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id", "note", "actor__username"]
    list_select_related = ["actor", "content_type"]
    # No date_hierarchy: its DISTINCT over every audit row is the slowest query on a big trail.
    list_per_page = 100
    show_full_result_count = False
    paginator = LargeTablePaginator

    @admin.display(description=_("object"), ordering="object_id")
    def object_link(self, obj):
        label = f"{obj.content_type.name} #{obj.object_id}"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)


from .outbox import admin as outbox_admin  # noqa: E402,F401 - registers the outbox's admin
