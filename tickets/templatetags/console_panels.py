"""Render the panels higher apps registered in tickets.panels on the console's pages.

`{% complaint_panels complaint %}` beside a complaint; on a product page,
`{% product_panels product complaints as panels %}` once, then `{{ panels.any_issue }}` and
`{{ panels|for_issue:issue_code }}` per issue group.
"""

from django import template

from tickets import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def complaint_panels(context, complaint):
    return registry.complaint_panels(context["request"], complaint)


@register.simple_tag(takes_context=True)
def product_panels(context, product, complaints):
    """All the page's panels at once: the issue codes are those of the open complaints, in their order."""
    issue_codes = list({complaint.issue_code_id: complaint.issue_code for complaint in complaints}.values())
    return registry.product_panels(context["request"], product, issue_codes)


@register.filter
def for_issue(panels: registry.ProductPanels, issue_code) -> str:
    return panels.by_issue_code.get(issue_code.pk, "")
