"""An RQ worker that also relays the outbox as one of its maintenance tasks (on start, then every
maintenance interval): a backstop for the `relay_outbox` process, so a deployment that runs only
workers still drains the outbox once Redis is back. Run with `rqworker --worker-class
flywheel.outbox.worker.RelayingWorker`."""

import logging

from django.db import close_old_connections
from rq import Worker

from .services import relay_outbox

logger = logging.getLogger(__name__)


class RelayingWorker(Worker):
    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        close_old_connections()
        try:
            relay_outbox(limit=1000)
        except Exception:  # noqa: BLE001 - a relay error must never stop the worker from working jobs
            logger.exception("The worker's outbox relay failed; the relay process will try again")
