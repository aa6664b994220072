from datetime import timedelta

import pytest
from django_rq.cron import DjangoCronScheduler

from andon.frontline.models import FrontLineDay
from andon.jobs import close_front_line_days

from .conftest import make_day


def test_the_cron_config_closes_past_front_line_days_every_hour():
    scheduler = DjangoCronScheduler()

    scheduler.load_config_from_file("andon.cron")

    [job] = [job for job in scheduler.get_jobs() if job.func is close_front_line_days]
    assert (job.queue_name, job.interval) == ("default", 3600)


@pytest.mark.django_db
def test_the_job_closes_yesterday_s_day(vendor_manager, today):
    make_day(vendor_manager, today - timedelta(days=1))

    close_front_line_days()

    assert FrontLineDay.objects.get().state == FrontLineDay.State.MISSED
