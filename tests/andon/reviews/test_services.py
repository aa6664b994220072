"""The review services leave an audit row for every change they make to a review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from andon.reviews.services import add_corrective_action, add_why, set_root_cause
from flywheel.models import AuditEvent

pytestmark = pytest.mark.django_db


def _review_audit(review, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(review.pk), action=action, content_type__model="rootcausereview"))


def test_adding_a_why_step_leaves_an_audit_row_naming_who_and_the_question(people, pull):
    add_why(review=pull.review, actor=people["vendor_manager"], question="Why uncut?", answer="The trimmer skipped pages")

    [event] = _review_audit(pull.review, "add_why")
    assert (event.actor, event.note) == (people["vendor_manager"], "1. Why uncut?")


def test_setting_the_root_cause_leaves_an_audit_row_with_the_cause(people, pull):
    set_root_cause(review=pull.review, actor=people["manager"], cause_category="supplier_quality", root_cause="No incoming inspection")

    [event] = _review_audit(pull.review, "set_root_cause")
    assert (event.actor, event.note) == (people["manager"], "supplier_quality: No incoming inspection")


def test_adding_a_corrective_action_leaves_an_audit_row_naming_the_action(people, pull):
    due = timezone.localdate() + timedelta(days=14)

    add_corrective_action(review=pull.review, actor=people["vendor_manager"], description="Sample each lot", owner=people["warehouse"], due_on=due)

    [event] = _review_audit(pull.review, "add_corrective_action")
    assert event.actor == people["vendor_manager"]
    assert event.note.startswith("Sample each lot")
