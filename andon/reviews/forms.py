"""The root-cause review page's forms: a why step, the cause, a corrective action."""

from django import forms
from django.utils.translation import gettext_lazy as _


from .models import RootCauseReview
from members.roles import staff_users


class WhyForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=300, initial=_("Why?"), widget=forms.TextInput(attrs={"data-testid": "why-question"})
    )
    answer = forms.CharField(
        label=_("Because"), widget=forms.Textarea(attrs={"rows": 2, "data-testid": "why-answer"}), max_length=2000
    )


class RootCauseForm(forms.Form):
    cause_category = forms.ChoiceField(
        label=_("Cause category"), choices=[("", _("Choose a category")), *RootCauseReview.CauseCategory.choices],
        widget=forms.Select(attrs={"data-testid": "review-cause-category"}),
    )
    root_cause = forms.CharField(
        label=_("Process-level root cause"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "data-testid": "review-root-cause"}),
    )


def person_label(user) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class CorrectiveActionForm(forms.Form):
    description = forms.CharField(
        label=_("What will be done"), max_length=300, widget=forms.TextInput(attrs={"data-testid": "action-description"})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, empty_label=_("Choose an owner"), widget=forms.Select(attrs={"data-testid": "action-owner"})
    )
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date", "data-testid": "action-due"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()
        self.fields["owner"].label_from_instance = person_label

