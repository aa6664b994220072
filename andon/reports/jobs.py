"""The Monday summary e-mail: a job the outbox runs after the snapshot commits; safe to run again."""

from django_rq import job


@job("notifications")
def send_monday_summary(*, iso_year: int, iso_week: int) -> int:
    """Notify managers and executives of the week's figures, each in their language, once per week."""
    from .notifications import announce_monday_summary

    return announce_monday_summary(iso_year=iso_year, iso_week=iso_week)
