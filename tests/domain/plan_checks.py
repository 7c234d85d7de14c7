"""What every plan must respect, checked by the planner's and the engine command's tests."""

from __future__ import annotations

from supple.domain import planner
from supple.domain.catalog import Catalog
from supple.domain.planner import Plan, Profile


def check_invariants(plan: Plan, p: Profile, catalog: Catalog) -> None:
    """What every plan must respect, whatever the profile (section 7 and section 1)."""
    if plan.blocked is not None:
        assert plan.items == ()
        assert plan.blocked in ("emergency", "urgent", "clearance", "incomplete")
        return
    assert plan.seconds <= p.minutes * 60 * 1.1
    assert sum(i.seconds for i in plan.items) == plan.seconds
    phase_for_rules = 1 if plan.flare else plan.phase
    for item in plan.items:
        e = catalog.exercise(item.exercise)
        assert e.id not in p.exclude
        assert planner.usable_with(e, p.equipment)
        if not p.can_get_on_floor:
            assert not e.floor_only
        assert planner.direction_allows(e, p.direction, phase_for_rules)
        assert item.per_side == e.dosage.per_side  # both sides of a one-sided exercise
        assert item.ladder == planner.ladder_key(catalog, e.id)
        if plan.flare:
            assert 1 in e.phases
    assert len({i.exercise for i in plan.items}) == len(plan.items)
    assert len({i.ladder for i in plan.items}) == len(plan.items)  # never two rungs of a ladder
