"""Input validation for the agent console; the services decide the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from flywheel.models import Partner
from flywheel.times import readable_date
from members.models import OrderLine

from ..compensation.models import Compensation
from ..complaints.models import Complaint, IssueCode, Process
from ..complaints.services import MAX_COMPLAINT_TEXT
from .selectors import QUEUE_TARGET_KINDS, order_lines_of

TARGET_KIND_LABELS = {"product": _("Products"), "partner": _("Partners"), "process": _("Processes")}


class QueueFilterForm(forms.Form):
    """The queue's filters. An unknown value is ignored rather than refused: a stale link still shows the queue."""

    q = forms.CharField(label=_("Customer or product"), max_length=100, required=False)
    issue = forms.ModelChoiceField(
        label=_("Issue"), queryset=IssueCode.objects.all(), to_field_name="code", required=False,
        empty_label=_("Any issue"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel")), *Complaint.Channel.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("About"), choices=[("", _("Anything")), *((k, TARGET_KIND_LABELS[k]) for k in QUEUE_TARGET_KINDS)],
        required=False,
    )
    assigned = forms.ChoiceField(
        label=_("Agent"),
        choices=[("", _("Anyone")), ("mine", _("Mine")), ("unassigned", _("Unassigned"))],
        required=False,
    )
    rule = forms.BooleanField(label=_("Rule met"), required=False)
    order = forms.ChoiceField(
        label=_("Sort"),
        choices=[
            ("oldest", _("Oldest first")), ("newest", _("Newest first")),
            ("waiting", _("Longest without hearing from us")),
        ],
        required=False,
    )

    def filters(self) -> dict:
        """Keyword arguments for tickets.console.selectors.complaint_queue from whatever was valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "issue_code": data.get("issue"),
            "channel": data.get("channel") or "",
            "target_kind": data.get("kind") or "",
            "assigned": data.get("assigned") or "",
            "rule_met": bool(data.get("rule")),
            "order": data.get("order") or "oldest",
        }


class CustomerSearchForm(forms.Form):
    customer_q = forms.CharField(label=_("Find the customer"), max_length=100, required=False)


class OrderLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line) -> str:
        return _("Order %(number)s · %(placed)s · %(title)s × %(quantity)d · ¥%(total)s") % {
            "number": line.order.number,
            "placed": readable_date(line.order.placed_at),
            "title": line.title,
            "quantity": line.quantity,
            "total": line.line_total,
        }


class NewComplaintForm(forms.Form):
    """What the customer complains about (one order line, one partner or one process), and how."""

    order_line = OrderLineChoiceField(
        label=_("One of their order lines"), queryset=OrderLine.objects.none(), required=False,
        widget=forms.RadioSelect, empty_label=None,
    )
    partner = forms.ModelChoiceField(
        label=_("or a partner"), queryset=Partner.objects.all(), required=False, empty_label=_("No partner")
    )
    process = forms.ModelChoiceField(
        label=_("or a process"), queryset=Process.objects.all(), required=False, empty_label=_("No process")
    )
    issue_code = forms.ModelChoiceField(
        label=_("Issue code"), queryset=IssueCode.objects.filter(active=True), empty_label=None
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Complaint.Channel.choices, initial=Complaint.Channel.PHONE)
    text = forms.CharField(
        label=_("What the customer says"), max_length=MAX_COMPLAINT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this customer's lines can be chosen: a posted id of someone else's line is invalid here.
        self.fields["order_line"].queryset = order_lines_of(customer)

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("order_line", "partner", "process") if cleaned.get(name) is not None]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one thing the complaint is about: an order line, a partner or a process."))
        return cleaned


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False,
        error_messages={"max_length": _("The note is limited to %(limit_value)d characters; nothing was changed.")},
    )


class CompensationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Compensation.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount (CNY)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2, required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10, initial=1, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Compensation.Kind.COUPON and cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the coupon's amount in CNY, e.g. 5.00."))
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the agent and the customer read it)"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you decline: the agent and the customer read it.")},
    )
