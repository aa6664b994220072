"""Which Andon links to show (work orders, reports): the storefront, console and admin templates ask without importing andon."""

from django import template

from members.roles import has_role

from .. import reports, selectors

register = template.Library()


@register.filter
def is_back_office(user) -> bool:
    """`{% if user|is_back_office %}`: vendor managers, warehouse, quality, managers, executives."""
    return selectors.is_back_office(user)


@register.filter
def reads_reports(user) -> bool:
    """`{% if user|reads_reports %}`: the roles the relist-rate and Pareto reports are for."""
    return has_role(user, *reports.REPORT_ROLES)
