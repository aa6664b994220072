from andon.work_orders.models import WorkOrder


def test_the_active_work_order_index_covers_exactly_the_active_states():
    # The weekly report counts open and overdue work orders through this partial index: a state
    # added to WorkOrder.ACTIVE but not to the index would make PostgreSQL skip the index.
    index = next(index for index in WorkOrder._meta.indexes if index.name == "work_order_active_pull_idx")
    (lookup, states), = index.condition.children

    assert lookup == "state__in"
    assert list(states) == [str(state) for state in WorkOrder.ACTIVE]
