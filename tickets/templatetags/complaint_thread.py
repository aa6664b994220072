"""`{% complaint_thread complaint %}`: the conversation and photos of a complaint on the console page."""

from django import template

from ..conversation.selectors import staff_timeline
from ..conversation.views import DRAFT_KEY

register = template.Library()


@register.inclusion_tag("agent/_thread.html", takes_context=True)
def complaint_thread(context, complaint):
    """Messages (internal notes included) and state changes oldest first, the customer's photos and
    the reply box (with a refused draft put back)."""
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "complaint": complaint,
        "timeline": staff_timeline(complaint),
        "photos": list(complaint.photos.all()),
        "draft": request.session.pop(DRAFT_KEY.format(pk=complaint.pk), ""),
    }
