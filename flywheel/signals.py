"""Hooks the bottom app offers the apps above it.

`product_may_be_back` is sent inside the writing transaction whenever a product may have become
buyable again: relisted after a pull, published, a lot received, or held lots released. Receivers
(the storefront's back-in-stock requests, in `members`) must only schedule work after commit
(`flywheel.outbox.services.send_after_commit`) and decide there whether it really is buyable:
the sender does not check stock or listing state. Arguments: `product_id` (int).
"""

from django.dispatch import Signal

product_may_be_back = Signal()
