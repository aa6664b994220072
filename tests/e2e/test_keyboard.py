"""The cord by keyboard: from the top of a complaint page, a few Tab presses reach the andon button.

Every focus ring on the way is visible: a solid outline at least 3:1 against the page (WCAG 2.1 AA
1.4.11), text fields included (they used to remove theirs).
"""

import re

import pytest
from playwright.sync_api import expect

from flywheel.factories import ProductFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

MOST_TABS_TO_THE_CORD = 3  # Tab, Tab, Enter on the skip link, Tab (29 presses through the page before it)


@pytest.fixture
def complaint(db):
    UserFactory(username="agent", roles=["agent"], is_staff=True)
    book = ProductFactory(sku="BK-KEYS", title="A Book Read by Keyboard", stock=20)
    issue = IssueCodeFactory()
    return [ComplaintFactory(product=book, issue_code=issue) for _ in range(2)][-1]


def _tabs_until(page, testid: str, most: int) -> int | None:
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.dataset.testid") == testid:
            return presses
    return None


def _over(rgba: str, background: str) -> list[float]:
    """The colour `rgba` (a computed CSS colour, maybe translucent) as seen on `background`, channels 0-1."""
    values = [float(value) for value in re.findall(r"[\d.]+", rgba)]
    alpha = values[3] if len(values) > 3 else 1.0
    behind = [float(value) for value in re.findall(r"[\d.]+", background)[:3]]
    return [(alpha * c + (1 - alpha) * b) / 255 for c, b in zip(values[:3], behind)]


def _contrast(ring: str, background: str) -> float:
    def luminance(channels: list[float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(_over(ring, background)), luminance(_over(background, background))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_skip_link_brings_the_cord_within_a_few_tab_presses(page, live_server, complaint, sign_in, screenshot):
    sign_in("agent")
    page.goto(f"{live_server.url}/agent/complaints/{complaint.pk}/")
    without_skip = _tabs_until(page, "andon-button", 80)
    print(f"Tab presses to the cord through the page: {without_skip}")

    page.goto(f"{live_server.url}/agent/complaints/{complaint.pk}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-to-cord")
    expect(skip).to_be_focused()
    screenshot("a11y-skip-to-cord")
    page.keyboard.press("Enter")
    after_skip = _tabs_until(page, "andon-button", 5)

    print(f"Tab presses to the cord: {without_skip} through the page, 2 + Enter + {after_skip} by the skip link")
    assert after_skip is not None and 2 + after_skip <= MOST_TABS_TO_THE_CORD
    assert without_skip is not None and without_skip > 2 + after_skip  # the skip link is the shorter way


@pytest.mark.parametrize("testid", ["skip-to-cord", "andon-button", "andon-reason"])
def test_focus_rings_are_solid_and_stand_out_three_to_one(page, live_server, complaint, sign_in, testid):
    sign_in("agent")
    page.goto(f"{live_server.url}/agent/complaints/{complaint.pk}/")
    if testid == "andon-reason":
        page.get_by_test_id("andon-button").click()
    target = page.get_by_test_id(testid)
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    expect(target).to_be_focused()

    ring = target.evaluate(
        """el => { const s = getComputedStyle(el);
             let bg = 'rgb(255, 255, 255)';
             for (let n = el.parentElement; n; n = n.parentElement) {
               const c = getComputedStyle(n).backgroundColor;
               if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
             }
             return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, around: bg}; }"""
    )
    assert (ring["style"], ring["width"] >= 2) == ("solid", True), ring
    assert _contrast(ring["color"], ring["around"]) >= 3, ring
