"""JSON errors for the API: every failure is `{"detail": "...", "code": "..."}` with a 4xx status.

A validation failure keeps DRF's per-field messages under `errors` and repeats the first of them
in `detail`, so a client that only shows `detail` still tells the user what to fix.
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.response import Response
from django.views.decorators.csrf import csrf_exempt
from rest_framework.views import exception_handler

from .errors import DomainError
from .serializers import ErrorSerializer, ValidationErrorSerializer


def error_code(exc: DomainError) -> str:
    """`NotBuyable` -> `not_buyable`, in the style of DRF's own codes; a class may set `code`."""
    explicit = getattr(exc, "code", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exc).__name__).lower()


def json_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": error_code(exc)}
        return Response(_with_errors(body, exc.status_code), status=exc.status_code)
    if isinstance(exc, Http404):
        # Django's text ("No AndonPull matches the given query.") names a class, in English only.
        # Deliberate messages are raised as DRF's NotFound and keep their own words.
        exc = exceptions.NotFound(_not_found_message(context.get("view")))
    if isinstance(exc, DjangoValidationError):
        # A model's full_clean() inside a service: the client sent something the rules refuse.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: let Django answer 500 and log it rather than hide it
    if isinstance(exc, exceptions.ValidationError):
        errors = _flat_errors(exc.detail)
        response.data = {"detail": _first_message(errors) or _("Invalid input."), "code": "invalid", "errors": errors}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"detail": str(exc.detail), "code": _code_of(exc)}
    else:  # Django's PermissionDenied, converted by DRF
        response.data = {
            "detail": str(response.data.get("detail", "")),
            "code": "not_found" if response.status_code == 404 else "permission_denied",
        }
    response.data = _with_errors(response.data, response.status_code)
    return response


def _with_errors(body: dict, status_code: int) -> dict:
    """Every 400 carries `errors`, as the schema promises, even when no field is to blame.

    A body that is not JSON (parse_error) or a rule refusing the request as a whole (empty_cart)
    puts its message under `non_field_errors`, so a client reads every 400 the same way.
    """
    if status_code != 400 or "errors" in body:
        return body
    return {**body, "errors": {"non_field_errors": [body["detail"]]}}


@csrf_exempt  # it writes nothing; without this a POST to a mistyped address would get the CSRF page
def unknown_address(request, *args, **kwargs) -> JsonResponse:
    """The API's last URL pattern: an address no endpoint serves (`/pulls/abc/`) is a JSON 404, not the shop's page."""
    return JsonResponse({"detail": _("The API has nothing at this address."), "code": "not_found"}, status=404)


def _not_found_message(view) -> str:
    """"Andon pull not found." when the view says what it looks up, else "Not found."."""
    model = _model_of(view)
    if model is None:
        return _("Not found.")
    return _("%(thing)s not found.") % {"thing": capfirst(model._meta.verbose_name)}


def _model_of(view):
    """The view's queryset model, or its serializer's when the queryset is built per request.

    get_queryset() is not called again here: it may read the request and raise in its turn.
    """
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
    return getattr(meta, "model", None)


def _code_of(exc: exceptions.APIException) -> str:
    code = getattr(exc.detail, "code", None)
    return code if isinstance(code, str) else exc.default_code


def _flat_errors(detail, field: str = "") -> dict[str, list[str]]:
    """Field -> messages, one level deep as the schema declares: a list item's or a nested field's
    messages go under a dotted name (`returned_lot_ids.4`, `lines.0.sku`)."""
    if isinstance(detail, str):
        detail = [detail]
    if isinstance(detail, dict):
        entries = [(str(key), value) for key, value in detail.items()]
    elif any(isinstance(value, (dict, list)) for value in detail):
        entries = [(str(index), value) for index, value in enumerate(detail)]
    else:
        return {field or "non_field_errors": [str(message) for message in detail]} if detail else {}
    flat = {}
    for key, value in entries:
        flat.update(_flat_errors(value, f"{field}.{key}" if field else key))
    return flat


def _first_message(detail, field: str = "") -> str:
    """The first message in a nested DRF error structure, prefixed with its field name."""
    if isinstance(detail, dict):
        for name, value in detail.items():
            message = _first_message(value, "" if name == "non_field_errors" else str(name))
            if message:
                return message
        return ""
    if isinstance(detail, list):
        for value in detail:
            message = _first_message(value, field)
            if message:
                return message
        return ""
    return f"{field}: {detail}" if field else str(detail)


# --- the same errors, described for the OpenAPI schema -----------------------------------------

ERROR_DESCRIPTIONS = {
    400: gettext_lazy("The request is invalid: `detail` says why and `errors` holds per-field messages."),
    401: gettext_lazy("The credentials given are missing or wrong."),
    402: gettext_lazy("The payment was declined; the order was cancelled and its stock released."),
    403: gettext_lazy("Not logged in (session clients), or not allowed to do this."),
    404: gettext_lazy("Not found, or not yours."),
    409: gettext_lazy(
        "A rule refused the request (for example, the product is not on sale), or a request with the "
        "same Idempotency-Key is still being processed."
    ),
    415: gettext_lazy("The body is not JSON, a form or multipart data, as its Content-Type must say."),
    422: gettext_lazy("The Idempotency-Key was already used for a different request."),
    429: gettext_lazy(
        "Too many anonymous calls, or too many invalid tokens, from your address (flywheel.api_throttles): the "
        "Retry-After header says how many seconds to wait. A signed-in or token-authenticated call is never throttled."
    ),
}

# Every operation can answer 429: the anonymous-use throttle is the API's default and the bad-token
# throttle sits in the token authentication every view uses.
THROTTLED = 429


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error answers an operation can give, each with its JSON body; 429 always."""
    return {
        status: OpenApiResponse(
            response=ValidationErrorSerializer if status == 400 else ErrorSerializer,
            description=ERROR_DESCRIPTIONS[status],
        )
        for status in sorted({*status_codes, THROTTLED})
    }
