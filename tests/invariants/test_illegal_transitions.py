"""Every move a state machine does not allow is refused, with its message, by the service layer.

The cases are generated from each machine's own definition (django-fsm-2's transition metadata):
every transition times every state. What is *legal* is written out below, once, as the rules say
it: a change to a machine's source lists that is not also made here fails
`test_the_machines_allow_exactly_the_moves_the_rules_allow`, and every other (state, move) pair
must be refused by `apply_transition`, the one function every service moves a state through.
"""

import pytest
from django_fsm import FSMFieldMixin

from andon.models import AndonPull, BonusEntry, FrontLineDay, PayrollBatch, RootCauseReview, TakeBackItem, WorkOrder
from flywheel.errors import IllegalTransition
from flywheel.models import ListingState, Partner, Product
from flywheel.services import apply_transition
from members.models import Order
from tickets.models import Complaint, CompensationRequest, Process

O, W, P, R, C, L, LAMP = (
    Order.Status, WorkOrder.State, AndonPull.State, RootCauseReview.State, Complaint.State, ListingState, Process.Lamp,
)
LISTING_RULES = {
    "publish": {L.DRAFT},
    "put_under_review": {L.LISTED},
    "relist": {L.UNDER_REVIEW},
    "retire": {L.DRAFT, L.LISTED, L.UNDER_REVIEW},
}

# model -> {transition: the states it may start from}. The rules, not the code: keep them in step by hand.
RULES = {
    Order: {
        "pay": {O.PLACED},
        "pack": {O.PAID},
        "ship": {O.PACKED},  # never from on hold: the hold means held
        "deliver": {O.SHIPPED},
        "hold": {O.PLACED, O.PAID, O.PACKED},
        "release": {O.ON_HOLD},
        "cancel": {O.PLACED, O.PAID, O.PACKED, O.ON_HOLD},
        "refund": {O.PAID, O.PACKED, O.SHIPPED, O.DELIVERED, O.ON_HOLD},
    },
    WorkOrder: {
        "start": {W.OPEN},
        "resolve": {W.IN_PROGRESS},
        "confirm": {W.RESOLVED},
        "send_back": {W.RESOLVED},  # quality returns resolved work to its department
        "close": {W.CONFIRMED},
        "cancel": {W.OPEN, W.IN_PROGRESS, W.RESOLVED, W.CONFIRMED},
    },
    AndonPull: {"resolve": {P.OPEN}, "close": {P.RESOLVED}},
    RootCauseReview: {"complete": {R.OPEN}},
    Complaint: {"resolve": {C.OPEN}, "close": {C.RESOLVED}, "reopen": {C.RESOLVED, C.CLOSED}},
    Process: {"stop": {LAMP.GREEN}, "restart": {LAMP.RED}},
    # The bonus ledger: approved by a manager, paid with its payroll batch; never back.
    BonusEntry: {"approve": {BonusEntry.State.ACCRUED}, "pay": {BonusEntry.State.APPROVED}},
    PayrollBatch: {"confirm_paid": {PayrollBatch.State.CLOSED}},
    # The managers' front-line day and what they take back from it: each closes once.
    FrontLineDay: {
        "work": {FrontLineDay.State.SCHEDULED}, "miss": {FrontLineDay.State.SCHEDULED},
        "cancel": {FrontLineDay.State.SCHEDULED},
    },
    TakeBackItem: {"finish": {TakeBackItem.Status.OPEN}, "drop": {TakeBackItem.Status.OPEN}},
    # A request for compensation above the agent's limit is decided once.
    CompensationRequest: {
        "approve": {CompensationRequest.State.PENDING}, "decline": {CompensationRequest.State.PENDING},
    },
    Product: LISTING_RULES,
    Partner: LISTING_RULES,
}


def fsm_field(model):
    return next(f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin))


def machine(model) -> dict[str, set[str]]:
    """The model's transitions as django-fsm-2 records them: name -> source states."""
    field, states = fsm_field(model), {value for value, _label in fsm_field(model).choices}
    sources: dict[str, set[str]] = {}
    for transition in field.get_all_transitions(model):
        source = states if transition.source in ("*", "+") else {transition.source}
        sources.setdefault(transition.name, set()).update(source)
    return sources


def illegal_moves():
    for model in RULES:
        field = fsm_field(model)
        for verb in sorted(machine(model)):
            for state, _label in field.choices:
                if state not in machine(model)[verb]:
                    yield pytest.param(model, verb, state, id=f"{model.__name__}.{verb}-from-{state}")


def test_every_state_machine_that_exists_is_covered():
    from django.apps import apps

    with_machines = {m for m in apps.get_models() if any(isinstance(f, FSMFieldMixin) for f in m._meta.concrete_fields)}
    assert with_machines == set(RULES)


@pytest.mark.parametrize("model", list(RULES), ids=lambda m: m.__name__)
def test_the_machines_allow_exactly_the_moves_the_rules_allow(model):
    assert machine(model) == RULES[model]


@pytest.mark.parametrize(("model", "verb", "state"), list(illegal_moves()))
def test_an_illegal_move_is_refused_by_the_service_with_its_message(model, verb, state):
    field = fsm_field(model)
    obj = model(**{field.name: state})  # in memory: a refusal must not need (or touch) the database

    with pytest.raises(IllegalTransition) as refused:
        apply_transition(obj=obj, verb=verb, field=field.name)

    assert getattr(obj, field.name) == state
    assert refused.value.message.startswith("Cannot ")
    assert str(dict(field.choices)[state]) in refused.value.message


# --- The admin: every action that moves a machine refuses the same moves, naming the row ------------

# model -> (changelist URL name, {admin action: (transition, extra POST fields)}).
ADMIN_ACTIONS = {
    Order: ("admin:members_order_changelist", {
        "pack_selected": ("pack", {}), "ship_selected": ("ship", {}), "deliver_selected": ("deliver", {}),
        "hold_selected": ("hold", {}), "release_selected": ("release", {}), "cancel_selected": ("cancel", {}),
        "refund_selected": ("refund", {}),
    }),
    WorkOrder: ("admin:andon_workorder_changelist", {
        "start_selected": ("start", {}), "confirm_selected": ("confirm", {}),
        "cancel_selected": ("cancel", {"apply": "1", "reason": "Not needed"}),
    }),
    Complaint: ("admin:tickets_complaint_changelist", {
        "resolve_selected": ("resolve", {}), "close_selected": ("close", {}), "reopen_selected": ("reopen", {}),
    }),
    Product: ("admin:flywheel_product_changelist", {"publish_selected": ("publish", {}), "retire_selected": ("retire", {})}),
}


def _row(model):
    """One row of the model, whatever its state; the test then puts it in the state it needs."""
    from andon.pulls.services import pull_andon
    from flywheel.factories import ProductFactory
    from members.factories import OrderFactory, UserFactory
    from tickets.factories import ComplaintFactory

    if model is WorkOrder:
        pull = pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=ProductFactory()), reason="Pages uncut").pull
        return pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    if model is Complaint:
        return ComplaintFactory(product=ProductFactory())
    return {Order: OrderFactory, Product: ProductFactory}[model]()


def illegal_admin_moves():
    for model, (_url, actions) in ADMIN_ACTIONS.items():
        field = fsm_field(model)
        for action, (verb, _extra) in actions.items():
            for state, _label in field.choices:
                if state not in machine(model)[verb]:
                    yield pytest.param(model, action, state, id=f"{model.__name__}.{action}-from-{state}")


@pytest.mark.parametrize(("model", "action", "state"), list(illegal_admin_moves()))
def test_an_illegal_move_is_refused_by_the_admin_action_naming_the_row(admin_client, model, action, state):
    from django.urls import reverse

    field = fsm_field(model)
    row = _row(model)
    model.objects.filter(pk=row.pk).update(**{field.name: state})  # setup only: bypasses the machine on purpose
    url, actions = ADMIN_ACTIONS[model]

    response = admin_client.post(reverse(url), {"action": action, "_selected_action": [row.pk], **actions[action][1]}, follow=True)

    assert model.objects.filter(pk=row.pk).values_list(field.name, flat=True).get() == state
    shown = [str(m) for m in response.context["messages"]]
    assert any("row was left unchanged" in m and "Cannot " in m and str(dict(field.choices)[state]) in m for m in shown), shown
