"""The partner managers' role group. Users already named as a partner's partner manager join it,
so the rectification work orders they worked as vendor managers stay in their queue."""

from django.db import migrations

GROUP = "partner_manager"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Partner = apps.get_model("flywheel", "Partner")
    group, _created = Group.objects.get_or_create(name=GROUP)
    named = Partner.objects.exclude(partner_manager=None).values_list("partner_manager_id", flat=True).distinct()
    group.user_set.add(*named)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0012_teams"), ("flywheel", "0001_initial")]

    operations = [migrations.RunPython(create_group, remove_group)]
