"""The common issue codes, ready out of the box; managers edit or add more in the admin."""

from django.db import migrations

COMMON_ISSUE_CODES = [
    ("print-defect", "Print or manufacturing defect", "印刷或制造缺陷"),
    ("damaged-in-transit", "Damaged in transit", "运输途中损坏"),
    ("wrong-item", "Wrong item", "发错商品"),
    ("missing-part", "Missing part", "缺少配件"),
    ("counterfeit", "Counterfeit suspicion", "疑似假冒"),
    ("not-as-described", "Not as described", "与描述不符"),
    ("late-delivery", "Late delivery", "延迟送达"),
    ("rude-service", "Rude service", "服务态度差"),
]


def create_codes(apps, schema_editor):
    IssueCode = apps.get_model("tickets", "IssueCode")
    for position, (code, name, name_zh) in enumerate(COMMON_ISSUE_CODES):
        IssueCode.objects.get_or_create(code=code, defaults={"name": name, "name_zh": name_zh, "position": position})


def remove_codes(apps, schema_editor):
    apps.get_model("tickets", "IssueCode").objects.filter(code__in=[c for c, _, _ in COMMON_ISSUE_CODES]).delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create_codes, remove_codes)]
