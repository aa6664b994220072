"""What an andon pull (and a complaint) can be about, and when each kind counts as stopped.

Adding a kind of target is: a model, a nullable foreign key named after the kind on Complaint and
AndonPull, one entry here, and one in `tickets.complaints.services.STOPPERS` saying how to stop it.
This module only describes targets (it is read by selectors), so it imports no services.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from flywheel.models import ListingState, Partner, Product

from .complaints.models import Process


@dataclass(frozen=True)
class TargetKind:
    name: str
    model: type[models.Model]
    is_stopped: Callable[[models.Model], bool]


TARGET_KINDS: dict[str, TargetKind] = {
    "product": TargetKind("product", Product, lambda t: t.listing_state != ListingState.LISTED),
    "partner": TargetKind("partner", Partner, lambda t: t.listing_state != ListingState.LISTED),
    "process": TargetKind("process", Process, lambda t: t.lamp == Process.Lamp.RED),
}


def kind_of(target: models.Model) -> TargetKind:
    for kind in TARGET_KINDS.values():
        if isinstance(target, kind.model):
            return kind
    raise TypeError(f"{type(target).__name__} cannot be an andon target")


def target_key(target: models.Model) -> str:
    """A stable text key per target, e.g. "product:42"; the one-open-pull constraint is on it."""
    return f"{kind_of(target).name}:{target.pk}"


def target_filter(target: models.Model) -> dict:
    """Keyword arguments selecting rows (complaints, pulls) about this target."""
    return {kind_of(target).name: target}
