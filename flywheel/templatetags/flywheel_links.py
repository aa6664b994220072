"""`{{ path|absolute }}`: flywheel.links.absolute_url for templates of messages that leave the site."""

from django import template

from flywheel.links import absolute_url

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    """A site path made whole with SITE_URL, for e-mail templates."""
    return absolute_url(path)
