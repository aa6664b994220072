"""Kinds of notification: what each one says, written in the reader's language when it is read.

A notification stores what happened (its kind's name and named parameters, JSON), not the words.
The words are a kind's subject and body templates, lazy gettext strings with `%(name)s` parameters
(or a function of the parameters that returns text in the active language), rendered when the inbox
is shown (in the language the reader uses then) and when its e-mail is sent (in the recipient's).

Each app keeps the kinds it sends beside its senders (`<sub-domain>/notifications.py`) and registers
them when the module is imported (its AppConfig.ready imports it): members never imports a higher app.

A parameter is plain JSON, or one of these, made at send time and turned into words at read time:
- `moment(datetime)`: a time, written as `flywheel.times.readable_time` writes it in the reader's language;
- `in_each_language(function)`: a value that depends on the language (a product's title, a choice's
  label, a work order's name), the function called once per language of settings.LANGUAGES.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise

from flywheel.times import readable_time

# Who a kind is written to: the preferences page shows a customer kind to everyone, a staff kind to staff.
CUSTOMERS = "customers"
STAFF = "staff"

Template = Promise | str | Callable[[dict], str]


@dataclass(frozen=True)
class MessageKind:
    """One kind of notification. `name` is stored on every notification of the kind: never rename one.

    `subject`/`body`: a lazy string formatted with the parameters (`%(name)s`), or a function taking the
    parameters (already in the active language) and returning text. `label` and `help_text` name the kind
    on the preferences page. `always_email`: its e-mail cannot be turned off (orders and holds).
    """

    name: str
    label: Promise | str
    subject: Template
    body: Template = ""
    audience: str = STAFF
    always_email: bool = False
    help_text: Promise | str = field(default="")


_KINDS: dict[str, MessageKind] = {}


def register_kind(kind: MessageKind) -> MessageKind:
    """Add a kind to the registry (idempotent for the same kind; a different kind under a taken name raises ValueError)."""
    known = _KINDS.get(kind.name)
    if known is not None and known != kind:
        raise ValueError(f"Another notification kind is already registered as {kind.name!r}.")
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> MessageKind | None:
    return _KINDS.get(name) if name else None


def all_kinds() -> list[MessageKind]:
    """Every registered kind: customers' first, then staff's, each in the order they were registered."""
    return sorted(_KINDS.values(), key=lambda kind: kind.audience != CUSTOMERS)


def moment(value: datetime | None) -> dict | None:
    """A time parameter, written in the reader's language when read (None stays None)."""
    return None if value is None else {"$time": value.isoformat()}


def in_each_language(value: Callable[[], object]) -> dict:
    """A parameter whose words depend on the language: `value()` is called once per language (as text)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(value())
    return {"$text": texts}


def _localized(value):
    if isinstance(value, Mapping):
        if "$time" in value:
            moment_at = parse_datetime(value["$time"])
            return readable_time(moment_at) if moment_at else value["$time"]
        if "$text" in value:
            texts = value["$text"]
            language = translation.get_language() or settings.LANGUAGE_CODE
            return texts.get(language) or texts.get(language.split("-")[0]) or texts.get(settings.LANGUAGE_CODE) or next(
                iter(texts.values()), ""
            )
        return {key: _localized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_localized(item) for item in value]
    return value


def localized_params(params: Mapping) -> dict:
    """The parameters as words in the active language (times written out, per-language values chosen)."""
    return {key: _localized(value) for key, value in (params or {}).items()}


def _render(template: Template, params: dict) -> str:
    if not template:
        return ""
    if callable(template) and not isinstance(template, Promise):
        return str(template(params))
    return str(template) % params if params else str(template)


def render(kind: MessageKind, params: Mapping) -> tuple[str, str]:
    """(subject, body) of a notification of `kind` in the active language.

    Raises KeyError when a template names a parameter that was not stored.
    """
    words = localized_params(params)
    return _render(kind.subject, words), _render(kind.body, words)
