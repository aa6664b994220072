"""The bonus ledger and payroll runs through the API: scopes, bulk approval, payroll runs, 4xx answers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from andon.bonuses.models import BonusEntry, PayrollBatch
from andon.bonuses.services import approve_bonus_entries, close_payroll_month
from andon.pulls.models import Verdict

from .conftest import give_verdict, make_pull

NOVEMBER = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel("2026-11-10 10:00:00+08:00", tick=False):
        yield


@pytest.fixture
def ledger(crew):
    """ann pulled with a "+1" by bo (team A), carl pulled (team B); every verdict rule followed."""
    give_verdict(make_pull(crew["ann"], crew["bo"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    give_verdict(make_pull(crew["carl"]), Verdict.RULE_FOLLOWED, by=crew["other_lead"])
    return crew


def test_an_agent_reads_only_their_own_entries(ledger, api_for):
    response = api_for(ledger["bo"]).get(reverse("api-bonuses-mine"))

    assert response.status_code == 200
    assert [(row["agent"], row["amount"], row["kind"]) for row in response.json()["results"]] == [("bo", "10.00", "accrual")]


def test_a_manager_reads_their_teams_entries(ledger, api_for):
    response = api_for(ledger["lead"]).get(reverse("api-bonuses-team"), {"state": "accrued"})

    assert sorted(row["agent"] for row in response.json()["results"]) == ["ann", "bo"]


def test_an_agent_gets_403_on_the_teams_entries(ledger, api_for):
    assert api_for(ledger["ann"]).get(reverse("api-bonuses-team")).status_code == 403


def test_a_bad_month_filter_is_a_400(ledger, api_for):
    response = api_for(ledger["lead"]).get(reverse("api-bonuses-team"), {"month": "November"})

    assert response.status_code == 400


def test_the_statement_in_the_api_has_the_pages_totals(ledger, api_for):
    response = api_for(ledger["ann"]).get(reverse("api-bonus-statement"), {"month": "2026-11"})

    body = response.json()
    assert (body["period"], body["totals"]["accrued"], body["totals"]["awaiting_approval"], len(body["entries"])) == (
        "2026-11", "50.00", "50.00", 1,
    )


def test_a_manager_may_not_read_the_statement_of_another_teams_agent(ledger, api_for):
    assert api_for(ledger["lead"]).get(reverse("api-bonus-statement"), {"agent": "carl"}).status_code == 403


def test_an_unknown_agents_statement_is_a_404(ledger, api_for):
    assert api_for(ledger["executive"]).get(reverse("api-bonus-statement"), {"agent": "nobody"}).status_code == 404


def test_a_manager_approves_in_bulk(ledger, api_for):
    ids = list(BonusEntry.objects.filter(pull__team_manager=ledger["lead"]).values_list("pk", flat=True))

    response = api_for(ledger["lead"]).post(reverse("api-bonuses-approve"), {"entries": ids}, format="json")

    assert (response.status_code, response.json()) == (200, {"approved": 2})


def test_approving_another_teams_entry_is_a_403_and_approves_nothing(ledger, api_for):
    ids = list(BonusEntry.objects.values_list("pk", flat=True))

    response = api_for(ledger["lead"]).post(reverse("api-bonuses-approve"), {"entries": ids}, format="json")

    assert response.status_code == 403
    assert not BonusEntry.objects.filter(state="approved").exists()


def test_approving_nothing_is_a_400(ledger, api_for):
    assert api_for(ledger["lead"]).post(reverse("api-bonuses-approve"), {"entries": []}, format="json").status_code == 400


def test_an_executive_closes_a_month_exports_it_and_confirms_it_paid(ledger, api_for):
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=ledger["executive"])
    api = api_for(ledger["executive"])

    closed = api.post(reverse("api-payroll-batches"), {"month": "2026-11"}, format="json")
    batch_id = closed.json()["id"]
    exported = api.get(reverse("api-payroll-batch-export", args=[batch_id]))
    paid = api.post(reverse("api-payroll-batch-confirm-paid", args=[batch_id]))

    assert (closed.status_code, closed.json()["total"], closed.json()["entry_count"]) == (201, "110.00", 3)
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert sum(Decimal(row["amount_cny"]) for row in rows) == Decimal("110.00")
    assert {row["cost_centre"] for row in rows} == {"CC-TEAM-A", "CC-TEAM-B"}
    assert (paid.status_code, paid.json()["state"]) == (200, "paid")
    assert api.get(reverse("api-payroll-batches")).json()[0]["state"] == "paid"


def test_closing_a_month_twice_with_nothing_new_is_a_409(ledger, api_for):
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=ledger["executive"])
    close_payroll_month(month=NOVEMBER, actor=ledger["executive"])

    response = api_for(ledger["executive"]).post(reverse("api-payroll-batches"), {"month": "2026-11"}, format="json")

    assert response.status_code == 409
    assert PayrollBatch.objects.count() == 1


def test_confirming_a_paid_batch_again_is_a_409(ledger, api_for):
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=ledger["executive"])
    batch = close_payroll_month(month=NOVEMBER, actor=ledger["executive"])
    api = api_for(ledger["executive"])
    api.post(reverse("api-payroll-batch-confirm-paid", args=[batch.pk]))

    assert api.post(reverse("api-payroll-batch-confirm-paid", args=[batch.pk])).status_code == 409


def test_a_manager_gets_403_on_payroll_runs(ledger, api_for):
    assert api_for(ledger["lead"]).post(reverse("api-payroll-batches"), {"month": "2026-11"}, format="json").status_code == 403


def test_an_unknown_batch_is_a_404(ledger, api_for):
    assert api_for(ledger["executive"]).get(reverse("api-payroll-batch-export", args=[424242])).status_code == 404
