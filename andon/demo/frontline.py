"""The managers' front-line days in the demo: some worked, one today, some overdue, and what they took back.

Told through the services with the clock travelled to each step (as the rest of the story is), so
every row has its audit trail. `vendor_manager`'s day is today: sign in as them to work the console
as an agent, pull the cord and mark a problem "take back".
"""

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from andon.frontline.services import (
    close_past_front_line_days,
    finish_take_back_item,
    schedule_front_line_day,
    take_back,
)
from tickets.models import Complaint

if TYPE_CHECKING:
    from .story import DemoStory

# (login, joined days ago, front-line day: days from today or None, what they take back on it)
FRONT_LINE_SCENES = [
    # Worked within the six months, brought two problems back; one is done, one overdue.
    ("executive", 300, -200, ["Refund rules differ between the app and the website", "Agents wait two days for a courier's answer"]),
    # Today: the demo's front-line day.
    ("vendor_manager", 60, 0, []),
    # Worked ten days ago; the warehouse's item is still open and on time.
    ("warehouse", 40, -10, ["Parcels from the east hub arrive with crushed corners"]),
    # Missed their day twenty days ago: overdue again.
    ("quality", 190, -20, []),
    # Scheduled, but only after the six months ran out: overdue and shown with the date.
    ("partner_manager", 250, 5, []),
    # Never scheduled: overdue.
    ("manager", 220, None, []),
]
TAKE_BACK_HOUR = 11  # local time on the day


def _local(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def tell_front_line(story: "DemoStory") -> None:
    """Date the managers' joining, schedule their days, take problems back, close the past days."""
    User = get_user_model()
    today = timezone.localdate(story.now)
    complaints = list(Complaint.objects.order_by("id").values_list("id", flat=True)[:10])
    first_item = None
    for index, (login, joined_days_ago, day_offset, problems) in enumerate(FRONT_LINE_SCENES):
        # The demo's staff all joined when the demo was built; give each a history (no service
        # changes a joining date: it is the account's own field).
        User.objects.filter(username=login).update(date_joined=story.now - timedelta(days=joined_days_ago))
        if day_offset is None:
            continue
        day = today + timedelta(days=day_offset)
        scheduled_at = min(_local(day, 9) - timedelta(days=7), story.now)
        with story._at(scheduled_at):
            staff = User.objects.get(username=login)  # a fresh object: the day's access is read once per object
            schedule_front_line_day(staff=staff, on=day, actor=staff)
        for number, problem in enumerate(problems):
            with story._at(_local(day, TAKE_BACK_HOUR + number)):
                staff = User.objects.get(username=login)
                complaint = Complaint.objects.get(pk=complaints[(index + number) % len(complaints)])
                item = take_back(complaint=complaint, actor=staff, what=problem)
                first_item = first_item or item
    if first_item is not None:
        with story._at(story.now - timedelta(days=150)):
            finish_take_back_item(item=first_item, actor=first_item.owner, note="The website now reads the app's refund rules.")
    # What the hourly job would have done: past days with a take-back (complaints handled) worked, the rest missed.
    close_past_front_line_days(today=today)
