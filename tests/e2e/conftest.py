"""Browser tests: real Chromium (Debian's package) driven by Playwright against live_server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.factories import DEMO_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page):
    """`screenshot("name")` saves the page (or `of=another_page`) under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, of=None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page, live_server):
    """`sign_in("agent")` signs the page (or `of=another_page`) in afresh through the store's login form."""

    def sign(username: str, of=None) -> None:
        on = of or page
        on.context.clear_cookies()
        on.goto(f"{live_server.url}/accounts/login/")
        on.get_by_label("Username").fill(username)
        on.get_by_label("Password").fill(DEMO_PASSWORD)
        on.get_by_test_id("login-submit").click()
        expect(on.get_by_test_id("sign-out")).to_be_visible()

    return sign


@pytest.fixture
def sign_in_to_admin(page, live_server):
    """`sign_in_to_admin("manager")` signs the page in afresh through the admin's own login form."""

    def sign(username: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/admin/login/")
        for field, value in (("#id_username", username), ("#id_password", DEMO_PASSWORD)):
            page.locator(field).fill(value)
        page.locator("input[type=submit]").click()

    return sign
