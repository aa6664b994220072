"""The cord and the board through their URLs: one click, one line, the product stops in the same request."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from andon.models import AndonPull, AndonWarning, PullSupport
from andon.pulls.services import pull_andon
from flywheel.factories import PartnerFactory, ProductFactory
from flywheel.models import ListingState, Partner, Product
from members.errors import NotBuyable
from members.factories import OrderFactory, UserFactory
from members.cart.services import add_to_cart
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory
from tickets.models import Process

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# Session, user, roles, the product, its open complaints, the header's counts; then the cords: the
# open pull, the 30-day GMV, the rule's complaints for every issue at once, the active issue codes.
PRODUCT_PAGE_QUERIES = 10


@pytest.fixture
def product(db):
    return ProductFactory(title="The Silent River", sku="BOOK-RIVER", price=Decimal("50.00"))


@pytest.fixture
def complaint(product):
    return ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="print-defect"))


def page_text(response) -> str:
    return response.content.decode()


def pull_url(complaint) -> str:
    return reverse("andon:complaint-pull", args=[complaint.pk])


def listing_state(product) -> str:
    return Product.objects.get(pk=product.pk).listing_state


# --- Pulling from a complaint ---------------------------------------------------------------------


def test_a_pull_takes_the_product_off_the_storefront_in_the_same_request(agent_client, complaint, product, customer):
    agent_client.post(pull_url(complaint), {"reason": "Pages 100-101 uncut"}, **HTMX)

    storefront = page_text(agent_client.get(reverse("members:product", args=[product.sku])))
    assert 'data-testid="unavailable"' in storefront
    assert 'data-testid="add-to-cart"' not in storefront
    with pytest.raises(NotBuyable):
        add_to_cart(customer=customer, product=product)


def test_an_htmx_pull_answers_with_the_panel_showing_the_result(agent_client, complaint):
    response = agent_client.post(pull_url(complaint), {"reason": "Pages 100-101 uncut"}, **HTMX)

    pull = AndonPull.objects.get()
    text = page_text(response)
    assert response.status_code == 200
    assert text.lstrip().startswith("<section") and "<html" not in text
    assert f'id="andon-panel-complaint-{complaint.pk}"' in text
    assert f"Pulled - product off sale: pull #{pull.pk}" in text
    assert 'data-testid="andon-result"' in text


def test_an_htmx_pull_also_updates_the_listing_state_shown_on_the_page(agent_client, complaint, product):
    text = page_text(agent_client.post(pull_url(complaint), {"reason": "Pages uncut"}, **HTMX))

    assert f'id="listing-state-{product.pk}"' in text and 'hx-swap-oob="true"' in text
    assert 'data-state="under_review"' in text


def test_a_plain_pull_without_javascript_redirects_back_with_a_message(agent_client, complaint):
    page = reverse("tickets:complaint", args=[complaint.pk])

    response = agent_client.post(pull_url(complaint), {"reason": "Pages uncut", "next": page})

    pull = AndonPull.objects.get()
    assert (response.status_code, response["Location"]) == (302, page)
    followed = page_text(agent_client.get(page))
    assert f"Pulled - product off sale: pull #{pull.pk}" in followed
    assert f"This complaint is already on pull #{pull.pk}." in followed


def test_a_plain_pull_never_redirects_to_another_site(agent_client, complaint):
    response = agent_client.post(pull_url(complaint), {"reason": "Pages uncut", "next": "https://evil.example/"})

    assert response["Location"] == reverse("tickets:complaint", args=[complaint.pk])


def test_the_pull_records_the_agent_the_complaint_and_the_folded_reason(agent_client, agent, complaint):
    agent_client.post(pull_url(complaint), {"reason": "  Pages 100-101\r\nuncut\n "}, **HTMX)

    pull = AndonPull.objects.get()
    assert (pull.reason, pull.pulled_by, pull.issue_code) == ("Pages 100-101 uncut", agent, complaint.issue_code)
    assert list(pull.supports.values_list("complaint", flat=True)) == [complaint.pk]


def test_a_pull_on_a_partner_complaint_hides_the_partner(agent_client):
    partner = PartnerFactory()
    complaint = ComplaintFactory(partner=partner, issue_code=IssueCodeFactory(code="rude-service"))

    text = page_text(agent_client.post(pull_url(complaint), {"reason": "Overcharged twice"}, **HTMX))

    assert Partner.objects.get(pk=partner.pk).listing_state == ListingState.UNDER_REVIEW
    assert "Pulled - partner hidden from the app" in text


def test_a_pull_on_a_process_complaint_turns_it_red(agent_client):
    process = ProcessFactory()
    complaint = ComplaintFactory(process=process, issue_code=IssueCodeFactory(code="late-delivery"))

    agent_client.post(pull_url(complaint), {"reason": "Returns stuck"}, **HTMX)

    assert Process.objects.get(pk=process.pk).lamp == Process.Lamp.RED


# --- +1 ---------------------------------------------------------------------------------------------


def test_the_button_offers_to_join_an_open_pull(agent_client, product):
    issue_code = IssueCodeFactory(code="print-defect")
    first = pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=product, issue_code=issue_code), reason="Uncut").pull
    later = ComplaintFactory(product=product, issue_code=issue_code)  # filed after the pull: not on it yet

    text = page_text(agent_client.get(reverse("tickets:complaint", args=[later.pk])))

    assert f"+1 (join pull #{first.pk})" in text


def test_a_complaint_that_met_the_rule_when_pulled_is_shown_on_the_pull(agent_client, product, complaint):
    first = pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Uncut").pull

    text = page_text(agent_client.get(reverse("tickets:complaint", args=[complaint.pk])))

    assert f"This complaint is already on pull #{first.pk}." in text


def test_a_second_pull_through_the_view_adds_a_plus_one(agent_client, agent, product, complaint):
    first = pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Uncut").pull

    response = agent_client.post(pull_url(complaint), {"reason": "Same here"}, **HTMX)

    assert AndonPull.objects.count() == 1
    assert PullSupport.objects.filter(pull=first, agent=agent, complaint=complaint).exists()
    assert f"+1 added to pull #{first.pk}" in page_text(response)
    assert "2 complaints" in page_text(response)


# --- Pulling from the agent's product page ------------------------------------------------------------


def test_a_pull_from_the_product_page_takes_the_issue_code_of_its_panel(agent_client, agent, product):
    late = IssueCodeFactory(code="late-delivery")
    ComplaintFactory(product=product, issue_code=late)

    response = agent_client.post(
        reverse("andon:product-pull", args=[product.sku]), {"reason": "Every order late", "issue_code": late.pk}, **HTMX
    )

    pull = AndonPull.objects.get()
    assert (pull.product, pull.issue_code, pull.pulled_by) == (product, late, agent)
    assert listing_state(product) == ListingState.UNDER_REVIEW
    assert f'id="andon-panel-product-{product.pk}-{late.pk}"' in page_text(response)


def test_a_product_pull_without_an_issue_code_is_refused(agent_client, product):
    response = agent_client.post(reverse("andon:product-pull", args=[product.sku]), {"reason": "Why"})

    assert response.status_code == 400
    assert (AndonPull.objects.count(), listing_state(product)) == (0, ListingState.LISTED)


# --- Who may pull -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("roles", [[], ["vendor_manager"]])
def test_members_and_vendor_managers_cannot_pull(client, complaint, product, roles):
    client.force_login(UserFactory(username="someone", roles=roles))

    response = client.post(pull_url(complaint), {"reason": "Pages uncut"}, **HTMX)

    assert response.status_code == 403
    assert (AndonPull.objects.count(), listing_state(product)) == (0, ListingState.LISTED)


def test_a_signed_out_visitor_is_sent_to_sign_in_and_nothing_is_pulled(client, complaint, product):
    response = client.post(pull_url(complaint), {"reason": "Pages uncut"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("members:login"))
    assert (AndonPull.objects.count(), listing_state(product)) == (0, ListingState.LISTED)


def test_a_signed_out_htmx_pull_sends_the_window_to_sign_in(client, complaint, product):
    response = client.post(pull_url(complaint), {"reason": "Pages uncut"}, **HTMX)

    assert response["HX-Redirect"].startswith(reverse("members:login"))
    assert AndonPull.objects.count() == 0


def test_a_signed_out_htmx_pull_comes_back_to_the_complaint_page_after_sign_in(client, complaint):
    page = reverse("tickets:complaint", args=[complaint.pk])

    response = client.post(
        pull_url(complaint), {"reason": "Pages uncut"}, **HTMX, HTTP_HX_CURRENT_URL=f"http://testserver{page}"
    )

    # Not back to the pull's own URL: it only answers POST, so signing in would end on a 405.
    assert response["HX-Redirect"] == f"{reverse('members:login')}?next={page}"


@pytest.mark.parametrize("roles", [["agent"], ["manager"]])
def test_agents_and_managers_can_pull(client, complaint, product, roles):
    client.force_login(UserFactory(username="puller", roles=roles))

    client.post(pull_url(complaint), {"reason": "Pages uncut"}, **HTMX)

    assert (AndonPull.objects.count(), listing_state(product)) == (1, ListingState.UNDER_REVIEW)


# --- A bad reason ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason,message", [("", "Type one line"), ("  \n ", "Type one line"), ("x" * 100_000, "at most 200")])
def test_a_bad_reason_is_shown_in_the_panel_and_nothing_is_written(agent_client, complaint, product, reason, message):
    response = agent_client.post(pull_url(complaint), {"reason": reason}, **HTMX)

    text = page_text(response)
    assert 'data-testid="andon-error"' in text and message in text
    assert 'aria-invalid="true"' in text
    assert (AndonPull.objects.count(), listing_state(product)) == (0, ListingState.LISTED)


def test_a_long_reason_is_not_echoed_back_in_full(agent_client, complaint):
    response = agent_client.post(pull_url(complaint), {"reason": "x" * 100_000}, **HTMX)

    assert len(response.content) < 20_000


def test_a_bad_reason_without_javascript_shows_the_panel_with_the_error(agent_client, complaint, product):
    response = agent_client.post(pull_url(complaint), {"reason": ""})

    assert response.status_code == 400
    assert "<html" in page_text(response) and 'data-testid="andon-error"' in page_text(response)
    assert (AndonPull.objects.count(), listing_state(product)) == (0, ListingState.LISTED)


# --- The warning -------------------------------------------------------------------------------------------


def test_a_warning_notifies_and_keeps_selling(agent_client, agent, complaint, product):
    response = agent_client.post(
        reverse("andon:complaint-warn", args=[complaint.pk]), {"reason": "First of its kind?"}, **HTMX
    )

    warning = AndonWarning.objects.get()
    assert (warning.warned_by, warning.complaint, warning.reason) == (agent, complaint, "First of its kind?")
    assert (AndonPull.objects.count(), listing_state(product)) == (0, ListingState.LISTED)
    assert 'data-testid="warning-result"' in page_text(response)


def test_a_member_cannot_warn(client, complaint):
    client.force_login(UserFactory(username="member"))

    response = client.post(reverse("andon:complaint-warn", args=[complaint.pk]), {"reason": "Hm"})

    assert response.status_code == 403
    assert AndonWarning.objects.count() == 0


# --- The board -----------------------------------------------------------------------------------------------


def test_a_member_cannot_see_the_board(customer_client):
    assert customer_client.get(reverse("andon:board")).status_code == 403
    assert customer_client.get(reverse("andon:board-live")).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in_from_the_board(client):
    response = client.get(reverse("andon:board"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("members:login"))


def test_a_board_whose_session_expired_sends_the_window_to_sign_in_instead_of_drawing_the_form_in_it(client):
    board = reverse("andon:board")

    response = client.get(reverse("andon:board-live"), **HTMX, HTTP_HX_CURRENT_URL=f"http://testserver{board}")

    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('members:login')}?next={board}"


def test_the_board_shows_an_open_pull_with_its_complaints_and_gmv(agent_client, product):
    OrderFactory(lines=[(product, 3)])  # 150.00, plus the 2 x 50.00 behind the complaints
    first, second = ComplaintFactory(product=product), ComplaintFactory(product=product)
    pull = pull_andon(agent=UserFactory(username="mei.agent", roles=["agent"]), complaint=first, reason="Uncut").pull
    pull_andon(agent=UserFactory(roles=["agent"]), complaint=second, reason="Same")

    text = page_text(agent_client.get(reverse("andon:board")))

    assert f'data-testid="board-row" data-pull="{pull.pk}"' in text
    assert "The Silent River" in text and "mei.agent" in text
    assert 'data-testid="board-complaints">2<' in text
    assert 'data-testid="board-row-gmv">¥250.00<' in text


def test_a_warehouse_user_can_see_the_board_without_a_console_button_that_would_refuse_them(client):
    client.force_login(UserFactory(username="wh", roles=["warehouse"]))

    response = client.get(reverse("andon:board"))

    assert (response.status_code, reverse("tickets:queue") in response.content.decode()) == (200, False)


def test_an_agent_reaches_the_console_from_the_board(agent_client):
    assert reverse("tickets:queue") in agent_client.get(reverse("andon:board")).content.decode()


def test_the_board_colours_a_pull_by_its_age(agent_client):
    fresh = pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=ProductFactory()), reason="a").pull
    old = AndonPull.objects.filter(pk=pull_andon(
        agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=ProductFactory()), reason="b"
    ).pull.pk)
    old.update(pulled_at=timezone.now() - timedelta(hours=30))

    text = page_text(agent_client.get(reverse("andon:board")))

    assert f'class="board-row age-amber" data-testid="board-row" data-pull="{fresh.pk}"' in text
    assert f'class="board-row age-red" data-testid="board-row" data-pull="{old.get().pk}"' in text


def test_the_board_leaves_out_pulls_that_are_no_longer_open(agent_client):
    pull = pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=ProductFactory()), reason="a").pull
    AndonPull.objects.filter(pk=pull.pk).update(state=AndonPull.State.RESOLVED)

    text = page_text(agent_client.get(reverse("andon:board")))

    assert 'data-testid="board-row"' not in text and 'data-testid="board-empty"' in text


def test_the_board_lights_a_red_lamp_for_a_stopped_process(agent_client):
    process = ProcessFactory(name="Returns desk")
    pull_andon(agent=UserFactory(roles=["agent"]), target=process, issue_code=IssueCodeFactory(code="late-delivery"), reason="Stuck")

    text = page_text(agent_client.get(reverse("andon:board-live")))

    assert 'data-testid="process-lamp"' in text and "Returns desk" in text


def test_the_board_fragment_refreshes_itself_every_15_seconds(agent_client):
    text = page_text(agent_client.get(reverse("andon:board-live")))

    assert 'hx-trigger="every 15s"' in text and "<html" not in text


def _open_pulls(count: int) -> None:
    puller, code = UserFactory(roles=["agent"]), IssueCodeFactory(code="print-defect")
    for i in range(count):
        kind = i % 3
        if kind == 0:
            pull_andon(agent=puller, complaint=ComplaintFactory(product=ProductFactory(), issue_code=code), reason="r")
        elif kind == 1:
            pull_andon(agent=puller, target=PartnerFactory(), issue_code=code, reason="r")
        else:
            pull_andon(agent=puller, target=ProcessFactory(), issue_code=code, reason="r")


@pytest.mark.parametrize("url_name", ["andon:board", "andon:board-live"])
@pytest.mark.parametrize("pulls", [5, 50])
def test_the_board_and_its_fragment_run_the_same_queries_for_5_and_50_pulls(agent_client, django_assert_num_queries, url_name, pulls):
    _open_pulls(pulls)

    # session, user, roles, cart count (context processor), the open pulls with their reviews, their
    # active work orders, the stopped processes, the standing warnings.
    with django_assert_num_queries(8):
        response = agent_client.get(reverse(url_name))

    assert page_text(response).count('data-testid="board-row"') == pulls


# --- The cords on the agent's product page ------------------------------------------------------


def _issue_groups(product, count: int) -> None:
    for n in range(count):
        code = IssueCodeFactory(code=f"issue-{n}")
        ComplaintFactory(product=product, issue_code=code)
        ComplaintFactory(product=product, issue_code=code)


@pytest.mark.parametrize("groups", [1, 6])
def test_the_product_page_runs_the_same_queries_for_1_and_6_issue_groups(agent_client, product, django_assert_num_queries, groups):
    _issue_groups(product, groups)

    with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
        response = agent_client.get(reverse("tickets:product", args=[product.sku]))

    assert response.content.decode().count('data-testid="andon-panel"') == groups + 1  # the picker, and one per issue
