"""A hook for the apps above members: what a customer can do about a line of their order.

members cannot name a higher app's pages (reporting a problem belongs to tickets), so a higher
app registers a provider here from its `AppConfig.ready()`; the order page shows every action the
providers return, in registration order, under "Something wrong?" (nothing when none is).

A provider is `provide(order) -> list[OrderLineAction]`, called once per page.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrderLineAction:
    url: str
    label: str  # already in the reader's language
    testid: str = ""


_providers: list[Callable] = []


def register_order_line_actions(provide: Callable) -> None:
    """Add a provider (once); call from `AppConfig.ready()`."""
    if provide not in _providers:
        _providers.append(provide)


def order_line_actions(order) -> list[OrderLineAction]:
    return [action for provide in _providers for action in provide(order)]
