"""Complaints as the API shows them, and the input of a complaint filed by a call-centre or chat system.

References in a request body (customer, order, SKU, partner, process, issue code) that do not
exist are refused with 400 and the field named in `errors`; 404 is kept for ids in the URL.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from flywheel.models import Partner, Product
from flywheel.serializers import SlugReference
from members.models import OrderLine

from .models import Complaint, IssueCode, Process
from .selectors import RuleStatus, customers, rule_status
from .services import MAX_COMPLAINT_TEXT
from ..targets import kind_of, target_key

TARGET_KIND_CHOICES = [
    ("product", gettext_lazy("product")),
    ("partner", gettext_lazy("partner")),
    ("process", gettext_lazy("process or support step")),
]


def target_ref(target) -> str:
    """What a client uses to name a target: a product's SKU, a partner's id, a process's code."""
    if isinstance(target, Product):
        return target.sku
    if isinstance(target, Process):
        return target.code
    return str(target.pk)


def target_name(target) -> str:
    return target.display_title if isinstance(target, Product) else target.display_name


class TargetSerializer(serializers.Serializer):
    """A complaint's or a pull's target; give it the target model instance."""

    # A plain string: the same choices under a second name (`target_kind` on input) would split the schema's enum.
    kind = serializers.CharField(help_text=gettext_lazy("product, partner or process."))
    key = serializers.CharField(help_text=gettext_lazy('Unique per target, e.g. "product:42".'))
    ref = serializers.CharField(help_text=gettext_lazy("The product's SKU, the partner's id or the process's code."))
    name = serializers.CharField()

    def to_representation(self, target) -> dict:
        return {"kind": kind_of(target).name, "key": target_key(target), "ref": target_ref(target), "name": target_name(target)}


class RuleSummarySerializer(serializers.Serializer):
    """The andon rule for a target and issue code: help for the agent, never a gate."""

    met = serializers.BooleanField(help_text=gettext_lazy("At least `needed` distinct customers within the window."))
    distinct_customers = serializers.IntegerField()
    needed = serializers.IntegerField()
    window_days = serializers.IntegerField()
    complaint_ids = serializers.ListField(child=serializers.IntegerField(), help_text=gettext_lazy("The matching complaints, oldest first."))

    def to_representation(self, status: RuleStatus) -> dict:
        return {
            "met": status.met,
            "distinct_customers": status.distinct_customers,
            "needed": status.needed,
            "window_days": status.window_days,
            "complaint_ids": [complaint.pk for complaint in status.complaints],
        }


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint in a list; the queryset must join customer, issue code, target, order and lot."""

    customer = serializers.CharField(source="customer.username")
    target = serializers.SerializerMethodField()
    order_number = serializers.CharField(source="order_line.order.number", allow_null=True, default=None)
    lot = serializers.CharField(source="lot.code", allow_null=True, default=None)
    issue_code = serializers.CharField(source="issue_code.code")
    channel = serializers.ChoiceField(choices=Complaint.Channel.choices)
    state = serializers.ChoiceField(choices=Complaint.State.choices)
    taken_by = serializers.CharField(source="taken_by.username", allow_null=True, default=None)

    class Meta:
        model = Complaint
        fields = ["id", "customer", "target", "order_number", "lot", "issue_code", "channel", "state", "text", "taken_by", "created_at"]
        read_only_fields = fields

    @extend_schema_field(TargetSerializer)
    def get_target(self, complaint: Complaint) -> dict:
        return TargetSerializer(complaint.target).data


class ComplaintDetailSerializer(ComplaintSerializer):
    """One complaint with the andon rule as it stands now for its target and issue code (one query more)."""

    rule = serializers.SerializerMethodField()

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "rule"]
        read_only_fields = fields

    @extend_schema_field(RuleSummarySerializer)
    def get_rule(self, complaint: Complaint) -> dict:
        return RuleSummarySerializer(rule_status(target=complaint.target, issue_code=complaint.issue_code)).data


class ComplaintQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Complaint.State.choices, required=False)
    issue_code = serializers.CharField(required=False, max_length=40, help_text=gettext_lazy("An issue code, e.g. print-defect."))
    sku = serializers.CharField(required=False, max_length=40, help_text=gettext_lazy("Complaints about this product."))


class FileComplaintSerializer(serializers.Serializer):
    """Who complains about what. Name the target one way: order_number + sku, or partner, or process."""

    customer = serializers.CharField(max_length=150, help_text=gettext_lazy("The customer's username, or their user id; staff accounts are not customers."))
    order_number = serializers.CharField(
        required=False, max_length=20, help_text=gettext_lazy("For a product problem: the customer's order ...")
    )
    sku = serializers.CharField(required=False, max_length=40, help_text=gettext_lazy("... and the product on it."))
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.all(), required=False,
        error_messages={"does_not_exist": gettext_lazy("No partner with id {pk_value}.")},
        help_text=gettext_lazy("For a problem with a partner: its id."),
    )
    process = SlugReference(
        slug_field="code", queryset=Process.objects.all(), required=False,
        error_messages={"does_not_exist": gettext_lazy("No process with code {value}.")},
        help_text=gettext_lazy("For a problem with a business process or support step: its code."),
    )
    issue_code = SlugReference(
        slug_field="code", queryset=IssueCode.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("No issue code {value}.")},
    )
    channel = serializers.ChoiceField(choices=Complaint.Channel.choices, default=Complaint.Channel.API)
    text = serializers.CharField(
        max_length=MAX_COMPLAINT_TEXT,
        error_messages={
            "blank": gettext_lazy("Say what the customer reported."),
            "max_length": gettext_lazy("The complaint text is limited to {max_length} characters."),
        },
    )

    def validate_customer(self, value: str):
        users = customers()  # staff are never filed for as customers: they would count towards the rule
        # A username wins over an id, so a customer whose username is digits is still found by it.
        customer = users.filter(username=value).first()
        if customer is None and value.isascii() and value.isdigit() and int(value) <= 2**63 - 1:
            customer = users.filter(pk=int(value)).first()
        if customer is None:
            raise serializers.ValidationError(_("No customer %(customer)s.") % {"customer": value})
        return customer

    def validate(self, attrs: dict) -> dict:
        by_order = "order_number" in attrs or "sku" in attrs
        if by_order + ("partner" in attrs) + ("process" in attrs) != 1:
            raise serializers.ValidationError(
                _("Name what the complaint is about: order_number and sku, or partner, or process.")
            )
        if by_order:
            attrs["order_line"] = self._order_line(attrs)
        return attrs

    def _order_line(self, attrs: dict) -> OrderLine:
        for field in ("order_number", "sku"):
            if not attrs.get(field):
                raise serializers.ValidationError({field: [_("A product problem needs both order_number and sku.")]})
        customer, number, sku = attrs["customer"], attrs.pop("order_number"), attrs.pop("sku")
        lines = OrderLine.objects.filter(order__customer=customer, order__number=number).select_related("order")
        if not lines.exists():
            raise serializers.ValidationError(
                {"order_number": [_("%(customer)s has no order %(number)s.") % {"customer": customer.username, "number": number}]}
            )
        # A quantity spread over two lots is two lines; the complaint goes to the first.
        line = lines.filter(product__sku=sku).order_by("id").first()
        if line is None:
            raise serializers.ValidationError({"sku": [_("Order %(number)s has no %(sku)s.") % {"number": number, "sku": sku}]})
        return line
