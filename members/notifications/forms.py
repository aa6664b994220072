"""The notification preferences form: per kind of message, in the app only or by e-mail too."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import MessageKind

BY_EMAIL = "email"
IN_APP_ONLY = "app"


class EmailPreferencesForm(forms.Form):
    """One choice per kind the user may switch; kinds that always e-mail get no field (the page lists them apart)."""

    def __init__(self, *args, preferences: list[tuple[MessageKind, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, by_email in preferences:
            if kind.always_email:
                continue
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help_text,
                choices=[(BY_EMAIL, _("In the app and by e-mail")), (IN_APP_ONLY, _("In the app only"))],
                widget=forms.RadioSelect,
                initial=BY_EMAIL if by_email else IN_APP_ONLY,
                # A kind left out of the POST (a page opened before a kind was added) keeps its choice.
                required=False,
            )

    def by_email(self) -> dict[str, bool]:
        """{kind name: wants e-mail} for the kinds answered, from valid data."""
        return {name: choice == BY_EMAIL for name, choice in self.cleaned_data.items() if choice}
