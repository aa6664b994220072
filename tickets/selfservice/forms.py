"""The member's "report a problem" form; whether the report is accepted is `file_complaint`'s decision."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from django.core.exceptions import ValidationError

from ..complaints.models import IssueCode
from ..complaints.services import MAX_COMPLAINT_TEXT
from ..conversation.photos import MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoRefused, check_photo_count
from ..conversation.services import MAX_MESSAGE


class OrderLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line) -> str:
        return f"{line.title} × {line.quantity}"


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS files; how many and how big is checked here, what they are by the service
    (Pillow must open each: `tickets.conversation.photos.clean_photo`)."""

    widget = PhotosInput

    def clean(self, data, initial=None):
        files = [upload for upload in (data or []) if upload]
        try:
            check_photo_count(len(files))
        except PhotoRefused as refusal:
            raise ValidationError(refusal.message, code="too_many") from refusal
        too_big = [upload for upload in files if upload.size > MAX_PHOTO_BYTES]
        if too_big:
            raise ValidationError(
                [
                    gettext("%(name)s is %(size)s MB; a photo can be at most %(max)d MB.")
                    % {"name": upload.name, "size": f"{upload.size / (1024 * 1024):.1f}", "max": MAX_PHOTO_BYTES // (1024 * 1024)}
                    for upload in too_big
                ],
                code="too_big",
            )
        return files


class ReportProblemForm(forms.Form):
    line = OrderLineChoiceField(
        label=_("Which item?"), queryset=None, empty_label=None, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the item the problem is with."),
                        "invalid_choice": _("Choose one of the items on this order.")},
    )
    issue_code = forms.ModelChoiceField(
        label=_("What is wrong?"), queryset=IssueCode.objects.filter(active=True), empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong."),
                        "invalid_choice": _("Choose one of the problems listed.")},
    )
    text = forms.CharField(
        label=_("Tell us more"), max_length=MAX_COMPLAINT_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("For example: pages 100-101 are uncut.")}),
        error_messages={"required": _("Describe the problem in a few words so we can help.")},
    )

    photos = PhotosField(
        label=_("Photos"), required=False,
        widget=PhotosInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this order's lines can be chosen, so a posted line id can never reach another customer's order.
        self.fields["line"].queryset = order.lines.all()
        self.fields["photos"].help_text = gettext(
            "Up to %(max)d photos, JPEG, PNG or WebP, at most %(size)d MB each. We remove location data "
            "(such as GPS) before we keep them."
        ) % {"max": MAX_PHOTOS, "size": MAX_PHOTO_BYTES // (1024 * 1024)}


class CustomerMessageForm(forms.Form):
    """The customer's answer on their own report."""

    body = forms.CharField(
        label=_("Your message"), max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message first.")},
    )
