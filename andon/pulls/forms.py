"""Input for the cord: one line of reason (and, from a product page, the issue code)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from flywheel.errors import DomainError
from tickets.models import IssueCode

from .services import clean_reason


class ReasonForm(forms.Form):
    # No max_length here: the service's own rule (one line, at most 200 characters after folding
    # newlines) decides, so a pasted multi-line note that folds short enough is accepted.
    reason = forms.CharField(label=_("Reason, in one line"), required=False, strip=False)

    def clean_reason(self) -> str:
        try:
            return clean_reason(self.cleaned_data.get("reason", ""))
        except DomainError as refusal:
            raise forms.ValidationError(refusal.message) from None


class TargetReasonForm(ReasonForm):
    """From a product's page there is no complaint to take the issue code from: the agent's panel sends it."""

    issue_code = forms.ModelChoiceField(label=_("Issue code"), queryset=IssueCode.objects.all())
