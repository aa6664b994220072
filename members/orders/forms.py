"""Input of the order page's own forms; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .payments import normalise_card_number


class PayOrderForm(forms.Form):
    """Pay an unpaid order with a card (any number of 12 to 19 digits; the gateway decides)."""

    card_number = forms.CharField(
        label=_("Card number"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "cc-number", "inputmode": "numeric", "placeholder": "4242 4242 4242 4242"}
        ),
    )

    def clean_card_number(self) -> str:
        number = normalise_card_number(self.cleaned_data["card_number"])
        if not number.isdigit() or not 12 <= len(number) <= 19:
            raise forms.ValidationError(_("Enter the 12 to 19 digits printed on the card."))
        return number
