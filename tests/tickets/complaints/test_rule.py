"""The andon rule: same target + same issue code + at least two distinct customers in 30 days."""

from datetime import timedelta

from django.utils import timezone

from flywheel.factories import ProductFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory
from tickets.complaints.selectors import rule_status


def test_two_customers_with_the_same_issue_meet_the_rule(db):
    product, code = ProductFactory(), IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code)
    ComplaintFactory(product=product, issue_code=code)

    status = rule_status(target=product, issue_code=code)

    assert (status.met, status.distinct_customers, len(status.complaints)) == (True, 2, 2)


def test_one_customer_complaining_twice_is_not_two_customers(db):
    product, code, customer = ProductFactory(), IssueCodeFactory(code="print-defect"), UserFactory()
    ComplaintFactory(product=product, issue_code=code, customer=customer)
    ComplaintFactory(product=product, issue_code=code, customer=customer)

    status = rule_status(target=product, issue_code=code)

    assert (status.met, status.distinct_customers) == (False, 1)


def test_a_different_issue_code_does_not_count(db):
    product = ProductFactory()
    ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="print-defect"))
    ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="late-delivery"))

    assert rule_status(target=product, issue_code=IssueCodeFactory(code="print-defect")).met is False


def test_a_complaint_about_another_product_does_not_count(db):
    product, code = ProductFactory(), IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code)
    ComplaintFactory(product=ProductFactory(), issue_code=code)

    assert rule_status(target=product, issue_code=code).met is False


def test_a_complaint_exactly_at_the_window_edge_counts_and_one_second_older_does_not(db, settings):
    settings.ANDON_RULE_WINDOW_DAYS = 30
    now = timezone.now()
    product, code = ProductFactory(), IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code, created_at=now)
    edge = ComplaintFactory(product=product, issue_code=code, created_at=now - timedelta(days=30))

    assert rule_status(target=product, issue_code=code, now=now).met is True

    edge.created_at = now - timedelta(days=30, seconds=1)
    edge.save(update_fields=["created_at"])
    assert rule_status(target=product, issue_code=code, now=now).met is False


def test_the_number_of_customers_needed_is_a_setting(db, settings):
    settings.ANDON_RULE_MIN_CUSTOMERS = 3
    product, code = ProductFactory(), IssueCodeFactory(code="print-defect")
    ComplaintFactory(product=product, issue_code=code)
    ComplaintFactory(product=product, issue_code=code)

    status = rule_status(target=product, issue_code=code)

    assert (status.met, status.needed) == (False, 3)
