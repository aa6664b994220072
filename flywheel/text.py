"""Checks on free text typed by people: readable characters only."""

import unicodedata

from django.utils.translation import gettext as _

from .errors import DomainError

# Tab and newlines are how people lay out text; other control and format characters (and the
# replacement character a broken encoding leaves behind) are never what they meant to type.
ALLOWED_CONTROL = {"\t", "\n", "\r"}


def require_readable(text: str, *, field: str, max_length: int | None = None) -> str:
    """Refuse text with undecodable bytes or control characters, or longer than max_length; return it unchanged."""
    if max_length is not None and len(text) > max_length:
        raise DomainError(
            _("%(field)s can be at most %(max)d characters; it has %(length)d.")
            % {"field": field, "max": max_length, "length": len(text)}
        )
    for char in text:
        if char == "\ufffd" or (char not in ALLOWED_CONTROL and unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"}):
            raise DomainError(
                _("%(field)s contains characters that are not readable text (U+%(code)04X); please retype it.")
                % {"field": field, "code": ord(char)}
            )
    return text
