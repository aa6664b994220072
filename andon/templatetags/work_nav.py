"""Which Andon links to show (work orders, reports): the storefront, console and admin templates ask without importing andon."""

from django import template

from andon.reports.policy import may_read_reports
from andon.work_orders.policy import is_back_office as works_in_back_office

register = template.Library()


@register.filter
def is_back_office(user) -> bool:
    """`{% if user|is_back_office %}`: vendor managers, warehouse, quality, managers, executives."""
    return works_in_back_office(user)


@register.filter
def reads_reports(user) -> bool:
    """`{% if user|reads_reports %}`: the roles the relist-rate and Pareto reports are for."""
    return may_read_reports(user)
