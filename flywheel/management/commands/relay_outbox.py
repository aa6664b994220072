"""Relay committed outbox messages to RQ: `--once` for one pass, otherwise a loop (its own process)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from flywheel.outbox.services import relay_outbox


class Command(BaseCommand):
    help = "Hand committed outbox messages to RQ; messages wait while Redis is down."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between passes.")
        parser.add_argument("--limit", type=int, default=100, help="Messages per pass.")

    def handle(self, *args, once=False, interval=1.0, limit=100, **options):
        while True:
            close_old_connections()
            relayed = relay_outbox(limit=limit)
            if once:
                self.stdout.write(f"{relayed} relayed")
                return
            if relayed < limit:  # a full pass means more wait: go again at once
                time.sleep(interval)
