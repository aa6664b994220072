"""The job queues' dashboard can empty queues and requeue refunds: superusers only, not every staff role."""

import pytest
from django.urls import reverse

from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["agent", "warehouse", "vendor_manager"])
def test_a_staff_role_cannot_open_the_job_dashboard(client, role):
    client.force_login(UserFactory(username=role, roles=[role], is_staff=True))

    response = client.get(reverse("django_rq:home"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["agent", "warehouse"])
def test_a_staff_role_cannot_empty_a_queue(client, role):
    client.force_login(UserFactory(username=role, roles=[role], is_staff=True))

    response = client.post(reverse("django_rq:clear", args=[0]))

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_superuser_opens_the_job_dashboard(client, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("django_rq:home")).status_code == 200
