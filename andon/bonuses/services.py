"""Writes to the bonus ledger. Every one is atomic and leaves an audit row."""

from andon.pulls.models import AndonPull


def settle_pull_bonus(*, pull: AndonPull, actor) -> None:
    """Make the pull's ledger entries match its current verdict, by appending entries only.

    Called by the verdict services, inside their transaction, after every verdict or correction.
    Rule followed: the puller accrues ANDON_BONUS_AMOUNT and each "+1" agent ANDON_BONUS_JOIN_SHARE
    of it (CNY), once. Bad pull or no verdict: every accrual still standing is reversed (a write-off
    when already paid). Idempotent: calling it twice changes nothing the second time.
    """
    # Filled in by the bonus-ledger work (andon/bonuses); until then a verdict accrues nothing.
    return None
