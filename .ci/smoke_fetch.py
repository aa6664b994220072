"""Fetch the production site as a browser behind an HTTPS proxy would, and fail on anything but 200.

Usage: smoke_fetch.py BASE_URL USERNAME PASSWORD. Every request carries `X-Forwarded-Proto: https`
(the proxy's header, SECURE_PROXY_SSL_HEADER); cookies are kept by hand because they are marked
Secure and the loopback connection is plain HTTP. Each page's stylesheets, icons and scripts are
fetched too: a missing file in the static manifest would answer 404 or the page 500.
"""

import re
import sys
import time
from html.parser import HTMLParser
from http.client import HTTPConnection
from urllib.parse import urlencode, urljoin, urlsplit

BASE, USERNAME, PASSWORD = sys.argv[1:4]
HOST = urlsplit(BASE).netloc
cookies: dict[str, str] = {}
failures: list[str] = []


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and attrs.get("rel") in {"stylesheet", "icon"}:
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf = attrs.get("value", "")


def request(method: str, path: str, body: str | None = None, referer: str | None = None):
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        # Django checks the Referer of a secure POST against the host.
        headers["Referer"] = f"https://{HOST}{referer or path}"
    connection = HTTPConnection(HOST, timeout=20)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    connection.close()
    return response, content


def page(path: str, what: str) -> Assets:
    started = time.monotonic()
    response, content = request("GET", path)
    parser = Assets()
    if response.status != 200:
        failures.append(f"{what} {path}: {response.status}")
        print(f"FAIL {response.status} {path} ({what})")
        return parser
    parser.feed(content.decode("utf-8", "replace"))
    print(f"ok   200 {path} ({what}, {len(content)} bytes, {time.monotonic() - started:.2f} s)")
    if not parser.urls:
        failures.append(f"{what} {path}: no stylesheet or script at all")
    for url in parser.urls:
        asset = urlsplit(urljoin(path, url))
        if asset.netloc and asset.netloc != HOST:
            failures.append(f"{what}: {url} is served from elsewhere")
            continue
        status, body = request("GET", asset.path)
        hashed = re.search(r"\.[0-9a-f]{12}\.", asset.path) is not None
        ok = status.status == 200 and body and hashed
        print(f"{'ok' if ok else 'FAIL'}     {status.status} {asset.path}{'' if hashed else ' (not from the manifest)'}")
        if not ok:
            failures.append(f"{what}: {asset.path} answered {status.status}")
    return parser


def wait_for_server(seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            request("GET", "/healthz")
            return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"nothing answers at {BASE} after {seconds:.0f} s")
            time.sleep(0.2)


wait_for_server()
cookies.clear()
page("/", "home page")
page("/p/SMOKE-1/", "product page")
sign_in = page("/accounts/login/", "sign-in page")
page("/admin/login/", "admin sign-in page")

response, _ = request(
    "POST", "/accounts/login/",
    urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": sign_in.csrf}),
)
if response.status != 302 or "sessionid" not in cookies:
    failures.append(f"sign-in POST answered {response.status} (expected a redirect with a session)")
    print(f"FAIL sign-in POST: {response.status}")
else:
    print(f"ok   302 POST /accounts/login/ (signed in as {USERNAME})")
    page("/reports/relist-rate/", "staff page (report with Chart.js)")
    page("/andon/board/", "staff page (andon board)")
    page("/admin/", "admin front page")

if failures:
    print("\n".join(["", "production smoke test FAILED:", *failures]), file=sys.stderr)
    sys.exit(1)
print("production smoke test passed")
