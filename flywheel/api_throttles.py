"""The API's throttles: anonymous use and bad tokens, counted per client address.

Only callers who have not proven who they are are ever slowed down. A call with a valid token or a
signed-in session is never throttled, whatever it writes: a call-centre system that pulls the cord
a hundred times in a minute is answered every time. Rates are read at call time from settings
(`API_ANON_RATE`, `API_FAILED_TOKEN_RATE`); an empty rate turns that throttle off.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous calls per address; an authenticated caller has no cache key and passes untouched."""

    def get_rate(self):
        return settings.API_ANON_RATE or None


class FailedTokenThrottle(SimpleRateThrottle):
    """Bad tokens per address: past the rate, the address is refused until the window moves on."""

    scope = "failed_token"

    def get_rate(self):
        return settings.API_FAILED_TOKEN_RATE or None

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request) -> None:
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]

    def wait_if_locked(self, request) -> float | None:
        """Seconds until this address may try a token again, or None when it may now."""
        if self.rate is None:
            return None
        self._load(request)
        return self.wait() if len(self.history) >= self.num_requests else None

    def record_failure(self, request) -> None:
        if self.rate is None:
            return
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class ThrottledTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (429) an address that sent too many bad tokens.

    The address is refused before its token is looked at, so guessing cannot go on at full speed;
    an address whose tokens are good never gathers failures.
    """

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None  # no token: session or anonymous, throttled (or not) elsewhere
        throttle = FailedTokenThrottle()
        wait = throttle.wait_if_locked(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait=wait, detail=_("Too many invalid tokens from your address; try again later.")
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            raise
