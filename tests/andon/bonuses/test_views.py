"""The statement page and CSV, and the ledger's admin pages (approve, close a month, export, confirm paid)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from andon.bonuses.models import BonusEntry, PayrollBatch
from andon.bonuses.services import approve_bonus_entries, close_payroll_month, confirm_payroll_paid
from andon.pulls.models import Verdict
from members.factories import UserFactory

from .conftest import give_verdict, make_pull

NOVEMBER = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel("2026-11-10 10:00:00+08:00", tick=False):
        yield


def _paid_then_written_off(crew):
    pull = give_verdict(make_pull(crew["ann"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    confirm_payroll_paid(batch=close_payroll_month(month=NOVEMBER, actor=crew["executive"]), actor=crew["executive"])
    give_verdict(pull, Verdict.BAD_PULL, by=crew["other_lead"])
    return pull


def test_an_agent_reads_their_statement_with_a_write_off_shown_as_borne_by_the_company(crew, client):
    _paid_then_written_off(crew)
    client.force_login(crew["ann"])

    response = client.get(reverse("bonuses:statement"), {"month": "2026-11"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="total-paid">50.00<' in page
    assert 'data-testid="total-net">50.00<' in page
    assert "-50.00" not in page
    assert "borne by the company" in page


def test_an_agent_may_not_read_another_agents_statement(crew, client):
    client.force_login(crew["ann"])

    assert client.get(reverse("bonuses:statement"), {"agent": "bo"}).status_code == 403


def test_a_manager_reads_the_statement_of_an_agent_of_their_team_but_not_of_another(crew, client):
    client.force_login(crew["lead"])

    assert client.get(reverse("bonuses:statement"), {"agent": "bo"}).status_code == 200
    assert client.get(reverse("bonuses:statement"), {"agent": "carl"}).status_code == 403


def test_a_bad_month_is_a_message_not_an_error(crew, client):
    client.force_login(crew["ann"])

    response = client.get(reverse("bonuses:statement"), {"month": "2026-13"})

    assert response.status_code == 200
    assert "YYYY-MM" in response.content.decode()


def test_a_member_gets_403_on_the_statement(crew, client):
    client.force_login(UserFactory(username="shopper"))

    assert client.get(reverse("bonuses:statement")).status_code == 403


def test_the_statement_csv_lists_the_entries_and_totals_with_the_write_off_apart(crew, client):
    _paid_then_written_off(crew)
    client.force_login(crew["ann"])

    response = client.get(reverse("bonuses:statement-csv"), {"month": "2026-11"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    totals = {row[0]: row[4] for row in rows if row[0].startswith("total:")}
    assert (totals["total:paid"], totals["total:net"], totals["total:corrected_after_payment_borne_by_company"]) == (
        "50.00", "50.00", "50.00",
    )


def test_the_statement_page_runs_a_fixed_number_of_queries(crew, client, django_assert_num_queries):
    for _ in range(3):
        give_verdict(make_pull(crew["ann"], crew["bo"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    client.force_login(crew["ann"])
    client.get(reverse("bonuses:statement"))  # warm the session and the content types

    with django_assert_num_queries(8):
        client.get(reverse("bonuses:statement"), {"month": "2026-11"})
    give_verdict(make_pull(crew["ann"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    with django_assert_num_queries(8):
        client.get(reverse("bonuses:statement"), {"month": "2026-11"})


# --- admin ------------------------------------------------------------------------------------


def test_a_manager_approves_their_teams_entries_from_the_changelist(crew, client):
    give_verdict(make_pull(crew["ann"], crew["bo"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    client.force_login(crew["lead"])

    response = client.post(
        reverse("admin:andon_bonusentry_changelist"),
        {"action": "approve_selected", "_selected_action": list(BonusEntry.objects.values_list("pk", flat=True))},
        follow=True,
    )

    assert response.status_code == 200
    assert set(BonusEntry.objects.values_list("state", flat=True)) == {"approved"}


def test_a_manager_sees_only_their_teams_entries_in_the_changelist(crew, client):
    give_verdict(make_pull(crew["ann"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    give_verdict(make_pull(crew["carl"]), Verdict.RULE_FOLLOWED, by=crew["other_lead"])
    client.force_login(crew["lead"])

    response = client.get(reverse("admin:andon_bonusentry_changelist"))

    assert [entry.agent.username for entry in response.context["cl"].result_list] == ["ann"]


def test_an_entry_cannot_be_edited_in_the_admin(crew, client):
    give_verdict(make_pull(crew["ann"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    entry = BonusEntry.objects.get()
    client.force_login(crew["executive"])

    client.post(reverse("admin:andon_bonusentry_change", args=[entry.pk]), {"amount": "500.00"})

    entry.refresh_from_db()
    assert entry.amount == Decimal("50.00")


def test_the_bonus_changelist_runs_a_fixed_number_of_queries(crew, client, django_assert_num_queries):
    for _ in range(3):
        give_verdict(make_pull(crew["ann"], crew["bo"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    client.force_login(crew["executive"])
    url = reverse("admin:andon_bonusentry_changelist")
    client.get(url)

    with django_assert_num_queries(8):
        client.get(url, {"month": "2026-11"})
    for _ in range(3):
        give_verdict(make_pull(crew["carl"]), Verdict.RULE_FOLLOWED, by=crew["other_lead"])
    with django_assert_num_queries(8):
        client.get(url, {"month": "2026-11"})


def test_an_executive_closes_a_month_from_the_admin(crew, client):
    give_verdict(make_pull(crew["ann"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    client.force_login(crew["executive"])

    assert client.get(reverse("admin:andon_payrollbatch_close_month")).status_code == 200
    response = client.post(reverse("admin:andon_payrollbatch_close_month"), {"month": "2026-11"})

    assert response.status_code == 302
    assert PayrollBatch.objects.get().total == Decimal("50.00")


def test_closing_a_month_with_nothing_waiting_says_so_on_the_page(crew, client):
    client.force_login(crew["executive"])

    response = client.post(reverse("admin:andon_payrollbatch_close_month"), {"month": "2026-11"})

    assert response.status_code == 200
    assert "waiting for payroll" in response.content.decode()
    assert not PayrollBatch.objects.exists()


def test_a_manager_cannot_open_the_payroll_batches(crew, client):
    client.force_login(crew["lead"])

    assert client.get(reverse("admin:andon_payrollbatch_close_month")).status_code == 403


def test_the_admin_exports_a_batch_and_confirms_it_paid(crew, client):
    give_verdict(make_pull(crew["ann"], crew["bo"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    batch = close_payroll_month(month=NOVEMBER, actor=crew["executive"])
    client.force_login(crew["executive"])

    exported = client.get(reverse("admin:andon_payrollbatch_export", args=[batch.pk]))
    client.post(reverse("admin:andon_payrollbatch_changelist"), {"action": "confirm_paid_selected", "_selected_action": [batch.pk]})

    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert sum(Decimal(row["amount_cny"]) for row in rows) == batch.total == Decimal("60.00")
    batch.refresh_from_db()
    assert batch.state == "paid"


def test_the_payroll_changelist_runs_a_fixed_number_of_queries(crew, client, django_assert_num_queries):
    client.force_login(crew["executive"])
    url = reverse("admin:andon_payrollbatch_changelist")
    for agent in (crew["ann"], crew["bo"]):
        give_verdict(make_pull(agent), Verdict.RULE_FOLLOWED, by=crew["lead"])
        approve_bonus_entries(entry_ids=BonusEntry.objects.filter(state="accrued").values_list("pk", flat=True), actor=crew["lead"])
        close_payroll_month(month=NOVEMBER, actor=crew["executive"])
        client.get(url)
        with django_assert_num_queries(9):
            client.get(url)
