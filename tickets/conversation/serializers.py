"""A member's reports as their API shows them: the conversation without internal notes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..complaints.models import Complaint
from .models import ComplaintMessage, ComplaintPhoto
from .services import MAX_MESSAGE


class ReportMessageSerializer(serializers.ModelSerializer):
    """One message the customer may read: customer service's reply, or their own message."""

    # A plain string: another choice set named "kind" in the schema would collide with this one's enum.
    kind = serializers.CharField(
        read_only=True, help_text=gettext_lazy('"reply": from customer service; "customer": written by you.')
    )

    class Meta:
        model = ComplaintMessage
        fields = ["id", "kind", "body", "created_at"]
        read_only_fields = fields


class ReportPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=gettext_lazy("Opens the photo for the signed-in customer only."))

    class Meta:
        model = ComplaintPhoto
        fields = ["id", "url", "content_type", "width", "height"]
        read_only_fields = fields

    def get_url(self, photo) -> str:
        return reverse("selfservice:photo", args=[photo.pk])


class MyReportSerializer(serializers.ModelSerializer):
    """A member's report; the queryset must come from `reports_of` (messages and photos prefetched)."""

    state = serializers.ChoiceField(choices=Complaint.State.choices, read_only=True)
    issue_code = serializers.CharField(source="issue_code.code", read_only=True)
    issue = serializers.CharField(source="issue_code.display_name", read_only=True)
    order_number = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    messages = ReportMessageSerializer(source="visible_messages", many=True, read_only=True)
    photos = ReportPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id", "state", "issue_code", "issue", "order_number", "item", "text", "created_at",
            "last_reply_to_customer_at", "messages", "photos",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_order_number(self, complaint) -> str | None:
        return complaint.order_line.order.number if complaint.order_line else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_item(self, complaint) -> str | None:
        return complaint.order_line.display_title if complaint.order_line else None


class NewReportMessageSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_MESSAGE, help_text=gettext_lazy("Your message to customer service."))
