"""A job that does its effect, then waits for a gate: the test kills its worker in between."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model

from members.notifications.services import notify


def notify_then_wait(*, user_id: int, key: str, gate: str) -> int:
    sent = notify(recipients=[get_user_model().objects.get(pk=user_id)], key=key, subject="Your order is held")
    deadline = time.monotonic() + 60  # bounded: a worker the test failed to kill still ends
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return sent
