"""Checks on free text typed by people: readable characters only."""

import unicodedata

from django.utils.translation import gettext as _

from .errors import DomainError

# Tab and newlines are how people lay out text; other control and format characters (and the
# replacement character a broken encoding leaves behind) are never what they meant to type.
ALLOWED_CONTROL = {"\t", "\n", "\r"}


def require_readable(text: str, *, field: str) -> str:
    """Refuse text with undecodable bytes or control characters, naming the field; return it unchanged."""
    for char in text:
        if char == "\ufffd" or (char not in ALLOWED_CONTROL and unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"}):
            raise DomainError(
                _("%(field)s contains characters that are not readable text (U+%(code)04X); please retype it.")
                % {"field": field, "code": ord(char)}
            )
    return text
