"""What an andon pull (and a complaint) can be about, and what stopping each kind means.

Adding a kind of target is: a model, a nullable foreign key named after the kind on Complaint and
AndonPull, and one entry here saying how to stop it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from flywheel.models import ListingState, Partner, Product
from flywheel.services import put_under_review

from .complaints.models import Process


@dataclass(frozen=True)
class TargetKind:
    name: str
    model: type[models.Model]
    is_stopped: Callable[[models.Model], bool]
    stop: Callable[..., models.Model]


def _stop_process(*, target: Process, actor=None, note: str = "") -> Process:
    from .complaints.services import stop_process

    return stop_process(process=target, actor=actor, note=note)


def _take_off_sale(*, target, actor=None, note: str = ""):
    return put_under_review(listable=target, actor=actor, note=note)


TARGET_KINDS: dict[str, TargetKind] = {
    "product": TargetKind("product", Product, lambda t: t.listing_state != ListingState.LISTED, _take_off_sale),
    "partner": TargetKind("partner", Partner, lambda t: t.listing_state != ListingState.LISTED, _take_off_sale),
    "process": TargetKind("process", Process, lambda t: t.lamp == Process.Lamp.RED, _stop_process),
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
