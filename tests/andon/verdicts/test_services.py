"""The verdict on a pull: who gives it, what a bad pull undoes, corrections, and the audit trail."""

import pytest
from django.db import connection

from andon.models import BonusEntry, PullVerdict, WorkOrder
from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.verdicts.services import NotYourVerdict, correct_verdict, give_verdict
from flywheel.errors import Conflict, DomainError
from flywheel.models import AuditEvent, ListingState, Lot, Product
from members.factories import UserFactory
from members.models import Notification, Order

from .conftest import pull_by

pytestmark = pytest.mark.django_db

RF, BAD = Verdict.RULE_FOLLOWED, Verdict.BAD_PULL


def _pull(pull) -> AndonPull:
    return AndonPull.objects.get(pk=pull.pk)


def test_the_team_manager_gives_the_verdict_and_the_pull_carries_a_copy(people, held):
    pull, _order, _lots = held

    verdict = give_verdict(pull=pull, manager=people["manager"], outcome=RF, note="Two customers, same defect")

    saved = _pull(pull)
    assert (saved.verdict, saved.verdict_category, saved.verdict_at) == (RF, "", verdict.given_at)
    assert PullVerdict.objects.get(pull=pull, current=True).given_by == people["manager"]


def test_a_verdict_by_the_puller_is_refused(people, teams):
    # The north team's manager pulls the cord on their front-line day: still not their own judge.
    pull = pull_by(people["manager"])

    with pytest.raises(NotYourVerdict):
        give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    assert _pull(pull).verdict == ""
    assert not PullVerdict.objects.filter(pull=pull).exists()


def test_a_manager_of_another_team_may_not_judge_a_teams_pull(people, teams, held):
    pull, _order, _lots = held

    with pytest.raises(NotYourVerdict):
        give_verdict(pull=pull, manager=teams["south_manager"], outcome=RF)


def test_a_pull_by_someone_in_no_team_is_judged_by_another_manager(people, teams):
    pull = pull_by(people["manager"])  # the north manager is in no team as a member

    give_verdict(pull=pull, manager=teams["south_manager"], outcome=RF)

    assert _pull(pull).verdict == RF


def test_a_bad_pull_needs_a_category_and_rule_followed_has_none(people, held):
    pull, _order, _lots = held

    with pytest.raises(DomainError, match="which kind of bad pull"):
        give_verdict(pull=pull, manager=people["manager"], outcome=BAD)
    with pytest.raises(DomainError, match="no bad-pull category"):
        give_verdict(pull=pull, manager=people["manager"], outcome=RF, category=BadPullCategory.DUPLICATE)

    assert _pull(pull).verdict == ""


def test_a_second_verdict_is_refused_and_the_first_stands(people, held):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    with pytest.raises(Conflict):
        give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.ABUSE)

    assert list(PullVerdict.objects.filter(pull=pull).values_list("outcome", flat=True)) == [RF]


def test_a_note_with_unreadable_characters_is_refused(people, held):
    pull, _order, _lots = held

    with pytest.raises(DomainError, match="not readable"):
        give_verdict(pull=pull, manager=people["manager"], outcome=RF, note="ok\x00")


def test_a_bad_pull_relists_cancels_work_orders_and_releases_holds_at_once(people, held, django_capture_on_commit_callbacks):
    pull, order, lots = held
    assert Product.objects.get(pk=pull.product_id).listing_state != ListingState.LISTED

    with django_capture_on_commit_callbacks(execute=True):
        give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.CUSTOMER_MISUSE, note="Dropped in water")

    assert set(pull.work_orders.values_list("state", flat=True)) == {WorkOrder.State.CANCELLED}
    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.LISTED
    assert [Lot.objects.get(pk=lot.pk).blocked for lot in lots] == [False, False]
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    saved = _pull(pull)
    assert (saved.state, saved.relisted_at is not None) == (AndonPull.State.RESOLVED, True)
    assert Notification.objects.filter(recipient=order.customer, key__startswith="order-released:").exists()


def test_a_bad_pull_that_fails_midway_leaves_the_target_stopped(people, held, monkeypatch):
    """One transaction: when settling the ledger fails, nothing of the undo remains."""
    pull, order, _lots = held

    def broken(**kwargs):
        raise RuntimeError("ledger down")

    monkeypatch.setattr("andon.verdicts.services.settle_pull_bonus", broken)
    with pytest.raises(RuntimeError):
        give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.DUPLICATE)

    assert Product.objects.get(pk=pull.product_id).listing_state != ListingState.LISTED
    assert Order.objects.get(pk=order.pk).status == Order.Status.ON_HOLD
    assert not pull.work_orders.filter(state=WorkOrder.State.CANCELLED).exists()
    assert _pull(pull).verdict == ""


def test_a_bad_pull_touches_no_agent_figure_and_says_so(people, held, django_capture_on_commit_callbacks):
    pull, _order, _lots = held

    with django_capture_on_commit_callbacks(execute=True):
        give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.RULE_MISUNDERSTOOD)

    assert not BonusEntry.objects.filter(agent=people["agent"], amount__lt=0).exists()
    told = Notification.objects.get(recipient=people["agent"], key__startswith="verdict:")
    assert "no penalty" in told.body


def test_the_verdict_is_told_to_the_puller_in_their_language(people, held, django_capture_on_commit_callbacks):
    from members.models import Profile

    Profile.objects.update_or_create(user=people["agent"], defaults={"language": "zh-hans"})
    pull, _order, _lots = held

    with django_capture_on_commit_callbacks(execute=True):
        give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    told = Notification.objects.get(recipient=people["agent"], key__startswith="verdict:")
    assert "#%d" % pull.pk in told.subject and "verdict" not in told.subject.lower()


def test_a_correction_is_audited_and_updates_the_pulls_copy(people, teams, held):
    pull, _order, _lots = held
    first = give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.DUPLICATE)

    second = correct_verdict(pull=pull, actor=teams["south_manager"], outcome=RF, reason="Not a duplicate: different lot")

    saved = _pull(pull)
    assert (saved.verdict, saved.verdict_category) == (RF, "")
    assert PullVerdict.objects.get(pk=first.pk).current is False
    assert (second.corrects_id, second.current, second.correction_reason) == (first.pk, True, "Not a duplicate: different lot")
    audit = AuditEvent.objects.get(action="correct_verdict", object_id=str(pull.pk))
    assert (audit.actor, audit.from_state, audit.to_state, audit.note) == (teams["south_manager"], BAD, RF, "Not a duplicate: different lot")


def test_a_correction_needs_a_reason(people, teams, held):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    with pytest.raises(DomainError, match="Say why"):
        correct_verdict(pull=pull, actor=teams["south_manager"], outcome=BAD, category=BadPullCategory.ABUSE, reason="  ")


def test_the_author_and_the_puller_may_not_correct(people, held):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    for who in (people["manager"], people["agent"]):
        with pytest.raises(NotYourVerdict):
            correct_verdict(pull=pull, actor=who, outcome=BAD, category=BadPullCategory.ABUSE, reason="Second look")

    assert _pull(pull).verdict == RF


def test_an_executive_may_correct(people, held):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    correct_verdict(pull=pull, actor=UserFactory(roles=["executive"]), outcome=BAD, category=BadPullCategory.ABUSE, reason="Second look")

    assert _pull(pull).verdict == BAD


def test_a_correction_to_bad_pull_undoes_the_harm_of_an_open_pull(people, teams, held):
    pull, order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)
    assert Product.objects.get(pk=pull.product_id).listing_state != ListingState.LISTED

    correct_verdict(pull=pull, actor=teams["south_manager"], outcome=BAD, category=BadPullCategory.ABUSE, reason="Same customer twice")

    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.LISTED
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_a_correction_to_rule_followed_does_not_stop_the_target_again(people, teams, held):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.DUPLICATE)

    correct_verdict(pull=pull, actor=teams["south_manager"], outcome=RF, reason="It was real")

    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.LISTED
    assert _pull(pull).state == AndonPull.State.RESOLVED


def test_every_verdict_calls_the_ledger_once(people, teams, held, monkeypatch):
    pull, _order, _lots = held
    calls = []
    monkeypatch.setattr("andon.verdicts.services.settle_pull_bonus", lambda **kwargs: calls.append(kwargs))

    give_verdict(pull=pull, manager=people["manager"], outcome=RF)
    correct_verdict(pull=pull, actor=teams["south_manager"], outcome=BAD, category=BadPullCategory.ABUSE, reason="r")

    assert [(c["pull"].pk, c["actor"]) for c in calls] == [(pull.pk, people["manager"]), (pull.pk, teams["south_manager"])]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_verdict_racing_another_waits_for_it_then_is_refused(people, teams):
    """Deterministic: the first verdict holds the row locks until the second is seen waiting on them."""
    from django.db import transaction

    from tests.concurrency import in_thread, wait_until_a_connection_waits_on_a_row_lock

    superuser = UserFactory(username="boss", is_superuser=True, is_staff=True)
    pull = pull_by(people["agent"], stock=5)
    errors: list[BaseException] = []
    second = in_thread(lambda: give_verdict(pull=pull, manager=superuser, outcome=BAD, category=BadPullCategory.DUPLICATE), errors)

    with transaction.atomic():
        give_verdict(pull=pull, manager=people["manager"], outcome=RF)
        second.start()
        wait_until_a_connection_waits_on_a_row_lock()
    second.join()

    assert connection.vendor == "postgresql"
    assert list(PullVerdict.objects.filter(pull=pull).values_list("outcome", flat=True)) == [RF]
    assert [type(e) for e in errors] == [Conflict]
