"""The agent console through its URLs, as an agent uses it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from flywheel.factories import PartnerFactory, ProductFactory
from members.factories import OrderFactory, UserFactory
from members.models import Coupon
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory
from tickets.models import Compensation, Complaint
from tickets.complaints.services import resolve_complaint

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def rule_status_of(response) -> str:
    """The data-met value of the first rule-status block on the page ("true" or "false")."""
    text = page_text(response)
    start = text.index('data-testid="rule-status"')
    return text[start:].split('data-met="', 1)[1].split('"', 1)[0]


# --- Who may use the console ------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["tickets:queue", "tickets:complaint-new"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


@pytest.mark.parametrize("roles", [[], ["vendor_manager"], ["warehouse"], ["executive"]])
def test_the_console_is_forbidden_to_anyone_but_agents_and_managers(client, roles):
    client.force_login(UserFactory(username="someone", roles=roles))

    assert client.get(reverse("tickets:queue")).status_code == 403


def test_a_member_cannot_open_a_complaint_page(client, product):
    complaint = ComplaintFactory(product=product)
    client.force_login(UserFactory(username="member"))

    assert client.get(reverse("tickets:complaint", args=[complaint.pk])).status_code == 403


def test_a_manager_can_use_the_console(client, product):
    ComplaintFactory(product=product)
    client.force_login(UserFactory(username="lead", roles=["manager"]))

    response = client.get(reverse("tickets:queue"))

    assert response.status_code == 200
    assert "The Silent River" in page_text(response)


def test_staff_see_a_console_link_in_the_storefront_header(client):
    client.force_login(UserFactory(username="agent2", roles=["agent"]))

    assert 'data-testid="console-link"' in page_text(client.get(reverse("members:catalog")))


def test_members_see_no_console_link(customer_client):
    assert 'data-testid="console-link"' not in page_text(customer_client.get(reverse("members:catalog")))


def test_back_office_staff_see_work_orders_but_no_console_link_they_could_not_open(client):
    client.force_login(UserFactory(username="wh2", roles=["warehouse"]))

    page = page_text(client.get(reverse("members:catalog")))

    assert ('data-testid="console-link"' in page, 'data-testid="work-orders-link"' in page) == (False, True)


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_lists_open_complaints_and_not_resolved_ones(agent_client, agent, product):
    open_one = ComplaintFactory(product=product, text="Pages uncut")
    done = ComplaintFactory(product=ProductFactory(title="Enamel kettle"))
    resolve_complaint(complaint=done, actor=agent)

    response = agent_client.get(reverse("tickets:queue"))

    assert f'data-complaint="{open_one.pk}"' in page_text(response)
    assert f'data-complaint="{done.pk}"' not in page_text(response)


def test_the_queue_marks_the_rows_whose_rule_is_met(agent_client, product):
    code = IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code)
    ComplaintFactory(product=product, issue_code=code)
    ComplaintFactory(product=ProductFactory(), issue_code=code)

    response = agent_client.get(reverse("tickets:queue"))

    assert page_text(response).count('data-testid="rule-badge" data-met="true"') == 2
    assert page_text(response).count('data-testid="rule-badge" data-met="false"') == 1


def test_the_rule_met_filter_keeps_only_complaints_whose_rule_is_met(agent_client, product):
    code = IssueCodeFactory(code="print-defect")
    first = ComplaintFactory(product=product, issue_code=code)
    second = ComplaintFactory(product=product, issue_code=code)
    lonely = ComplaintFactory(product=ProductFactory(), issue_code=code)

    response = agent_client.get(reverse("tickets:queue"), {"rule": "on"})

    rows = page_text(response)
    assert (f'data-complaint="{first.pk}"' in rows, f'data-complaint="{second.pk}"' in rows) == (True, True)
    assert f'data-complaint="{lonely.pk}"' not in rows


def test_an_old_complaint_outside_the_window_does_not_count_for_the_rule(agent_client, product):
    code = IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code, created_at=timezone.now() - timedelta(days=45))
    recent = ComplaintFactory(product=product, issue_code=code)

    response = agent_client.get(reverse("tickets:queue"), {"rule": "on"})

    assert f'data-complaint="{recent.pk}"' not in page_text(response)


def test_the_queue_filters_by_issue_code_and_target_kind(agent_client, product):
    print_defect = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="print-defect"))
    late = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="late-delivery"))
    partner = ComplaintFactory(partner=PartnerFactory(), issue_code=IssueCodeFactory(code="print-defect"))

    by_issue = page_text(agent_client.get(reverse("tickets:queue"), {"issue": "late-delivery"}))
    by_kind = page_text(agent_client.get(reverse("tickets:queue"), {"kind": "partner"}))

    assert [f'data-complaint="{c.pk}"' in by_issue for c in (print_defect, late, partner)] == [False, True, False]
    assert [f'data-complaint="{c.pk}"' in by_kind for c in (print_defect, late, partner)] == [False, False, True]


def test_the_queue_filters_mine_and_unassigned(agent_client, agent, product):
    mine = ComplaintFactory(product=product, taken_by=agent)
    theirs = ComplaintFactory(product=product, taken_by=UserFactory(roles=["agent"]))
    nobody = ComplaintFactory(product=product)

    mine_page = page_text(agent_client.get(reverse("tickets:queue"), {"assigned": "mine"}))
    unassigned_page = page_text(agent_client.get(reverse("tickets:queue"), {"assigned": "unassigned"}))

    assert [f'data-complaint="{c.pk}"' in mine_page for c in (mine, theirs, nobody)] == [True, False, False]
    assert [f'data-complaint="{c.pk}"' in unassigned_page for c in (mine, theirs, nobody)] == [False, False, True]


def test_the_queue_finds_complaints_by_customer_and_by_product(agent_client, product):
    by_mei = ComplaintFactory(product=ProductFactory(title="Steel wok"), customer=UserFactory(username="mei.lin"))
    about_river = ComplaintFactory(product=product)

    by_customer = page_text(agent_client.get(reverse("tickets:queue"), {"q": "mei.lin"}))
    by_product = page_text(agent_client.get(reverse("tickets:queue"), {"q": "silent river"}))

    assert (f'data-complaint="{by_mei.pk}"' in by_customer, f'data-complaint="{about_river.pk}"' in by_customer) == (True, False)
    assert (f'data-complaint="{by_mei.pk}"' in by_product, f'data-complaint="{about_river.pk}"' in by_product) == (False, True)


def test_an_unknown_filter_value_is_ignored(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.get(reverse("tickets:queue"), {"issue": "no-such-code", "channel": "fax"})

    assert response.status_code == 200
    assert f'data-complaint="{complaint.pk}"' in page_text(response)


def _queue_rows(count: int) -> None:
    code = IssueCodeFactory(code="print-defect")
    products = [ProductFactory(), ProductFactory(), PartnerFactory(), ProcessFactory()]
    for i in range(count):
        target = products[i % len(products)]
        kind = {"Product": "product", "Partner": "partner", "Process": "process"}[type(target).__name__]
        ComplaintFactory(**{kind: target}, issue_code=code, taken_by=UserFactory(roles=["agent"]) if i % 3 else None)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_queue_runs_the_same_queries_for_5_and_50_complaints(agent_client, django_assert_num_queries, rows):
    _queue_rows(rows)

    # session, user, roles, cart count, the page's rows, their count, the issue codes of the filter.
    with django_assert_num_queries(7):
        response = agent_client.get(reverse("tickets:queue"))

    assert page_text(response).count('data-testid="queue-row"') == min(rows, 25)


# --- A complaint's page -------------------------------------------------------------------------


def test_the_complaint_page_shows_the_customer_the_order_and_the_product(agent_client, product):
    customer = UserFactory(username="mei.lin", email="mei@example.com")
    complaint = ComplaintFactory(product=product, customer=customer)

    response = agent_client.get(reverse("tickets:complaint", args=[complaint.pk]))

    text = page_text(response)
    assert "mei@example.com" in text
    assert complaint.order_line.order.number in text
    assert "The Silent River" in text and "BOOK-RIVER" in text
    assert 'data-testid="andon-panel"' in text


def test_the_complaint_page_shows_the_rule_met_for_two_customers(agent_client, product):
    code = IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code)
    complaint = ComplaintFactory(product=product, issue_code=code)

    response = agent_client.get(reverse("tickets:complaint", args=[complaint.pk]))

    assert rule_status_of(response) == "true"
    assert "Rule met" in page_text(response)


def test_the_complaint_page_shows_the_rule_not_met_for_one_customer_twice(agent_client, product):
    code, customer = IssueCodeFactory(code="print-defect"), UserFactory(username="twice")
    ComplaintFactory(product=product, issue_code=code, customer=customer)
    complaint = ComplaintFactory(product=product, issue_code=code, customer=customer)

    response = agent_client.get(reverse("tickets:complaint", args=[complaint.pk]))

    assert rule_status_of(response) == "false"
    assert "Rule not met" in page_text(response)


def test_the_complaint_page_lists_the_matching_complaints(agent_client, product):
    code = IssueCodeFactory(code="print-defect")
    other = ComplaintFactory(product=product, issue_code=code)
    complaint = ComplaintFactory(product=product, issue_code=code)
    unrelated = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="late-delivery"))

    text = page_text(agent_client.get(reverse("tickets:complaint", args=[complaint.pk])))

    assert f'data-testid="rule-match" data-complaint="{other.pk}"' in text
    assert f'data-testid="rule-match" data-complaint="{unrelated.pk}"' not in text


def test_the_complaint_page_shows_the_gmv_at_stake(agent_client, product):
    complaint = ComplaintFactory(product=product)  # one unit at 50.00
    OrderFactory(lines=[(product, 3)])

    text = page_text(agent_client.get(reverse("tickets:complaint", args=[complaint.pk])))

    assert 'data-testid="gmv-at-stake">¥200.00<' in text


def test_an_unknown_complaint_is_a_404(agent_client):
    assert agent_client.get(reverse("tickets:complaint", args=[999999])).status_code == 404


# --- Resolve, close, reopen ---------------------------------------------------------------------


def test_resolving_a_complaint_through_the_page(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(reverse("tickets:complaint-transition", args=[complaint.pk, "resolve"]), follow=True)

    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.RESOLVED
    assert f"Complaint #{complaint.pk} is resolved." in page_text(response)


def test_closing_an_open_complaint_shows_why_and_changes_nothing(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(reverse("tickets:complaint-transition", args=[complaint.pk, "close"]), follow=True)

    assert response.status_code == 200
    assert "Cannot close complaint: it is open." in page_text(response)
    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.OPEN


def test_an_unknown_transition_is_a_404(agent_client, product):
    complaint = ComplaintFactory(product=product)

    assert agent_client.post(reverse("tickets:complaint-transition", args=[complaint.pk, "delete"])).status_code == 404


def test_a_member_cannot_resolve_a_complaint(client, product):
    complaint = ComplaintFactory(product=product)
    client.force_login(UserFactory(username="member"))

    response = client.post(reverse("tickets:complaint-transition", args=[complaint.pk, "resolve"]))

    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.OPEN


# --- Compensation -------------------------------------------------------------------------------


def test_granting_a_coupon_shows_it_with_its_cost(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(
        reverse("tickets:complaint-compensate", args=[complaint.pk]), {"kind": "coupon", "amount": "5.00"}, follow=True
    )

    assert Coupon.objects.get(customer=complaint.customer).amount == Decimal("5.00")
    assert 'data-testid="grant-row" data-kind="coupon"' in page_text(response)
    assert "¥5.00" in page_text(response)


def test_a_refund_defaults_to_the_line_total(agent_client, product):
    complaint = ComplaintFactory(product=product)

    text = page_text(agent_client.get(reverse("tickets:complaint", args=[complaint.pk])))

    assert 'id="refund-amount" type="number" name="amount" min="0.01" step="0.01" value="50.00"' in text


def test_a_grant_over_the_daily_limit_is_refused_in_the_panel(agent_client, product, settings):
    settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY = Decimal("10")
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(
        reverse("tickets:complaint-compensate", args=[complaint.pk]), {"kind": "coupon", "amount": "25.00"}
    )

    assert response.status_code == 400
    assert 'data-testid="compensation-error"' in page_text(response)
    assert "daily compensation limit" in page_text(response)
    assert Compensation.objects.count() == 0


def test_a_coupon_without_an_amount_is_refused(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(reverse("tickets:complaint-compensate", args=[complaint.pk]), {"kind": "coupon"})

    assert response.status_code == 400
    assert "Give the coupon&#x27;s amount" in page_text(response)
    assert Compensation.objects.count() == 0


# --- Filing a complaint -------------------------------------------------------------------------


def test_the_new_complaint_page_finds_customers_by_email(agent_client):
    mei = UserFactory(username="mei.lin", email="mei.lin@example.com")
    UserFactory(username="bo")

    response = agent_client.get(reverse("tickets:complaint-new"), {"customer_q": "mei.lin@"})

    assert f"?customer={mei.pk}" in page_text(response)
    assert page_text(response).count('data-testid="customer-result"') == 1


def test_filing_a_complaint_about_an_order_line(agent_client, agent, product):
    mei = UserFactory(username="mei.lin")
    line = OrderFactory(customer=mei, lines=[(product, 1)]).lines.get()
    code = IssueCodeFactory(code="print-defect")

    response = agent_client.post(
        reverse("tickets:complaint-new"),
        {"customer": mei.pk, "order_line": line.pk, "issue_code": code.pk, "channel": "phone", "text": "Pages uncut"},
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tickets:complaint", args=[complaint.pk])
    assert (complaint.customer, complaint.product, complaint.taken_by, complaint.text) == (mei, product, agent, "Pages uncut")


def test_a_complaint_about_someone_elses_order_line_is_refused(agent_client, product):
    mei, bo = UserFactory(username="mei.lin"), UserFactory(username="bo")
    bos_line = OrderFactory(customer=bo, lines=[(product, 1)]).lines.get()

    response = agent_client.post(
        reverse("tickets:complaint-new"),
        {"customer": mei.pk, "order_line": bos_line.pk, "issue_code": IssueCodeFactory().pk, "channel": "phone", "text": "x"},
    )

    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_a_complaint_must_be_about_exactly_one_thing(agent_client, product):
    mei = UserFactory(username="mei.lin")
    line = OrderFactory(customer=mei, lines=[(product, 1)]).lines.get()

    response = agent_client.post(
        reverse("tickets:complaint-new"),
        {"customer": mei.pk, "order_line": line.pk, "partner": PartnerFactory().pk, "issue_code": IssueCodeFactory().pk,
         "channel": "phone", "text": "Both?"},
    )

    assert response.status_code == 400
    assert "Choose exactly one thing" in page_text(response)
    assert Complaint.objects.count() == 0


# --- A product, for the agent -------------------------------------------------------------------


def test_the_agent_product_page_groups_open_complaints_by_issue_with_the_rule_per_issue(agent_client, product):
    print_defect, late = IssueCodeFactory(code="print-defect"), IssueCodeFactory(code="late-delivery")
    ComplaintFactory(product=product, issue_code=print_defect)
    ComplaintFactory(product=product, issue_code=print_defect)
    ComplaintFactory(product=product, issue_code=late)

    text = page_text(agent_client.get(reverse("tickets:product", args=[product.sku])))

    assert text.count('data-testid="issue-group"') == 2
    assert text.count('data-testid="andon-panel"') == 3  # one per issue, and the cord for any issue
    assert 'data-issue="print-defect"' in text and 'data-issue="late-delivery"' in text
    assert text.count('data-testid="rule-status" data-met="true"') == 1
    assert text.count('data-testid="rule-status" data-met="false"') == 1
