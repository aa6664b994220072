"""The weekly report's per-pull figures kept on the pull (its supports, its bonus ledger total),
filled for existing pulls from the rows they count.

The old index is dropped before the columns are filled (the UPDATE would otherwise rewrite it
for every row) and built again, with the two columns, by the next migration: PostgreSQL refuses
CREATE INDEX on a table with pending (deferred foreign-key) trigger events in the same transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Sum


def fill_report_figures(apps, schema_editor):
    """One UPDATE per figure, only for pulls that have rows to count (the rest keep the default 0)."""
    AndonPull = apps.get_model("andon", "AndonPull")
    PullSupport = apps.get_model("andon", "PullSupport")
    BonusEntry = apps.get_model("andon", "BonusEntry")
    supports = PullSupport.objects.filter(pull_id=OuterRef("pk")).order_by().values("pull_id").annotate(n=Count("*")).values("n")
    AndonPull.objects.filter(pk__in=PullSupport.objects.values("pull_id")).update(support_count=Subquery(supports))
    ledger = BonusEntry.objects.filter(pull_id=OuterRef("pk")).order_by().values("pull_id").annotate(total=Sum("amount")).values("total")
    AndonPull.objects.filter(pk__in=BonusEntry.objects.values("pull_id")).update(bonus_total=Subquery(ledger))


class Migration(migrations.Migration):

    dependencies = [
        ('andon', '0014_work_order_send_back_quality_clock_follow_ups'),
        ('flywheel', '0004_outbox'),
        ('members', '0013_partner_manager_group'),
        ('tickets', '0005_complaint_last_reply'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='andonpull',
            name='pull_week_figures_idx',
        ),
        migrations.AddField(
            model_name='andonpull',
            name='bonus_total',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), editable=False, help_text="Sum of the pull's bonus entries: accruals less reversals and write-offs.", max_digits=12, verbose_name='bonus ledger total (CNY)'),
        ),
        migrations.AddField(
            model_name='andonpull',
            name='support_count',
            field=models.PositiveIntegerField(default=0, editable=False, help_text="Rows behind the pull: the puller's and every +1.", verbose_name='supports counted'),
        ),
        migrations.RunPython(fill_report_figures, migrations.RunPython.noop),
    ]
