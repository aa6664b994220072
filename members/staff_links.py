"""A hook for the apps above members: links to their staff pages in the storefront header, the
agent console's navigation and the admin's front page.

members (and tickets, whose console template extends this layer) cannot name a higher app's
pages. A higher app registers its links here from its `AppConfig.ready()`; the `staff_links`
context processor hands every template the links the signed-in user may follow, per place:

- `staff_links.header`: the storefront header (templates/base.html),
- `staff_links.console`: the agent console's navigation (templates/agent/console_base.html),
- `staff_links.admin`: the admin's front page (templates/admin/index.html), with a description.

Links show in registration order. With nothing registered, the places show nothing.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

PLACES = ("header", "console", "admin")


@dataclass(frozen=True)
class StaffLink:
    url_name: str  # reversed by the template: `{% url link.url_name %}`
    label: str  # lazily translated by the registering app
    shown_to: Callable[[object], bool]  # the user may follow it
    testids: Mapping[str, str]  # place -> data-testid ("" for none): the link shows in these places only
    description: str = ""  # the admin's front page shows it beside the link


@dataclass(frozen=True)
class PlacedLink:
    url_name: str
    label: str
    description: str
    testid: str


_registry: dict[str, StaffLink] = {}


def register_staff_link(link: StaffLink) -> None:
    """Add (or, by URL name, replace) a link; call from `AppConfig.ready()`."""
    unknown = set(link.testids) - set(PLACES)
    if unknown:
        raise ValueError(f"Unknown places for a staff link: {sorted(unknown)}")
    _registry[link.url_name] = link


def links_for(user, place: str) -> list[PlacedLink]:
    return [
        PlacedLink(link.url_name, link.label, link.description, link.testids[place])
        for link in _registry.values()
        if place in link.testids and user.is_authenticated and link.shown_to(user)
    ]


class StaffLinks:
    """What the context processor gives templates: each place computed on first use only."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def header(self) -> list[PlacedLink]:
        return links_for(self._user, "header")

    @cached_property
    def console(self) -> list[PlacedLink]:
        return links_for(self._user, "console")

    @cached_property
    def admin(self) -> list[PlacedLink]:
        return links_for(self._user, "admin")
