"""Input of the bonus pages and the payroll admin: a month, written YYYY-MM."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import month_label, parse_month, this_month


class MonthField(forms.Field):
    """A calendar month typed as YYYY-MM; cleans to the first day of that month."""

    widget = forms.TextInput(attrs={"placeholder": "YYYY-MM", "maxlength": 7})
    default_error_messages = {"invalid": _("Give a month as YYYY-MM, for example 2026-11.")}

    def to_python(self, value):
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        try:
            if len(value) != 7:
                raise ValueError(value)
            return parse_month(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class StatementForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)
    agent = forms.CharField(label=_("Agent"), max_length=150, required=False)

    @classmethod
    def for_request(cls, request) -> "StatementForm":
        return cls(request.GET or None)

    def month_asked(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return this_month()


class CloseMonthForm(forms.Form):
    month = MonthField(
        label=_("Month to close"), help_text=_("Its approved bonuses not yet in a batch are closed into a new payroll batch.")
    )

    @classmethod
    def with_default(cls, data=None) -> "CloseMonthForm":
        return cls(data, initial={"month": month_label(this_month())})
