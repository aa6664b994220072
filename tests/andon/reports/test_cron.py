from django_rq.cron import DjangoCronScheduler

from andon.jobs import snapshot_weekly_report


def test_the_cron_config_runs_the_weekly_snapshot_every_hour():
    scheduler = DjangoCronScheduler()

    scheduler.load_config_from_file("andon.cron")

    [job] = [job for job in scheduler.get_jobs() if job.func is snapshot_weekly_report]
    assert (job.queue_name, job.interval) == ("default", 3600)
