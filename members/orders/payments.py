"""The payment-gateway interface and the simulated gateway used by default.

A real gateway implements `PaymentGateway` and is named in the PAYMENT_GATEWAY setting.
Simulated test cards (any expiry, any CVC):

    4242 4242 4242 4242   succeeds
    4000 0000 0000 0002   declined by the bank
    4000 0000 0000 9995   declined: insufficient funds
Any other number of 12 to 19 digits succeeds, so a demo never needs a real card.
"""

import secrets
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

SUCCEEDING_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
INSUFFICIENT_FUNDS_CARD = "4000000000009995"


@dataclass(frozen=True)
class PaymentResult:
    succeeded: bool
    reference: str = ""
    message: str = ""


class PaymentGateway(Protocol):
    def charge(
        self, *, amount: Decimal, currency: str, card_number: str, description: str, idempotency_key: str
    ) -> PaymentResult:
        """Take money; the gateway must treat a repeated idempotency_key as the same charge (charged once)."""
        ...

    def refund(self, *, amount: Decimal, currency: str, reference: str, idempotency_key: str) -> PaymentResult:
        """Return money; the gateway must treat a repeated idempotency_key as the same refund."""
        ...

    def look_up_charge(self, *, idempotency_key: str) -> PaymentResult | None:
        """What the gateway did with the charge made under this key, or None when it never received one.

        How a checkout whose process died between the charge and its record finds out (real
        gateways offer this as "retrieve by idempotency key" or a payment-intent lookup).
        """
        ...


def normalise_card_number(card_number: str) -> str:
    return "".join(ch for ch in card_number if not ch.isspace() and ch != "-")


class SimulatedGateway:
    """Answers at once, in process; declines the documented test cards.

    Like a real gateway it remembers each charge's idempotency key (for the life of the process):
    a charge retried with the same key answers the first result and takes no money again.
    """

    _charges: dict[str, PaymentResult] = {}
    _charges_lock = threading.Lock()

    def charge(
        self, *, amount: Decimal, currency: str, card_number: str, description: str, idempotency_key: str
    ) -> PaymentResult:
        with self._charges_lock:
            if idempotency_key not in self._charges:
                self._charges[idempotency_key] = self._decide(card_number)
            return self._charges[idempotency_key]

    @classmethod
    def charges_taken(cls) -> list[str]:
        """The idempotency keys of the charges that took money (what a test counts at the gateway)."""
        return [key for key, result in cls._charges.items() if result.succeeded]

    def _decide(self, card_number: str) -> PaymentResult:
        number = normalise_card_number(card_number)
        if not number.isdigit() or not 12 <= len(number) <= 19:
            return PaymentResult(False, message=_("The card number must be 12 to 19 digits."))
        if number == DECLINED_CARD:
            return PaymentResult(False, message=_("The card was declined by the bank."))
        if number == INSUFFICIENT_FUNDS_CARD:
            return PaymentResult(False, message=_("The card was declined: insufficient funds."))
        return PaymentResult(True, reference=f"sim_ch_{secrets.token_hex(8)}")

    def refund(self, *, amount: Decimal, currency: str, reference: str, idempotency_key: str) -> PaymentResult:
        return PaymentResult(True, reference=f"sim_re_{secrets.token_hex(8)}")

    def look_up_charge(self, *, idempotency_key: str) -> PaymentResult | None:
        with self._charges_lock:
            return self._charges.get(idempotency_key)


def get_gateway() -> PaymentGateway:
    return import_string(settings.PAYMENT_GATEWAY)()
