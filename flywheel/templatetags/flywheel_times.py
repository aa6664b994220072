"""`{{ value|readable_time }}` and `{{ value|readable_date }}`: flywheel.times for templates."""

from django import template

from flywheel import times

register = template.Library()


@register.filter
def readable_time(value) -> str:
    """A datetime in the site's time zone, written the one way of the active language."""
    return times.readable_time(value)


@register.filter
def readable_date(value) -> str:
    """A date (or a datetime's local day), written the one way of the active language."""
    return times.readable_date(value)
