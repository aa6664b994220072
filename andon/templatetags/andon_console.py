"""The andon panel as a template tag, so the agent console's pages (in the tickets app, a layer
below this one) can show the cord without importing the andon app."""

from dataclasses import dataclass

from django import template

from tickets.models import IssueCode
from tickets.targets import kind_of

from andon.pulls import selectors
from andon.pulls.selectors import gmv_at_stake

register = template.Library()


@register.inclusion_tag("andon/_panel.html", takes_context=True)
def andon_panel(context, complaint=None, target=None, issue_code=None):
    """`{% andon_panel complaint=complaint %}`, or `{% andon_panel target=product issue_code=code %}`."""
    return _panel_context(context, selectors.andon_panel(complaint=complaint, target=target, issue_code=issue_code))


@dataclass(frozen=True)
class IssuePickerPanel:
    """The cord for a target before any issue is chosen: the agent picks the issue code in the form.

    Agents often settle and resolve the complaints first and pull afterwards, so a target with no
    open complaint still needs a cord. The rule is counted per issue code, so this panel shows none.
    """

    target: object
    kind: str
    issue_codes: list[IssueCode]
    gmv_at_stake: object
    stopped: bool
    open_pull: object
    issue_code = None
    complaint = None
    rule = None
    complaint_on_open_pull = False

    @property
    def dom_id(self) -> str:
        return f"andon-panel-{self.kind}-{self.target.pk}-any-issue"


@register.inclusion_tag("andon/_panel.html", takes_context=True)
def andon_issue_picker(context, target):
    """`{% andon_issue_picker target=product %}`: the cord with an issue-code picker (active codes)."""
    kind = kind_of(target)
    panel = IssuePickerPanel(
        target=target,
        kind=kind.name,
        issue_codes=list(IssueCode.objects.filter(active=True)),  # drawn in both forms: read once
        gmv_at_stake=gmv_at_stake(target),
        stopped=kind.is_stopped(target),
        open_pull=selectors.open_pull_on(target),
    )
    return _panel_context(context, panel)


def _panel_context(context, panel) -> dict:
    request = context["request"]
    return {
        "panel": panel,
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
