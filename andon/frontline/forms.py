"""Input for the front line: a date for the day, one line to take back, a note to close an item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TakeBackItem


class DayForm(forms.Form):
    scheduled_on = forms.DateField(label=_("Date of the front-line day"), widget=forms.DateInput(attrs={"type": "date"}))


class TakeBackForm(forms.Form):
    # The length rule (one line, at most 200 characters after folding) is the service's.
    what = forms.CharField(label=_("What you take back, in one line"), strip=False)


class CloseItemForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TakeBackItem.Status.choices, required=False)

    def status_asked(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return self.cleaned_data["status"]
        return TakeBackItem.Status.OPEN
