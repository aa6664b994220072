"""The report pages' period: `from` and `to`, both days included, the gaps filled as every report fills them;
and the period it is compared with (`compare_from`, `compare_to`), the previous one of the same length by default."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy

from . import selectors as reports


class PeriodForm(forms.Form):
    """`from` and `to` (a Python keyword, hence the fields added by name), both days included, and the
    comparison period's `compare_from` and `compare_to` (both or neither)."""

    FIELDS = (
        ("from", gettext_lazy("From")),
        ("to", gettext_lazy("To")),
        ("compare_from", gettext_lazy("Compare with: from")),
        ("compare_to", gettext_lazy("Compare with: to")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.FIELDS:
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                validators=[MinValueValidator(reports.FIRST_REPORT_DAY), MaxValueValidator(reports.LAST_REPORT_DAY)],
            )

    def clean(self):
        cleaned = super().clean()
        if reports.period_asked(start=cleaned.get("from"), end=cleaned.get("to")).ends_before_it_starts:
            raise forms.ValidationError(reports.BACKWARDS_PERIOD)
        compare_from, compare_to = cleaned.get("compare_from"), cleaned.get("compare_to")
        if bool(compare_from) != bool(compare_to) and not self.errors:
            raise forms.ValidationError(COMPARISON_HALF_GIVEN)
        if compare_from and compare_to and compare_from > compare_to:
            raise forms.ValidationError(COMPARISON_BACKWARDS)
        return cleaned

    @classmethod
    def for_request(cls, request) -> "PeriodForm":
        """Bound to the query when there is one; otherwise showing the default period's days. The
        comparison fields start empty, so a reader who changes the period gets the one before it."""
        if request.GET:
            return cls(request.GET)
        default = reports.default_period()
        return cls(initial={"from": default.start, "to": default.end})

    def period(self) -> reports.Period:
        """The period asked for; the last 90 days for anything missing or invalid."""
        if not self.is_valid():
            return reports.default_period()
        return reports.period_asked(start=self.cleaned_data.get("from"), end=self.cleaned_data.get("to"))

    def comparison(self) -> reports.Period:
        """The period to compare with: the one asked for, else the one of the same length just before `period()`."""
        if self.is_valid() and self.cleaned_data.get("compare_from") and self.cleaned_data.get("compare_to"):
            return reports.Period(start=self.cleaned_data["compare_from"], end=self.cleaned_data["compare_to"])
        return self.period().previous()


COMPARISON_HALF_GIVEN = gettext_lazy("Give the comparison period both a first and a last day, or leave both empty for the previous period.")
COMPARISON_BACKWARDS = gettext_lazy("The comparison period must end on or after the day it starts.")
