"""The audit trail can be read in the admin, never added to, changed or deleted there."""

import pytest
from django.urls import reverse

from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent, ListingState
from flywheel.services import retire_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(staff_user):
    retire_product(product=ProductFactory(), actor=staff_user, note="End of line")
    return AuditEvent.objects.get()


def test_audit_changelist_shows_who_did_what(admin_client, event):
    response = admin_client.get(reverse("admin:flywheel_auditevent_changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "End of line" in page
    assert ListingState.RETIRED in page


def test_audit_event_cannot_be_changed_through_the_admin(admin_client, event):
    response = admin_client.post(
        reverse("admin:flywheel_auditevent_change", args=[event.pk]),
        {"action": "publish", "note": "rewritten", "to_state": "listed", "object_id": event.object_id},
    )

    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).note == "End of line"


def test_audit_event_cannot_be_deleted_through_the_admin(admin_client, event):
    response = admin_client.post(reverse("admin:flywheel_auditevent_delete", args=[event.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_event_cannot_be_added_through_the_admin(admin_client):
    response = admin_client.post(reverse("admin:flywheel_auditevent_add"), {"action": "publish", "object_id": "1"})

    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_audit_changelist_offers_no_bulk_delete(admin_client, event):
    response = admin_client.get(reverse("admin:flywheel_auditevent_changelist"))

    assert response.context["action_form"] is None
