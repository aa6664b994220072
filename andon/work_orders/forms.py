"""Input for the back-office pages: work-order transitions, supplier answers, evidence, root-cause reviews.

Forms only parse and validate input; the rules (who may act, which outcome, five whys) are the services'.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from flywheel.errors import DomainError


from .models import WorkOrder
from .services import check_attachment

ACCEPTED_FILES = ".pdf,.png,.jpg,.jpeg,.gif,.webp,application/pdf,image/png,image/jpeg,image/gif,image/webp"


class QueueFilterForm(forms.Form):
    TAB_LABELS = {
        "department": _("My department"),
        "mine": _("Mine"),
        "overdue": _("Overdue"),
        "to_confirm": _("To confirm"),
    }

    tab = forms.ChoiceField(choices=list(TAB_LABELS.items()), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Every kind")), *WorkOrder.Kind.choices], required=False)

    def filters(self) -> dict:
        """An unknown tab or kind in the address falls back to the whole department queue."""
        if not self.is_valid():
            return {"tab": "department", "kind": ""}
        return {"tab": self.cleaned_data["tab"] or "department", "kind": self.cleaned_data["kind"]}


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.Select(attrs={"data-testid": "wo-outcome"}))
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3, "data-testid": "wo-notes"}), required=False, max_length=5000
    )
    returned_lots = forms.TypedMultipleChoiceField(
        label=_("Lots returned to the supplier"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple(attrs={"data-testid": "wo-lot"}),
        help_text=_("Only for “lot returned”: the other lots go back on sale."),
    )

    def __init__(self, *args, work_order: WorkOrder, lots=(), complained_lot_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        outcomes = WorkOrder.OUTCOMES_BY_KIND[work_order.kind]
        self.fields["outcome"].choices = [("", _("Choose the outcome")), *((o.value, o.label) for o in outcomes)]
        if work_order.kind == WorkOrder.Kind.WAREHOUSE:
            self.fields["returned_lots"].choices = [(lot.pk, f"{lot.code} ({lot.quantity_on_hand}/{lot.quantity_received})") for lot in lots]
            self.fields["returned_lots"].initial = sorted(complained_lot_ids)
        else:
            del self.fields["returned_lots"]

    def returned_lot_ids(self):
        """None leaves the service to take the complained lots."""
        lots = self.cleaned_data.get("returned_lots")
        return set(lots) if lots else None


class BulkResolveForm(forms.Form):
    """Resolve several work orders at once in the admin: one outcome, which every selected kind must allow."""

    outcome = forms.ChoiceField(label=_("Outcome"))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        first = WorkOrder.OUTCOMES_BY_KIND[min(kinds)] if kinds else []
        common = [o for o in first if all(o in WorkOrder.OUTCOMES_BY_KIND[kind] for kind in kinds)]
        self.fields["outcome"].choices = [("", _("Choose the outcome")), *((o.value, o.label) for o in common)]
        self.has_common_outcome = bool(kinds) and bool(common)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled"), max_length=300, widget=forms.TextInput(attrs={"data-testid": "wo-cancel-reason"})
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("What is not done yet"), max_length=300,
        help_text=_("The department reads this; the work order goes back to it, in progress."),
        widget=forms.TextInput(attrs={"data-testid": "wo-send-back-reason"}),
    )


class FollowUpForm(forms.Form):
    """The follow-up of shipped orders: a coupon is optional; the service checks its ceiling."""

    coupon_amount = forms.DecimalField(
        label=_("Apology coupon (CNY)"), required=False, min_value=Decimal("0.01"), max_digits=8, decimal_places=2,
        help_text=_("Leave empty to tell the customers without a coupon."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "data-testid": "wo-follow-up-coupon"}),
    )


class SupplierAnswerForm(forms.Form):
    answer = forms.CharField(label=_("The supplier's answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES, "data-testid": "wo-attach-file"}))
    caption = forms.CharField(
        label=_("Caption"), max_length=200, required=False, widget=forms.TextInput(attrs={"data-testid": "wo-attach-caption"})
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            check_attachment(file)
        except DomainError as refusal:
            raise forms.ValidationError(refusal.message) from None
        return file
