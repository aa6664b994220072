"""Address book input; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SavedAddress


class AddressForm(forms.ModelForm):
    class Meta:
        model = SavedAddress
        fields = ["label", "name", "address", "phone"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }


class NewAddressForm(AddressForm):
    make_default = forms.BooleanField(label=_("Use it by default at checkout"), required=False)
