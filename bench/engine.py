"""Benchmark of the program engine: plans per second and 90-day decisions per second.

Run with the project's virtual environment (one process, one core):

    .venv/bin/python bench/engine.py [--quick]

It loads the real exercise library from ``supple.content``, then times:

- ``planner.make_plan`` over a spread of intake profiles and dates, for a new person and with
  10 levels (where the person is on 10 ladders, as the web app and the CLI keep them);
- ``progression.decide`` on a 90-day pain log (one session a day, 6-8 exercises each);
- baselines measured in the same run: an empty function call, and a dict copy of a profile.

Each figure is the median over batches of the time per call (a batch runs the call many times,
so the timer's own cost does not count). Targets (docs/engine-cli.md): a plan (with or without
levels) and a 90-day decision each under 1 ms (median, one core).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from supple.content import load_catalog
from supple.domain import safety
from supple.domain.catalog import Catalog
from supple.domain.history import ExerciseLog, History, SessionLog
from supple.domain.planner import Profile, ladder_key, make_plan
from supple.domain.progression import Dose, decide, starting_dose, step_up

TARGET_S = 1e-3
TODAY = date(2024, 6, 14)


def per_call(fn: Callable[[], object], calls: int, batches: int) -> float:
    """Median seconds per call over ``batches`` batches of ``calls`` calls."""
    fn()  # warm caches (the catalog's precomputation is per catalog, once)
    samples = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - started) / calls)
    return statistics.median(samples)


def profiles(catalog: Catalog, count: int, rng: random.Random) -> list[Profile]:
    ids = [e.id for e in catalog.exercises]
    equipment = sorted({q for e in catalog.exercises for q in e.equipment})
    clear = dict.fromkeys(safety.ASKED_IDS, False)
    out = []
    for _ in range(count):
        out.append(
            Profile(
                pain_now=rng.randint(0, 10),
                weeks_since_onset=rng.randint(0, 104),
                age=rng.randint(18, 90),
                can_get_on_floor=rng.random() < 0.7,
                minutes=rng.choice([5, 10, 15, 20, 30, 45]),
                equipment=frozenset(rng.sample(equipment, rng.randint(0, len(equipment)))),
                direction=rng.choice(["flexion", "extension", "neither"]),
                exclude=frozenset(rng.sample(ids, rng.randint(0, 3))),
                phase=rng.choice([None, 1, 2, 3]),
                screen=clear,
            )
        )
    return out


def levels_for(catalog: Catalog, count: int, rng: random.Random) -> dict[str, Dose]:
    """Where a person is on ``count`` ladders (the multi-rung ones first): a random rung, then
    0-8 steps up from its starting dose, as pain-guided progression would have moved it."""
    ladders = list(catalog.ladders())
    singles = [(e,) for e in catalog.exercises if len(catalog.ladder(e.id)) == 1]
    rng.shuffle(singles)
    levels = {}
    for chain in (ladders + singles)[:count]:
        dose = starting_dose(rng.choice(chain))
        for _ in range(rng.randint(0, 8)):
            dose = step_up(dose, catalog).dose
        levels[ladder_key(catalog, chain[0].id)] = dose
    return levels


def history_90_days(catalog: Catalog, rng: random.Random) -> History:
    """A typical 90-day log: a session most days, 6-8 exercises each, pain drifting between
    1 and 6 out of 10 (mostly green and amber, the odd red), next-morning pain sometimes not
    answered, today's not in yet."""
    ids = [e.id for e in catalog.exercises]
    sessions = []
    pain = 4
    for n in range(90, 0, -1):
        if rng.random() < 0.1:
            continue  # a day off
        pain = max(1, min(6, pain + rng.choice([-1, 0, 0, 1])))
        chosen = rng.sample(ids, rng.randint(6, 8))
        sessions.append(
            SessionLog(
                date=TODAY - timedelta(days=n),
                p_pre=pain,
                p_post=max(0, min(10, pain + rng.choice([-1, 0, 0, 1]))),
                p_next=None
                if n == 1 or rng.random() < 0.15
                else max(0, min(10, pain + rng.choice([-1, 0, 0, 1]))),
                exercises=tuple(
                    ExerciseLog(
                        exercise=i,
                        p_during=max(0, min(10, pain + rng.choice([-2, -1, -1, 0, 0, 1]))),
                        spread=rng.random() < 0.005,
                        completed=rng.random() < 0.9,
                    )
                    for i in chosen
                ),
            )
        )
    return History(today=TODAY, intake_pain=5, sessions=tuple(sessions))


def history_json(h: History) -> str:
    return json.dumps(
        {
            "today": h.today.isoformat(),
            "intake_pain": h.intake_pain,
            "sessions": [
                {
                    "date": s.date.isoformat(),
                    "p_pre": s.p_pre,
                    "p_post": s.p_post,
                    "p_next": s.p_next,
                    "exercises": [
                        {
                            "exercise": e.exercise,
                            "p_during": e.p_during,
                            "spread": e.spread,
                            "completed": e.completed,
                        }
                        for e in s.exercises
                    ],
                }
                for s in h.sessions
            ],
        }
    )


def fmt(seconds: float) -> str:
    return f"{seconds * 1e6:9.2f} µs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    scale = 1 if args.quick else 5
    rng = random.Random(20240614)

    started = time.perf_counter()
    catalog = load_catalog()
    load_s = time.perf_counter() - started

    many = profiles(catalog, 200, rng)
    dates = [TODAY + timedelta(days=n) for n in range(28)]
    state = {"i": 0}

    def one_plan() -> object:
        i = state["i"] = state["i"] + 1
        return make_plan(many[i % len(many)], catalog, dates[i % len(dates)])

    # A different set of 10 levels for each profile.
    # (Its own random generator, so the profiles and the history stay those of earlier runs.)
    level_rng = random.Random(20240615)
    many_levels = [levels_for(catalog, 10, level_rng) for _ in many]

    def one_plan_levels() -> object:
        i = state["i"] = state["i"] + 1
        n = i % len(many)
        return make_plan(many[n], catalog, dates[i % len(dates)], levels=many_levels[n])

    history = history_90_days(catalog, rng)
    exercise_sessions = sum(len(s.exercises) for s in history.sessions)
    profile_dict = {
        "pain_now": 3,
        "weeks_since_onset": 4,
        "age": 50,
        "can_get_on_floor": True,
        "minutes": 15,
        "equipment": ["towel"],
        "direction": "neither",
        "exclude": [],
    }

    def noop() -> None:
        return None

    baseline_call = per_call(noop, 2000 * scale, 21)
    baseline_copy = per_call(lambda: dict(profile_dict), 2000 * scale, 21)
    plan_s = per_call(one_plan, 200 * scale, 21)
    plan_levels_s = per_call(one_plan_levels, 200 * scale, 21)
    decide_s = per_call(lambda: decide(history, catalog), 20 * scale, 21)

    # The CLI's whole path for the same history (parse, JSON Schema, domain checks, decide),
    # for information: the schema check dominates it.
    from supple.interop import engine_json

    text = history_json(history)

    def cli_path() -> object:
        data = json.loads(text)
        engine_json.validate(data, "history", "bench")
        return decide(engine_json.history_from_json(data, catalog, "bench"), catalog)

    cli_s = per_call(cli_path, 2 * scale, 11)

    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"Supple engine benchmark ({python}, one process, {platform.machine()})")
    print(
        f"library: {len(catalog.exercises)} exercises, {len(catalog.routines)} routines, "
        f"loaded in {load_s * 1e3:.1f} ms"
    )
    print(
        f"90-day history: {len(history.sessions)} sessions, {exercise_sessions} exercise-sessions"
    )
    print()
    print(f"{'median per call':<44}{'time':>12}{'per second':>14}")
    rows = [
        ("baseline: empty function call", baseline_call),
        ("baseline: dict copy of a profile", baseline_copy),
        ("plan (make_plan, 200 profiles x 28 dates)", plan_s),
        ("plan with 10 levels (levels=...)", plan_levels_s),
        ("90-day decision (decide)", decide_s),
        ("90-day decision via the CLI path (info)", cli_s),
    ]
    for label, value in rows:
        print(f"{label:<44}{fmt(value):>12}{1 / value:>14,.0f}")
    print()
    print(
        f"plan: {plan_s / baseline_copy:,.0f}x a dict copy; target < 1 ms: "
        f"{'met' if plan_s < TARGET_S else 'MISSED'}"
    )
    print(
        f"plan with levels: {plan_levels_s / plan_s:.2f}x a plan without; target < 1 ms: "
        f"{'met' if plan_levels_s < TARGET_S else 'MISSED'}"
    )
    print(
        f"decision: {decide_s / baseline_copy:,.0f}x a dict copy; target < 1 ms: "
        f"{'met' if decide_s < TARGET_S else 'MISSED'}"
    )
    met = plan_s < TARGET_S and plan_levels_s < TARGET_S and decide_s < TARGET_S
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
