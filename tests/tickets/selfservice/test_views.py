"""The member's "report a problem" page: a complaint from the customer, straight into the agents' queue."""

import pytest
from django.urls import reverse

from flywheel.factories import LotFactory, ProductFactory
from members.factories import OrderFactory, UserFactory
from tickets.models import Complaint, IssueCode
from tickets.complaints.selectors import open_complaints

pytestmark = pytest.mark.django_db


@pytest.fixture
def book():
    return ProductFactory(sku="BOOK-RIVER", title="The Silent River")


@pytest.fixture
def order(customer, book):
    return OrderFactory(customer=customer, lines=[(book, 1), (ProductFactory(title="Tea mug"), 2)])


@pytest.fixture
def book_line(order, book):
    return order.lines.get(product=book)


def report_url(order) -> str:
    return reverse("selfservice:report-problem", args=[order.number])


def report(client, order, line, text="Pages 100-101 are uncut.", code="print-defect"):
    return client.post(
        report_url(order), {"line": line.pk, "issue_code": IssueCode.objects.get(code=code).pk, "text": text}
    )


def test_the_order_page_links_each_line_to_the_report_form(customer_client, order, book_line):
    response = customer_client.get(reverse("members:order-detail", args=[order.number]))

    page = response.content.decode()
    assert f'{report_url(order)}?line={book_line.pk}' in page
    assert "Report a problem with The Silent River" in page
    assert "Report a problem with Tea mug" in page


def test_the_form_offers_only_active_issue_codes(customer_client, order):
    IssueCode.objects.filter(code="rude-service").update(active=False)

    response = customer_client.get(report_url(order))

    page = response.content.decode()
    assert "Print or manufacturing defect" in page
    assert "Rude service" not in page


def test_a_member_reports_a_problem_with_a_line(customer_client, customer, order, book_line, book):
    report(customer_client, order, book_line)

    complaint = Complaint.objects.get()
    assert (complaint.customer, complaint.channel) == (customer, Complaint.Channel.SELF_SERVICE)
    assert (complaint.order_line, complaint.product, complaint.lot) == (book_line, book, book_line.lot)
    assert complaint.issue_code.code == "print-defect"


def test_the_report_lands_in_the_agents_queue(customer_client, order, book_line):
    report(customer_client, order, book_line)

    assert list(open_complaints()) == [Complaint.objects.get()]


def test_the_member_sees_a_confirmation_with_the_complaint_number(customer_client, order, book_line):
    response = report(customer_client, order, book_line)

    complaint = Complaint.objects.get()
    assert response.url == reverse("selfservice:problem-reported", args=[order.number, complaint.pk])
    page = customer_client.get(response.url).content.decode()
    assert f"#{complaint.pk}" in page
    assert "The Silent River" in page


def test_the_complaint_is_about_the_lot_the_customer_received(customer_client, customer):
    product = ProductFactory(title="Green tea")
    LotFactory(product=product, code="LOT-OLD")
    newer = LotFactory(product=product, code="LOT-NEW")
    order = OrderFactory(customer=customer, lines=[])
    line = order.lines.create(product=product, lot=newer, title=product.title, quantity=1, unit_price=product.price)

    report(customer_client, order, line, code="not-as-described", text="Tastes of soap.")

    assert Complaint.objects.get().lot.code == "LOT-NEW"


def test_another_member_cannot_open_the_report_form_of_someone_elses_order(client, order):
    client.force_login(UserFactory(username="intruder"))

    assert client.get(report_url(order)).status_code == 404


def test_another_member_cannot_report_on_someone_elses_order(client, order, book_line):
    client.force_login(UserFactory(username="intruder"))

    response = report(client, order, book_line)

    assert response.status_code == 404
    assert not Complaint.objects.exists()


def test_a_line_of_another_order_cannot_be_slipped_in(customer_client, customer, order):
    other_order = OrderFactory(customer=customer)

    response = report(customer_client, order, other_order.lines.get())

    assert response.status_code == 200
    assert "Choose one of the items on this order." in response.content.decode()
    assert not Complaint.objects.exists()


def test_empty_text_is_refused_with_a_clear_message(customer_client, order, book_line):
    response = report(customer_client, order, book_line, text="   ")

    assert response.status_code == 200
    assert "Describe the problem in a few words so we can help." in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_issue_code_retired_while_the_form_was_open_is_refused(customer_client, order, book_line):
    IssueCode.objects.filter(code="print-defect").update(active=False)

    response = report(customer_client, order, book_line)

    assert "Choose one of the problems listed." in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, order):
    response = client.get(report_url(order))

    assert response.status_code == 302
    assert response.url.startswith(reverse("members:login"))


def test_someone_elses_confirmation_page_is_a_404(customer_client, order, book_line):
    report(customer_client, order, book_line)
    customer_client.force_login(UserFactory(username="intruder"))

    response = customer_client.get(reverse("selfservice:problem-reported", args=[order.number, Complaint.objects.get().pk]))

    assert response.status_code == 404
