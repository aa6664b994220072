"""What the puller is told of the verdict on their pull, and what a second reviewer is asked (each in their own language)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.notifications.services import notify

from andon.pulls.models import Verdict
from andon.pulls.notifications import pull_page

from .models import PullVerdict, VerdictSecondOpinion


def announce_verdict(*, verdict_id: int) -> int:
    """Tell the puller the verdict (or its correction). A bad pull says plainly that it costs them nothing."""
    verdict = PullVerdict.objects.select_related("pull__pulled_by", "pull__product", "pull__partner", "pull__process").get(pk=verdict_id)
    pull = verdict.pull

    def subject():
        if verdict.corrects_id:
            text = _("The verdict on your pull #%(id)s was corrected: %(outcome)s")
        else:
            text = _("The verdict on your pull #%(id)s: %(outcome)s")
        return text % {"id": pull.pk, "outcome": verdict.get_outcome_display()}

    def body():
        if verdict.outcome == Verdict.BAD_PULL:
            text = _(
                "Your manager judged the pull on %(target)s a bad pull (%(category)s). This carries no penalty for you: "
                "nothing is deducted and nothing is counted against you. The product is back on sale. Note: %(note)s"
            )
        else:
            text = _("Your pull on %(target)s followed the rule. Thank you for stopping the line. Note: %(note)s")
        return text % {"target": pull.target, "category": verdict.get_category_display(), "note": verdict.note or "-"}

    return notify(recipients=[pull.pulled_by], key=f"verdict:{verdict.pk}", subject=subject, body=body, link=pull_page(pull))


def ask_second_opinion(*, opinion_id: int) -> int:
    opinion = VerdictSecondOpinion.objects.select_related("reviewer", "verdict__pull").get(pk=opinion_id)

    def subject():
        return _("Second opinion asked: the verdict on pull #%(id)s") % {"id": opinion.verdict.pull_id}

    return notify(
        recipients=[opinion.reviewer], key=f"second-opinion:{opinion.pk}", subject=subject,
        link=reverse("verdicts:page", args=[opinion.verdict.pull_id]),
    )
