"""From an intake profile to today's plan (docs/clinical-rules.md sections 1, 3-7).

``make_plan(profile, catalog, today, levels=...)`` returns a ``Plan``: the phase, whether today
is a flare day, the exercises with their doses and an honest time estimate, ``blocked`` (the
screen outcome that stops the program, or None) and notes in plain words. Doses start at the
bottom of each range (R-4-start-bottom); ``levels`` gives, per ladder, where the person is now
after pain-guided progression (R-PLAN-levels).

How it chooses, like a physiotherapist would:

- Only exercises that respect every constraint of section 7 (R-7-*) and the directional
  preference of section 6 (R-6-*) are candidates.
- The seeds' own routines are preferred where they fit (R-PLAN-routine): the in-bed morning
  routine for someone who cannot get down to the floor, a routine of the plan's phase
  otherwise (phase membership lists are not routines).
- Otherwise (and to use spare time) exercises are picked by a per-phase template of kinds, so
  the plan keeps a balance of kinds (R-PLAN-balance), never two rungs of the same ladder.
- A warm-up (breathing or gentle mobility) comes first (R-PLAN-warmup), then the exercises are
  grouped by position so the person is not getting up and down (R-PLAN-grouping).
- Choices among equivalent exercises rotate with the date (R-PLAN-variety): deterministic for a
  given date and seed.
- A ladder with a level is represented by the level's variant at the level's dose, or, when
  that variant is not allowed today, by the nearest allowed easier rung at the top of its range
  (R-PLAN-levels-step-down); a flare day sets levels aside (R-PLAN-levels-flare).
- When time is short, exercises are dropped (the least important first) until the estimate
  fits (R-7-time); the plan is never empty unless the screen blocks it or nothing is allowed.

The time model (R-PLAN-time-model) is documented in ``docs/engine-cli.md`` and in
``estimate_seconds``.

Everything that depends only on the catalog is computed once per catalog and cached, so a plan
takes well under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, Literal

from supple.domain import safety, timeline
from supple.domain.catalog import Catalog, CatalogError, Exercise, Routine
from supple.domain.dosage import Range
from supple.domain.progression import Dose, sets_range, starting_dose, top_dose
from supple.domain.thresholds import FLARE_PAIN as FLARE_PAIN  # R-3-flare-day, for callers
from supple.domain.timeline import GET_READY_S as GET_READY_S
from supple.domain.timeline import HOLD_TRANSITION_S as HOLD_TRANSITION_S
from supple.domain.timeline import REP_SECONDS as REP_SECONDS
from supple.domain.timeline import REST_BETWEEN_SETS_S as REST_BETWEEN_SETS_S
from supple.domain.timeline import SIDE_SWITCH_S as SIDE_SWITCH_S
from supple.domain.timeline import UNTIMED_S as UNTIMED_S

Preference = Literal["flexion", "extension", "neither"]
PREFERENCES: Final[tuple[str, ...]] = ("flexion", "extension", "neither")

# R-PLAN-intake-limits: plan minutes accepted (docs/engine-cli.md): below 5 minutes not even a
# short routine fits honestly; above 120 minutes is not a home session. Ages from 16 (NICE NG59
# covers people over 16).
MIN_AGE: Final = 16
MIN_MINUTES: Final = 5
MAX_MINUTES: Final = 120
# R-7-time: the estimate fits the time given, within 10 %.
TIME_TOLERANCE: Final = 0.10
# R-PLAN-warmup: a warm-up takes at most 3 minutes (and a third of the time given).
WARMUP_MAX_S: Final = 180
# A home program of more than 8 exercises is not followed (R-PLAN-balance).
MAX_ITEMS: Final = 8

# --- R-PLAN-time-model -----------------------------------------------------------------------
# The time model lives in ``supple.domain.timeline`` (one timeline for the estimate and both
# players); its constants are imported above under their usual names.

# Position groups for changes of position (R-PLAN-grouping).
_GROUP: Final[Mapping[str, str]] = {
    "supine": "lying",
    "side-lying": "lying",
    "prone": "lying",
    "quadruped": "kneeling",
    "kneeling": "kneeling",
    "seated": "seated",
    "standing": "standing",
}
# The order in which position groups follow each other: down on the mat (or in bed) first,
# then up on hands and knees, then sitting, then standing, so one gets up only once.
_POSITION_ORDER: Final[Mapping[str, int]] = {
    "supine": 0,
    "side-lying": 1,
    "prone": 2,
    "quadruped": 3,
    "kneeling": 4,
    "seated": 5,
    "standing": 6,
}


def change_seconds(a: str | None, b: str) -> int:
    """Seconds to change from position ``a`` to ``b`` (R-PLAN-time-model).

    Same position: 0. Rolling over while lying, or from lying to hands and knees: 10.
    Between sitting and standing: 5. Getting up from or down to the floor (or bed): 20.
    The first exercise starts in its own position: 0.
    """
    if a is None or a == b:
        return 0
    ga, gb = _GROUP.get(a, a), _GROUP.get(b, b)
    if ga == gb or {ga, gb} == {"lying", "kneeling"}:
        return 10
    if {ga, gb} == {"seated", "standing"}:
        return 5
    return 20


def estimate_seconds(exercise: Exercise, dose: Dose) -> int:
    """The time one exercise takes at a dose, without any change of position: the sum of its
    timeline (R-PLAN-time-model, ``supple.domain.timeline``): a 5 s get-ready; each hold plus
    2 s to move in and out; repetitions at the kind's pace; both sides of a one-sided exercise
    with a 5 s switch per set (R-7-both-sides); 30 s of rest between sets.
    """
    return timeline.total_seconds(timeline.build(exercise.kind, dose))


# --------------------------------------------------------------------------------------------
# Profile and plan


class ProfileError(ValueError):
    """A profile the planner cannot use: an unknown exercise id or piece of equipment."""


class LevelError(ProfileError):
    """A ``levels`` entry the planner cannot use: an unknown ladder or exercise, a key that is
    not the first rung of its ladder, or a dose of an exercise on another ladder."""


@dataclass(frozen=True, slots=True)
class Profile:
    """The intake (docs/engine-cli.md)."""

    pain_now: int
    weeks_since_onset: float
    age: int
    can_get_on_floor: bool
    minutes: float
    equipment: frozenset[str] = frozenset()
    direction: Preference = "neither"
    exclude: frozenset[str] = frozenset()
    phase: int | None = None
    # Screen answers (``{"E1": False, ...}``) or None when no screen came with the profile.
    screen: Mapping[str, bool | None] | None = None
    # U, C or G ids already checked by a clinician (R-1-checked).
    checked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanItem:
    exercise: str
    hold_s: int | None
    reps: int | None
    sets: int
    per_side: bool
    # This exercise's time, including the change of position into it.
    seconds: int
    # The ladder the exercise is on: the id of its first (easiest) rung (``ladder_key``), the
    # key under which a caller stores the person's level. Not part of ``as_dict`` (the
    # ``supple plan --json`` format is fixed).
    ladder: str

    @property
    def dose(self) -> Dose:
        """The item's dose, as ``levels`` and ``progression.apply_decision`` take it."""
        return Dose(
            exercise=self.exercise,
            hold_s=self.hold_s,
            reps=self.reps,
            sets=self.sets,
            per_side=self.per_side,
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "exercise": self.exercise,
            "hold_s": self.hold_s,
            "reps": self.reps,
            "sets": self.sets,
            "per_side": self.per_side,
            "seconds": self.seconds,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    phase: int
    flare: bool
    items: tuple[PlanItem, ...]
    seconds: int
    blocked: str | None
    notes: tuple[str, ...]
    # The seeds' routine the plan is based on, if any.
    routine: str | None = None
    screen: safety.ScreenResult | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, object]:
        """The JSON form printed by ``supple plan --json`` (docs/engine-cli.md)."""
        return {
            "phase": self.phase,
            "flare": self.flare,
            "items": [i.as_dict() for i in self.items],
            "seconds": self.seconds,
            "blocked": self.blocked,
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------------
# Per-catalog precomputation


@dataclass(frozen=True, slots=True)
class _Entry:
    exercise: Exercise
    index: int
    dose: Dose
    seconds: int
    equipment: frozenset[str]
    floor_only: bool
    ladder: int  # ladder group id: exercises linked by easier/harder share it
    # 0 = easiest in its ladder. An entry standing for a ladder with a level ranks as 0: how far
    # the person has climbed does not push the ladder down the list.
    rung: int
    is_walk: bool
    # A nerve-gliding ("floss") exercise: can stir up leg symptoms, so not on a flare day.
    neural: bool
    # The earliest phase the exercise belongs to (9 when it lists none).
    first_phase: int
    # True for an entry standing for a ladder with a level (R-PLAN-levels).
    levelled: bool = False


@dataclass(slots=True)
class _Prepared:
    catalog: Catalog
    entries: tuple[_Entry, ...]
    by_id: dict[str, _Entry]
    equipment: frozenset[str]
    # Exercise id -> the id of the first rung of its ladder (``ladder_key``).
    first: dict[str, str]
    # First rung id -> the ladder's entries, easiest first.
    rungs: dict[str, tuple[_Entry, ...]]
    # Exercise id -> its position in ``rungs[first[id]]``.
    position: dict[str, int]
    # Exercise id -> its entry at the top of its range (a step down to it, R-PLAN-levels).
    tops: dict[str, _Entry]
    # Ladder group id -> every phase any of its rungs belongs to.
    ladder_phases: dict[int, frozenset[int]]
    pools: dict[tuple[object, ...], tuple[tuple[_Entry, ...], frozenset[str]]] = field(
        default_factory=dict
    )
    # A level's dose -> its entry (the dose brought within the ranges, its time estimated).
    levelled: dict[Dose, _Entry] = field(default_factory=dict)


_CACHE: dict[int, _Prepared] = {}
_CACHE_SIZE: Final = 8


def _is_walk(e: Exercise) -> bool:
    words = (e.id, e.name.lower(), *(a.lower() for a in e.aliases))
    return any("walk" in w for w in words) and e.kind in ("functional", "mobility")


def _is_neural(e: Exercise) -> bool:
    words = " ".join((e.id, e.name, *e.aliases)).lower()
    return "nerve" in words or "floss" in words


def _ladders(exercises: Sequence[Exercise]) -> tuple[dict[str, int], dict[str, int]]:
    ids = {e.id for e in exercises}
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in exercises:
        for other in (*e.easier, *e.harder):
            if other in ids:
                ra, rb = find(e.id), find(other)
                if ra != rb:
                    parent[ra] = rb
    groups: dict[str, int] = {}
    ladder = {}
    for e in exercises:
        ladder[e.id] = groups.setdefault(find(e.id), len(groups))
    rung: dict[str, int] = {}
    by_id = {e.id: e for e in exercises}
    for e in exercises:
        level = 0
        seen = {e.id}
        current = e
        while True:
            nxt = next((x for x in current.easier if x in by_id and x not in seen), None)
            if nxt is None:
                break
            seen.add(nxt)
            current = by_id[nxt]
            level += 1
        rung[e.id] = level
    return ladder, rung


def _chains(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Exercise id -> its ladder as ids, easiest first (``Catalog.ladder``). An exercise whose
    ladder cannot be followed (a cycle, a branch: the catalog's own checks report those) is
    its own one-rung ladder."""
    chains: dict[str, tuple[str, ...]] = {}
    for e in catalog.exercises:
        try:
            chain = catalog.ladder_ids(e.id)
        except CatalogError:
            chain = (e.id,)
        chains[e.id] = chain if e.id in chain else (e.id,)
    return chains


def _entries(catalog: Catalog) -> list[_Entry]:
    """Each exercise at the bottom of its range (R-4-start-bottom), with its time and ladder."""
    ladder, rung = _ladders(catalog.exercises)
    entries = []
    for index, e in enumerate(catalog.exercises):
        dose = starting_dose(e)
        entries.append(
            _Entry(
                exercise=e,
                index=index,
                dose=dose,
                seconds=estimate_seconds(e, dose),
                equipment=frozenset(e.equipment),
                floor_only=e.floor_only,
                ladder=ladder[e.id],
                rung=rung[e.id],
                is_walk=_is_walk(e),
                neural=_is_neural(e),
                first_phase=min(e.phases, default=9),
            )
        )
    return entries


def _rungs(
    catalog: Catalog, by_id: Mapping[str, _Entry]
) -> tuple[dict[str, str], dict[str, tuple[_Entry, ...]], dict[str, int]]:
    """Each exercise's first rung, each first rung's ladder (easiest first), and each
    exercise's place on its ladder."""
    chains = _chains(catalog)
    first = {i: chain[0] for i, chain in chains.items()}
    rungs: dict[str, tuple[_Entry, ...]] = {}
    position: dict[str, int] = {}
    for i, bottom in first.items():
        chain = chains[bottom]
        if i not in chain or chain[0] != bottom:
            chain = (i,)  # only in a catalog whose ladders contradict each other
        first[i] = chain[0]
        rungs.setdefault(chain[0], tuple(by_id[j] for j in chain))
        position[i] = chain.index(i)
    return first, rungs, position


def prepare(catalog: Catalog) -> _Prepared:
    """Everything about a catalog the planner needs, computed once and cached."""
    key = id(catalog)
    prepared = _CACHE.get(key)
    if prepared is not None and prepared.catalog is catalog:
        return prepared
    entries = _entries(catalog)
    by_id = {x.exercise.id: x for x in entries}
    first, rungs, position = _rungs(catalog, by_id)
    tops = {}
    for x in entries:
        top = top_dose(x.exercise)
        tops[x.exercise.id] = replace(
            x, dose=top, seconds=estimate_seconds(x.exercise, top), rung=0, levelled=True
        )
    ladder_phases: dict[int, set[int]] = {}
    for x in entries:
        ladder_phases.setdefault(x.ladder, set()).update(x.exercise.phases)
    prepared = _Prepared(
        catalog=catalog,
        entries=tuple(entries),
        by_id=by_id,
        equipment=frozenset(
            q for e in catalog.exercises for q in (*e.equipment, *e.equipment_alternatives)
        ),
        first=first,
        rungs=rungs,
        position=position,
        tops=tops,
        ladder_phases={k: frozenset(v) for k, v in ladder_phases.items()},
    )
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = prepared
    return prepared


# --------------------------------------------------------------------------------------------
# Levels: where a person is on each ladder (R-PLAN-levels)


def ladder_key(catalog: Catalog, exercise_id: str) -> str:
    """The id of the first (easiest) rung of the ladder ``exercise_id`` is on
    (``catalog.ladder(exercise_id)[0].id``; an exercise on no ladder is its own first rung).

    The key of ``make_plan``'s ``levels`` and ``PlanItem.ladder``; cached per catalog. Raises
    ``UnknownId`` (a KeyError) for an id not in the catalog."""
    first = prepare(catalog).first.get(exercise_id)
    if first is None:
        catalog.exercise(exercise_id)  # raises UnknownId
        raise AssertionError(exercise_id)  # pragma: no cover - every catalog id has a ladder
    return first


def validate_levels(levels: Mapping[str, Dose], catalog: Catalog) -> None:
    """Check ``levels`` against the catalog (R-PLAN-levels-invalid): every key is an exercise
    id that is the first rung of its ladder, and every dose is of an exercise on that ladder.
    Raises LevelError (a ProfileError) naming the entry."""
    prep = prepare(catalog)
    for key, dose in levels.items():
        first = prep.first.get(key)
        if first is None:
            raise LevelError(f"levels: {key!r}: unknown exercise id")
        if first != key:
            raise LevelError(
                f"levels: {key!r} is not the first rung of its ladder: use {first!r} as the key"
            )
        if not isinstance(dose, Dose):
            raise LevelError(f"levels: {key!r}: {dose!r} is not a Dose")
        on = prep.first.get(dose.exercise)
        if on is None:
            raise LevelError(f"levels: {key!r}: unknown exercise id {dose.exercise!r}")
        if on != key:
            raise LevelError(
                f"levels: {key!r}: {dose.exercise!r} is not on that ladder "
                f"({', '.join(x.exercise.id for x in prep.rungs[key])}); "
                f"it is on the ladder of {on!r}"
            )


def _clamp(value: int | None, r: Range | None) -> int | None:
    if r is None:
        return None
    if value is None:
        return r.low
    return min(max(value, r.low), r.high)


def within_ranges(dose: Dose, exercise: Exercise) -> Dose:
    """A level's dose brought within the exercise's ranges (R-PLAN-levels-invalid): the library
    may have changed since the level was stored. A value above the top comes down to the top,
    one below the bottom (or missing) goes up to the bottom, a value the exercise has no range
    for is dropped, and ``per_side`` follows the library (R-7-both-sides)."""
    d = exercise.dosage
    low, high = sets_range(exercise)
    return Dose(
        exercise=exercise.id,
        hold_s=_clamp(dose.hold_s, d.hold_s),
        reps=_clamp(dose.reps, d.reps),
        sets=min(max(dose.sets, low), high),
        per_side=d.per_side,
    )


_LEVELLED_CACHE_SIZE: Final = 4096


def _level_entry(prep: _Prepared, dose: Dose) -> _Entry:
    entry = prep.levelled.get(dose)
    if entry is None:
        base = prep.by_id[dose.exercise]
        inside = within_ranges(dose, base.exercise)
        entry = replace(
            base,
            dose=inside,
            seconds=estimate_seconds(base.exercise, inside),
            rung=0,
            levelled=True,
        )
        if len(prep.levelled) >= _LEVELLED_CACHE_SIZE:
            prep.levelled.clear()
        prep.levelled[dose] = entry
    return entry


@dataclass(slots=True)
class _Levels:
    """The levels resolved for one plan: per ladder with a level, the entry standing for it
    (None: no rung of it is allowed today), and the ladders stepped down to an easier rung
    (ladder group id -> the level's exercise)."""

    ladders: dict[int, _Entry | None]
    stepped: dict[int, Exercise]


_NO_LEVELS: Final = _Levels({}, {})


def _index(x: _Entry) -> int:
    return x.index


def _apply_levels(
    prep: _Prepared,
    pool: tuple[_Entry, ...],
    pool_ids: frozenset[str],
    levels: Mapping[str, Dose],
    phase: int,
) -> tuple[tuple[_Entry, ...], _Levels]:
    """The pool with each ladder that has a level reduced to one entry (R-PLAN-levels).

    The level's variant at the level's dose when it is allowed today: in the pool (R-7-floor,
    R-7-equipment, R-7-exclude, R-6-*) and not of a later phase than the plan's. Otherwise the
    nearest allowed easier rung at the top of its range (R-PLAN-levels-step-down, section 4's
    step down); with none, the ladder is left out. The pool itself is cached per profile; this
    only filters it.
    """
    resolved = _Levels({}, {})
    for key, dose in levels.items():
        rungs = prep.rungs[key]
        at = prep.position[dose.exercise]
        entry: _Entry | None = None
        for i in range(at, -1, -1):
            rung = rungs[i]
            if rung.first_phase <= phase and rung.exercise.id in pool_ids:
                if i == at:
                    entry = _level_entry(prep, dose)
                else:
                    entry = prep.tops[rung.exercise.id]
                    resolved.stepped[rung.ladder] = rungs[at].exercise
                break
        resolved.ladders[rungs[0].ladder] = entry
    if not resolved.ladders:
        return pool, resolved
    kept = [x for x in pool if x.ladder not in resolved.ladders]
    kept.extend(x for x in resolved.ladders.values() if x is not None)
    kept.sort(key=_index)
    return tuple(kept), resolved


# --------------------------------------------------------------------------------------------
# Constraints


def direction_allows(exercise: Exercise, preference: str, phase: int) -> bool:
    """Section 6 as a filter (R-6-*).

    - R-6-preference-exclude: with a flexion preference, no end-range extension exercise; with
      an extension preference, no end-range flexion exercise. Applied in every phase
      (decision, cautious: the rule book states it for phase 1 and is silent after).
    - R-6-no-preference: with no preference, in phase 1, only mid-range exercises (no end-range
      exercise of any direction); neutral ones are preferred (see ``direction_score``).
    """
    if preference == "flexion":
        return not (exercise.end_range and exercise.direction == "extension")
    if preference == "extension":
        return not (exercise.end_range and exercise.direction == "flexion")
    if phase == 1:
        return not exercise.end_range
    return True


def direction_score(exercise: Exercise, preference: str, phase: int) -> int:
    """R-6-preference-prefer: in phase 1, exercises of the preferred direction (neutral ones
    with no preference) rank first; the others are used only to fill."""
    if phase != 1:
        return 0
    wanted = "neutral" if preference == "neither" else preference
    if exercise.direction == wanted:
        return 2
    if exercise.direction == "neutral":
        return 1
    return 0


def usable_with(exercise: Exercise, owned: frozenset[str]) -> bool:
    """R-7-equipment: every item the exercise needs is owned, except that one of its
    ``equipment_alternatives`` may stand in for its single item (a small ball for a towel)."""
    return exercise.usable_with(owned)


def allowed(
    exercise: Exercise,
    profile: Profile,
    phase: int,
) -> bool:
    """Every constraint of section 7 and section 6 for one exercise (without the phase).

    - R-7-floor: no floor-only exercise for someone who cannot get down to the floor.
    - R-7-equipment: only equipment the user has.
    - R-7-exclude: no exercise the user or clinician excluded.
    - R-6-*: ``direction_allows``.
    """
    if not profile.can_get_on_floor and exercise.floor_only:
        return False
    if exercise.id in profile.exclude:
        return False
    if not usable_with(exercise, profile.equipment):
        return False
    return direction_allows(exercise, profile.direction, phase)


def validate_profile(
    profile: Profile, catalog: Catalog, known_equipment: Iterable[str] = ()
) -> None:
    """Check a profile before planning: the ranges of the intake (the same as the JSON
    Schema's, for callers that do not use it) and what only the library knows: unknown
    exercise ids and equipment. Raises ProfileError naming the field."""
    ranges: tuple[tuple[str, float, float, float], ...] = (
        ("pain_now", profile.pain_now, 0, 10),
        ("weeks_since_onset", profile.weeks_since_onset, 0, 5200),
        ("age", profile.age, MIN_AGE, 120),
        ("minutes", profile.minutes, MIN_MINUTES, MAX_MINUTES),
    )
    for name, value, low, high in ranges:
        if isinstance(value, bool) or not low <= value <= high:
            raise ProfileError(f"{name}: {value!r} is not between {low:g} and {high:g}")
    if profile.direction not in PREFERENCES:
        raise ProfileError(
            f"direction: {profile.direction!r} is not one of {', '.join(PREFERENCES)}"
        )
    for exercise_id in sorted(profile.exclude):
        if exercise_id not in catalog:
            raise ProfileError(f"exclude: unknown exercise id {exercise_id!r}")
    known = set(known_equipment) | prepare(catalog).equipment
    for item in sorted(profile.equipment):
        if item not in known:
            raise ProfileError(
                f"equipment: unknown item {item!r} (known: {', '.join(sorted(known))})"
            )
    if profile.phase is not None and profile.phase not in (1, 2, 3):
        raise ProfileError(f"phase: {profile.phase} is not 1, 2 or 3")


# --------------------------------------------------------------------------------------------
# Selection

# Per-phase template of kinds, in order of importance (R-PLAN-balance): the first slots are
# kept when time is short. Each slot lists the kinds that can fill it.
_TEMPLATES: Final[Mapping[int, tuple[tuple[str, ...], ...]]] = {
    # Relieve and mobilise: mobility and stretches, low-load control (section 5).
    1: (
        ("mobility", "stretch"),
        ("control",),
        ("stretch", "mobility"),
        ("control", "strength"),
        ("mobility", "stretch"),
        ("stretch", "mobility"),
        ("control",),
        ("mobility", "stretch"),
    ),
    # Stabilise and strengthen: the warm-up brings the mobility; then strength and control,
    # with a stretch between.
    2: (
        ("strength",),
        ("control",),
        ("stretch", "mobility"),
        ("strength",),
        ("control", "strength"),
        ("strength",),
        ("mobility", "stretch"),
        ("strength", "control"),
    ),
    # Maintain and challenge.
    3: (
        ("strength",),
        ("strength",),
        ("stretch", "mobility"),
        ("control", "strength"),
        ("strength",),
        ("mobility", "stretch"),
        ("strength",),
        ("control", "strength"),
    ),
}
_WARMUP_KINDS: Final[tuple[str, ...]] = ("breathing", "mobility")
_GENTLE_KINDS: Final = frozenset({"breathing", "mobility", "stretch"})
_PHASE_LIST: Final = re.compile(r"^phase-[0-9]+$")
_MOBILITY_KINDS: Final = frozenset({"mobility", "stretch"})


def _rotation(today: date, seed: int, salt: int, n: int) -> int:
    if n <= 1:
        return 0
    return (today.toordinal() * 7 + seed * 13 + salt * 31) % n


def _phase_fits(e: Exercise, phase: int) -> bool:
    return phase in e.phases


def _warmup_fits(e: Exercise, phase: int) -> bool:
    # A warm-up is gentle: breathing, or mobility from phase 1 (or the phase itself).
    return e.kind in _WARMUP_KINDS and (1 in e.phases or phase in e.phases)


def _pool(
    prep: _Prepared, profile: Profile, phase: int
) -> tuple[tuple[_Entry, ...], frozenset[str]]:
    """The entries allowed for a profile in a phase, and their ids (cached per profile)."""
    key = (
        phase,
        profile.can_get_on_floor,
        profile.direction,
        profile.equipment,
        profile.exclude,
    )
    cached = prep.pools.get(key)
    if cached is None:
        pool = tuple(x for x in prep.entries if allowed(x.exercise, profile, phase))
        cached = (pool, frozenset(x.exercise.id for x in pool))
        if len(prep.pools) > 512:
            prep.pools.clear()
        prep.pools[key] = cached
    return cached


def _position_sort(items: list[_Entry], warmup: _Entry | None) -> list[_Entry]:
    """Warm-up first; then the rest grouped by position, lying first and standing last
    (R-PLAN-warmup, R-PLAN-grouping). The warm-up's own position group comes first so no
    extra change is needed right after it. Order inside a group is kept."""
    first_group = _POSITION_ORDER.get(warmup.exercise.position, 0) if warmup else -1
    rest = [x for x in items if x is not warmup]

    def key(x: _Entry) -> tuple[int, int]:
        p = _POSITION_ORDER.get(x.exercise.position, 9)
        return (0 if p == first_group else 1, p)

    rest.sort(key=key)
    return ([warmup] if warmup is not None else []) + rest


def _timed(order: Sequence[_Entry]) -> tuple[list[int], int]:
    seconds = []
    previous: str | None = None
    for x in order:
        seconds.append(x.seconds + change_seconds(previous, x.exercise.position))
        previous = x.exercise.position
    return seconds, sum(seconds)


def _opposite(e: Exercise, preference: str, phase: int) -> bool:
    """In phase 1 with a preference, an exercise of the other direction (R-6-preference-prefer):
    allowed to fill, but dropped from a seeds' routine in favour of preferred ones."""
    if phase != 1 or preference == "neither":
        return False
    return e.direction not in (preference, "neutral")


def _routine_candidates(
    prep: _Prepared,
    pool_ids: frozenset[str],
    profile: Profile,
    phase: int,
    levelled: Mapping[int, _Entry | None],
) -> list[tuple[int, Routine, list[_Entry]]]:
    found = []
    for r in prep.catalog.routines:
        if r.phase is not None and r.phase != phase:
            continue
        if _PHASE_LIST.match(r.id):
            continue  # a phase's membership list, not a routine to follow
        members = [prep.by_id[m] for m in r.members if m in prep.by_id]
        if not members:
            continue
        if r.phase is None and not all(phase in m.exercise.phases for m in members):
            continue
        kept: list[_Entry] = []
        for m in members:
            # R-PLAN-levels: a member on a ladder with a level is the entry standing for it.
            if m.ladder in levelled:
                x = levelled[m.ladder]
                if x is None or x in kept:
                    continue
            elif m.exercise.id in pool_ids:
                x = m
            else:
                continue
            if not _opposite(x.exercise, profile.direction, phase):
                kept.append(x)
        # R-PLAN-routine: a routine fits when at least 2 of its exercises, and at least
        # two thirds of them, are allowed.
        if len(kept) < 2 or 3 * len(kept) < 2 * len(members):
            continue
        in_bed = "bed" in r.surfaces
        score = 0
        if not profile.can_get_on_floor and in_bed:
            score += 4  # the in-bed morning routine for someone who cannot get to the floor
        if len(kept) == len(members):
            score += 2
        found.append((score, r, kept))
    found.sort(key=lambda t: -t[0])
    return found


# While choosing, each exercise counts this much for the change of position before it: a rough
# figure (a change costs 0 to 20 s, R-PLAN-time-model) so that choosing need not know the final
# order; ``_fit`` makes the time exact once the order is known.
ROUGH_CHANGE_S: Final = 10
# R-PLAN-variety: the day rotates among the first few of the equally good options, so each
# pick is still among the best ranked (easiest rung, preferred direction, library order): the
# warm-up among 3 of one kind, position and direction; a template slot among 4 of one kind and
# direction score (slots have more candidates); the flare day's gentle mobility among 3.
WARMUP_CHOICES: Final = 3
SLOT_CHOICES: Final = 4
FLARE_MOBILITY_CHOICES: Final = 3


@dataclass(frozen=True, slots=True)
class _Request:
    """What one plan is chosen for: the catalog, the profile, its phase and time, the day."""

    prep: _Prepared
    profile: Profile
    phase: int
    budget: int
    today: date
    seed: int

    def rank(self, x: _Entry) -> tuple[int, int, int]:
        """Better first: the preferred direction (R-6-preference-prefer), the easier rung, the
        library's order."""
        return (-direction_score(x.exercise, self.profile.direction, self.phase), x.rung, x.index)

    def rotate(self, salt: int, n: int) -> int:
        """R-PLAN-variety: which of ``n`` equal options today; ``salt`` keeps choices apart."""
        return _rotation(self.today, self.seed, salt, n)


@dataclass(slots=True)
class _Picked:
    """The exercises chosen so far, most important first, their ladders and a rough time."""

    chosen: list[_Entry] = field(default_factory=list)
    ladders: set[int] = field(default_factory=set)
    used: int = 0

    def take(self, x: _Entry) -> None:
        self.chosen.append(x)
        self.ladders.add(x.ladder)
        self.used += x.seconds + ROUGH_CHANGE_S


def _choose(
    req: _Request,
    pool: Sequence[_Entry],
    pool_ids: frozenset[str],
    levelled: Mapping[int, _Entry | None],
) -> tuple[list[_Entry], Routine | None]:
    """Pick and order the exercises for a normal (non-flare) day.

    ``pool`` has the ladders with a level already reduced to the entry standing for each
    (``levelled``, by ladder); ``pool_ids`` are the ids of the profile's pool before that.
    The picks are kept in order of importance: the seeds' routine's exercises, the warm-up,
    then the template's slots in order; ``_fit`` drops from the end of it.
    """
    in_phase = _template_candidates(req, pool)
    picked = _Picked()
    routine, routine_ids = _take_routine(req, picked, pool_ids, levelled)
    warmup = _take_warmup(req, picked, pool)
    _fill_template(req, picked, in_phase, pool)
    chosen = picked.chosen
    if warmup is None and chosen:
        warmup = chosen[0]
    if routine is None:
        order = _position_sort(chosen, warmup)
    else:
        order = _routine_order(chosen, warmup, routine_ids)
    return _fit(order, chosen, req.budget, req.phase, warmup, in_phase or pool), routine


def _template_candidates(req: _Request, pool: Sequence[_Entry]) -> list[_Entry]:
    """Candidates for the template: the phase's exercises, and (R-PLAN-balance) the gentle
    breathing, mobility and stretching exercises of earlier phases, which stay useful.
    R-PLAN-levels-step-down: a ladder with a level counts as the phase's when any of its rungs
    is (the person is climbing towards the phase's variant)."""
    phase = req.phase
    return [
        x
        for x in pool
        if _phase_fits(x.exercise, phase)
        or (x.exercise.kind in _GENTLE_KINDS and x.first_phase <= phase)
        or (x.levelled and phase in req.prep.ladder_phases[x.ladder])
    ]


def _take_routine(
    req: _Request,
    picked: _Picked,
    pool_ids: frozenset[str],
    levelled: Mapping[int, _Entry | None],
) -> tuple[Routine | None, set[int]]:
    """R-PLAN-routine: the best fitting seeds' routine (the day picks among equals), and the
    ids of the entries taken from it."""
    candidates = _routine_candidates(req.prep, pool_ids, req.profile, req.phase, levelled)
    if not candidates:
        return None, set()
    best = candidates[0][0]
    tied = [c for c in candidates if c[0] == best]
    _, routine, kept = tied[req.rotate(1, len(tied))]
    taken: set[int] = set()
    for x in kept:
        if x.ladder not in picked.ladders:
            picked.take(x)
            taken.add(id(x))
    return routine, taken


def _take_warmup(req: _Request, picked: _Picked, pool: Sequence[_Entry]) -> _Entry | None:
    """R-PLAN-warmup: the routine's own warm-up, else breathing (phase 1) or gentle mobility
    first, lying down when possible (most exercises are done lying, and getting down happens
    once)."""
    if picked.chosen and picked.chosen[0].exercise.kind in _WARMUP_KINDS:
        return picked.chosen[0]
    options = _warmup_options(req, picked, pool)
    if not options:
        return None
    head = options[0]
    equal = [
        x
        for x in options
        if x.exercise.kind == head.exercise.kind
        and x.exercise.position == head.exercise.position
        and x.exercise.direction == head.exercise.direction
    ][:WARMUP_CHOICES]
    warmup = equal[req.rotate(2, len(equal))]
    picked.take(warmup)
    return warmup


def _warmup_options(req: _Request, picked: _Picked, pool: Sequence[_Entry]) -> list[_Entry]:
    """Gentle, mid-range, short warm-ups, best first: the phase's kind, a neutral or the
    preferred direction, lying down first."""
    phase = req.phase
    kinds = _WARMUP_KINDS if phase == 1 else _WARMUP_KINDS[::-1]
    return sorted(
        (
            x
            for x in pool
            if _warmup_fits(x.exercise, phase)
            and x.ladder not in picked.ladders
            and not x.exercise.end_range
            and not x.is_walk
            and x.seconds <= min(WARMUP_MAX_S, req.budget // 3)
        ),
        key=lambda x: (
            kinds.index(x.exercise.kind),
            x.exercise.direction not in ("neutral", req.profile.direction),
            _POSITION_ORDER.get(x.exercise.position, 9),
            *req.rank(x),
        ),
    )


def _fill_template(
    req: _Request, picked: _Picked, in_phase: Sequence[_Entry], pool: Sequence[_Entry]
) -> None:
    """R-PLAN-balance: fill from the phase's template of kinds, rotating among equivalent
    choices (R-PLAN-variety), while the time allows."""
    for slot, kinds in enumerate(_TEMPLATES.get(req.phase, _TEMPLATES[1])):
        if len(picked.chosen) >= MAX_ITEMS:
            break
        options = _slot_choices(req, picked, kinds, in_phase, pool)
        if not options:
            continue
        head = options[0]
        equal = [
            x
            for x in options
            if x.exercise.kind == head.exercise.kind and req.rank(x)[0] == req.rank(head)[0]
        ][:SLOT_CHOICES]
        picked.take(equal[req.rotate(3 + slot, len(equal))])


def _slot_choices(
    req: _Request,
    picked: _Picked,
    kinds: tuple[str, ...],
    in_phase: Sequence[_Entry],
    pool: Sequence[_Entry],
) -> list[_Entry]:
    """The options for one template slot, best first. A slot that R-7-kinds needs is filled
    even when time is short: from an earlier phase when the phase has no such exercise the
    user can do (a bridge in phase 3), with one that fits the time left, else the shortest."""
    needed = _needs(picked.chosen, req.phase, kinds)
    left = req.budget - picked.used
    options = _slot_options(in_phase, kinds, picked.ladders, req.rank, left, needed)
    if not needed:
        return options
    if not options:
        earlier = [x for x in pool if min(x.exercise.phases, default=9) <= req.phase]
        options = _slot_options(earlier, kinds, picked.ladders, req.rank, left, needed)
    fitting = [x for x in options if picked.used + x.seconds + ROUGH_CHANGE_S <= req.budget]
    if not fitting and options:
        fitting = [min(options, key=lambda x: (x.seconds, x.index))]
    return fitting


def _slot_options(
    candidates: Sequence[_Entry],
    kinds: tuple[str, ...],
    ladders: set[int],
    rank: Callable[[_Entry], tuple[int, int, int]],
    left: int,
    needed: bool,
) -> list[_Entry]:
    return sorted(
        (
            x
            for x in candidates
            if x.exercise.kind in kinds
            and x.ladder not in ladders
            and not x.is_walk
            and (needed or x.seconds + ROUGH_CHANGE_S <= left)
        ),
        key=lambda x: (kinds.index(x.exercise.kind), *rank(x)),
    )


def _needs(chosen: Sequence[_Entry], phase: int, kinds: tuple[str, ...]) -> bool:
    """R-7-kinds: a slot that brings the first mobility/stretch exercise (or, from phase 2,
    the first strengthening one) is filled even when time is short."""
    has_mobility = any(x.exercise.kind in _MOBILITY_KINDS for x in chosen)
    has_strength = any(x.exercise.kind == "strength" for x in chosen)
    if not has_mobility and _MOBILITY_KINDS & set(kinds):
        return True
    return phase >= 2 and not has_strength and "strength" in kinds


def _routine_order(
    chosen: list[_Entry], warmup: _Entry | None, routine_ids: set[int]
) -> list[_Entry]:
    """Keep a seeds' routine in its own order; a warm-up it lacks goes first, and any
    exercise added to it goes after the last exercise in the same position group (or at the
    end)."""
    order: list[_Entry] = []
    if warmup is not None:
        order.append(warmup)
    members = [x for x in chosen if x is not warmup and id(x) in routine_ids]
    added = sorted(
        (x for x in chosen if x is not warmup and id(x) not in routine_ids),
        key=lambda x: _POSITION_ORDER.get(x.exercise.position, 9),
    )
    for x in (*members, *added):
        # After the last exercise in the same position, else in the same group (lying).
        group = _GROUP.get(x.exercise.position)
        last_same = max(
            (i for i, y in enumerate(order) if y.exercise.position == x.exercise.position),
            default=None,
        )
        if last_same is None:
            last_same = max(
                (i for i, y in enumerate(order) if _GROUP.get(y.exercise.position) == group),
                default=None,
            )
        if last_same is not None:
            order.insert(last_same + 1, x)
            continue
        # A position the routine does not use: before the first later position (hands and
        # knees before standing), so nobody gets up and then down again.
        rank = _POSITION_ORDER.get(x.exercise.position, 9)
        later = next(
            (
                i
                for i, y in enumerate(order)
                if i > 0 and _POSITION_ORDER.get(y.exercise.position, 9) > rank
            ),
            None,
        )
        if later is None:
            order.append(x)
        else:
            order.insert(later, x)
    return order


def _essential(order: Sequence[_Entry], x: _Entry, phase: int) -> bool:
    """R-7-kinds: the last mobility/stretch exercise, and from phase 2 the last strengthening
    one, are kept when dropping for time."""
    kind = x.exercise.kind
    if kind in _MOBILITY_KINDS and sum(y.exercise.kind in _MOBILITY_KINDS for y in order) == 1:
        return True
    return (
        phase >= 2 and kind == "strength" and sum(y.exercise.kind == "strength" for y in order) == 1
    )


def _fit(
    order: list[_Entry],
    importance: Sequence[_Entry],
    budget: int,
    phase: int,
    warmup: _Entry | None,
    pool: Sequence[_Entry],
) -> list[_Entry]:
    """R-7-time: drop exercises, least important first, until the estimate fits the time.

    ``importance`` lists the exercises most important first (the routine's, the warm-up, the
    template's slots in order). Those needed for section 7's kinds are kept longest, then the
    warm-up. The time given is the target; the 10 % tolerance is used only when one exercise
    alone does not fit.
    """
    order = list(order)
    _, total = _timed(order)
    position = {id(x): i for i, x in enumerate(importance)}
    while total > budget and len(order) > 1:
        victims = [x for x in order if x is not warmup and not _essential(order, x, phase)]
        if not victims:
            victims = [x for x in order if not _essential(order, x, phase)] or list(order)
        victim = max(victims, key=lambda x: position.get(id(x), -1))
        order.remove(victim)
        _, total = _timed(order)
    return _shortest_if_too_long(order, budget, pool)


def _shortest_if_too_long(order: list[_Entry], budget: int, pool: Sequence[_Entry]) -> list[_Entry]:
    """When even one exercise overruns the time by more than 10 %, use the shortest allowed
    exercise instead, or none at all if that overruns too (R-7-time beats "never empty")."""
    _, total = _timed(order)
    if total <= budget * (1 + TIME_TOLERANCE) or not pool:
        return order
    shortest = min(pool, key=lambda x: (x.seconds, x.index))
    if shortest.seconds <= budget * (1 + TIME_TOLERANCE):
        return [shortest]
    return []


def _flare(
    pool: Sequence[_Entry],
    profile: Profile,
    budget: int,
    today: date,
    seed: int,
) -> list[_Entry]:
    """R-3-flare-day: the flare routine is breathing, gentle mobility and a short walk,
    phase-1 exercises only, chosen with the phase-1 direction rules."""
    gentle = [
        x
        for x in pool
        if 1 in x.exercise.phases and direction_allows(x.exercise, profile.direction, 1)
    ]

    def rank(x: _Entry) -> tuple[int, int, int, int]:
        return (-direction_score(x.exercise, profile.direction, 1), x.rung, x.seconds, x.index)

    picks: list[_Entry] = []
    breathing = sorted((x for x in gentle if x.exercise.kind == "breathing"), key=rank)
    if breathing:
        picks.append(breathing[0])
    mobility = sorted(
        (
            x
            for x in gentle
            if x.exercise.kind in ("mobility", "stretch")
            and not x.exercise.end_range
            and not x.is_walk
            and not x.neural
        ),
        key=lambda x: (x.exercise.kind != "mobility", *rank(x)),
    )
    if mobility:
        best = rank(mobility[0])[0]
        equal = [x for x in mobility if rank(x)[0] == best][:FLARE_MOBILITY_CHOICES]
        picks.append(equal[_rotation(today, seed, 5, len(equal))])
    walks = sorted((x for x in pool if x.is_walk and 1 in x.exercise.phases), key=rank)
    if walks:
        picks.append(walks[0])
    order = picks
    _, total = _timed(order)
    # Drop the walk, then the breathing, if the time is short; keep the mobility.
    for drop in ("walk", "breathing"):
        if total <= budget or len(order) <= 1:
            break
        kept = [
            x
            for x in order
            if not (x.is_walk if drop == "walk" else x.exercise.kind == "breathing")
        ]
        order = kept or order
        _, total = _timed(order)
    return _shortest_if_too_long(order, budget, gentle)


def _why_not(exercise: Exercise, profile: Profile, phase: int) -> str:
    """Why an exercise is not allowed today, in plain words (for R-PLAN-levels-step-down)."""
    if exercise.id in profile.exclude:
        return "it is on your list of exercises to leave out"
    if not profile.can_get_on_floor and exercise.floor_only:
        return "it is done on the floor"
    if not usable_with(exercise, profile.equipment):
        return "it needs " + " and ".join(exercise.equipment)
    if not direction_allows(exercise, profile.direction, phase):
        return "it moves far in a direction your answers leave out"
    return f"it belongs to phase {min(exercise.phases, default=phase)}, after your phase {phase}"


def _minutes_words(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    if m and s:
        return f"{m} min {s} s"
    return f"{m} min" if m else f"{s} s"


def make_plan(
    profile: Profile,
    catalog: Catalog,
    today: date,
    *,
    seed: int = 0,
    emergency_number: str | None = None,
    levels: Mapping[str, Dose] | None = None,
) -> Plan:
    """Today's plan for an intake profile (see the module docstring).

    Phase (R-5-start-phase1, R-1-effect-gp): 1 unless the profile gives one; a ``gp`` screen
    outcome keeps phase 1. A blocking screen outcome (R-1-effect-emergency, -urgent,
    -clearance, R-1-incomplete) gives no exercises. ``pain_now >= 7`` makes it a flare day
    (R-3-flare-day). Doses are the bottom of each range (R-4-start-bottom), except on ladders
    with a level.

    ``levels`` maps the first rung of a ladder (``ladder_key``) to the person's current dose on
    it, of any rung of that ladder (R-PLAN-levels). Such a ladder is planned at that variant
    and dose (its time estimated at that dose), never with another rung of it; when the variant
    is not allowed today, at the nearest allowed easier rung at the top of its range, or not at
    all (R-PLAN-levels-step-down). A flare day sets levels aside (R-PLAN-levels-flare). An
    unknown key or exercise, a key that is not a first rung, or a dose on another ladder
    raises LevelError (a ProfileError); values outside the ranges are brought inside them
    (R-PLAN-levels-invalid).
    """
    prep = prepare(catalog)
    if levels:
        validate_levels(levels, catalog)
    phase = profile.phase if profile.phase is not None else 1
    result = None
    if profile.screen is not None:
        result = safety.screen(
            profile.screen, checked=profile.checked, emergency_number=emergency_number
        )
        if result.blocked:
            return _blocked_plan(profile, result, phase)
    phase, notes = _screen_notes(result, phase)
    req = _Request(prep, profile, phase, int(profile.minutes * 60), today, seed)
    flare = profile.pain_now >= FLARE_PAIN
    routine: Routine | None = None
    if flare:
        order = _flare(_pool(prep, profile, 1)[0], profile, req.budget, today, seed)
        notes.extend(_flare_notes(profile, bool(levels)))
    else:
        order, routine, day_notes = _normal_day(req, levels)
        notes.extend(day_notes)
    notes.extend(_direction_notes(profile, phase, flare))
    items, total = _items(prep, order)
    notes.extend(_closing_notes(order, flare, phase, req.budget, total))
    return Plan(
        phase=phase,
        flare=flare,
        items=items,
        seconds=total,
        blocked=None,
        notes=tuple(notes),
        routine=routine.id if routine is not None else None,
        screen=result,
    )


def _items(prep: _Prepared, order: Sequence[_Entry]) -> tuple[tuple[PlanItem, ...], int]:
    """The plan's items in order, each with its time including the change of position before
    it (R-PLAN-time-model), and the total."""
    seconds, total = _timed(order)
    items = tuple(
        PlanItem(
            exercise=x.exercise.id,
            hold_s=x.dose.hold_s,
            reps=x.dose.reps,
            sets=x.dose.sets,
            per_side=x.dose.per_side,
            seconds=s,
            ladder=prep.first[x.exercise.id],
        )
        for x, s in zip(order, seconds, strict=True)
    )
    return items, total


def _blocked_plan(profile: Profile, result: safety.ScreenResult, phase: int) -> Plan:
    """A blocking screen outcome: no exercises, the screen's message alone."""
    return Plan(
        phase=1 if result.outcome == "gp" else phase,
        flare=profile.pain_now >= FLARE_PAIN,
        items=(),
        seconds=0,
        blocked=result.outcome,
        notes=(result.message,),
        screen=result,
    )


def _screen_notes(result: safety.ScreenResult | None, phase: int) -> tuple[int, list[str]]:
    """The phase the screen allows (R-1-effect-gp keeps phase 1) and what it says."""
    if result is None:
        # R-PLAN-no-screen: a profile without screen answers is planned (the screen may have
        # been answered separately), with a note to answer it before starting.
        return phase, [
            "No safety screen came with this profile: answer the safety screen before starting."
        ]
    notes: list[str] = []
    max_phase = result.effect.max_phase
    if max_phase is not None and phase > max_phase:
        notes.append(
            f"Phase {phase} was asked for, but your safety screen keeps you in phase "
            f"{max_phase} until a doctor has seen you."
        )
        phase = max_phase
    if result.outcome != "clear":
        notes.append(result.message)
    return phase, notes


def _flare_notes(profile: Profile, has_levels: bool) -> list[str]:
    """R-3-flare-day: what a flare day is; R-PLAN-levels-flare: levels set aside."""
    notes = [
        f"Your pain is {profile.pain_now}/10 today, so today is a flare day: gentle "
        "breathing, easy movement and a short walk only, and nothing steps up."
    ]
    if has_levels:
        notes.append(
            "Your usual levels are set aside today: every exercise is at the bottom of its range."
        )
    return notes


def _normal_day(
    req: _Request, levels: Mapping[str, Dose] | None
) -> tuple[list[_Entry], Routine | None, list[str]]:
    """A day that is not a flare day: the phase's pool, the person's levels, the choice."""
    pool, pool_ids = _pool(req.prep, req.profile, req.phase)
    resolved = _NO_LEVELS
    if levels:
        pool, resolved = _apply_levels(req.prep, pool, pool_ids, levels, req.phase)
    order, routine = _choose(req, pool, pool_ids, resolved.ladders)
    notes = []
    if routine is not None:
        notes.append(f"Based on the routine \u201c{routine.name}\u201d.")
    for x in order:
        stepped = resolved.stepped.get(x.ladder)
        if stepped is not None:
            why = _why_not(stepped, req.profile, req.phase)
            notes.append(
                f"{stepped.name} is left out today ({why}), "
                f"so the easier {x.exercise.name} at the top of its range instead."
            )
    return order, routine, notes


def _direction_notes(profile: Profile, phase: int, flare: bool) -> list[str]:
    """R-6-preference-prefer, in words."""
    if phase != 1 or profile.direction == "neither" or flare:
        return []
    eases = "bending forward" if profile.direction == "flexion" else "bending backward"
    return [
        f"Chosen for your answer that {eases} eases your pain: exercises in that direction "
        "come first, and movements far the other way are left out."
    ]


def _closing_notes(
    order: Sequence[_Entry], flare: bool, phase: int, budget: int, total: int
) -> list[str]:
    """An empty plan says why; otherwise a missing kind (R-7-kinds) and the time estimate."""
    if not order:
        return [
            "No exercise in the library fits your choices (place, equipment, exclusions and "
            f"{_minutes_words(budget)}); please change them or ask your physiotherapist."
        ]
    notes = []
    kinds = {x.exercise.kind for x in order}
    if not flare and not kinds & _MOBILITY_KINDS:
        notes.append("No mobility or stretching exercise fits your choices today.")
    if not flare and phase >= 2 and "strength" not in kinds:
        notes.append("No strengthening exercise fits your choices today.")
    notes.append(f"Estimated time: {_minutes_words(total)} of your {_minutes_words(budget)}.")
    return notes
