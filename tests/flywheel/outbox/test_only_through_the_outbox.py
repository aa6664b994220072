"""Every job leaves through the outbox: no application module enqueues on RQ directly, so no job can
be lost to a queue that is down or sent for a transaction that rolled back."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DIRECT_ENQUEUE = re.compile(r"\.delay\(|\.enqueue\(|enqueue_call\(|enqueue_in\(|enqueue_at\(|django_rq\.enqueue\b")


def test_no_module_outside_the_outbox_enqueues_a_job_directly():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in ("config", "flywheel", "members", "tickets", "andon")
        for path in (ROOT / app).rglob("*.py")
        if "outbox" not in path.relative_to(ROOT).parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT_ENQUEUE.search(line)
    ]

    assert offenders == []
