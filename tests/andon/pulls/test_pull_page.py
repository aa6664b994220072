"""The pull's own page: what was pulled and why, by whom, the complaints, the work orders and who holds
them up, the review, the verdict and the timeline; for staff only, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from andon.pulls.jobs import notify_pull_opened, notify_target_back
from andon.pulls.services import pull_andon
from andon.verdicts.jobs import notify_verdict
from andon.verdicts.services import give_verdict
from andon.work_orders.models import WorkOrder
from andon.work_orders.services import confirm_work_order, record_supplier_answer, resolve_work_order, start_work_order
from flywheel.times import readable_time
from members.factories import UserFactory
from members.models import Notification
from flywheel.factories import PartnerFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory

pytestmark = pytest.mark.django_db

# Session, user, roles; the pull with its target, people and review; department leads, work orders,
# the timeline's audit rows, "+1"s, complaints, the current verdict; the header's counts.
PULL_PAGE_QUERIES = 11


def page_of(client, pull, user):
    client.force_login(user)
    return client.get(reverse("andon:pull", args=[pull.pk]))


def text_of(response) -> str:
    return response.content.decode()


def join(pull, product, username: str, reason: str = "Same here"):
    agent = UserFactory(username=username, roles=["agent"])
    return pull_andon(agent=agent, complaint=ComplaintFactory(product=product, issue_code=pull.issue_code), reason=reason)


def test_the_page_shows_the_target_the_reason_and_who_pulled(client, people, pull):
    text = text_of(page_of(client, pull, people["warehouse"]))

    assert "The Silent River" in text and "BOOK-RIVER" in text
    assert "Pages uncut" in text
    assert 'data-testid="pull-puller">agent' in text


def test_each_plus_one_is_listed_under_the_puller(client, people, pull, product):
    join(pull, product, "second_agent")

    text = text_of(page_of(client, pull, people["manager"]))

    assert text.count('data-testid="pull-supporter"') == 2
    assert "second_agent" in text and "+1" in text


def test_the_attached_complaints_say_how_each_one_came(client, people, pull, product):
    joined = join(pull, product, "second_agent")
    complaint_id = joined.pull.pull_complaints.get(how="joined").complaint_id

    text = text_of(page_of(client, pull, people["agent"]))

    assert f'data-complaint="{complaint_id}" data-how="joined"' in text
    assert "Joined the pull (+1)" in text and "Pulled from it" in text


def test_an_agent_gets_links_to_the_complaints_on_the_console(client, people, pull):
    complaint_id = pull.pull_complaints.get().complaint_id

    text = text_of(page_of(client, pull, people["agent"]))

    assert f'href="{reverse("tickets:complaint", args=[complaint_id])}"' in text


def test_the_back_office_sees_the_complaint_numbers_without_console_links_it_could_not_open(client, people, pull):
    complaint_id = pull.pull_complaints.get().complaint_id

    text = text_of(page_of(client, pull, people["warehouse"]))

    assert f"#{complaint_id}" in text
    assert reverse("tickets:complaint", args=[complaint_id]) not in text


def test_each_work_order_is_linked_with_its_state(client, people, pull):
    text = text_of(page_of(client, pull, people["quality"]))

    for work_order in pull.work_orders.all():
        assert f'href="{reverse("work:work-order", args=[work_order.pk])}"' in text
    assert text.count('data-testid="pull-work-order"') == 2


def test_an_overdue_work_order_is_marked_and_names_its_department_and_person(client, people, pull):
    supplier = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    WorkOrder.objects.filter(pk=supplier.pk).update(due_at=timezone.now() - timedelta(hours=3))

    text = text_of(page_of(client, pull, people["manager"]))

    holder = text.split(f'data-testid="pull-holder" data-work-order="{supplier.pk}"')[1].split("</li>")[0]
    assert "Supplier management" in holder and "vendor_manager" in holder and "Overdue" in holder


def test_a_resolved_work_order_waits_on_quality(client, people, pull):
    warehouse = pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)
    start_work_order(work_order=warehouse, actor=people["warehouse"])
    resolve_work_order(work_order=WorkOrder.objects.get(pk=warehouse.pk), actor=people["warehouse"], outcome="no_defect")

    text = text_of(page_of(client, pull, people["manager"]))

    holder = text.split(f'data-testid="pull-holder" data-work-order="{warehouse.pk}"')[1].split("</li>")[0]
    assert "Quality" in holder


def test_the_open_review_is_shown_and_linked(client, people, pull):
    text = text_of(page_of(client, pull, people["vendor_manager"]))

    assert 'data-testid="pull-review-state">Open' in text
    assert f'href="{reverse("work:review", args=[pull.review.pk])}"' in text


def test_the_verdict_is_shown_once_given(client, people, pull):
    judge = UserFactory(username="judge", roles=["manager"])
    give_verdict(pull=pull, manager=judge, outcome="bad_pull", category="duplicate", note="Already pulled last week")

    text = text_of(page_of(client, pull, people["agent"]))

    assert "Bad pull (duplicate)" in text and "judge" in text and "Already pulled last week" in text


def test_a_pull_without_a_verdict_says_it_awaits_one(client, people, pull):
    text = text_of(page_of(client, pull, people["agent"]))

    assert 'data-testid="pull-verdict-value">Awaiting verdict' in text


def test_the_verdict_page_is_linked_only_for_those_who_may_read_it(client, people, pull):
    verdict_page = reverse("verdicts:page", args=[pull.pk])

    assert verdict_page in text_of(page_of(client, pull, people["manager"]))
    assert verdict_page not in text_of(page_of(client, pull, people["warehouse"]))


def test_the_timeline_reads_the_pull_its_work_orders_and_review_in_time_order(client, people, pull):
    start_work_order(work_order=pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE), actor=people["warehouse"])

    text = text_of(page_of(client, pull, people["manager"]))

    timeline = text.split('data-testid="pull-timeline"')[1].split("</ol>")[0]
    pulled = timeline.index("pulled the cord")
    review_opened = timeline.index("review opened")
    started = timeline.index("started")
    assert pulled < review_opened < started
    assert "by warehouse" in timeline
    assert "taken off sale, under review" in timeline


def test_the_timeline_names_how_each_complaint_was_attached(client, people, pull):
    text = text_of(page_of(client, pull, people["manager"]))

    complaint_id = pull.pull_complaints.get().complaint_id
    assert f"#{complaint_id} (pulled from it)" in text


def test_the_timeline_writes_times_for_people(client, people, pull):
    text = text_of(page_of(client, pull, people["manager"]))

    assert readable_time(pull.pulled_at) in text.split('data-testid="pull-timeline"')[1]


def test_the_page_is_in_chinese_for_a_chinese_reader(client, people, pull):
    client.force_login(people["manager"])
    client.cookies.load({"django_language": "zh-hans"})

    text = text_of(client.get(reverse("andon:pull", args=[pull.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "时间线" in text


@pytest.mark.parametrize("role", ["agent", "manager", "vendor_manager", "warehouse", "quality", "partner_manager"])
def test_every_staff_role_reads_the_pull(client, people, pull, role):
    assert page_of(client, pull, people[role]).status_code == 200


def test_an_executive_reads_the_pull(client, pull):
    assert page_of(client, pull, UserFactory(roles=["executive"])).status_code == 200


def test_a_customer_is_refused(client, people, pull):
    assert page_of(client, pull, people["member"]).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client, pull):
    response = client.get(reverse("andon:pull", args=[pull.pk]))

    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_pull_is_a_404(client, people):
    client.force_login(people["manager"])

    assert client.get(reverse("andon:pull", args=[999999])).status_code == 404


def test_the_query_count_does_not_grow_with_complaints_work_orders_or_events(client, people, pull, product, django_assert_num_queries):
    client.force_login(people["manager"])
    url = reverse("andon:pull", args=[pull.pk])
    client.get(url)  # warm the session and the caches the first request of a test fills
    with django_assert_num_queries(PULL_PAGE_QUERIES):
        client.get(url)

    for n in range(4):
        join(pull, product, f"agent_{n}")
    start_work_order(work_order=pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE), actor=people["warehouse"])
    with django_assert_num_queries(PULL_PAGE_QUERIES):
        client.get(url)


# --- The ways to the page -------------------------------------------------------------------------


def test_the_console_s_cord_links_the_open_pull(client, people, pull):
    client.force_login(people["agent"])
    other = ComplaintFactory(product=pull.product, issue_code=pull.issue_code)

    text = text_of(client.get(reverse("tickets:complaint", args=[other.pk])))

    assert f'href="{reverse("andon:pull", args=[pull.pk])}" data-testid="open-pull-link"' in text


def test_a_complaint_already_on_the_pull_links_it(client, people, pull):
    client.force_login(people["agent"])
    complaint_id = pull.pull_complaints.get().complaint_id

    text = text_of(client.get(reverse("tickets:complaint", args=[complaint_id])))

    note = text.split('data-testid="already-on-pull"')[1].split("</p>")[0]
    assert f'href="{reverse("andon:pull", args=[pull.pk])}"' in note


def test_the_board_links_each_open_pull(client, people, pull):
    client.force_login(people["warehouse"])

    text = text_of(client.get(reverse("andon:board")))

    assert f'href="{reverse("andon:pull", args=[pull.pk])}" data-testid="board-pull-link"' in text


def test_the_work_order_page_and_queue_link_their_pull(client, people, pull):
    client.force_login(people["warehouse"])
    work_order = pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)
    url = f'href="{reverse("andon:pull", args=[pull.pk])}"'

    assert url in text_of(client.get(reverse("work:work-order", args=[work_order.pk])))
    assert url in text_of(client.get(reverse("work:queue")))


def test_the_review_page_links_its_pull(client, people, pull):
    client.force_login(people["manager"])

    text = text_of(client.get(reverse("work:review", args=[pull.review.pk])))

    assert f'href="{reverse("andon:pull", args=[pull.pk])}" data-testid="review-pull-link"' in text


def test_the_owners_told_of_a_pull_are_sent_to_its_page(people, pull):
    notify_pull_opened(pull_id=pull.pk)

    links = set(Notification.objects.filter(key=f"pull-opened:{pull.pk}").values_list("link", flat=True))
    assert links == {reverse("andon:pull", args=[pull.pk])}


def test_the_agents_told_that_a_pull_is_over_are_sent_to_its_page(people, pull):
    notify_target_back(pull_id=pull.pk)

    assert Notification.objects.get(key=f"target-back:{pull.pk}").link == reverse("andon:pull", args=[pull.pk])


def test_the_puller_told_of_the_verdict_is_sent_to_the_pull_s_page(people, pull):
    verdict = give_verdict(pull=pull, manager=UserFactory(roles=["manager"]), outcome="rule_followed")

    notify_verdict(verdict_id=verdict.pk)

    assert Notification.objects.get(key=f"verdict:{verdict.pk}").link == reverse("andon:pull", args=[pull.pk])


def _close_every_work_order(pull, people):
    supplier = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    start_work_order(work_order=supplier, actor=people["vendor_manager"])
    for link in pull.pull_complaints.all():
        record_supplier_answer(work_order=supplier, complaint=link.complaint, answer="Lot re-cut", actor=people["vendor_manager"])
    resolve_work_order(work_order=WorkOrder.objects.get(pk=supplier.pk), actor=people["vendor_manager"], outcome="no_defect")
    warehouse = pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)
    start_work_order(work_order=warehouse, actor=people["warehouse"])
    resolve_work_order(work_order=WorkOrder.objects.get(pk=warehouse.pk), actor=people["warehouse"], outcome="no_defect")
    for work_order in pull.work_orders.all():
        confirm_work_order(work_order=work_order, actor=people["quality"])


def test_once_every_work_order_is_closed_the_timeline_ends_with_the_product_back_on_sale(client, people, pull):
    _close_every_work_order(pull, people)

    text = text_of(page_of(client, pull, people["manager"]))

    timeline = text.split('data-testid="pull-timeline"')[1].split("</ol>")[0]
    assert "supplier&#x27;s answer recorded" in timeline
    assert timeline.rindex("back on sale") > timeline.index("confirmed")


def test_once_the_work_is_done_only_the_open_review_holds_the_pull_up(client, people, pull):
    _close_every_work_order(pull, people)

    text = text_of(page_of(client, pull, people["manager"]))

    assert 'data-testid="pull-holder"' not in text
    assert 'data-testid="pull-holder-review"' in text


def test_a_partner_pull_names_the_partner_and_its_rectification(client, people):
    partner = PartnerFactory(name="Old Master Repair", partner_manager=people["partner_manager"])
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(partner=partner), reason="Overcharged twice").pull

    text = text_of(page_of(client, pull, people["partner_manager"]))

    assert "Old Master Repair" in text and f'href="{reverse("members:partner", args=[partner.pk])}"' in text
    assert "Partner management" in text and "partner_manager" in text


def test_a_process_pull_waits_on_the_process_owner(client, people):
    owner = UserFactory(username="returns_owner", roles=["manager"])
    process = ProcessFactory(name="Returns desk", owner=owner)
    pull = pull_andon(agent=people["agent"], target=process, issue_code=IssueCodeFactory(), reason="Returns stuck").pull

    text = text_of(page_of(client, pull, people["manager"]))

    holder = text.split('data-testid="pull-holder"')[1].split("</li>")[0]
    assert "Returns desk" in text and "returns_owner" in holder
