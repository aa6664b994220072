"""What the puller is told of the verdict on their pull, and what a second reviewer is asked (each in their own language)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.notifications.kinds import MessageKind, in_each_language, register_kind
from members.notifications.services import notify

from andon.pulls.models import Verdict
from andon.pulls.notifications import pull_page

from .models import PullVerdict, VerdictSecondOpinion


def _verdict_subject(params: dict) -> str:
    if params["corrected"]:
        text = _("The verdict on your pull #%(id)s was corrected: %(outcome)s")
    else:
        text = _("The verdict on your pull #%(id)s: %(outcome)s")
    return str(text) % params


def _verdict_body(params: dict) -> str:
    if params["bad_pull"]:
        text = _(
            "Your manager judged the pull on %(target)s a bad pull (%(category)s). This carries no penalty for you: "
            "nothing is deducted and nothing is counted against you. The product is back on sale. Note: %(note)s"
        )
    else:
        text = _("Your pull on %(target)s followed the rule. Thank you for stopping the line. Note: %(note)s")
    return str(text) % params


VERDICT = register_kind(MessageKind(
    name="verdict",
    label=_("The verdict on your pull"),
    help_text=_("A manager judged a pull you made (rule followed or bad pull), or corrected that verdict."),
    subject=_verdict_subject,
    body=_verdict_body,
))
SECOND_OPINION = register_kind(MessageKind(
    name="second-opinion",
    label=_("A second opinion asked of you"),
    help_text=_("The weekly sample asks you to check another team's verdict."),
    subject=_("Second opinion asked: the verdict on pull #%(id)s"),
))


def announce_verdict(*, verdict_id: int) -> int:
    """Tell the puller the verdict (or its correction). A bad pull says plainly that it costs them nothing."""
    verdict = PullVerdict.objects.select_related("pull__pulled_by", "pull__product", "pull__partner", "pull__process").get(pk=verdict_id)
    pull = verdict.pull
    params = {
        "id": pull.pk, "corrected": bool(verdict.corrects_id), "bad_pull": verdict.outcome == Verdict.BAD_PULL,
        "outcome": in_each_language(verdict.get_outcome_display), "target": in_each_language(lambda: pull.target),
        "category": in_each_language(verdict.get_category_display), "note": verdict.note or "-",
    }
    return notify(
        recipients=[pull.pulled_by], key=f"verdict:{verdict.pk}", kind=VERDICT.name, params=params, link=pull_page(pull),
    )


def ask_second_opinion(*, opinion_id: int) -> int:
    opinion = VerdictSecondOpinion.objects.select_related("reviewer", "verdict__pull").get(pk=opinion_id)
    return notify(
        recipients=[opinion.reviewer], key=f"second-opinion:{opinion.pk}", kind=SECOND_OPINION.name,
        params={"id": opinion.verdict.pull_id}, link=reverse("verdicts:page", args=[opinion.verdict.pull_id]),
    )
