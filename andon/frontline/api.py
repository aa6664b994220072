"""The front line through the API: my front-line day (read, schedule or move), take-back items (list, close)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent

from . import policy, selectors, services
from .models import TakeBackItem
from .serializers import (
    CloseTakeBackItemSerializer,
    FrontLineDaySerializer,
    MyFrontLineSerializer,
    ScheduleDaySerializer,
    TakeBackItemSerializer,
    TakeBackQuerySerializer,
)


class IsManaging(BasePermission):
    message = gettext_lazy("The front-line day is for managing staff.")

    def has_permission(self, request, view) -> bool:
        return policy.is_managing(request.user)


class ReadsTakeBackQueue(BasePermission):
    message = gettext_lazy("Take-back queues are for the managing departments' staff.")

    def has_permission(self, request, view) -> bool:
        return policy.may_read_take_back_queue(request.user)


class MyFrontLineDayView(APIView):
    permission_classes = [IsAuthenticated, IsManaging]

    @extend_schema(
        tags=["front line"],
        summary=gettext_lazy("My front-line day"),
        description=gettext_lazy("When it is due, whether today is the day, and every day scheduled for you, newest first."),
        responses={200: MyFrontLineSerializer, **error_responses(401, 403)},
    )
    def get(self, request):
        return Response(MyFrontLineSerializer({
            "due_on": policy.front_line_due_on(request.user),
            "today": policy.on_front_line_today(request.user),
            "days": selectors.my_days(request.user),
        }).data)

    @extend_schema(
        tags=["front line"],
        summary=gettext_lazy("Schedule or move a front-line day"),
        description=gettext_lazy(
            "Schedules the day of `staff` (yourself by default), or moves it when one is already scheduled. "
            "Yourself, your department's staff when you lead it, anyone when you are an executive. "
            "A past date or someone who is not managing staff answers 400."
        ),
        request=ScheduleDaySerializer,
        responses={
            201: OpenApiResponse(FrontLineDaySerializer, description=gettext_lazy("The scheduled day.")),
            **error_responses(400, 401, 403, 409, 415, 422),
        },
    )
    @idempotent
    def post(self, request):
        payload = ScheduleDaySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        staff = payload.validated_data.get("staff") or request.user
        on = payload.validated_data["scheduled_on"]
        scheduled = selectors.scheduled_day_of(staff)
        if scheduled is None:
            day = services.schedule_front_line_day(staff=staff, on=on, actor=request.user)
        else:
            day = services.reschedule_front_line_day(day=scheduled, on=on, actor=request.user)
        return Response(FrontLineDaySerializer(day).data, status=status.HTTP_201_CREATED)


class TakeBackItemListView(APIView):
    permission_classes = [IsAuthenticated, ReadsTakeBackQueue]

    @extend_schema(
        tags=["front line"],
        summary=gettext_lazy("List take-back items"),
        description=gettext_lazy("Your departments' items (every department for executives), soonest due first; open ones by default."),
        parameters=[TakeBackQuerySerializer],
        responses={200: TakeBackItemSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        query = TakeBackQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        items = selectors.take_back_queue(user=request.user, status=query.validated_data["status"])
        return Response(TakeBackItemSerializer(items, many=True, context={"today": timezone.localdate()}).data)


class TakeBackItemDetailView(APIView):
    permission_classes = [IsAuthenticated, ReadsTakeBackQueue]

    def _item(self, request, pk: int) -> TakeBackItem:
        # Scoped like the list: an item outside the caller's departments is not found.
        visible = selectors.take_back_items().filter(pk=pk)
        if not policy.sees_every_department(request.user):
            visible = visible.filter(department__in=policy.departments_of(request.user))
        item = visible.first()
        if item is None:
            raise NotFound(_("No take-back item #%(id)s in your queues.") % {"id": pk})
        return item

    def _answer(self, item: TakeBackItem) -> Response:
        return Response(TakeBackItemSerializer(item, context={"today": timezone.localdate()}).data)

    @extend_schema(
        tags=["front line"],
        summary=gettext_lazy("Show one take-back item"),
        responses={200: TakeBackItemSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk: int):
        return self._answer(self._item(request, pk))

    @extend_schema(
        tags=["front line"],
        summary=gettext_lazy("Close a take-back item (done or dropped)"),
        description=gettext_lazy("Dropping needs a note (400 without one); a closed item answers 409."),
        request=CloseTakeBackItemSerializer,
        responses={200: TakeBackItemSerializer, **error_responses(400, 401, 403, 404, 409, 415, 422)},
    )
    @idempotent
    def patch(self, request, pk: int):
        payload = CloseTakeBackItemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = self._item(request, pk)
        note = payload.validated_data["note"]
        if payload.validated_data["status"] == TakeBackItem.Status.DONE:
            item = services.finish_take_back_item(item=item, actor=request.user, note=note)
        else:
            item = services.drop_take_back_item(item=item, actor=request.user, note=note)
        return self._answer(self._item(request, item.pk))
