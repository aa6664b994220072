"""Times and dates as people read them: in the site's time zone, written one way per language.

Every page, e-mail, notification and human-readable API text goes through `readable_time` /
`readable_date` (templates through the `readable_time` and `readable_date` filters of
`{% load flywheel_times %}`). Machine fields (the API's datetimes, `<time datetime=...>`) stay
ISO 8601 with their offset.
"""

from datetime import date, datetime

from django.utils import dateformat, timezone, translation

# One way per language: "2 Dec 2026, 02:28" and "2026年12月2日 02:28" (24-hour clock in both).
TIME_FORMATS = {"en": "j M Y, H:i", "zh": "Y年n月j日 H:i"}
DATE_FORMATS = {"en": "j M Y", "zh": "Y年n月j日"}


def _language() -> str:
    return "zh" if (translation.get_language() or "").startswith("zh") else "en"


def site_local(value: datetime) -> datetime:
    """An aware datetime in the site's TIME_ZONE (settings.TIME_ZONE), whatever zone it was stored in.

    A naive datetime is taken to be in the site's time zone already.
    """
    zone = timezone.get_default_timezone()
    if timezone.is_naive(value):
        return timezone.make_aware(value, zone)
    return timezone.localtime(value, zone)


def readable_time(value: datetime | date | None) -> str:
    """The date and time in the site's time zone, in the active language; "" for None.

    A `date` (no time) is written as `readable_date` writes it.
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return readable_date(value)
    return dateformat.format(site_local(value), TIME_FORMATS[_language()])


def readable_date(value: datetime | date | None) -> str:
    """The day in the site's time zone (a datetime's local day), in the active language; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = site_local(value)
    return dateformat.format(value, DATE_FORMATS[_language()])
