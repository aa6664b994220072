import pytest
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from members.access import HasRole
from members.factories import UserFactory
from members.roles import Role

pytestmark = pytest.mark.django_db


class AgentsOnly(APIView):
    permission_classes = [HasRole(Role.AGENT, Role.MANAGER)]

    def get(self, request):
        return Response({"ok": True})


def call_as(user):
    request = APIRequestFactory().get("/agents-only/")
    if user is not None:
        force_authenticate(request, user=user)
    return AgentsOnly.as_view()(request)


def test_a_user_with_one_of_the_roles_is_let_in():
    assert call_as(UserFactory(username="agent", roles=[Role.AGENT])).status_code == 200


def test_a_customer_is_refused_with_a_clear_json_403():
    response = call_as(UserFactory(username="shopper"))

    assert response.status_code == 403
    assert response.data == {
        "detail": "This needs one of these roles: customer-service agent, customer-service manager.",
        "code": "permission_denied",
    }


def test_an_anonymous_caller_is_refused():
    assert call_as(None).status_code in (401, 403)


def test_a_superuser_holds_every_role():
    assert call_as(UserFactory(username="root", is_superuser=True)).status_code == 200
