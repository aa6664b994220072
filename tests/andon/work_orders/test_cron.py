from django_rq.cron import DjangoCronScheduler

from andon.jobs import escalate_overdue


def test_the_cron_config_schedules_the_escalation_every_quarter_hour():
    scheduler = DjangoCronScheduler()

    scheduler.load_config_from_file("andon.cron")

    [job] = [job for job in scheduler.get_jobs() if job.func is escalate_overdue]
    assert (job.queue_name, job.interval) == ("default", 900)
