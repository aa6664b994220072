"""The root-cause review page: whys, the cause, corrective actions, completion."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from flywheel.errors import DomainError
from members.access import staff_required

from . import selectors
from .forms import CorrectiveActionForm, RootCauseForm, WhyForm
from .models import CorrectiveAction, RootCauseReview
from .policy import MINIMUM_WHYS, may_edit_review, review_checklist
from .services import add_corrective_action, add_why, complete_review, set_corrective_action_status, set_root_cause


# --- The root-cause review -----------------------------------------------------------------


def _review_or_404(pk: int) -> RootCauseReview:
    review = selectors.review_for_page(pk=pk)
    if review is None:
        raise Http404(_("No root-cause review with this number."))
    return review


def _render_review(request, review: RootCauseReview, *, why_form=None, cause_form=None, action_form=None, status: int = 200):
    user = request.user
    editable = review.state == RootCauseReview.State.OPEN and may_edit_review(user, review)
    whys = list(review.whys.all())
    actions = selectors.review_actions(review)
    today = timezone.localdate()
    return render(
        request,
        "work/review.html",
        {
            "review": review,
            "pull": review.pull,
            "whys": whys,
            "actions": [(action, action.is_overdue(today)) for action in actions],
            "editable": editable,
            "action_statuses": CorrectiveAction.Status.choices,
            "minimum_whys": MINIMUM_WHYS,
            "checklist": [
                (item.label, item.done)
                for item in review_checklist(
                    whys=len(whys), cause_category=review.cause_category, root_cause=review.root_cause, actions=len(actions)
                )
            ],
            "why_form": why_form or WhyForm(),
            "cause_form": cause_form or RootCauseForm(initial={"cause_category": review.cause_category, "root_cause": review.root_cause}),
            "action_form": action_form or (CorrectiveActionForm() if editable else None),
            "work_orders": list(review.pull.work_orders.order_by("pk")),
        },
        status=status,
    )


@staff_required
@require_GET
def review_detail(request, pk: int):
    return _render_review(request, _review_or_404(pk))


def _review_change(request, review: RootCauseReview, call, done: str, *, rerender) -> HttpResponse:
    try:
        call()
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return rerender(status=refusal.status_code)
    messages.success(request, done)
    return redirect("work:review", pk=review.pk)


@staff_required
@require_POST
def review_add_why(request, pk: int):
    review = _review_or_404(pk)
    form = WhyForm(request.POST)
    rerender = partial(_render_review, request, review, why_form=form)
    if not form.is_valid():
        return rerender(status=400)
    data = form.cleaned_data
    return _review_change(
        request, review, lambda: add_why(review=review, actor=request.user, question=data["question"], answer=data["answer"]),
        _("Why step added."), rerender=rerender,
    )


@staff_required
@require_POST
def review_set_cause(request, pk: int):
    review = _review_or_404(pk)
    form = RootCauseForm(request.POST)
    rerender = partial(_render_review, request, review, cause_form=form)
    if not form.is_valid():
        return rerender(status=400)
    data = form.cleaned_data
    return _review_change(
        request, review,
        lambda: set_root_cause(review=review, actor=request.user, cause_category=data["cause_category"], root_cause=data["root_cause"]),
        _("Root cause saved."), rerender=rerender,
    )


@staff_required
@require_POST
def review_add_action(request, pk: int):
    review = _review_or_404(pk)
    form = CorrectiveActionForm(request.POST)
    rerender = partial(_render_review, request, review, action_form=form)
    if not form.is_valid():
        return rerender(status=400)
    data = form.cleaned_data
    return _review_change(
        request, review,
        lambda: add_corrective_action(
            review=review, actor=request.user, description=data["description"], owner=data["owner"], due_on=data["due_on"]
        ),
        _("Corrective action added."), rerender=rerender,
    )


@staff_required
@require_POST
def review_action_status(request, pk: int, action_pk: int):
    review = _review_or_404(pk)
    action = get_object_or_404(review.actions, pk=action_pk)
    return _review_change(
        request, review,
        lambda: set_corrective_action_status(action=action, actor=request.user, status=request.POST.get("status", "")),
        _("Corrective action updated."), rerender=partial(_render_review, request, review),
    )


@staff_required
@require_POST
def review_complete(request, pk: int):
    review = _review_or_404(pk)
    return _review_change(
        request, review, lambda: complete_review(review=review, actor=request.user), _("The review is complete."),
        rerender=partial(_render_review, request, review),
    )
