"""The pull's admin page reads as a page for people: the target by name, the complaints as links, the
rule's snapshot as a table, and a way to the pull's staff page."""

import pytest
from django.urls import reverse

from andon.pulls.services import pull_andon
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def change_page(admin_client, pull) -> str:
    return admin_client.get(reverse("admin:andon_andonpull_change", args=[pull.pk])).content.decode()


@pytest.fixture
def pull_with_rule_met(people, product):
    first = ComplaintFactory(product=product)
    ComplaintFactory(product=product, issue_code=first.issue_code)
    return pull_andon(agent=people["agent"], complaint=first, reason="Pages uncut").pull


def test_the_target_is_named_and_linked_not_written_as_its_key(admin_client, pull, product):
    text = change_page(admin_client, pull)

    assert f'href="{reverse("admin:flywheel_product_change", args=[product.pk])}">The Silent River</a>' in text
    assert f"product:{product.pk}" not in text


def test_the_rule_snapshot_is_a_table_of_linked_complaints_not_json(admin_client, pull_with_rule_met):
    text = change_page(admin_client, pull_with_rule_met)

    table = text.split('data-testid="rule-snapshot"')[1].split("</table>")[0]
    for link in pull_with_rule_met.pull_complaints.all():
        assert f'href="{reverse("admin:tickets_complaint_change", args=[link.complaint_id])}">#{link.complaint_id}</a>' in table
    assert '"distinct_customers"' not in text
    assert "2 customer(s) of the 2 needed within 30 days." in text


def test_the_complaints_on_the_pull_link_to_their_admin_pages(admin_client, pull):
    complaint_id = pull.pull_complaints.get().complaint_id

    text = change_page(admin_client, pull)

    assert f'href="{reverse("admin:tickets_complaint_change", args=[complaint_id])}">#{complaint_id} ' in text


def test_the_change_page_links_the_pull_s_staff_page(admin_client, pull):
    assert f'href="{reverse("andon:pull", args=[pull.pk])}"' in change_page(admin_client, pull)
