"""flywheel.times: a time people read is in the site's time zone, written one way per language."""

from datetime import date, datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from flywheel.times import readable_date, readable_time

# 18:28 on 1 December in UTC is 02:28 on 2 December in Shanghai (UTC+8, no summer time).
LATE_EVENING_UTC = datetime(2026, 12, 1, 18, 28, tzinfo=dt_timezone.utc)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "2 Dec 2026, 02:28"), ("zh-hans", "2026年12月2日 02:28")]
)
def test_a_time_is_written_in_shanghai_time_in_each_language(language, expected):
    with translation.override(language):
        assert readable_time(LATE_EVENING_UTC) == expected


@pytest.mark.parametrize(("language", "expected"), [("en", "2 Dec 2026"), ("zh-hans", "2026年12月2日")])
def test_a_date_is_the_local_day_not_the_utc_one(language, expected):
    with translation.override(language):
        assert readable_date(LATE_EVENING_UTC) == expected


def test_a_time_stored_in_another_zone_is_still_written_in_the_sites():
    in_new_york = LATE_EVENING_UTC.astimezone(ZoneInfo("America/New_York"))

    assert readable_time(in_new_york) == "2 Dec 2026, 02:28"


def test_the_zone_a_request_activated_does_not_change_what_is_written():
    with timezone.override(ZoneInfo("Europe/London")):
        assert readable_time(LATE_EVENING_UTC) == "2 Dec 2026, 02:28"


@override_settings(TIME_ZONE="Europe/Berlin")
def test_the_site_time_zone_is_read_from_the_settings():
    assert readable_time(LATE_EVENING_UTC) == "1 Dec 2026, 19:28"


def test_a_plain_date_is_written_as_a_date():
    assert readable_time(date(2026, 3, 9)) == readable_date(date(2026, 3, 9)) == "9 Mar 2026"


def test_nothing_is_written_for_no_time():
    assert (readable_time(None), readable_date(None)) == ("", "")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_template_filters_write_what_the_helper_writes(language):
    template = Template("{% load flywheel_times %}{{ when|readable_time }} / {{ when|readable_date }}")
    when = LATE_EVENING_UTC + timedelta(minutes=1)

    with translation.override(language):
        rendered = template.render(Context({"when": when}))
        assert rendered == f"{readable_time(when)} / {readable_date(when)}"
