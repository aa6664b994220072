"""Cart and checkout form input; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..orders.payments import normalise_card_number
from .services import MAX_QUANTITY_PER_LINE


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY_PER_LINE, initial=1)


class CartQuantityForm(forms.Form):
    # Zero is allowed here: setting a line to zero removes it, as the service documents.
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY_PER_LINE)


class CheckoutForm(forms.Form):
    shipping_name = forms.CharField(
        label=_("Recipient name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    shipping_address = forms.CharField(
        label=_("Shipping address"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    shipping_phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "cc-number", "inputmode": "numeric", "placeholder": "4242 4242 4242 4242"}
        ),
    )

    coupon_code = forms.CharField(
        label=_("Coupon code"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    # The one-time token of this checkout: the cart version the page showed. A resubmitted form
    # finds the order that version became instead of paying again.
    cart_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def clean_coupon_code(self) -> str:
        # Whether the coupon is the customer's and still usable is checkout's answer, not the form's.
        return self.cleaned_data["coupon_code"].strip().upper()

    def clean_card_number(self) -> str:
        # Only the shape is checked here; whether the card pays is the gateway's answer.
        number = normalise_card_number(self.cleaned_data["card_number"])
        if not number.isdigit() or not 12 <= len(number) <= 19:
            raise forms.ValidationError(_("Enter the 12 to 19 digits printed on the card."))
        return number
