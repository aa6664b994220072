"""The console's message form: a reply to the customer or an internal note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ComplaintMessage
from .services import MAX_MESSAGE


class StaffMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the message first.")},
    )
    # Which button was pressed: "Send to the customer" or "Add internal note".
    kind = forms.ChoiceField(
        choices=[(ComplaintMessage.Kind.REPLY, _("reply")), (ComplaintMessage.Kind.NOTE, _("note"))],
        error_messages={"required": _("Choose whether the customer sees it: reply or internal note."),
                        "invalid_choice": _("Choose whether the customer sees it: reply or internal note.")},
    )
