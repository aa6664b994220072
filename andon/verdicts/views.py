"""The verdict page: what the puller had when they pulled, and the verdict, correction and second-opinion forms."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from andon.pulls.models import AndonPull, BadPullCategory
from flywheel.errors import DomainError
from members.access import role_required
from members.roles import Role

from . import selectors
from .forms import CorrectionForm, SecondOpinionForm, VerdictForm
from .models import VerdictSecondOpinion
from .policy import may_answer_second_opinion, may_correct, may_judge_now
from .services import answer_second_opinion, correct_verdict, current_verdict_of, give_verdict

verdict_readers_required = role_required(
    Role.MANAGER, Role.EXECUTIVE, denied=gettext_lazy("Verdicts on pulls are for customer-service managers and executives.")
)


@verdict_readers_required
@require_http_methods(["GET", "POST"])
def verdict_page(request, pk: int):
    pull = get_object_or_404(
        AndonPull.objects.select_related("product__supplier", "partner", "process", "issue_code", "pulled_by", "team", "team_manager"),
        pk=pk,
    )
    current = current_verdict_of(pull)
    opinion = VerdictSecondOpinion.objects.filter(verdict=current, reviewer=request.user).first() if current else None
    can_judge, can_correct = may_judge_now(request.user, pull), may_correct(request.user, pull, current)
    can_answer = opinion is not None and may_answer_second_opinion(request.user, opinion)
    verdict_form = VerdictForm(prefix="verdict")
    correction_form = CorrectionForm(prefix="correction")
    opinion_form = SecondOpinionForm(prefix="opinion")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "give" and can_judge:
                verdict_form = VerdictForm(request.POST, prefix="verdict")
                if verdict_form.is_valid():
                    give_verdict(pull=pull, manager=request.user, **verdict_form.cleaned_data)
                    messages.success(request, _("Verdict given on pull #%(id)s.") % {"id": pull.pk})
                    return redirect("verdicts:page", pk=pull.pk)
            elif action == "correct" and can_correct:
                correction_form = CorrectionForm(request.POST, prefix="correction")
                if correction_form.is_valid():
                    correct_verdict(pull=pull, actor=request.user, **correction_form.cleaned_data)
                    messages.success(request, _("Verdict on pull #%(id)s corrected.") % {"id": pull.pk})
                    return redirect("verdicts:page", pk=pull.pk)
            elif action == "second_opinion" and can_answer:
                opinion_form = SecondOpinionForm(request.POST, prefix="opinion")
                if opinion_form.is_valid():
                    answer_second_opinion(opinion=opinion, reviewer=request.user, **opinion_form.cleaned_data)
                    messages.success(request, _("Thank you: your second opinion is recorded."))
                    return redirect("verdicts:page", pk=pull.pk)
            else:
                messages.error(request, _("You may not do that on pull #%(id)s.") % {"id": pull.pk})
                return redirect("verdicts:page", pk=pull.pk)
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return redirect("verdicts:page", pk=pull.pk)
    earlier = selectors.earlier_verdicts_of(pull.pulled_by, before=pull)
    return TemplateResponse(
        request,
        "andon/verdicts/page.html",
        {
            "pull": pull,
            "current": current,
            "history": selectors.verdict_history(pull),
            "complaints": selectors.rule_complaints(pull),
            "snapshot": pull.rule_snapshot or {},
            "work_orders": selectors.work_order_outcomes(pull),
            "earlier": earlier,
            "earlier_categories": [(BadPullCategory(key).label, n) for key, n in sorted(earlier["categories"].items())],
            "can_judge": can_judge,
            "can_correct": can_correct,
            "can_answer": can_answer,
            "verdict_form": verdict_form,
            "correction_form": correction_form,
            "opinion_form": opinion_form,
        },
        status=400 if request.method == "POST" else 200,
    )
