"""The report pages' period: `from` and `to`, both days included, the gaps filled as every report fills them."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy

from . import selectors as reports


class PeriodForm(forms.Form):
    """`from` and `to` (a Python keyword, hence the fields added by name), both days included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("from", gettext_lazy("From")), ("to", gettext_lazy("To"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                validators=[MinValueValidator(reports.FIRST_REPORT_DAY), MaxValueValidator(reports.LAST_REPORT_DAY)],
            )

    def clean(self):
        cleaned = super().clean()
        if reports.period_asked(start=cleaned.get("from"), end=cleaned.get("to")).ends_before_it_starts:
            raise forms.ValidationError(reports.BACKWARDS_PERIOD)
        return cleaned

    @classmethod
    def for_request(cls, request) -> "PeriodForm":
        """Bound to the query when there is one; otherwise showing the default period's days."""
        if request.GET:
            return cls(request.GET)
        default = reports.default_period()
        return cls(initial={"from": default.start, "to": default.end})

    def period(self) -> reports.Period:
        """The period asked for; the last 90 days for anything missing or invalid."""
        if not self.is_valid():
            return reports.default_period()
        return reports.period_asked(start=self.cleaned_data.get("from"), end=self.cleaned_data.get("to"))
