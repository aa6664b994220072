"""Whether to show the "Work orders" link: the storefront and console templates ask without importing andon."""

from django import template

from .. import selectors

register = template.Library()


@register.filter
def is_back_office(user) -> bool:
    """`{% if user|is_back_office %}`: vendor managers, warehouse, quality, managers, executives."""
    return selectors.is_back_office(user)
