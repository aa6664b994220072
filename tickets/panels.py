"""A hook for the apps above tickets: panels on the agent console's complaint and product pages
(the andon cord, today).

tickets cannot import a higher app, so a higher app registers its panels here from its
`AppConfig.ready()`, and the console templates render whatever is registered, in registration
order, through the `console_panels` tags (nothing when nothing is registered):

- `register_complaint_panel(render)`: `render(request, complaint)` returns the HTML shown beside
  the complaint.
- `register_product_panels(render)`: `render(request, product, issue_codes)` returns a
  `ProductPanels`: one panel for any issue, and one per issue code of the product's open
  complaints. It is asked once per page with every issue code, so it can read what it needs for
  all of them at once (a fixed number of queries however many issues there are).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class ProductPanels:
    any_issue: str = ""
    by_issue_code: dict[int, str] = field(default_factory=dict)  # issue code pk -> HTML


_complaint_panels: list[Callable] = []
_product_panels: list[Callable] = []


def register_complaint_panel(render: Callable) -> None:
    if render not in _complaint_panels:
        _complaint_panels.append(render)


def register_product_panels(render: Callable) -> None:
    if render not in _product_panels:
        _product_panels.append(render)


def complaint_panels(request, complaint) -> SafeString:
    return format_html_join("", "{}", ((mark_safe(render(request, complaint)),) for render in _complaint_panels))


def product_panels(request, product, issue_codes) -> ProductPanels:
    """Every registered provider's panels for the product, joined per place."""
    issue_codes = list(issue_codes)
    provided = [render(request, product, issue_codes) for render in _product_panels]
    return ProductPanels(
        any_issue=mark_safe("".join(panels.any_issue for panels in provided)),
        by_issue_code={
            code.pk: mark_safe("".join(panels.by_issue_code.get(code.pk, "") for panels in provided)) for code in issue_codes
        },
    )
