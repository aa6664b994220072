from unittest import mock

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_reports_the_database_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"].startswith("unreachable")


@pytest.mark.django_db
def test_healthz_reports_the_outbox_backlog_and_the_oldest_waiting_age(client):
    from datetime import timedelta

    from django.utils import timezone

    from flywheel.models import OutboxMessage

    OutboxMessage.objects.create(job="members.orders.jobs.pay_refund", created_at=timezone.now() - timedelta(minutes=5))
    OutboxMessage.objects.create(job="members.orders.jobs.pay_refund", status=OutboxMessage.Status.DONE)

    body = client.get("/healthz").json()

    assert body["outbox_waiting"] == 1
    assert 299 <= body["outbox_oldest_age_seconds"] <= 310
