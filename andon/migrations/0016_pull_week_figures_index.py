"""The weekly report's covering index, built again with the per-pull figures of 0013 in it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("andon", "0015_pull_report_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="andonpull",
            index=models.Index(
                fields=["pulled_at"], include=("id", "team", "verdict", "rule_met", "gmv_at_stake", "support_count", "bonus_total"),
                name="pull_week_figures_idx",
            ),
        ),
    ]
