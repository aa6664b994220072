"""`manage.py demo`: load the demo store into an empty database, or say it is already there."""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

WORK_URL = "/work/"
# What the `demo` extra brings: production installs go without it, and so without the demo.
DEMO_EXTRA_MODULES = ("factory", "faker", "tqdm", "time_machine")
DEFAULT_BENCH_SCALE = 34
DEFAULT_HISTORY_PULLS = 200_000


def load_demo():
    """The andon.demo package, imported only when the command runs (it needs the `demo` extra)."""
    try:
        import andon.demo
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in DEMO_EXTRA_MODULES:
            raise
        raise CommandError(
            _('The demo needs the "demo" extra, which is not installed (%(module)s is missing): pip install -e ".[demo]"')
            % {"module": error.name}
        ) from error
    return andon.demo


def demo_url() -> str:
    # `make run` serves on $PORT; say the address it will really be at.
    return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


class Command(BaseCommand):
    help = _(
        "Fill an empty database with a bilingual demo store: staff logins for every role, suppliers, "
        "about 300 products, partners, customers and 400 orders in every status, and two months of "
        "andon history: complaints, warnings, pulls at every stage and their reviews. Runs only once: "
        "when demo data is present it changes nothing. --scale N (N > 1) builds benchmark volumes: "
        "300*N products (at most 100,000) and 3,000*N orders (at most 1,000,000); --scale 334 "
        "reaches both caps."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, nargs="?", const=DEFAULT_BENCH_SCALE, default=1,
            help=_("Volume multiplier (1 is the normal demo; alone, %(scale)s). Above 1 it also builds two years of andon history.")
            % {"scale": DEFAULT_BENCH_SCALE},
        )
        parser.add_argument(
            "--pulls", type=int,
            help=_("Pulls in the two years of history (default %(pulls)s with --scale; 0 for none).") % {"pulls": f"{DEFAULT_HISTORY_PULLS:,}"},
        )
        parser.add_argument(
            "--grow-pulls", type=int, metavar="N",
            help=_("Only grow the pulls table of a loaded store to N rows by copying old pulls (PostgreSQL)."),
        )
        parser.add_argument("--products", type=int, help=_("Override the number of products."))
        parser.add_argument("--orders", type=int, help=_("Override the number of orders."))
        parser.add_argument("--customers", type=int, help=_("Override the number of customers."))

    def handle(self, *args, scale, products, orders, customers, verbosity, pulls=None, grow_pulls=None, **options):
        self.demo = demo = load_demo()
        if grow_pulls is not None:
            return self._grow_pulls(grow_pulls)
        if pulls is None:
            pulls = DEFAULT_HISTORY_PULLS if scale > 1 else 0
        if pulls < 0:
            raise CommandError(_("--pulls must be 0 or more."))
        DemoBuilder, DemoSize = demo.DemoBuilder, demo.DemoSize
        if scale < 1:
            raise CommandError(_("--scale must be 1 or more."))
        size = DemoSize.for_scale(scale)
        size = DemoSize(
            products=products if products is not None else size.products,
            orders=orders if orders is not None else size.orders,
            customers=customers if customers is not None else size.customers,
        )
        if size.products < 10 or size.orders < 10 or size.customers < 1:
            raise CommandError(_("The demo needs at least 10 products, 10 orders and 1 customer."))

        started = time.monotonic()
        builder = DemoBuilder(size=size, progress=verbosity >= 1 and self.stderr.isatty())
        if not builder.build():
            self.stdout.write(_("Demo data is already loaded; nothing changed."))
            self._print_logins()
            return
        if pulls:
            self._build_pull_history(pulls, builder, verbosity)
        elapsed = time.monotonic() - started
        self._refresh_planner_statistics()

        self.stdout.write(self.style.SUCCESS(_("Demo store loaded in %(seconds).1f s.") % {"seconds": elapsed}))
        for name, count in DemoBuilder.counts().items():
            self.stdout.write(f"  {name:<14} {count:>10,}")
        self._print_logins()

    def _build_pull_history(self, pulls: int, builder, verbosity: int) -> None:
        from django.db import transaction

        from andon.demo.scale import PullHistory

        started = time.monotonic()
        progress = self.stdout.write if verbosity >= 1 else None
        with transaction.atomic():
            PullHistory(pulls=pulls, password_hash=builder.password_hash, progress=progress).build()
        self.stdout.write(_("Andon history: %(pulls)s pulls in %(seconds).1f s.") % {"pulls": f"{pulls:,}", "seconds": time.monotonic() - started})

    def _grow_pulls(self, rows: int) -> None:
        from andon.demo.scale import grow_pulls

        if connection.vendor != "postgresql":
            raise CommandError(_("--grow-pulls needs PostgreSQL."))
        started = time.monotonic()
        count = grow_pulls(to=rows, progress=self.stdout.write)
        self._refresh_planner_statistics()
        self.stdout.write(_("The pulls table holds %(count)s rows (%(seconds).1f s).") % {"count": f"{count:,}", "seconds": time.monotonic() - started})

    def _refresh_planner_statistics(self) -> None:
        """Bulk loads outrun autovacuum: without fresh statistics PostgreSQL plans the catalog as if
        the product table were nearly empty (a 45 MB on-disk sort for a deep page, measured)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for every one: %(password)s)") % {"password": self.demo.DEMO_PASSWORD})
        self.stdout.write(f"  {_('username'):<16} {_('role'):<32} {_('password')}")
        for login in self.demo.DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {str(login.role):<32} {self.demo.DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write(_("Open %(url)s (the admin is at %(url)s/admin/).") % {"url": demo_url()})
        self._print_try_this()

    def _print_try_this(self) -> None:
        """Three first steps, each with its address alone on the next line (easy to click or copy)."""
        complaint = self.demo.famous_complaint()
        if complaint is not None:
            first = _(
                "Sign in as agent and open the complaint about %(title)s: two customers report pages 100-101 "
                "uncut, the rule is met and nobody has pulled the cord. Pull it yourself: one click, one line."
            ) % {"title": complaint.product.title}
            first_url = reverse("tickets:complaint", args=[complaint.pk])
        else:  # the cord has been pulled already: the queue has the rest
            first, first_url = _("Sign in as agent and work the complaint queue."), reverse("tickets:queue")
        steps = [
            (first, first_url),
            (_("See every open pull on the andon board, and how long each target has been stopped."), reverse("andon:board")),
            (_("Sign in as vendor_manager, partner_manager, warehouse or quality to work the pulls' work orders."), WORK_URL),
        ]
        self.stdout.write("")
        self.stdout.write(_("Try this:"))
        for number, (text, path) in enumerate(steps, start=1):
            self.stdout.write(f"  {number}. {text}")
            self.stdout.write(f"     {demo_url()}{path}")
