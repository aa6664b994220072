"""Talking to the customer: a member reports a problem with a photo, the agent replies and leaves an
internal note, the member reads the reply in "My reports" (never the note) and answers."""

import re
from io import BytesIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from flywheel.factories import ProductFactory
from members.factories import OrderFactory, UserFactory
from tickets.models import Complaint, IssueCode

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
REPLY = "We are sorry. A new copy of The Uncut Pages ships today; keep the faulty one."
NOTE = "Third uncut copy from this lot: asked the supplier for an inspection."


@pytest.fixture
def scene(db):
    book = ProductFactory(sku="BK-UNCUT", title="The Uncut Pages", stock=20)
    member = UserFactory(username="member", first_name="Mei", last_name="Lin")
    order = OrderFactory(customer=member, lines=[(book, 1)])
    UserFactory(username="agent", first_name="Xiao", last_name="Zhang", roles=["agent"])
    return {"order": order}


def _photo_bytes() -> bytes:
    out = BytesIO()
    Image.new("RGB", (320, 240), (180, 60, 40)).save(out, format="JPEG")
    return out.getvalue()


def _member_page(browser, live_server, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900})
    return context.new_page()


def _serious(page) -> list[str]:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in {"serious", "critical"}]


def test_the_agent_replies_and_the_member_reads_it_in_my_reports(
    page, browser, live_server, scene, screenshot, sign_in
):
    order = scene["order"]
    member = _member_page(browser, live_server)
    sign_in("member", of=member)

    # The member reports the problem with a photo.
    member.goto(f"{live_server.url}{reverse('selfservice:report-problem', args=[order.number])}")
    member.get_by_label("Print or manufacturing defect").check()
    member.get_by_label("Tell us more").fill("Pages 100-101 are uncut.")
    member.get_by_label("Photos").set_input_files(
        [{"name": "pages.jpg", "mimeType": "image/jpeg", "buffer": _photo_bytes()}]
    )
    screenshot("conversation-01-report-with-photo", of=member)
    member.get_by_test_id("report-problem-submit").click()
    expect(member.get_by_test_id("photos-received")).to_be_visible()
    complaint = Complaint.objects.get()

    # The agent sees the photo, replies and leaves a note.
    sign_in("agent")
    page.goto(f"{live_server.url}{reverse('tickets:complaint', args=[complaint.pk])}")
    expect(page.get_by_test_id("complaint-photo")).to_have_count(1)
    page.get_by_label("Write to the customer, or a note for colleagues").fill(REPLY)
    page.get_by_test_id("send-reply").click()
    expect(page.get_by_test_id("thread-reply")).to_contain_text(REPLY)
    page.get_by_label("Write to the customer, or a note for colleagues").fill(NOTE)
    page.get_by_test_id("add-note").click()
    expect(page.get_by_test_id("thread-note")).to_contain_text(NOTE)
    expect(page.get_by_test_id("last-reply")).to_contain_text("Last reply to the customer:")
    page.get_by_test_id("conversation").scroll_into_view_if_needed()
    screenshot("conversation-02-agent-thread-en")
    assert _serious(page) == []

    # The member reads the reply in My reports, never the note.
    member.get_by_test_id("my-reports-link").click()
    expect(member.get_by_role("heading", name="My reports")).to_be_visible()
    row = member.get_by_test_id("report-row")
    expect(row).to_contain_text(REPLY)
    expect(row).not_to_contain_text(NOTE)
    screenshot("conversation-03-my-reports-en", of=member)
    assert _serious(member) == []
    row.get_by_role("link").click()
    expect(member.get_by_test_id("report-reply")).to_contain_text(REPLY)
    expect(member.get_by_test_id("report-conversation")).not_to_contain_text(NOTE)
    expect(member.get_by_test_id("report-photos").get_by_role("img")).to_have_count(1)
    screenshot("conversation-04-report-en", of=member)
    assert _serious(member) == []

    # ...and answers; the agent sees the answer in the thread.
    member.get_by_label("Your message").fill("Thank you, I will wait for it.")
    member.get_by_test_id("customer-message-submit").click()
    expect(member.get_by_test_id("report-customer")).to_contain_text("Thank you, I will wait for it.")
    page.reload()
    expect(page.get_by_test_id("thread-customer")).to_contain_text("Thank you, I will wait for it.")

    # The order page shows our reply too.
    member.goto(f"{live_server.url}{reverse('members:order-detail', args=[order.number])}")
    expect(member.get_by_test_id("order-report-reply")).to_contain_text(REPLY)
    expect(member.get_by_test_id("order-reports")).not_to_contain_text(NOTE)
    screenshot("conversation-05-order-page-en", of=member)

    # In Chinese.
    for tab in (member, page):
        tab.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}])
    member.goto(f"{live_server.url}{reverse('selfservice:reports')}")
    expect(member.get_by_role("heading", name="我的反馈")).to_be_visible()
    screenshot("conversation-06-my-reports-zh", of=member)
    assert _serious(member) == []
    member.goto(f"{live_server.url}{reverse('selfservice:report', args=[complaint.pk])}")
    expect(member.get_by_role("heading", name=re.compile(r"反馈 #\d+"))).to_be_visible()
    screenshot("conversation-07-report-zh", of=member)
    assert _serious(member) == []
    page.goto(f"{live_server.url}{reverse('tickets:complaint', args=[complaint.pk])}")
    expect(page.get_by_test_id("thread-note")).to_contain_text("内部备注")
    screenshot("conversation-08-agent-thread-zh")
    assert _serious(page) == []


def test_my_reports_fits_a_phone(browser, live_server, scene, screenshot, sign_in):
    order = scene["order"]
    complaint = Complaint.objects.create(
        customer=order.customer, order_line=order.lines.get(), product=order.lines.get().product,
        issue_code=IssueCode.objects.get(code="print-defect"), text="A very long description " * 20, channel=Complaint.Channel.SELF_SERVICE,
    )
    from tickets.conversation.services import reply_to_customer

    reply_to_customer(complaint=complaint, author=UserFactory(username="agent"), body=REPLY * 3)
    phone = _member_page(browser, live_server, width=390)
    sign_in("member", of=phone)
    for name, path in (("my-reports", reverse("selfservice:reports")), ("report", reverse("selfservice:report", args=[complaint.pk]))):
        phone.goto(f"{live_server.url}{path}")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        screenshot(f"conversation-390-{name}", of=phone)
        assert overflow <= 0, name


def test_a_file_that_is_not_a_photo_is_refused_on_the_form(browser, live_server, scene, screenshot, sign_in):
    member = _member_page(browser, live_server)
    sign_in("member", of=member)
    member.goto(f"{live_server.url}{reverse('selfservice:report-problem', args=[scene['order'].number])}")
    member.get_by_label("Damaged in transit").check()
    member.get_by_label("Tell us more").fill("The box was crushed.")
    member.get_by_label("Photos").set_input_files(
        [{"name": "receipt.jpg", "mimeType": "image/jpeg", "buffer": b"this is a text file, not a photo"}]
    )
    member.get_by_test_id("report-problem-submit").click()

    expect(member.get_by_test_id("photos-error")).to_have_text(
        "receipt.jpg is not a JPEG, PNG or WebP photo. Choose a photo in one of those formats."
    )
    expect(member.get_by_label("Photos")).to_have_attribute("aria-invalid", "true")
    screenshot("conversation-09-photo-refused-en", of=member)
    assert _serious(member) == []
    assert not Complaint.objects.exists()
