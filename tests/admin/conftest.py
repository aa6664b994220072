import pytest


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client
