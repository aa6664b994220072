import pytest
from django.core.management import call_command

from flywheel.idempotency import HEADER


def test_schema_validates_without_warnings(tmp_path):
    # Raises SchemaGenerationError on any warning and SchemaValidationError on an invalid schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_every_write_declares_the_idempotency_key_header(schema):
    writes = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"}
    ]

    assert writes
    assert [
        (path, method)
        for path, method, operation in writes
        if HEADER not in {parameter["name"] for parameter in operation.get("parameters", [])}
    ] == []


def test_every_write_declares_415_for_a_body_it_cannot_read(schema):
    writes = {
        (path, method): operation
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"}
    }

    assert writes
    assert [write for write, operation in writes.items() if "415" not in operation["responses"]] == []


def test_every_write_declares_400_for_an_idempotency_key_too_long(schema):
    assert [
        (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"} and "400" not in operation["responses"]
    ] == []


def test_every_operation_declares_401(schema):
    operations = {
        operation["operationId"]: operation for operations in schema["paths"].values() for operation in operations.values()
    }

    assert [name for name, operation in operations.items() if "401" not in operation["responses"]] == []


def test_every_error_answer_has_the_error_body(schema):
    error_answers = [
        (operation["operationId"], status, answer)
        for operations in schema["paths"].values()
        for operation in operations.values()
        for status, answer in operation["responses"].items()
        if int(status) >= 400
    ]

    assert {
        answer["content"]["application/json"]["schema"]["$ref"] for _operation, _status, answer in error_answers
    } == {"#/components/schemas/Error", "#/components/schemas/ValidationError"}
    assert [
        (operation, status)
        for operation, status, answer in error_answers
        if (status == "400") != answer["content"]["application/json"]["schema"]["$ref"].endswith("/ValidationError")
    ] == []


def test_checkout_declares_payment_declined(schema):
    assert set(schema["paths"]["/api/v1/orders/"]["post"]["responses"]) == {
        "201", "400", "401", "402", "403", "409", "415", "422", "429"
    }


def test_swagger_ui_loads_with_self_hosted_assets(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr.net" not in page


def test_returned_lots_declare_at_least_one_item_as_the_api_requires(schema):
    lots = schema["components"]["schemas"]["ResolveWorkOrderRequest"]["properties"]["returned_lot_ids"]

    assert lots["minItems"] == 1


def test_every_operation_declares_429_for_the_throttles(schema):
    operations = {
        operation["operationId"]: operation for operations in schema["paths"].values() for operation in operations.values()
    }

    assert operations
    assert [name for name, operation in operations.items() if "429" not in operation["responses"]] == []
