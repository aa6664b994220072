"""Input for the verdict page and the admin's verdict actions: parsing only; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from andon.pulls.models import BadPullCategory, Verdict

from .services import NOTE_MAX_LENGTH


class VerdictForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect(attrs={"data-testid": "verdict-outcome"}))
    category = forms.ChoiceField(
        label=_("Bad-pull category"), required=False, choices=[("", _("None (rule followed)")), *BadPullCategory.choices],
        help_text=_("Only for a bad pull."), widget=forms.Select(attrs={"data-testid": "verdict-category"}),
    )
    note = forms.CharField(
        label=_("Note (one line)"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 60, "data-testid": "verdict-note"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Verdict.BAD_PULL and not data.get("category"):
            self.add_error("category", _("Say which kind of bad pull it was."))
        if data.get("outcome") == Verdict.RULE_FOLLOWED:
            data["category"] = ""
        return data


class CorrectionForm(VerdictForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 60, "data-testid": "correction-reason"}),
    )


class BadPullForm(forms.Form):
    """The admin's "bad pull…" action: the category and note for every selected pull."""

    category = forms.ChoiceField(label=_("Bad-pull category"), choices=BadPullCategory.choices)
    note = forms.CharField(label=_("Note (one line)"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 60}))


class SecondOpinionForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label=_("Do you agree with the verdict?"), coerce=lambda value: value == "yes",
        choices=[("yes", _("I agree")), ("no", _("I disagree"))], widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note (one line)"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 60}))
