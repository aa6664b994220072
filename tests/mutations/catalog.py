"""The curated mutations of the core invariants: each a small, named break of one rule, and the
tests that must fail because of it. `make mutation` applies each in turn to a scratch copy.

Every target (file + exact snippet) is written here and nowhere else, so when a module moves
only this file changes. A snippet that is no longer in its file stops the run with
"stale mutation: snippet not found in <file>": retarget it, never delete it to make the run pass.
Every later change to a core rule adds its mutation here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    path: str  # relative to the repository root
    old: str  # must occur exactly once in the file
    new: str


@dataclass(frozen=True)
class Mutation:
    name: str
    rule: str  # the invariant it breaks, in words
    edits: tuple[Edit, ...]
    tests: tuple[str, ...]  # pytest paths or node ids that must fail
    postgres: bool = False  # needs row locks or real constraint behaviour under concurrency


PULLS = "andon/pulls/services.py"
PULL_MODELS = "andon/pulls/models.py"
PULL_URLS = "andon/pulls/urls.py"
ANDON_INITIAL_MIGRATION = "andon/migrations/0001_initial.py"
WORK_ORDERS = "andon/work_orders/services.py"
WORK_ORDER_POLICY = "andon/work_orders/policy.py"
WORK_ORDER_MODELS = "andon/work_orders/models.py"
REVIEWS = "andon/reviews/services.py"
REVIEW_POLICY = "andon/reviews/policy.py"
ORDER_MODELS = "members/orders/models.py"
ORDER_SERVICES = "members/orders/services.py"
ORDER_JOBS = "members/orders/jobs.py"
CART_PRICING = "members/cart/pricing.py"
IDEMPOTENCY = "flywheel/idempotency.py"
COMPENSATION = "tickets/compensation/services.py"
COMPLAINT_SELECTORS = "tickets/complaints/selectors.py"
OUTBOX = "flywheel/outbox/services.py"
PAYMENTS = "members/orders/payments.py"
ORDER_SELECTORS = "members/orders/selectors.py"

INVARIANTS = "tests/invariants"
OUTBOX_TESTS = "tests/flywheel/outbox"
PULL_TESTS = "tests/andon/pulls"
WORK_ORDER_TESTS = "tests/andon/work_orders"
REVIEW_TESTS = "tests/andon/reviews"
ORDER_TESTS = "tests/members/orders"
CART_TESTS = "tests/members/cart"
COMPENSATION_TESTS = "tests/tickets/compensation"
RULE_TESTS = "tests/tickets/complaints"
VERDICTS = "andon/verdicts/services.py"
VERDICT_POLICY = "andon/verdicts/policy.py"
VERDICT_TESTS = "tests/andon/verdicts"

MUTATIONS: tuple[Mutation, ...] = (
    # --- One open pull per target --------------------------------------------------------------
    Mutation(
        name="one-open-pull-constraint-emptied",
        rule="the database refuses a second open pull for one target",
        edits=(
            Edit(PULL_MODELS,
                 '            models.UniqueConstraint(fields=["target_key"], condition=Q(state="open"), name="one_open_pull_per_target"),\n',
                 ""),
            Edit(ANDON_INITIAL_MIGRATION,
                 "        migrations.AddConstraint(\n"
                 "            model_name='andonpull',\n"
                 "            constraint=models.UniqueConstraint(condition=models.Q(('state', 'open')), fields=('target_key',), name='one_open_pull_per_target'),\n"
                 "        ),\n",
                 ""),
        ),
        tests=(f"{INVARIANTS}/test_one_open_pull.py",),
        postgres=True,
    ),
    Mutation(
        name="pull-row-lock-removed",
        rule="concurrent pulls on one target queue behind the target's row lock",
        edits=(Edit(PULLS, "    target = kind.model.objects.select_for_update().get(pk=target.pk)\n",
                    "    target = kind.model.objects.get(pk=target.pk)\n"),),
        tests=(f"{INVARIANTS}/test_one_open_pull.py",),
        postgres=True,
    ),
    # --- The +1 ---------------------------------------------------------------------------------
    Mutation(
        name="plus-one-records-no-support",
        rule="a +1 attaches its agent and complaint to the open pull",
        edits=(Edit(PULLS, "        PullSupport.objects.create(pull=pull, agent=agent, complaint=complaint, reason=reason)\n",
                    "        pass\n"),),
        tests=(f"{PULL_TESTS}/test_services.py", f"{INVARIANTS}/test_one_open_pull.py"),
    ),
    Mutation(
        name="finish-pull-locks-pull-before-target",
        rule="the last confirmation locks target then pull, as a +1 does (no deadlock)",
        edits=(Edit(WORK_ORDERS,
                    "    type(target).objects.select_for_update().get(pk=target.pk)\n"
                    "    pull = AndonPull.objects.select_for_update().get(pk=pull.pk)\n",
                    "    pull = AndonPull.objects.select_for_update().get(pk=pull.pk)\n"
                    "    type(target).objects.select_for_update().get(pk=target.pk)\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_concurrency.py",),
        postgres=True,
    ),
    # --- Side effects after commit --------------------------------------------------------------
    Mutation(
        name="pull-notification-sent-before-commit",
        rule="the pull's notification job is enqueued only when its transaction commits",
        edits=(Edit(PULLS, '    send_after_commit(jobs.notify_pull_opened, queue="notifications", pull_id=pull.pk)\n',
                    "    jobs.notify_pull_opened.delay(pull_id=pull.pk)\n"),),
        tests=(f"{INVARIANTS}/test_after_commit.py",),
    ),
    Mutation(
        name="release-told-before-commit",
        rule="customers hear of a release only once it is committed",
        edits=(Edit(ORDER_SERVICES,
                    '        send_after_commit(tell_customers_about_release, queue="notifications", order_ids=[order.pk for order in released])\n',
                    "        tell_customers_about_release.delay(order_ids=[order.pk for order in released])\n"),),
        tests=(f"{INVARIANTS}/test_after_commit.py",),
    ),
    # --- The outbox: nothing lost, nothing sent twice ----------------------------------------------
    Mutation(
        name="outbox-relay-resends-a-sent-row",
        rule="the relay hands a message to the queue only while it is still waiting (checked under its row lock)",
        edits=(Edit(OUTBOX, ".filter(pk=message_id, status=OutboxMessage.Status.PENDING, available_at__lte=timezone.now())",
                    ".filter(pk=message_id, available_at__lte=timezone.now())"),),
        tests=(f"{OUTBOX_TESTS}/test_services.py",),
    ),
    Mutation(
        name="outbox-sent-mark-outlives-a-refusal",
        rule="a message is marked sent in the transaction of its enqueue: a queue that refuses it leaves it waiting",
        edits=(Edit(OUTBOX, "            message.save(update_fields=[\"status\", \"sent_at\"])\n            _enqueue(message)\n",
                    "            message.save(update_fields=[\"status\", \"sent_at\"])\n        _enqueue(message)\n"),),
        tests=(f"{OUTBOX_TESTS}/test_services.py",),
    ),
    # --- CSRF on the pages ----------------------------------------------------------------------
    Mutation(
        name="pull-view-csrf-exempt",
        rule="every state-changing page refuses a POST without the CSRF token",
        edits=(
            Edit(PULL_URLS, "from django.urls import path\n",
                 "from django.urls import path\nfrom django.views.decorators.csrf import csrf_exempt\n"),
            Edit(PULL_URLS, "views.complaint_pull, name=", "csrf_exempt(views.complaint_pull), name="),
        ),
        tests=(f"{INVARIANTS}/test_csrf.py",),
    ),
    # --- Holds ----------------------------------------------------------------------------------
    Mutation(
        name="order-ships-from-on-hold",
        rule="a held order cannot ship",
        edits=(Edit(ORDER_MODELS, "    @transition(field=status, source=Status.PACKED, target=Status.SHIPPED)\n",
                    "    @transition(field=status, source=[Status.PACKED, Status.ON_HOLD], target=Status.SHIPPED)\n"),),
        tests=(f"{INVARIANTS}/test_illegal_transitions.py", f"{INVARIANTS}/test_holds.py"),
    ),
    Mutation(
        name="warehouse-cancel-keeps-the-hold",
        rule="cancelling the warehouse work order releases its held orders and lots",
        edits=(Edit(WORK_ORDERS,
                    "    if work_order.kind == Kind.WAREHOUSE:\n"
                    "        unblock_lots(product=work_order.pull.product, actor=actor, note=f\"WO-{work_order.pk}\")\n"
                    "        release_held_orders(orders=work_order.held_orders.all(), actor=actor, note=reason)\n",
                    ""),),
        tests=(f"{INVARIANTS}/test_holds.py",),
    ),
    Mutation(
        name="pull-takes-no-stock-hold",
        rule="a product pull holds every unshipped order and blocks the lots",
        edits=(Edit(WORK_ORDERS, "            _hold_stock(work_order=work_order, actor=actor)\n", "            pass\n"),),
        tests=(f"{INVARIANTS}/test_holds.py",),
    ),
    # --- The relist gate ------------------------------------------------------------------------
    Mutation(
        name="relist-by-hand-while-pulled",
        rule="a target with an open pull is not relisted by hand",
        edits=(Edit(WORK_ORDERS, "    if pull is None:\n        return []\n    open_orders", "    if True:\n        return []\n    open_orders"),),
        tests=(f"{WORK_ORDER_TESTS}/test_services.py",),
    ),
    Mutation(
        name="relist-before-the-last-closure",
        rule="the target comes back only when every work order is closed",
        edits=(Edit(WORK_ORDERS,
                    "    if pull.state != AndonPull.State.OPEN or pull.work_orders.filter(state__in=WorkOrder.ACTIVE).exists():\n",
                    "    if pull.state != AndonPull.State.OPEN:\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_services.py",),
    ),
    # --- Checkout and payment -------------------------------------------------------------------
    Mutation(
        name="checkout-checks-one-unit-only",
        rule="checkout refuses more units than are in stock, with the message",
        edits=(Edit(ORDER_SERVICES, "        ensure_buyable(product, item.quantity, stock=stock)\n",
                    "        ensure_buyable(product, 1, stock=stock)\n"),),
        tests=(f"{ORDER_TESTS}/test_services.py",),
    ),
    Mutation(
        name="checkout-counts-blocked-lots",
        rule="units in a blocked lot are never sold",
        edits=(Edit(ORDER_SERVICES, "        .filter(product_id__in=products, blocked=False, quantity_on_hand__gt=0)\n",
                    "        .filter(product_id__in=products, quantity_on_hand__gt=0)\n"),),
        tests=(f"{ORDER_TESTS}/test_services.py",),
    ),
    Mutation(
        name="declined-card-keeps-the-order",
        rule="a declined card cancels the order and puts the units back",
        edits=(Edit(ORDER_SERVICES,
                    "        _cancel_declined(order=order, customer=customer, reason=result.message)\n",
                    ""),),
        tests=(f"{ORDER_TESTS}/test_services.py",),
    ),
    Mutation(
        name="refund-paid-twice-on-retry",
        rule="a retried refund job pays nothing twice",
        edits=(Edit(ORDER_JOBS, "        if refund.paid_at is None:\n", "        if True:\n"),),
        tests=(f"{CART_TESTS}/test_coupons.py",),
    ),
    # --- Idempotency keys -----------------------------------------------------------------------
    Mutation(
        name="idempotency-key-reused-for-another-request",
        rule="a key reused for a different request is refused, not replayed",
        edits=(Edit(IDEMPOTENCY, "        if existing.request_fingerprint != fingerprint:\n", "        if False:\n"),),
        tests=("tests/api/test_idempotency.py",),
    ),
    # --- Work orders ----------------------------------------------------------------------------
    Mutation(
        name="any-department-changes-a-work-order",
        rule="only the owning department changes a work order",
        edits=(Edit(WORK_ORDER_POLICY, "    if has_role(user, *DEPARTMENT_ROLES[work_order.department]):\n        return True\n",
                    "    if True:\n        return True\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_services.py",),
    ),
    Mutation(
        name="anyone-confirms-a-work-order",
        rule="only quality confirms a resolved work order",
        edits=(Edit(WORK_ORDERS, "    if not may_confirm(actor, work_order):\n", "    if False:\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_services.py",),
    ),
    # --- The root-cause review ------------------------------------------------------------------
    Mutation(
        name="four-whys-are-enough",
        rule="a root-cause review needs five whys",
        edits=(Edit(REVIEW_POLICY, "MINIMUM_WHYS = 5\n", "MINIMUM_WHYS = 4\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_services.py",),
    ),
    # --- The single points of truth of the sub-domain layout ------------------------------------
    Mutation(
        name="warehouse-confirms-a-work-order",
        rule="the warehouse does not confirm a work order (not even its own): quality does",
        edits=(Edit(WORK_ORDER_POLICY, "CONFIRMING_ROLES = (Role.QUALITY,)\n", "CONFIRMING_ROLES = (Role.QUALITY, Role.WAREHOUSE)\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_admin.py",),
    ),
    Mutation(
        name="anyone-works-on-a-named-owners-work-order",
        rule="outside the department's roles, only its named owner (the supplier's vendor manager, the process's owner) changes a work order",
        edits=(Edit(WORK_ORDER_POLICY, "    return owner is not None and owner.pk == user.pk\n",
                    "    return owner is not None\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_views.py", f"{WORK_ORDER_TESTS}/test_admin.py"),
    ),
    Mutation(
        name="closed-work-orders-are-overdue",
        rule="only an active work order past its due time is overdue (a closed one is never escalated)",
        edits=(Edit(WORK_ORDER_MODELS, "    return Q(state__in=department_holds, due_at__lt=now) | Q(\n",
                    "    return Q(due_at__lt=now) | Q(\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_services.py",),
    ),
    Mutation(
        name="free-shipping-only-above-the-threshold",
        rule="shipping is free from the threshold on, the threshold itself included",
        edits=(Edit(CART_PRICING, "    return ZERO if subtotal >= settings.FREE_SHIPPING_THRESHOLD else settings.SHIPPING_FEE\n",
                    "    return ZERO if subtotal > settings.FREE_SHIPPING_THRESHOLD else settings.SHIPPING_FEE\n"),),
        tests=(f"{CART_TESTS}/test_pricing.py",),
    ),
    Mutation(
        name="review-completes-without-a-corrective-action",
        rule="a root-cause review is complete only with at least one corrective action",
        edits=(Edit(REVIEW_POLICY, "done=actions > 0", "done=True"),),
        tests=(f"{REVIEW_TESTS}/test_views.py",),
    ),
    Mutation(
        name="why-step-leaves-no-audit-row",
        rule="every why step added to a review leaves an audit row naming who and the question",
        edits=(Edit(REVIEWS, '    record_audit(obj=review, action="add_why", actor=actor, note=f"{position}. {question}")\n', ""),),
        tests=(f"{REVIEW_TESTS}/test_services.py",),
    ),
    Mutation(
        name="anyone-grants-compensation",
        rule="only the people who work complaints may grant compensation, whatever interface calls the service",
        edits=(Edit(COMPENSATION, "    if not may_grant_compensation(agent):\n", "    if False:\n"),),
        tests=(f"{COMPENSATION_TESTS}/test_services.py",),
    ),
    Mutation(
        name="one-customer-meets-the-rule",
        rule="the andon rule needs two or more distinct customers, not two complaints",
        edits=(Edit(COMPLAINT_SELECTORS, "        customers = len({complaint.customer_id for complaint in matches})\n",
                    "        customers = len(matches)\n"),),
        tests=(f"{RULE_TESTS}/test_rule.py",),
    ),
    # --- One cart, one charge ------------------------------------------------------------------
    Mutation(
        name="cart-version-check-removed",
        rule="checkout pays only for the cart version the customer checked out; a changed cart is not charged",
        edits=(Edit(ORDER_SERVICES, "    if cart_version is not None and cart.version != cart_version:\n", "    if False:\n"),),
        tests=(f"{ORDER_TESTS}/test_one_cart_one_charge.py",),
    ),
    Mutation(
        name="cart-emptied-only-after-the-charge",
        rule="the cart becomes the order in one transaction: it is emptied, and its version bumped, when the order is placed",
        edits=(Edit(ORDER_SERVICES, "    cart.items.all().delete()\n    bump_cart_version(cart)\n    record_audit(obj=order, action=\"place\"", "    record_audit(obj=order, action=\"place\""),),
        tests=(f"{ORDER_TESTS}/test_one_cart_one_charge.py",),
    ),
    Mutation(
        name="gateway-forgets-idempotency-keys",
        rule="a charge retried with the same idempotency key takes money once",
        edits=(Edit(PAYMENTS, "            if idempotency_key not in self._charges:\n", "            if True:\n"),),
        tests=(f"{ORDER_TESTS}/test_one_cart_one_charge.py",),
    ),
    # --- A charge is never lost ----------------------------------------------------------------
    Mutation(
        name="charge-recorded-only-when-the-order-is-still-placed",
        rule="a successful charge is recorded on the order whatever a pull or a cancellation did to it meanwhile",
        edits=(Edit(ORDER_SERVICES, "    if order.status == Order.Status.PLACED:\n        paid = apply_transition(obj=order, verb=\"pay\"",
                    "    if True:\n        paid = apply_transition(obj=order, verb=\"pay\""),),
        tests=(f"{ORDER_TESTS}/test_charge_never_lost.py",),
        postgres=True,
    ),
    Mutation(
        name="full-refund-forgets-the-partial-one",
        rule="a full refund after a partial one records the whole refunded amount on the order",
        edits=(Edit(ORDER_SERVICES, "        order.refunded_amount += left_to_refund\n", ""),),
        tests=(f"{ORDER_TESTS}/test_charge_never_lost.py",),
    ),
    Mutation(
        name="declined-attempt-shown-as-an-order",
        rule="a declined card leaves no order in the customer's history",
        edits=(Edit(ORDER_SELECTORS, "filter(customer=customer, payment_declined=False)", "filter(customer=customer)"),),
        tests=(f"{ORDER_TESTS}/test_charge_never_lost.py",),
    ),
    Mutation(
        name="nul-in-an-address-reaches-the-views",
        rule="no input gives a 500: an address with NUL or bytes that are not UTF-8 is refused before any view",
        edits=(Edit("flywheel/middleware.py", "        if not request.path_info.startswith(self.api_prefix) and not readable_address(request):\n",
                    "        if False:\n"),),
        tests=("tests/test_error_pages.py",),
    ),
    Mutation(
        name="authenticated-api-calls-are-throttled",
        rule="a token-authenticated call, the pull above all, is never throttled",
        edits=(Edit("flywheel/api_throttles.py", "        try:\n            return super().authenticate(request)\n",
                    "        throttle.record_failure(request)\n        try:\n            return super().authenticate(request)\n"),),
        tests=("tests/api/test_throttles.py",),
    ),
    Mutation(
        name="complaint-note-skips-the-text-rule",
        rule="every free-text field goes through the same readable-text validator",
        edits=(Edit("tickets/complaints/services.py", "    return require_readable((note or \"\").strip(), field=_(\"The note\"), max_length=MAX_NOTE)\n",
                    "    return note or \"\"\n"),),
        tests=("tests/invariants/test_readable_text.py",),
    ),
    Mutation(
        name="email-link-left-relative",
        rule="every link in an e-mail is whole (SITE_URL + path): a mail client has no page to resolve a path against",
        edits=(Edit("members/notifications/services.py", '    email_link = absolute_url(link) if link else ""\n',
                    '    email_link = link\n'),),
        tests=("tests/invariants/test_email_links.py",),
    ),
    Mutation(
        name="times-written-in-utc",
        rule="a time people read is in the site's time zone, in pages and messages alike",
        edits=(Edit("flywheel/times.py", "    return timezone.localtime(value, zone)\n", "    return value\n"),),
        tests=("tests/flywheel/test_times.py", "tests/andon/work_orders/test_due_time_in_messages.py"),
    ),
    Mutation(
        name="notification-kept-when-its-email-fails",
        rule="a notification whose e-mail fails is not kept, so the job is retried and the e-mail sent once",
        edits=(Edit("members/notifications/services.py",
                    "                _email(subject_text, f\"{body_text}\\n\\n{email_link}\".strip(), user=user, key=key).send()\n",
                    "                _email(subject_text, f\"{body_text}\\n\\n{email_link}\".strip(), user=user, key=key).send(fail_silently=True)\n"),),
        tests=("tests/members/notifications/test_email_delivery.py",),
    ),
    # --- Partners and the pull's complaints (Money and trust, parts 7 and 8) ----------------------
    Mutation(
        name="pull-keeps-only-the-pullers-complaint",
        rule="the complaints that met the rule when the cord was pulled are attached to the pull",
        edits=(Edit(PULLS, "        for match in status.complaints\n", "        for match in []\n"),),
        tests=("tests/andon/pulls/test_pull_complaints.py",),
    ),
    Mutation(
        name="partner-work-goes-to-vendor-managers",
        rule="work orders about a partner go to the partner managers' department",
        edits=(Edit(WORK_ORDER_MODELS, "    Department.PARTNER_MANAGEMENT: [Role.PARTNER_MANAGER],\n",
                    "    Department.PARTNER_MANAGEMENT: [Role.VENDOR_MANAGER],\n"),),
        tests=(f"{WORK_ORDER_TESTS}/test_partner_department.py",),
    ),
    Mutation(
        name="a-pulled-draft-is-published-around-its-pull",
        rule="publishing, like relisting, waits for the target's open pull to close",
        edits=(Edit("flywheel/services.py",
                    "    _refuse_if_guarded(locked)\n    published = apply_transition(obj=locked, verb=\"publish\"",
                    "    published = apply_transition(obj=locked, verb=\"publish\""),),
        tests=("tests/members/partners/test_api.py",),
    ),
    Mutation(
        name="rates-lose-their-second-decimal",
        rule="rates in reports and the API have at least two decimals",
        edits=(Edit("andon/reports/selectors.py", ".quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)",
                    ".quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)"),),
        tests=("tests/andon/reports/test_partner_cohort.py",),
    ),
    Mutation(
        name="front-line-day-does-not-open-the-cord",
        rule="a manager on their front-line day may pull like anyone at the console, with no approval step",
        edits=(Edit("andon/pulls/policy.py", "    return has_role(user, *PULLING_ROLES) or on_front_line_today(user)\n",
                    "    return has_role(user, *PULLING_ROLES)\n"),),
        tests=("tests/andon/frontline/test_views.py",),
    ),
    Mutation(
        name="front-line-access-on-any-day",
        rule="the console lets a manager in on their front-line day only, not on another day",
        edits=(Edit("andon/frontline/policy.py", "            staff=user, scheduled_on=timezone.localdate(),\n",
                    "            staff=user,\n"),),
        tests=("tests/andon/frontline/test_views.py",),
    ),
    Mutation(
        name="paid-bonus-is-clawed-back",
        rule="a bonus already paid is never clawed back: its correction is a write-off borne by the company",
        edits=(Edit("andon/bonuses/services.py", "                kind = BonusEntry.Kind.WRITE_OFF if paid else BonusEntry.Kind.REVERSAL\n",
                    "                kind = BonusEntry.Kind.REVERSAL\n"),),
        tests=("tests/andon/bonuses/test_services.py::test_a_correction_after_payment_writes_off_instead_of_deducting",),
    ),
    Mutation(
        name="reversed-bonus-is-paid",
        rule="a reversed accrual leaves every payable total: payroll never pays it",
        edits=(Edit("andon/bonuses/services.py", ".exclude(\n        reversed_by__kind=BonusEntry.Kind.REVERSAL\n    )\n",
                    ".exclude(pk__in=[])\n"),),
        tests=("tests/andon/bonuses/test_services.py::test_a_reversed_approved_accrual_is_left_out_of_payroll",),
    ),
    Mutation(
        name="manager-approves-another-teams-bonus",
        rule="a manager approves only the bonuses of the pulls of the teams they manage",
        edits=(Edit("andon/bonuses/policy.py", "    return has_role(user, Role.MANAGER) and entry.pull.team_manager_id == user.pk\n",
                    "    return has_role(user, Role.MANAGER)\n"),),
        tests=("tests/andon/bonuses/test_services.py::test_a_manager_may_not_approve_another_teams_entries_and_nothing_is_approved",),
    ),
    # --- The verdict on a pull --------------------------------------------------------------------
    Mutation(
        name="puller-judges-own-pull",
        rule="the puller never gives the verdict on their own pull",
        edits=(Edit(VERDICT_POLICY, "    if not user.is_authenticated or _is(user, pull.pulled_by_id):\n",
                    "    if not user.is_authenticated:\n"),),
        tests=(f"{VERDICT_TESTS}/test_services.py::test_a_verdict_by_the_puller_is_refused",),
    ),
    Mutation(
        name="bad-pull-leaves-the-harm",
        rule="a bad pull cancels the work orders, releases the holds and relists the target in its own transaction",
        edits=(Edit(VERDICTS, "        _undo_harm(pull=pull, actor=manager, verdict=verdict)\n", "        pass\n"),),
        tests=(f"{VERDICT_TESTS}/test_services.py::test_a_bad_pull_relists_cancels_work_orders_and_releases_holds_at_once",),
    ),
    Mutation(
        name="author-corrects-own-verdict",
        rule="a verdict is corrected by another manager or an executive, never by its author",
        edits=(Edit(VERDICT_POLICY, "    if _is(user, current_verdict.given_by_id):\n        return False\n", ""),),
        tests=(f"{VERDICT_TESTS}/test_services.py::test_the_author_and_the_puller_may_not_correct",),
    ),
    Mutation(
        name="breach-at-the-target",
        rule="a bad-pull rate exactly on ANDON_BAD_PULL_TARGET is no breach; only strictly above it is",
        edits=(Edit("andon/reports/selectors.py", "Decimal(self.bad) > bad_pull_target() * self.with_verdict",
                    "Decimal(self.bad) >= bad_pull_target() * self.with_verdict"),),
        tests=("tests/andon/reports/test_weekly_selectors.py::test_exactly_on_the_target_is_no_breach",),
    ),
    Mutation(
        name="weekly-report-groups-by-utc-week",
        rule="a pull counts in the ISO week of TIME_ZONE in which it was pulled, not the UTC one",
        edits=(Edit("andon/reports/selectors.py", "    zone = timezone.get_current_timezone()\n    ends = [",
                    "    zone = datetime_timezone.utc\n    ends = ["),
               Edit("andon/reports/selectors.py", "from datetime import date, datetime, time, timedelta\n",
                    "from datetime import date, datetime, time, timedelta\nfrom datetime import timezone as datetime_timezone\n")),
        tests=("tests/andon/reports/test_weekly_selectors.py::test_the_weekly_figures_group_by_the_shanghai_week_not_utc",),
    ),
    Mutation(
        name="notification-words-frozen-at-send",
        rule="a notification with a kind is written in the language its reader uses when reading, not the one it was sent in",
        edits=(Edit("members/notifications/models.py", "        kind = kind_named(self.kind)\n        if kind is None:",
                    "        kind = None\n        if kind is None:"),),
        tests=("tests/members/notifications/test_reader_language.py::test_a_notification_sent_in_english_is_read_in_chinese_after_the_switch",),
    ),
    Mutation(
        name="in-app-only-still-emailed",
        rule="a kind the user keeps in the app only is not e-mailed to them",
        edits=(Edit("members/notifications/services.py", "if created and user.email and user.pk not in in_app_only:",
                    "if created and user.email:"),),
        tests=("tests/members/notifications/test_preferences.py::test_a_kind_kept_in_the_app_only_is_not_emailed_but_is_in_the_inbox",),
    ),
    Mutation(
        name="order-notice-switched-off",
        rule="order and hold notices to customers always go out by e-mail, whatever was stored",
        edits=(Edit("members/notifications/services.py", "    if kind is None or kind.always_email or not users:",
                    "    if kind is None or not users:"),),
        tests=("tests/members/notifications/test_preferences.py::test_order_notices_are_emailed_even_with_a_stored_in_app_choice",),
    ),
    Mutation(
        name="internal-note-reaches-the-customer",
        rule="an internal note on a complaint is never shown to the customer, on a page or in their API",
        edits=(Edit("tickets/conversation/selectors.py",
                    "    return ComplaintMessage.objects.filter(kind__in=ComplaintMessage.CUSTOMER_VISIBLE)\n",
                    "    return ComplaintMessage.objects.all()\n"),),
        tests=(
            "tests/tickets/conversation/test_views.py::test_the_member_reads_the_conversation_in_my_reports",
            "tests/tickets/conversation/test_views.py::test_the_member_never_sees_an_internal_note_on_their_order_page",
            "tests/tickets/conversation/test_api.py::test_the_members_api_never_carries_an_internal_note",
        ),
    ),
    Mutation(
        name="photo-keeps-its-gps",
        rule="a report photo is stored as a fresh encoding of its pixels: no EXIF, no GPS position",
        edits=(Edit("tickets/conversation/photos.py",
                    "    return Image.frombytes(image.mode, image.size, image.tobytes())\n",
                    "    return image\n"),
               Edit("tickets/conversation/photos.py",
                    "    pixels.save(encoded, format=image_format, **_encoder_options(image_format))\n",
                    "    pixels.save(encoded, format=image_format, exif=pixels.info.get(\"exif\", b\"\"), **_encoder_options(image_format))\n")),
        tests=("tests/tickets/conversation/test_photos.py::test_the_gps_position_and_other_exif_are_not_stored",),
    ),
    Mutation(
        name="another-members-photo-opens",
        rule="a complaint photo opens only for the console's people and the customer who sent it",
        edits=(Edit("tickets/conversation/selectors.py",
                    "    return photos.filter(complaint__customer=user)\n", "    return photos\n"),),
        tests=("tests/tickets/conversation/test_photos.py::test_another_member_gets_404_for_the_photo",),
    ),
    # --- The front line: taking complaints, approvals above the compensation limit --------------
    Mutation(
        name="agent-takes-a-colleagues-complaint",
        rule="an agent never takes a complaint another agent has; only a manager takes it over",
        edits=(Edit("tickets/complaints/services.py", "    if previous is not None and not may_take_over_complaints(agent):\n", "    if False:\n"),),
        tests=("tests/tickets/console/test_queue_state.py::test_an_agent_cannot_take_a_colleagues_complaint_and_is_told_whose_it_is",),
    ),
    Mutation(
        name="approval-decided-twice",
        rule="a request approved or declined is never decided again: one request, at most one grant",
        edits=(Edit(COMPENSATION, "    if locked.state != CompensationRequest.State.PENDING:\n", "    if False:\n"),),
        tests=(f"{COMPENSATION_TESTS}/test_approvals.py::test_a_second_approval_is_refused_and_grants_nothing_more",),
    ),
    Mutation(
        name="approvals-race-unlocked",
        rule="two approvals of one request at once end in one grant (the request's row lock)",
        edits=(Edit(COMPENSATION, "    locked = CompensationRequest.objects.select_for_update().get(pk=request.pk)\n",
                    "    locked = CompensationRequest.objects.get(pk=request.pk)\n"),),
        tests=(f"{COMPENSATION_TESTS}/test_approvals.py::test_two_approvals_of_one_request_at_once_end_in_one_grant",),
        postgres=True,
    ),
    Mutation(
        name="approved-grant-uses-the-daily-limit",
        rule="a grant a manager approved counts against nobody's daily limit",
        edits=(Edit("tickets/compensation/selectors.py", "granted_at__gte=start_of_day, approval__isnull=True)", "granted_at__gte=start_of_day)"),),
        tests=(f"{COMPENSATION_TESTS}/test_approvals.py::test_an_approved_grant_counts_against_no_ones_daily_limit",),
    ),
    # --- Paying an unpaid order from its page -------------------------------------------------
    Mutation(
        name="pay-order-fresh-key-per-click",
        rule="two clicks on Pay for one unpaid order share one idempotency key, so one charge",
        edits=(Edit(ORDER_SERVICES, "        idempotency_key=attempt,\n    )\n    if not result.succeeded:\n        _record_declined_payment(",
                    "        idempotency_key=f\"{attempt}-{secrets.token_hex(4)}\",\n    )\n    if not result.succeeded:\n        _record_declined_payment("),),
        tests=(f"{ORDER_TESTS}/test_pay_concurrency.py::test_two_pay_clicks_take_the_money_once",),
        postgres=True,
    ),
    Mutation(
        name="customer-cancel-keeps-the-stock",
        rule="cancelling an unpaid order puts its units back on sale",
        edits=(Edit(ORDER_SERVICES, "    return cancel_order(order=current, actor=customer, note=_(\"Cancelled by the customer before paying\"))\n",
                    "    return apply_transition(obj=current, verb=\"cancel\", field=\"status\", actor=customer)\n"),),
        tests=(f"{ORDER_TESTS}/test_unpaid_orders.py::test_cancelling_an_unpaid_order_puts_its_units_back",),
    ),
    Mutation(
        name="back-in-stock-told-while-still-off-sale",
        rule="a back-in-stock notice goes out only when the product is listed and in stock",
        edits=(Edit("members/restock/services.py", "    if not is_buyable_now(product):\n        return []\n", ""),),
        tests=("tests/members/restock/test_back_in_stock.py::test_relisted_without_stock_tells_no_one_yet",),
    ),
)
