"""The front line in the API: front-line days and take-back items."""

from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from .models import FrontLineDay, TakeBackItem


def _one_of(choices, text=gettext_lazy("One of: {values}.")):
    return format_lazy(text, values=", ".join(value for value, _label in choices))


class FrontLineDaySerializer(serializers.ModelSerializer):
    staff = serializers.CharField(source="staff.username")
    scheduled_by = serializers.CharField(source="scheduled_by.username")
    state = serializers.CharField(help_text=_one_of(FrontLineDay.State.choices))

    class Meta:
        model = FrontLineDay
        fields = ["id", "staff", "scheduled_on", "state", "scheduled_by", "created_at", "closed_at"]
        read_only_fields = fields


class MyFrontLineSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text=gettext_lazy("Joining date plus FRONT_LINE_DAY_WITHIN_DAYS (local date)."))
    today = serializers.BooleanField(help_text=gettext_lazy("Today is your front-line day: the console and the cord are yours today."))
    days = FrontLineDaySerializer(many=True)


class ScheduleDaySerializer(serializers.Serializer):
    scheduled_on = serializers.DateField(help_text=gettext_lazy("Local date, today or later."))
    staff = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True), required=False,
        help_text=gettext_lazy("Whose day (a username); yourself when left out. Moves their scheduled day if they have one."),
    )


class TakeBackItemSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username")
    complaint = serializers.IntegerField(source="complaint_id")
    department = serializers.CharField(help_text=_one_of(TakeBackItem._meta.get_field("department").choices))
    status = serializers.CharField(help_text=_one_of(TakeBackItem.Status.choices))
    overdue = serializers.SerializerMethodField(help_text=gettext_lazy("Open and past its due date."))

    class Meta:
        model = TakeBackItem
        fields = ["id", "what", "complaint", "owner", "department", "due_on", "status", "overdue", "closing_note", "created_at", "closed_at"]
        read_only_fields = fields

    def get_overdue(self, item: TakeBackItem) -> bool:
        return item.status == TakeBackItem.Status.OPEN and item.due_on < self.context["today"]


class TakeBackQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TakeBackItem.Status.choices, required=False, default=TakeBackItem.Status.OPEN)


class CloseTakeBackItemSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[TakeBackItem.Status.DONE, TakeBackItem.Status.DROPPED])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="",
                                 help_text=gettext_lazy("Required to drop an item."))
