"""A hook for the apps above members: links of their own in a signed-in customer's account menu
(the storefront header), e.g. tickets' "My reports".

members cannot name a higher app's pages, so a higher app registers its link here from its
`AppConfig.ready()`; the `storefront` context processor hands templates `account_links`, the
links for a signed-in user, in registration order (none for a visitor who is signed out).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AccountLink:
    url_name: str  # reversed by the template: `{% url link.url_name %}`
    label: str  # lazily translated by the registering app
    testid: str = ""


_registry: dict[str, AccountLink] = {}


def register_account_link(link: AccountLink) -> None:
    """Add (or, by URL name, replace) a link; call from `AppConfig.ready()`."""
    _registry[link.url_name] = link


def account_links() -> list[AccountLink]:
    return list(_registry.values())
