"""A hook for the apps above members: sections of their own on a customer's order page.

members cannot name a higher app's pages or models (the customer's problem reports and our
replies belong to tickets), so a higher app registers a renderer here from its `AppConfig.ready()`;
the order page shows what each returns, in registration order, below the order (nothing when
none is registered or a renderer returns "").

A renderer is `render(request, order) -> str` (HTML, escaped by the renderer), called once per page.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

_renderers: list[Callable] = []


def register_order_section(render: Callable) -> None:
    """Add a renderer (once); call from `AppConfig.ready()`."""
    if render not in _renderers:
        _renderers.append(render)


def order_sections(request, order) -> SafeString:
    return mark_safe("".join(render(request, order) for render in _renderers))
