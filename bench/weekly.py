"""Benchmark the weekly bad-pull report (12 weeks) against a floor, on PostgreSQL.

    .venv/bin/python bench/weekly.py --database-url postgres://postgres@127.0.0.1:5432/andon_bench [--pulls 200000] [--runs 30]
    make bench            # the same, on $BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/andon_bench)

Creates and fills the database when it holds no pulls (`demo --scale 10 --pulls N`: the store and
two years of andon history), runs VACUUM ANALYZE, then in this process measures, each with two
warm-ups and --runs timed repetitions (median and p95):

- floor: ONE hand-written SQL statement computing the same figures per team and ISO week for the
  12 weeks (pull counts, verdicts, bad, backlog, GMV protected, +1s, complaints per team at the
  time, work orders open and overdue, review backlog, bonuses, median time to relist);
- selector: `andon.reports.selectors.weekly_report(executive=True)` (the queries, nothing rendered);
- page: the admin page `/admin/andon/weeklyteamsnapshot/weekly/` as an executive (Django's test
  client: middleware, view, template, queries);
- api: `/api/v1/reports/weekly/` as an executive.

Passes when the page is within 2x the floor and under 300 ms (medians). Prints EXPLAIN (ANALYZE,
BUFFERS) of the main aggregate (the pulls grouped by team and week) and of the selector's slowest
query, and writes everything to bench/weekly-results-<date>.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ensure_database, p95, setup_django  # noqa: E402

FLOOR_SQL = """
WITH bounds AS (SELECT %(start)s::timestamptz AS start, %(end)s::timestamptz AS finish),
p AS (
  SELECT id, team_id, verdict, gmv_at_stake, pulled_at, relisted_at,
         (EXTRACT(isoyear FROM pulled_at AT TIME ZONE %(tz)s) * 100 + EXTRACT(week FROM pulled_at AT TIME ZONE %(tz)s))::int AS wk
  FROM andon_andonpull, bounds WHERE pulled_at >= bounds.start AND pulled_at < bounds.finish
),
pulls AS (
  SELECT team_id, wk, count(*) AS pulls, count(*) FILTER (WHERE verdict <> '') AS judged,
         count(*) FILTER (WHERE verdict = 'bad_pull') AS bad, count(*) FILTER (WHERE verdict = '') AS backlog,
         min(pulled_at) FILTER (WHERE verdict = '') AS oldest, sum(gmv_at_stake) FILTER (WHERE verdict = 'rule_followed') AS gmv
  FROM p GROUP BY team_id, wk
),
supports AS (SELECT p.team_id, p.wk, count(*) - count(DISTINCT s.pull_id) AS plus_ones FROM andon_pullsupport s JOIN p ON p.id = s.pull_id GROUP BY 1, 2),
orders AS (
  SELECT p.team_id, p.wk, count(*) FILTER (WHERE w.state IN ('open','in_progress','resolved','confirmed')) AS open,
         count(*) FILTER (WHERE w.state IN ('open','in_progress','resolved','confirmed') AND w.due_at < now()) AS overdue
  FROM andon_workorder w JOIN p ON p.id = w.pull_id GROUP BY 1, 2
),
reviews AS (SELECT p.team_id, p.wk, count(*) AS open FROM andon_rootcausereview r JOIN p ON p.id = r.pull_id WHERE r.state = 'open' GROUP BY 1, 2),
bonuses AS (SELECT p.team_id, p.wk, sum(b.amount) AS total FROM andon_bonusentry b JOIN p ON p.id = b.pull_id GROUP BY 1, 2),
complaints AS (
  SELECT m.team_id, (EXTRACT(isoyear FROM c.created_at AT TIME ZONE %(tz)s) * 100 + EXTRACT(week FROM c.created_at AT TIME ZONE %(tz)s))::int AS wk, count(*) AS n
  FROM tickets_complaint c CROSS JOIN bounds
  LEFT JOIN LATERAL (
    SELECT team_id FROM members_teammembership m
    WHERE m.user_id = c.taken_by_id AND m.started_on <= (c.created_at AT TIME ZONE %(tz)s)::date
      AND (m.ended_on IS NULL OR m.ended_on > (c.created_at AT TIME ZONE %(tz)s)::date)
    ORDER BY m.started_on DESC, m.id DESC LIMIT 1
  ) m ON true
  WHERE c.created_at >= bounds.start AND c.created_at < bounds.finish GROUP BY 1, 2
),
relist AS (
  SELECT team_id, (EXTRACT(isoyear FROM relisted_at AT TIME ZONE %(tz)s) * 100 + EXTRACT(week FROM relisted_at AT TIME ZONE %(tz)s))::int AS wk,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY relisted_at - pulled_at) AS median
  FROM andon_andonpull, bounds WHERE relisted_at >= bounds.start AND relisted_at < bounds.finish AND verdict <> 'bad_pull' GROUP BY 1, 2
)
SELECT pulls.*, supports.plus_ones, orders.open, orders.overdue, reviews.open, bonuses.total, complaints.n, relist.median
FROM pulls
LEFT JOIN supports USING (team_id, wk) LEFT JOIN orders USING (team_id, wk) LEFT JOIN reviews USING (team_id, wk)
LEFT JOIN bonuses USING (team_id, wk) LEFT JOIN complaints USING (team_id, wk) LEFT JOIN relist USING (team_id, wk)
"""


def timed(function, runs: int) -> list[float]:
    for _ in range(2):
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pulls", type=int, default=200_000, help="pulls of history when the database is empty (default 200,000)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--output")
    args = parser.parse_args()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from andon.models import AndonPull
    from andon.reports.selectors import Week, weekly_report, weeks_ending

    call_command("migrate", verbosity=0)
    if not AndonPull.objects.exists():
        print(f"Empty: demo --scale 10 --pulls {args.pulls}", flush=True)
        call_command("demo", scale=10, pulls=args.pulls, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    weeks = weeks_ending(Week.current(), 12)
    start, end = weeks[0].bounds[0], weeks[-1].bounds[1]
    params = {"start": start, "end": end, "tz": settings.TIME_ZONE}

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, params)
            return cursor.fetchall()

    executive = get_user_model().objects.get(username="executive")
    client = Client()
    client.force_login(executive)
    page_path = "/admin/andon/weeklyteamsnapshot/weekly/"
    api_path = "/api/v1/reports/weekly/"
    assert client.get(page_path).status_code == 200 and client.get(api_path).status_code == 200

    with CaptureQueriesContext(connection) as captured:
        client.get(page_path)
    page_queries = len(captured.captured_queries)
    results = {
        "floor (one SQL)": timed(floor, args.runs),
        "selector weekly_report()": timed(lambda: weekly_report(executive=True), args.runs),
        "admin page": timed(lambda: client.get(page_path), args.runs),
        "API JSON": timed(lambda: client.get(api_path), args.runs),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM andon_andonpull")
        pulls = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM andon_andonpull WHERE pulled_at >= %s AND pulled_at < %s", [start, end])
        in_window = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM tickets_complaint")
        complaints = cursor.fetchone()[0]
        main_aggregate = (
            AndonPull.objects.filter(pulled_at__gte=start, pulled_at__lt=end)
        )
        from andon.reports.selectors import week_of
        from django.db.models import Count, Q

        sql, sql_params = (
            main_aggregate.annotate(week=week_of("pulled_at", weeks)).values("team_id", "week")
            .annotate(n=Count("pk"), bad=Count("pk", filter=Q(verdict="bad_pull"))).order_by().query.sql_with_params()
        )
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, sql_params)
        explain = "\n".join(row[0] for row in cursor.fetchall())
        import psycopg  # the statement as sent, parameters in place (arrays too)

        shown_sql = psycopg.ClientCursor(connection.connection).mogrify(sql, sql_params)
        with CaptureQueriesContext(connection) as selector_queries:
            weekly_report(executive=True)
        slowest = max(selector_queries.captured_queries, key=lambda query: float(query["time"]))
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        slowest_explain = "\n".join(row[0] for row in cursor.fetchall())
    floor_median = statistics.median(results["floor (one SQL)"])
    page_median = statistics.median(results["admin page"])
    verdict = page_median <= 2 * floor_median and page_median < 300
    lines = [
        f"# Weekly report benchmark, {dt.date.today().isoformat()}",
        "",
        f"Produced by `bench/weekly.py` ({args.runs} runs after 2 warm-ups; milliseconds). {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, PostgreSQL {connection.pg_version}.",
        f"Pulls in the table: {pulls:,}; in the 12 weeks {weeks[0]} to {weeks[-1]}: {in_window:,}; complaints {complaints:,}.",
        f"Admin page queries: {page_queries}.",
        "",
        "| what | median ms | p95 ms | min ms |",
        "|---|---:|---:|---:|",
    ]
    for name, values in results.items():
        lines.append(f"| {name} | {statistics.median(values):.1f} | {p95(values):.1f} | {min(values):.1f} |")
    lines += [
        "",
        f"**{'PASS' if verdict else 'FAIL'}**: page median {page_median:.1f} ms against the floor's {floor_median:.1f} ms "
        f"({page_median / floor_median:.2f}x; the bar: at most 2x and under 300 ms).",
        "",
        "## EXPLAIN (ANALYZE, BUFFERS) of the main aggregate (the week's pulls by team and ISO week)",
        "",
        "```", shown_sql, "", explain, "```", "",
        f"## EXPLAIN (ANALYZE, BUFFERS) of the selector's slowest query ({float(slowest['time']) * 1000:.1f} ms when captured)",
        "",
        "```", slowest["sql"], "", slowest_explain, "```", "",
    ]
    output = Path(args.output) if args.output else ROOT / "bench" / f"weekly-results-{dt.date.today().isoformat()}.md"
    output.write_text("\n".join(lines))
    print("\n".join(lines))
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
