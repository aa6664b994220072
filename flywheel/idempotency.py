"""Idempotency keys for API writes: a retried request gets the first answer instead of a second effect.

Put `@idempotent` on a write method of an APIView (post, put, patch, delete). A client that sends
an `Idempotency-Key` header then gets, for every retry with the same key and the same request,
the status and body of the first answer, and nothing is written again. The same key sent with a
different method, path or body is refused with 422. Without the header the method runs as usual.

How concurrency is handled (the unique constraint on (user, key) decides):

1. Before the method runs, a record for the key is *reserved*: inserted, in its own short
   transaction, with status 0 ("in progress"). Of two concurrent requests with one key exactly one
   insert succeeds; the other hits the constraint (on PostgreSQL it waits only for that tiny insert
   to commit, never for the work itself).
2. The winner runs the method and stores its answer on the record. An answer of 5xx or an
   unexpected exception releases the reservation instead, so the client may retry.
3. The loser reads the record: a different request -> 422; finished -> the stored answer;
   still in progress -> 409 with code `idempotency_in_progress`, and the client retries shortly.

We answer 409 rather than make the duplicate wait because the work may hold a payment-gateway call
(checkout charges outside any transaction, on purpose): waiting would tie a worker and a database
connection to a request whose outcome the client will learn from its own retry anyway. This is
also what Stripe does. A process killed mid-request leaves its reservation "in progress" for good;
the client then needs a new key, which is the honest answer since the first attempt's effect is
unknown.

Records are kept per user, so keys of two users never collide; the method must therefore sit behind
authentication (it runs after DRF's authentication and permission checks).
"""

import hashlib
import json
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .errors import Conflict, DomainError
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
IN_PROGRESS = 0
MAX_KEY_LENGTH = IdempotencyRecord._meta.get_field("key").max_length
MAX_PATH_LENGTH = IdempotencyRecord._meta.get_field("path").max_length

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "A unique value (a UUID, say) per intended write. A retry with the same key and the same "
        "request returns the first response and changes nothing; reusing the key for a different "
        "request answers 422. At most 200 characters."
    ),
)


class IdempotencyKeyReused(DomainError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    code = "idempotency_key_reused"


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"


def idempotent(handler):
    """Make an APIView write method honour the `Idempotency-Key` header (see the module docstring)."""

    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key or not request.user.is_authenticated:
            return handler(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise exceptions.ValidationError(
                {HEADER: [_("The Idempotency-Key must be at most %(max)d characters.") % {"max": MAX_KEY_LENGTH}]}
            )
        if "\x00" in key:  # PostgreSQL refuses NUL in text: storing the key would be a 500
            raise exceptions.ValidationError({HEADER: [_("Null characters are not allowed.")]})
        record, stored = _reserve(
            user=request.user, key=key, method=request.method, path=request.get_full_path()[:MAX_PATH_LENGTH],
            fingerprint=fingerprint_of(request),
        )
        if stored is not None:
            return stored
        try:
            try:
                response = handler(view, request, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - turned into the answer we store, or re-raised
                response = view.handle_exception(exc)
        except BaseException:
            _release(record)
            raise
        if response.status_code >= 500:
            _release(record)
        else:
            _store(record, response)
        return response

    # `wraps` shares the handler's attribute dict; give the wrapper its own before annotating it.
    if hasattr(wrapper, "kwargs"):
        wrapper.kwargs = dict(wrapper.kwargs)
    return extend_schema(parameters=[IDEMPOTENCY_KEY_PARAMETER])(wrapper)


def fingerprint_of(request) -> str:
    """Method, path and body, canonicalised so that key order and whitespace do not matter."""
    data = request.data
    if hasattr(data, "lists"):  # a QueryDict from a form post
        data = dict(data.lists())
    body = json.dumps(data, sort_keys=True, cls=_LenientEncoder)
    text = "\n".join([request.method, request.get_full_path(), body])
    return hashlib.sha256(text.encode()).hexdigest()


class _LenientEncoder(JSONEncoder):
    def default(self, obj):
        try:
            return super().default(obj)
        except TypeError:
            return repr(obj)


def _reserve(*, user, key: str, method: str, path: str, fingerprint: str):
    """Claim the key, or return the answer a retry must get: (record, None) or (None, response)."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, method=method, path=path, request_fingerprint=fingerprint,
                    status_code=IN_PROGRESS, body=None,
                )
            return record, None
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is None:
            continue  # the holder released it (its request failed) between our insert and read
        if existing.request_fingerprint != fingerprint:
            raise IdempotencyKeyReused(
                _(
                    "This Idempotency-Key was already used for a different request (%(method)s %(path)s). "
                    "Use a new key for a new request."
                )
                % {"method": existing.method, "path": existing.path}
            )
        if existing.status_code == IN_PROGRESS:
            break
        response = Response(existing.body, status=existing.status_code)
        response[REPLAYED_HEADER] = "true"
        return None, response
    raise IdempotencyInProgress(
        _("A request with this Idempotency-Key is still being processed. Retry in a moment.")
    )


def _store(record: IdempotencyRecord, response) -> None:
    body = None if response.data is None else _without_nul(json.loads(json.dumps(response.data, cls=_LenientEncoder)))
    IdempotencyRecord.objects.filter(pk=record.pk).update(status_code=response.status_code, body=body)


def _without_nul(value):
    """PostgreSQL's jsonb cannot hold NUL, which a 400 may echo from the request ("x\\x00" is not a
    valid choice): the stored answer carries U+FFFD in its place."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def _release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).delete()
