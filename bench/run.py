"""Benchmark what users feel on a large store, on PostgreSQL.

    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/andon_bench [--scale 34] [--http]

Creates the database when it is missing, migrates it, and fills it with `manage.py demo --scale N`
when it holds no products (scale 34: ~10k products, ~100k orders, ~70 s on the development VM;
scale 334: 100k products, 1M orders, ~13 minutes). Then, in this process with Django's test
Client (no network, no server: the time is Django + the database):

1. every page below: 2 warm-up requests, 1 request with the queries captured (the count, and each
   query's own time), then --runs timed requests; median and p95 (nearest rank);
2. the andon pull itself: `pull_andon` on a listed, buyable product with a complaint, timed as
   the whole service call (transaction and commit included); right after it returns, another
   database connection must read the product as off sale and the storefront must refuse to add it
   to a cart. Then the "+1" (a second customer's complaint joins the open pull). Notification jobs
   are queued as in production (bench/settings.py); a few pulls are also timed with the jobs run
   inline, the first-run default without Redis. The agent's own request (POST of the andon panel,
   htmx) is timed too;
3. the pages whose rows grow with pulls, counted again after the pulls: a query count that grows
   with the rows would be a query per row;
4. EXPLAIN (ANALYZE, BUFFERS) of the slowest distinct queries seen in step 1;
5. with --http: the same GET pages through `gunicorn config.wsgi` over real HTTP, and a short
   concurrent load on the catalog and a product page.

Pulls are committed: each run leaves --pull-runs + 20 more products under review with open pulls
(10,200 products at scale 34, so many runs fit). Results go to bench/results-<date>.md; text
after the "hand-written notes" marker in an existing file is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import http.client
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIG_TABLE = 10_000  # rows: a sequential scan over a table this size is worth a look
NOTES_MARKER = "<!-- hand-written notes: run.py keeps everything below this line -->"


# --- Arguments and the database --------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgres://user@host:port/name (created when missing)")
    parser.add_argument("--scale", type=int, default=34, help="demo --scale N when the database is empty (default 34)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--pull-runs", type=int, default=30, help="timed pulls and +1s (default 30)")
    parser.add_argument("--http", action="store_true", help="also measure through gunicorn over real HTTP")
    parser.add_argument("--http-seconds", type=float, default=10.0, help="length of each concurrent HTTP load (default 10)")
    parser.add_argument("--output", help="results file (default bench/results-<today>.md)")
    return parser.parse_args()


def ensure_database(url: str) -> bool:
    """Create the database when it does not exist; True when it was created."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Measuring -----------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with 30 runs: the second slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Result:
    name: str
    user: str
    path: str
    group: str
    queries: int = 0
    times_ms: list[float] = field(default_factory=list)
    size: int = 0
    status: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return p95(self.times_ms)


@dataclass
class SeenQuery:
    scenario: str
    sql: str
    ms: float


def normalise(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\s+", " ", sql).strip()


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.results: list[Result] = []
        self.seen: list[SeenQuery] = []
        self.clients: dict = {}
        self.users: dict = {}
        self.lines: list[str] = []  # extra facts for the results file

    # -- people -------------------------------------------------------------------------------

    def prepare_people(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models import Count
        from django.test import Client

        from members.models import Order

        User = get_user_model()
        for username in ("agent", "manager", "vendor_manager", "warehouse", "quality", "partner_manager", "executive", "admin", "member"):
            self.users[username] = User.objects.get(username=username)
        heavy = Order.objects.values("customer").annotate(n=Count("id")).order_by("-n").first()
        self.users["heavy customer"] = User.objects.get(pk=heavy["customer"])
        self.heavy_orders = heavy["n"]
        self.clients["anonymous"] = Client()
        for name, user in self.users.items():
            client = Client()
            client.force_login(user)
            self.clients[name] = client

    # -- one page -----------------------------------------------------------------------------

    def measure(self, name: str, user: str, path: str, group: str, *, runs: int | None = None, expect: int = 200, note: str = "") -> Result:
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        runs = runs or self.args.runs
        client = self.clients[user]
        for _ in range(2):
            response = client.get(path)
            if response.status_code != expect:
                raise SystemExit(f"{name}: GET {path} as {user} answered {response.status_code}, expected {expect}")
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        result = Result(name, user, path, group, queries=len(captured.captured_queries), size=len(response.content), status=response.status_code, note=note)
        for query in captured.captured_queries:
            self.seen.append(SeenQuery(name, query["sql"], float(query["time"]) * 1000))
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path)
            result.times_ms.append((time.perf_counter() - started) * 1000)
        print(f"  {name:<44} {user:<16} {result.queries:>4} q  median {result.median:8.1f} ms  p95 {result.p95:8.1f} ms", flush=True)
        return result

    def pages(self) -> list[tuple]:
        """(name, user, path, group) of every page measured."""
        from django.conf import settings

        from flywheel.models import Category, ListingState, Product
        from members.catalog.selectors import with_stock

        product = with_stock(Product.objects.filter(listing_state=ListingState.LISTED)).filter(stock__gt=0).order_by("-id").first()
        category = Category.objects.filter(parent__isnull=True).order_by("position", "id").first()
        sub = Category.objects.filter(parent__isnull=False).order_by("position", "id").first()
        word = product.title.split()[-1].lower() if product.title.split()[-1].isalpha() else "pillow"
        self.search_word = word
        last_orders_page = max(1, math.ceil(self.heavy_orders / 10))
        last_catalog_page = max(1, math.ceil(Product.objects.filter(listing_state=ListingState.LISTED).count() / settings.CATALOG_PAGE_SIZE))
        pages = [
            ("catalog page 1", "anonymous", "/", "storefront"),
            ("catalog page 1 (signed in)", "member", "/", "storefront"),
            ("catalog page 50", "anonymous", "/?page=50", "storefront"),
            (f"catalog last page ({last_catalog_page})", "anonymous", f"/?page={last_catalog_page}", "storefront"),
            (f"search '{word}'", "anonymous", f"/?q={word}", "storefront"),
            ("search, no match", "anonymous", "/?q=zzzqqq", "storefront"),
            ("search '茶' (one Chinese character)", "anonymous", "/?q=%E8%8C%B6", "storefront"),
            (f"category '{category.slug}' (top level)", "anonymous", f"/?category={category.slug}", "storefront"),
            (f"category '{sub.slug}'", "anonymous", f"/?category={sub.slug}", "storefront"),
            ("product page", "anonymous", f"/p/{product.sku}/", "storefront"),
            (f"order history, page 1 ({self.heavy_orders:,} orders)", "heavy customer", "/orders/", "storefront"),
            (f"order history, last page ({last_orders_page})", "heavy customer", f"/orders/?page={last_orders_page}", "storefront"),
        ]
        return pages + self.andon_pages()

    def andon_pages(self) -> list[tuple]:
        """The pages whose rows grow with complaints, pulls and work orders (counted again after the pulls)."""
        return [
            ("agent complaint queue", "agent", "/agent/", "andon"),
            ("andon board", "agent", "/andon/board/", "andon"),
            ("andon board, live part (htmx poll)", "agent", "/andon/board/live/", "andon"),
            ("work orders: supplier management", "vendor_manager", "/work/", "andon"),
            ("work orders: warehouse", "warehouse", "/work/", "andon"),
            ("work orders: quality", "quality", "/work/", "andon"),
            ("work orders: partner management", "partner_manager", "/work/", "andon"),
            ("work orders: every department", "manager", "/work/", "andon"),
            ("relist-rate report page", "manager", "/reports/relist-rate/", "reports"),
            ("Pareto report page", "manager", "/reports/pareto/", "reports"),
            ("relist-rate report JSON", "manager", "/api/v1/reports/relist-rate/", "reports"),
            ("Pareto report JSON", "manager", "/api/v1/reports/pareto/", "reports"),
            ("admin: products", "admin", "/admin/flywheel/product/", "admin"),
            ("admin: orders", "admin", "/admin/members/order/", "admin"),
            ("admin: complaints", "admin", "/admin/tickets/complaint/", "admin"),
            ("admin: andon pulls", "admin", "/admin/andon/andonpull/", "admin"),
            ("admin: work orders", "admin", "/admin/andon/workorder/", "admin"),
        ]

    # -- the pull -------------------------------------------------------------------------------

    def pull_candidates(self, count: int) -> list[tuple[int, int, int]]:
        """(product id, order line of one customer, order line of another) for listed, buyable products never pulled."""
        from django.db import connection

        sql = """
            WITH candidates AS (
                SELECT p.id FROM flywheel_product p
                WHERE p.listing_state = 'listed'
                  AND NOT EXISTS (SELECT 1 FROM andon_andonpull a WHERE a.product_id = p.id)
                  AND NOT EXISTS (SELECT 1 FROM tickets_complaint c WHERE c.product_id = p.id)
                  AND (SELECT coalesce(sum(l.quantity_on_hand), 0) FROM flywheel_lot l
                       WHERE l.product_id = p.id AND NOT l.blocked) > 0
                ORDER BY md5(p.id::text) LIMIT %s
            )
            SELECT c.id, lines.ids FROM candidates c
            CROSS JOIN LATERAL (
                SELECT array_agg(first_line ORDER BY first_line) AS ids FROM (
                    SELECT min(ol.id) AS first_line FROM members_orderline ol
                    JOIN members_order o ON o.id = ol.order_id
                    WHERE ol.product_id = c.id GROUP BY o.customer_id LIMIT 2
                ) two
            ) lines
            WHERE array_length(lines.ids, 1) = 2
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [max(200, count * 5)])
            rows = cursor.fetchall()
        if len(rows) < count:
            raise SystemExit(f"Only {len(rows)} listed, buyable, never-pulled products with two customers; {count} needed.")
        return [(product_id, ids[0], ids[1]) for product_id, ids in rows[:count]]

    def file_complaints(self, candidates) -> list[tuple]:
        from members.models import OrderLine
        from tickets.models import Complaint, IssueCode
        from tickets.complaints.services import file_complaint

        issue = IssueCode.objects.filter(active=True).order_by("position", "id").first()
        agent = self.users["agent"]
        prepared = []
        for product_id, first_line, second_line in candidates:
            complaints = []
            for line_id in (first_line, second_line):
                line = OrderLine.objects.select_related("order__customer").get(pk=line_id)
                complaints.append(file_complaint(
                    customer=line.order.customer, issue_code=issue, order_line=line, channel=Complaint.Channel.PHONE,
                    text="Benchmark complaint: pages 100-101 uncut.", taken_by=agent,
                ))
            prepared.append((product_id, *complaints))
        return prepared

    def off_sale_elsewhere(self, product_id: int) -> bool:
        """Read the product through a second connection, as another request in another process would."""
        row = self.other.execute("SELECT listing_state FROM flywheel_product WHERE id = %s", [product_id]).fetchone()
        return row[0] != "listed"

    def storefront_refuses(self, product) -> bool:
        from members.models import CartItem

        member = self.users["member"]
        self.clients["member"].post(f"/cart/add/{product.sku}/", {"quantity": 1})
        return not CartItem.objects.filter(cart__customer=member, product=product).exists()

    def bench_pulls(self) -> None:
        import psycopg
        from django.conf import settings
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        from andon.pulls.services import pull_andon
        from flywheel.models import Product
        from members.errors import NotBuyable
        from members.catalog.policy import ensure_buyable

        runs = self.args.pull_runs
        inline_runs, http_runs = 5, 11
        needed = 1 + runs + inline_runs + http_runs
        started = time.perf_counter()
        prepared = self.file_complaints(self.pull_candidates(needed))
        print(f"  {needed} products with two customers' complaints prepared in {time.perf_counter() - started:.1f} s", flush=True)
        self.other = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        agent, manager = self.users["agent"], self.users["manager"]

        pull_times, join_times, seen_times = [], [], []
        stale = refused_not = 0
        pull_queries = join_queries = 0
        inline_times = []
        for index, (product_id, first, second) in enumerate(prepared[: 1 + runs + inline_runs]):
            product = Product.objects.get(pk=product_id)
            ensure_buyable(product)  # buyable before the pull, or the check after it proves nothing
            counting = index == 0
            reset_queries()
            inline = index > runs
            if inline:
                for queue in settings.RQ_QUEUES.values():
                    queue["ASYNC"] = False
            # Queries are captured on the first pull only, which is not timed (capturing costs a little).
            with CaptureQueriesContext(connection) if counting else nullcontext() as captured:
                t0 = time.perf_counter()
                outcome = pull_andon(agent=agent, reason="Benchmark: same defect from two customers", complaint=first)
                t1 = time.perf_counter()
                off = self.off_sale_elsewhere(product_id)
                t2 = time.perf_counter()
            assert not outcome.joined
            # Read the captured queries now: the Client request below clears Django's query log.
            pull_sql = list(captured.captured_queries) if counting else []
            stale += not off
            try:
                ensure_buyable(Product.objects.get(pk=product_id))
                stale += 1
            except NotBuyable:
                pass
            refused_not += not self.storefront_refuses(product)
            reset_queries()
            with CaptureQueriesContext(connection) if counting else nullcontext() as captured_join:
                t3 = time.perf_counter()
                joined = pull_andon(agent=manager, reason="Benchmark: a second customer, same defect", complaint=second)
                t4 = time.perf_counter()
            assert joined.joined and joined.pull.pk == outcome.pull.pk
            if counting:
                pull_queries, join_queries = len(pull_sql), len(captured_join.captured_queries)
                for query in pull_sql:
                    self.seen.append(SeenQuery("andon pull", query["sql"], float(query["time"]) * 1000))
            elif inline:
                inline_times.append((t1 - t0) * 1000)
            else:
                pull_times.append((t1 - t0) * 1000)
                seen_times.append((t2 - t0) * 1000)
                join_times.append((t4 - t3) * 1000)
        for queue in settings.RQ_QUEUES.values():
            queue["ASYNC"] = True

        # The agent's own request: the andon panel's htmx POST, as the console sends it.
        http_times = []
        http_queries = 0
        client = self.clients["agent"]
        for index, (product_id, first, _second) in enumerate(prepared[1 + runs + inline_runs:]):
            reset_queries()
            with CaptureQueriesContext(connection) if index == 0 else nullcontext() as captured:
                t0 = time.perf_counter()
                response = client.post(f"/andon/complaints/{first.pk}/pull/", {"reason": "Benchmark: pulled from the console"}, HTTP_HX_REQUEST="true")
                elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200 or not self.off_sale_elsewhere(product_id):
                raise SystemExit(f"The console pull of complaint {first.pk} answered {response.status_code} or left the product on sale")
            if index == 0:
                http_queries = len(captured.captured_queries)  # the first is counted, not timed
            else:
                http_times.append(elapsed)
        self.bench_bestseller_pulls()
        self.other.close()

        checked = runs + inline_runs + 1
        self.pull = {
            "pull": Result("andon pull (pull_andon, jobs queued)", "agent", "service call", "pull", pull_queries, pull_times),
            "seen": Result("pull start -> another connection reads it off sale", "agent", "service call + SELECT", "pull", 0, seen_times),
            "join": Result("+1 on the open pull", "manager", "service call", "pull", join_queries, join_times),
            "inline": Result("andon pull, notification jobs run inline (no Redis)", "agent", "service call", "pull", 0, inline_times),
            "http": Result("andon pull, the console's htmx POST", "agent", "POST /andon/complaints/<pk>/pull/", "pull", http_queries, http_times),
            "stale": stale,
            "refused_not": refused_not,
            "checked": checked,
        }
        for key in ("pull", "seen", "join", "inline", "http"):
            result = self.pull[key]
            print(f"  {result.name:<58} {result.queries:>4} q  median {result.median:8.1f} ms  p95 {result.p95:8.1f} ms  (n={len(result.times_ms)})", flush=True)
        print(f"  still buyable right after the pull returned: {stale} of {checked}; storefront added it to a cart: {refused_not} of {checked}")

    def bench_bestseller_pulls(self, count: int = 3) -> None:
        """Pulls on the products with the most unshipped orders: the pull holds each of those orders in its transaction."""
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        from andon.pulls.services import pull_andon

        sql = """
            SELECT p.id, count(DISTINCT o.id) AS holdable, min(ol.id) AS line FROM flywheel_product p
            JOIN members_orderline ol ON ol.product_id = p.id
            JOIN members_order o ON o.id = ol.order_id AND o.status IN ('placed', 'paid', 'packed')
            WHERE p.listing_state = 'listed'
              AND NOT EXISTS (SELECT 1 FROM andon_andonpull a WHERE a.product_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM tickets_complaint c WHERE c.product_id = p.id)
            GROUP BY p.id ORDER BY holdable DESC, p.id LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [count])
            rows = cursor.fetchall()
        candidates = [(product_id, line, line) for product_id, _holdable, line in rows]
        prepared = self.file_complaints(candidates)
        self.bestsellers = []
        for (product_id, holdable, _line), (_pid, complaint, _same) in zip(rows, prepared):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                outcome = pull_andon(agent=self.users["agent"], reason="Benchmark: best-seller pulled", complaint=complaint)
                elapsed = (time.perf_counter() - started) * 1000
            held = sum(work_order.held_orders.count() for work_order in outcome.pull.work_orders.all())
            row = {"product": outcome.pull.product.sku, "holdable": holdable, "held": held, "ms": elapsed,
                   "queries": len(captured.captured_queries), "off_sale": self.off_sale_elsewhere(product_id)}
            self.bestsellers.append(row)
            print(f"  best-seller {row['product']}: {holdable} unshipped orders, {row['queries']} queries, {elapsed:.1f} ms, off sale: {row['off_sale']}", flush=True)

    # -- EXPLAIN --------------------------------------------------------------------------------

    def slowest_queries(self, count: int) -> list[SeenQuery]:
        best: dict[str, SeenQuery] = {}
        for query in self.seen:
            if not query.sql.lstrip().upper().startswith("SELECT"):
                continue
            key = normalise(query.sql)
            if key not in best or query.ms > best[key].ms:
                best[key] = query
        return sorted(best.values(), key=lambda q: q.ms, reverse=True)[:count]

    def explain(self, candidates: int = 25) -> list[dict]:
        """EXPLAIN (ANALYZE, BUFFERS) of the slowest distinct SELECTs seen, slowest under EXPLAIN first.

        One captured request per page is a single sample on a shared machine, so the candidates are
        ranked again by their execution time under EXPLAIN ANALYZE, measured one after another at the
        end of the run. Read-only: only SELECTs are explained.
        """
        from django.db import connection

        explained = []
        with connection.cursor() as cursor:
            for query in self.slowest_queries(candidates):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query.sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                explained.append({"query": query, "plan": plan, **plan_facts(plan)})
            tables = sorted({table for item in explained for table, _rows, _loops in item["seq_scans"]})
            cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)", [tables])
            sizes = dict(cursor.fetchall())
        for item in explained:
            item["big_seq_scans"] = [(t, sizes.get(t, 0)) for t, _rows, _loops in item["seq_scans"] if sizes.get(t, 0) >= BIG_TABLE]
        return sorted(explained, key=lambda item: item["execution_ms"] or 0, reverse=True)

    # -- facts ----------------------------------------------------------------------------------

    def facts(self) -> dict:
        from django.db import connection
        import django

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0]
            settings_wanted = ("shared_buffers", "work_mem", "effective_cache_size", "synchronous_commit", "random_page_cost", "jit")
            cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", [list(settings_wanted)])
            pg_settings = {name: f"{setting}{' ' + unit if unit else ''}" for name, setting, unit in cursor.fetchall()}
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
            counts = {}
            for label, sql in [
                ("products", "SELECT count(*) FROM flywheel_product"),
                ("products listed", "SELECT count(*) FROM flywheel_product WHERE listing_state = 'listed'"),
                ("lots", "SELECT count(*) FROM flywheel_lot"),
                ("customers", "SELECT count(DISTINCT customer_id) FROM members_order"),
                ("orders", "SELECT count(*) FROM members_order"),
                ("order lines", "SELECT count(*) FROM members_orderline"),
                ("audit events", "SELECT count(*) FROM flywheel_auditevent"),
                ("complaints", "SELECT count(*) FROM tickets_complaint"),
                ("andon pulls (open)", "SELECT count(*) || ' (' || count(*) FILTER (WHERE state = 'open') || ')' FROM andon_andonpull"),
                ("work orders", "SELECT count(*) FROM andon_workorder"),
            ]:
                cursor.execute(sql)
                counts[label] = cursor.fetchone()[0]
        cpu = "unknown"
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
            mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
            memory = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GiB"
        except (OSError, StopIteration):
            memory = "unknown"
        return {
            "cores": os.cpu_count(), "cpu": cpu, "memory": memory, "load": os.getloadavg(),
            "python": platform.python_version(), "django": django.get_version(), "postgres": pg_version,
            "pg_settings": pg_settings, "db_size": size, "counts": counts, "os": platform.platform(),
        }


def plan_facts(plan: str) -> dict:
    indexes = sorted(set(re.findall(r"Index (?:Only )?Scan(?: Backward)? using (\S+)", plan)) | set(re.findall(r"Bitmap Index Scan on (\S+)", plan)))
    seq = []
    for match in re.finditer(r"Seq Scan on (\S+)(?: \S+)? +\(cost=[^)]*\) \(actual time=[^ ]+ rows=(\d+) loops=(\d+)\)", plan):
        seq.append((match.group(1), int(match.group(2)), int(match.group(3))))
    removed = [int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan)]
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return {
        "indexes": indexes, "seq_scans": seq, "rows_removed": sum(removed),
        "execution_ms": float(execution.group(1)) if execution else None,
    }


# --- Real HTTP through gunicorn ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Cookie": cookie} if cookie else {"Host": "127.0.0.1"}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, len(body)


class Gunicorn:
    def __init__(self, workers: int):
        self.port = free_port()
        self.workers = workers
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                http_get(self.port, "/healthz", "")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer within 30 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def bench_http(bench: Bench, pages: list[tuple]) -> dict:
    workers = os.cpu_count() or 2
    server = Gunicorn(workers)
    out = {"workers": workers, "pages": [], "load": []}
    try:
        cookies = {name: f"sessionid={client.cookies['sessionid'].value}" for name, client in bench.clients.items() if "sessionid" in client.cookies}
        cookies["anonymous"] = ""
        for name, user, path, _group in pages:
            cookie = cookies[user]
            for _ in range(2 + workers):  # every worker warmed up
                status, _size = http_get(server.port, path, cookie)
                if status != 200:
                    raise SystemExit(f"HTTP {name}: GET {path} as {user} answered {status}")
            times = []
            for _ in range(bench.args.runs):
                started = time.perf_counter()
                http_get(server.port, path, cookie)
                times.append((time.perf_counter() - started) * 1000)
            result = Result(name, user, path, "http", times_ms=times)
            out["pages"].append(result)
            print(f"  HTTP {name:<44} {user:<16} median {result.median:8.1f} ms  p95 {result.p95:8.1f} ms", flush=True)
        for name, path, concurrency in [
            ("catalog page 1", "/", 4), ("catalog page 1", "/", 16), ("product page", next(p for n, _u, p, _g in pages if n == "product page"), 16),
        ]:
            times, errors = [], []
            lock = threading.Lock()
            deadline = time.perf_counter() + bench.args.http_seconds

            def hammer():
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    try:
                        status, _ = http_get(server.port, path, "")
                    except OSError as error:
                        with lock:
                            errors.append(str(error))
                        continue
                    with lock:
                        (times if status == 200 else errors).append((time.perf_counter() - started) * 1000)

            threads = [threading.Thread(target=hammer) for _ in range(concurrency)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            row = {"name": name, "path": path, "concurrency": concurrency, "requests": len(times), "errors": len(errors),
                   "rps": len(times) / elapsed, "median": statistics.median(times), "p95": p95(times)}
            out["load"].append(row)
            print(f"  HTTP load {name} x{concurrency}: {row['rps']:.0f} req/s, median {row['median']:.0f} ms, p95 {row['p95']:.0f} ms, {row['errors']} errors", flush=True)
    finally:
        server.stop()
    return out


# --- The results file ----------------------------------------------------------------------------


def table(results: list[Result], *, with_queries: bool = True) -> list[str]:
    head = "| what | as | path | queries | median ms | p95 ms | min ms | max ms | KB |"
    rows = [head, "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        # A pull has no page size, and some pull rows are timed without their queries counted.
        queries = r.queries if with_queries and r.queries else "-"
        size = f"{r.size / 1024:.0f}" if r.size else "-"
        rows.append(
            f"| {r.name} | {r.user} | `{r.path}` | {queries} | {r.median:.1f} | {r.p95:.1f} | "
            f"{min(r.times_ms):.1f} | {max(r.times_ms):.1f} | {size} |"
        )
    return rows


def write_results(path: Path, args, facts: dict, build: str, results: list[Result], pull: dict, bestsellers: list[dict],
                  recount: list[tuple], explained: list[dict], http_out: dict | None, elapsed: float) -> None:
    notes = ""
    if path.exists():
        text = path.read_text()
        if NOTES_MARKER in text:
            notes = text.split(NOTES_MARKER, 1)[1]
    c = facts["counts"]
    lines = [
        f"# Benchmark results, {dt.date.today().isoformat()}",
        "",
        f"Produced by `bench/run.py` (`--scale {args.scale} --runs {args.runs} --pull-runs {args.pull_runs}"
        f"{' --http' if args.http else ''}`) in {elapsed / 60:.1f} minutes. Times are milliseconds of wall time;",
        "the median and the p95 (nearest rank) of the timed runs. In-process numbers are Django's test Client",
        "calling the WSGI handler in this process: no network and no server, but the whole middleware stack,",
        "the views, the templates and every database round trip. Settings: `bench/settings.py` (DEBUG off,",
        "jobs queued as in production).",
        "",
        "## Machine and data",
        "",
        "| fact | value |",
        "|---|---|",
        f"| CPU | {facts['cores']} cores, {facts['cpu']} |",
        f"| memory | {facts['memory']} |",
        f"| load average at the start | {' / '.join(f'{x:.2f}' for x in facts['load'])} (1 / 5 / 15 min; the VM is shared with other jobs) |",
        f"| load average at the end | {' / '.join(f'{x:.2f}' for x in facts['load_end'])} |",
        f"| OS | {facts['os']} |",
        f"| Python / Django | {facts['python']} / {facts['django']} |",
        f"| PostgreSQL | {facts['postgres']} on the same machine; "
        + ", ".join(f"{k} {v}" for k, v in sorted(facts["pg_settings"].items())) + " |",
        f"| database size | {facts['db_size']} |",
        f"| data | {build} |",
    ]
    lines += [f"| {label} | {value:,} |" if isinstance(value, int) else f"| {label} | {value} |" for label, value in c.items()]
    lines += ["", "## Pages (in-process)", ""]
    for group, title in [("storefront", "Storefront"), ("andon", "Agent console, andon board, work-order queues"),
                         ("reports", "Reports"), ("admin", "Admin changelists (first page, as the superuser)")]:
        lines += [f"### {title}", "", *table([r for r in results if r.group == group]), ""]

    stale, checked = pull["stale"], pull["checked"]
    lines += [
        "## The andon pull",
        "",
        "Each pull is `andon.pulls.services.pull_andon(agent=..., reason=..., complaint=...)` on a listed product in",
        "stock that two customers complained about, committed (the service's own transaction). The time is the",
        "whole call: the row lock, the rule snapshot, the 30-day GMV, the listing transition, two work orders,",
        "the stock hold (lots blocked, open orders held), the review, the audit rows and the commit. When it",
        "returns the product is off sale for everyone: no cache, no job, nothing else has to happen, so the time",
        "until the storefront stops selling is the pull's own time.",
        "",
        *table([pull[k] for k in ("pull", "seen", "join", "inline", "http")]),
        "",
        f"- Right after the call returned, a second PostgreSQL connection (another request, another process)",
        f"  read the product as off sale, and `members.catalog.policy.ensure_buyable` refused it: still buyable in "
        f"**{stale} of {checked}** pulls.",
        f"- The storefront's add-to-cart (POST `/cart/add/<sku>/` as a member) put it in a cart in "
        f"**{pull['refused_not']} of {checked}** pulls.",
        "- Query counts are of one pull (the first, not timed), BEGIN/SAVEPOINT/COMMIT included; a pull makes",
        "  about two more per unshipped order it holds (see the best-sellers below). The console's POST",
        "  includes the session, the complaint and drawing the andon panel again.",
        "- 'jobs run inline' is the first-run default without Redis: the notification jobs run in the request,",
        "  after the commit, so the product was already off sale; production queues them (first row).",
        "",
        "### Pulls on the products with the most unshipped orders",
        "",
        "The warehouse work order puts every unshipped order of the product on hold in the pull's own",
        "transaction, one state transition (and audit row) per order, so a best-seller's pull does more work.",
        "One pull each (queries captured during the timed call):",
        "",
        "| product | unshipped orders | held by the pull | queries | ms | off sale for another connection at once |",
        "|---|---:|---:|---:|---:|---|",
        *[f"| {b['product']} | {b['holdable']} | {b['held']} | {b['queries']} | {b['ms']:.1f} | {'yes' if b['off_sale'] else '**no**'} |" for b in bestsellers],
        "",
        "## Query counts after the pulls (a query per row would show here)",
        "",
        f"The pulls above added {args.pull_runs + 20} open pulls, {2 * (args.pull_runs + 20)} work orders and "
        f"{2 * (args.pull_runs + 17) + 3} complaints (now {facts['open_after']} open pulls). The pages whose rows grow "
        "with them, counted again:",
        "",
        "| what | as | queries before | queries after | median ms after |",
        "|---|---|---:|---:|---:|",
    ]
    for before, after in recount:
        flag = "" if before.queries == after.queries else " **changed**"
        lines.append(f"| {before.name} | {before.user} | {before.queries} | {after.queries}{flag} | {after.median:.1f} |")
    lines += ["", "## The slowest queries seen", "",
              "The 25 slowest distinct SELECTs (literals folded) in the captured request of every page above (the",
              "third request, after two warm-ups) and in the first pull, run again one by one under EXPLAIN",
              "(ANALYZE, BUFFERS) at the end of the run and ranked by that execution time; the 12 slowest:", "",
              "| ms under EXPLAIN | ms in request | page | indexes used | sequential scans (rows out x loops) | query (start) |",
              "|---:|---:|---|---|---|---|"]
    for item in explained[:12]:
        q = item["query"]
        seq = ", ".join(f"{t} ({rows:,} x {loops})" for t, rows, loops in item["seq_scans"]) or "none"
        lines.append(f"| {item['execution_ms']} | {q.ms:.1f} | {q.scenario} | {', '.join(item['indexes']) or 'none'} | {seq} | "
                     f"`{normalise(q.sql)[:140]}` |")
    big = [item for item in explained if item["big_seq_scans"]]
    lines += ["", f"Sequential scans over a table of {BIG_TABLE:,} rows or more, among the 25:", ""]
    lines += [f"- {item['execution_ms']} ms, {item['query'].scenario}: "
              + ", ".join(f"`{t}` ({n:,} rows)" for t, n in item["big_seq_scans"])
              + f" in `{normalise(item['query'].sql)[:120]}...`" for item in big] or ["- none"]
    lines += ["", "### EXPLAIN (ANALYZE, BUFFERS) of the slowest three", ""]
    for number, item in enumerate(explained[:3], 1):
        q = item["query"]
        seq = ", ".join(f"{t} ({rows:,} rows x {loops})" for t, rows, loops in item["seq_scans"]) or "none"
        lines += [
            f"#### {number}. {q.scenario}: {item['execution_ms']} ms under EXPLAIN ANALYZE ({q.ms:.1f} ms in the request)",
            "",
            f"- indexes used: {', '.join(item['indexes']) or 'none'}",
            f"- sequential scans: {seq}; rows removed by filters: {item['rows_removed']:,}",
            "",
            "```sql", q.sql, "```", "", "```", item["plan"], "```", "",
        ]
    if http_out:
        lines += [
            "## Real HTTP through gunicorn",
            "",
            f"`gunicorn config.wsgi --workers {http_out['workers']}` (sync workers) on 127.0.0.1, the same settings; a",
            "Python `http.client` request per sample, one at a time, a new connection each (sync workers close it).",
            "Measured before the pulls, on the same data as the in-process tables.",
            "",
            "| what | as | path | median ms | p95 ms | min ms | max ms |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        for r in http_out["pages"]:
            lines.append(f"| {r.name} | {r.user} | `{r.path}` | {r.median:.1f} | {r.p95:.1f} | {min(r.times_ms):.1f} | {max(r.times_ms):.1f} |")
        lines += [
            "",
            f"Concurrent load, {args.http_seconds:.0f} s each, anonymous, Python threads as clients on the same two cores",
            "(so the client steals CPU from the server: a floor, not a ceiling):",
            "",
            "| page | clients | requests | req/s | median ms | p95 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in http_out["load"]:
            lines.append(f"| {row['name']} `{row['path']}` | {row['concurrency']} | {row['requests']} | {row['rps']:.0f} | "
                         f"{row['median']:.0f} | {row['p95']:.0f} | {row['errors']} |")
    lines += ["", NOTES_MARKER]
    path.write_text("\n".join(lines) + (notes if notes else "\n"))


# --- Main -------------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    created = ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from flywheel.models import Product

    print(f"Database {'created' if created else 'found'}; migrating", flush=True)
    call_command("migrate", verbosity=0)
    if not Product.objects.exists():
        print(f"Empty: demo --scale {args.scale} (scale 34 takes about 70 s here; 334 about 13 min)", flush=True)
        t0 = time.perf_counter()
        call_command("demo", scale=args.scale, verbosity=0)
        build = f"built now with `demo --scale {args.scale}` in {time.perf_counter() - t0:.0f} s"
        connection.close()
    else:
        build = "already loaded (the `demo --scale` it was built with is in the counts below); earlier runs' pulls included"
    # A live store's tables have been vacuumed and analysed by autovacuum; a freshly loaded one has
    # not, and without the visibility map counts cannot use index-only scans. Quick once done.
    print("VACUUM ANALYZE (the state autovacuum keeps a live store in)", flush=True)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    build += f"; VACUUM ANALYZE before measuring ({time.perf_counter() - t0:.0f} s)"

    bench = Bench(args)
    facts = bench.facts()
    print(f"{facts['cores']} cores, Python {facts['python']}, PostgreSQL {facts['postgres']}, " + ", ".join(f"{k} {v}" for k, v in facts["counts"].items()), flush=True)
    bench.prepare_people()

    print("Pages", flush=True)
    pages = bench.pages()
    results = [bench.measure(name, user, path, group) for name, user, path, group in pages]

    http_out = None
    if args.http:
        # Before the pulls, so both tables see the same data.
        print("Real HTTP through gunicorn", flush=True)
        connection.close()
        http_out = bench_http(bench, pages)

    print("The andon pull", flush=True)
    bench.bench_pulls()

    print("Query counts again after the pulls", flush=True)
    by_name = {r.name: r for r in results}
    recount = []
    for name, user, path, group in bench.andon_pages():
        after = bench.measure(name, user, path, group, runs=5)
        recount.append((by_name[name], after))

    print("EXPLAIN ANALYZE of the slowest queries", flush=True)
    explained = bench.explain()
    for item in explained[:3]:
        print(f"  {item['execution_ms']:8.1f} ms  {item['query'].scenario}: indexes {item['indexes']}, seq scans {item['seq_scans']}")

    facts["load_end"] = os.getloadavg()
    from andon.models import AndonPull

    facts["open_after"] = AndonPull.objects.filter(state=AndonPull.State.OPEN).count()
    output = Path(args.output) if args.output else ROOT / "bench" / f"results-{dt.date.today().isoformat()}.md"
    write_results(output, args, facts, build, results, bench.pull, bench.bestsellers, recount, explained, http_out, time.perf_counter() - started)
    print(f"\nWritten {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output} in {(time.perf_counter() - started) / 60:.1f} min")
    print()
    print("\n".join(table(results + [bench.pull[k] for k in ("pull", "join", "http")])))


if __name__ == "__main__":
    main()
