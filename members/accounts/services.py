"""Members' accounts: signing up, and which language a member reads (supported codes, the
request's choice, and remembering it)."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from flywheel.services import record_audit

from .models import Profile


@transaction.atomic
def sign_up(*, form):
    """Create a member's account from a valid sign-up form; the audit row marks when it was made."""
    user = form.save()
    record_audit(obj=user, action="sign_up", actor=user)
    return user


def supported_language(code: str) -> str | None:
    """A language code as one of settings.LANGUAGES, read as Django's switch reads it ("zh-Hans", "en-us" ...)."""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def customer_language() -> str:
    """The active language (the customer's page or Accept-Language) as one of settings.LANGUAGES."""
    return supported_language(translation.get_language() or settings.LANGUAGE_CODE) or settings.LANGUAGE_CODE


def remember_language(*, user, code: str) -> str | None:
    """Keep the language a user switched to, for what jobs write to them; an unknown code changes nothing."""
    language = supported_language(code)
    if language:
        Profile.objects.update_or_create(user=user, defaults={"language": language})
    return language
