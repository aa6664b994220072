"""Complaints on a pull get their own table; existing pulls are filled from their supports and rule snapshot.

The first support of a pull is the puller's own (pull_andon writes it first): its complaint was
"pulled"; later supports' complaints "joined". Every complaint id in the rule snapshot that still
exists and is not on the pull yet "met the rule", attached by the puller when the cord was pulled.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


BATCH = 1000


def attach_existing_complaints(apps, schema_editor):
    AndonPull = apps.get_model("andon", "AndonPull")
    PullSupport = apps.get_model("andon", "PullSupport")
    PullComplaint = apps.get_model("andon", "PullComplaint")
    Complaint = apps.get_model("tickets", "Complaint")

    attached: dict[int, set[int]] = {}
    rows = []
    first_support_of: dict[int, int] = {}
    first_support_at: dict[int, object] = {}
    supports = PullSupport.objects.order_by("pull_id", "at", "id").values_list("pull_id", "id", "agent_id", "complaint_id", "at")
    for pull_id, support_id, agent_id, complaint_id, at in supports.iterator(chunk_size=BATCH):
        first_support_of.setdefault(pull_id, support_id)
        first_support_at.setdefault(pull_id, at)
        if complaint_id is None or complaint_id in attached.setdefault(pull_id, set()):
            continue
        attached[pull_id].add(complaint_id)
        how = "pulled" if first_support_of[pull_id] == support_id else "joined"
        rows.append(PullComplaint(pull_id=pull_id, complaint_id=complaint_id, how=how, attached_by_id=agent_id, attached_at=at))

    snapshots = AndonPull.objects.order_by("pk").values_list("pk", "pulled_by_id", "pulled_at", "rule_snapshot")
    wanted = []
    for pull_id, pulled_by_id, pulled_at, snapshot in snapshots.iterator(chunk_size=BATCH):
        for entry in (snapshot or {}).get("complaints", []):
            complaint_id = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(complaint_id, int) and complaint_id not in attached.setdefault(pull_id, set()):
                attached[pull_id].add(complaint_id)
                # Right after the puller's own complaint, so the pages list that one first.
                wanted.append((pull_id, complaint_id, pulled_by_id, first_support_at.get(pull_id, pulled_at)))
    ids = sorted({complaint_id for _pull, complaint_id, _by, _at in wanted})
    existing = set()
    for start in range(0, len(ids), BATCH):
        existing.update(Complaint.objects.filter(pk__in=ids[start:start + BATCH]).values_list("pk", flat=True))
    rows += [
        PullComplaint(pull_id=pull_id, complaint_id=complaint_id, how="met_rule", attached_by_id=by, attached_at=at)
        for pull_id, complaint_id, by, at in wanted
        if complaint_id in existing
    ]
    PullComplaint.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ('andon', '0007_manager_monday'),
        ('tickets', '0003_compensation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PullComplaint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('how', models.CharField(choices=[('pulled', 'pulled from it'), ('met_rule', 'met the rule when pulled'), ('joined', 'joined the pull (+1)')], max_length=20, verbose_name='how it was attached')),
                ('attached_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='attached at')),
                ('attached_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='attached by')),
                ('complaint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pull_links', to='tickets.complaint', verbose_name='complaint')),
                ('pull', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pull_complaints', to='andon.andonpull', verbose_name='pull')),
            ],
            options={
                'verbose_name': 'complaint on a pull',
                'verbose_name_plural': 'complaints on pulls',
                'ordering': ['attached_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='andonpull',
            name='complaints',
            field=models.ManyToManyField(blank=True, related_name='pulls', through='andon.PullComplaint', to='tickets.complaint', verbose_name='complaints'),
        ),
        migrations.AddConstraint(
            model_name='pullcomplaint',
            constraint=models.UniqueConstraint(fields=('pull', 'complaint'), name='complaint_on_a_pull_once'),
        ),
        migrations.RunPython(attach_existing_complaints, migrations.RunPython.noop),
    ]
