"""The member's "report a problem" form; whether the report is accepted is `file_complaint`'s decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..complaints.models import IssueCode
from ..complaints.services import MAX_COMPLAINT_TEXT


class OrderLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line) -> str:
        return f"{line.title} × {line.quantity}"


class ReportProblemForm(forms.Form):
    line = OrderLineChoiceField(
        label=_("Which item?"), queryset=None, empty_label=None, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the item the problem is with."),
                        "invalid_choice": _("Choose one of the items on this order.")},
    )
    issue_code = forms.ModelChoiceField(
        label=_("What is wrong?"), queryset=IssueCode.objects.filter(active=True), empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong."),
                        "invalid_choice": _("Choose one of the problems listed.")},
    )
    text = forms.CharField(
        label=_("Tell us more"), max_length=MAX_COMPLAINT_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("For example: pages 100-101 are uncut.")}),
        error_messages={"required": _("Describe the problem in a few words so we can help.")},
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this order's lines can be chosen, so a posted line id can never reach another customer's order.
        self.fields["line"].queryset = order.lines.all()
