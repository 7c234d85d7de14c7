"""The clinician's dashboard: the clinic's patients sorted by need (R-11-flags), filtered and
paginated, each shown with adherence, last session and the weekly pain trend.

A fixed number of queries whatever the number of patients and sessions: the flags of every
patient come from aggregates (``facts_for``), which sort the list; only the patients of the
page shown have their sessions loaded, and their figures come from the progress services, so
they match the patient's own Progress page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.utils import timezone

from supple.accounts.models import User
from supple.clinic import scoping
from supple.clinic.models import FlagSeen
from supple.domain import flags as rules
from supple.domain.progression import WeekSums
from supple.domain.thresholds import G4_WEEKS
from supple.programs.models import (
    Decision,
    DoseLevel,
    ExerciseLog,
    Profile,
    ProgramDecision,
    ScreenRecord,
    Session,
)
from supple.programs.services.history import HISTORY_DAYS
from supple.programs.services.progress import Adherence, adherence

PER_PAGE = 25
# No activity: nothing done in a session in the last 7 days.
ACTIVE_DAYS = 7


@dataclass(frozen=True, slots=True)
class Filters:
    flagged: bool = False
    inactive: bool = False
    clinician: int | None = None
    search: str = ""
    page: int = 1


@dataclass(frozen=True, slots=True)
class WeekMeans:
    """Mean pain before, after and the next morning over 7 days (None: no score)."""

    before: float | None
    after: float | None
    morning: float | None


@dataclass(frozen=True, slots=True)
class PainTrend:
    last_week: WeekMeans
    week_before: WeekMeans


@dataclass(frozen=True, slots=True)
class DashboardRow:
    patient: User
    name: str
    clinician: str
    flags: list[rules.Flag]
    last_session: date | None
    adherence_7: Adherence | None
    adherence_28: Adherence | None
    pain: PainTrend | None


@dataclass(frozen=True, slots=True)
class Dashboard:
    rows: list[DashboardRow]
    page: Page[int]
    total: int


def _latest(model: type[ScreenRecord] | type[ProgramDecision], field: str) -> Subquery:
    """The newest row's ``field`` for the outer patient (an indexed, correlated subquery)."""
    order = "-taken_at" if model is ScreenRecord else "-made_at"
    rows = model.objects.filter(user=OuterRef("pk")).order_by(order, "-id")
    return Subquery(rows.values(field)[:1])


def _annotated(patients: QuerySet[User], today: date) -> QuerySet[User, dict[str, Any]]:
    """One row per patient with the latest screen, program decision, pause, session and
    high next-morning pain, each a correlated subquery on an indexed column."""
    sessions = Session.objects.filter(user=OuterRef("pk"), date__lte=today)
    week = sessions.filter(date__gte=today - timedelta(days=6), p_next__isnull=False)
    pauses = Decision.objects.filter(user=OuterRef("pk"), decision="pause").order_by("-made_at")
    return patients.annotate(
        screen_outcome=_latest(ScreenRecord, "outcome"),
        screen_at=_latest(ScreenRecord, "taken_at"),
        program_action=_latest(ProgramDecision, "action"),
        program_on=_latest(ProgramDecision, "made_on"),
        program_reason=_latest(ProgramDecision, "reason"),
        paused_on=Subquery(pauses.values("made_on")[:1]),
        last_done=Subquery(
            sessions.filter(entries__skipped=False).order_by("-date").values("date")[:1]
        ),
        # The first session of the pain log's window (R-1-g4, as ``decide`` reads it).
        window_first=Subquery(
            sessions.filter(date__gte=today - timedelta(days=HISTORY_DAYS))
            .order_by("date")
            .values("date")[:1]
        ),
        high_morning=Subquery(week.order_by("-p_next", "-date").values("p_next")[:1]),
        high_morning_on=Subquery(week.order_by("-p_next", "-date").values("date")[:1]),
        # As the progress page counts it: the program began at the first screen.
        program_since=Case(
            When(profile__isnull=True, then=None),
            default=Subquery(
                ScreenRecord.objects.filter(user=OuterRef("pk"))
                .order_by("taken_at")
                .values("taken_at")[:1]
            ),
        ),
    ).values("pk", "username", "first_name", "last_name", *ANNOTATIONS)


# The facts read from each patient's row (plain values: no model per patient).
ANNOTATIONS = (
    "screen_outcome",
    "screen_at",
    "program_action",
    "program_on",
    "program_reason",
    "paused_on",
    "last_done",
    "high_morning",
    "high_morning_on",
    "program_since",
    "window_first",
)


@dataclass(frozen=True, slots=True)
class Listed:
    """One patient of the list before the page is chosen: id, name, facts."""

    pk: int
    name: str
    facts: rules.PatientFacts


def _g4_facts(firsts: dict[int, date], today: date) -> dict[int, rules.G4Facts]:
    """R-1-g4's sums for the patients whose pain log (the last 90 days, as ``decide`` reads
    it) began 6 weeks ago or more, in two queries over a week of sessions each: the last 7
    days, and each one's first week."""
    old_enough = today - timedelta(weeks=G4_WEEKS)
    ids = [pk for pk, first in firsts.items() if first <= old_enough]
    recent = {
        r["user_id"]: WeekSums(r["total"], r["n"])
        for r in Session.objects.filter(
            user_id__in=ids, date__gte=today - timedelta(days=6), date__lte=today
        )
        .values("user_id")
        .annotate(total=Sum("p_pre"), n=Count("id"))
        .order_by()
    }
    by_first: dict[date, list[int]] = defaultdict(list)
    for pk in recent:
        by_first[firsts[pk]].append(pk)
    # With no first week to read, a condition that matches nothing (the query still runs, so
    # the count of queries is fixed); never OR-ed with the others, which use the index.
    first_week = Q(user_id__isnull=True)
    for n, (first, users) in enumerate(by_first.items()):
        week = Q(user_id__in=users, date__gte=first, date__lte=first + timedelta(days=6))
        first_week = week if n == 0 else first_week | week
    weeks = {
        r["user_id"]: WeekSums(r["total"], r["n"])
        for r in Session.objects.filter(first_week)
        .values("user_id")
        .annotate(total=Sum("p_pre"), n=Count("id"))
        .order_by()
    }
    return {
        pk: rules.G4Facts(firsts[pk], weeks.get(pk, WeekSums(0, 0)), last)
        for pk, last in recent.items()
    }


def _counts_by_user(
    ids: Sequence[int],
) -> tuple[dict[int, int], dict[int, dict[str, date]]]:
    paused = {
        r["user"]: r["n"]
        for r in DoseLevel.objects.filter(user_id__in=ids, paused=True)
        .values("user")
        .annotate(n=Count("id"))
        .order_by()
    }
    seen: dict[int, dict[str, date]] = defaultdict(dict)
    for r in (
        FlagSeen.objects.filter(patient_id__in=ids)
        .values("patient_id", "kind")
        .annotate(on=Max("flag_on"))
        .order_by()
    ):
        seen[r["patient_id"]][r["kind"]] = r["on"]
    return paused, seen


def facts_for(patients: QuerySet[User], today: date) -> list[Listed]:
    """Every patient of ``patients`` with the facts their flags come from: five queries."""
    people = list(_annotated(patients, today))
    ids = [p["pk"] for p in people]
    paused, seen = _counts_by_user(ids)
    g4 = _g4_facts({p["pk"]: p["window_first"] for p in people if p["window_first"]}, today)
    return [Listed(p["pk"], _name(p), _facts(p, today, paused, seen, g4)) for p in people]


def _name(row: dict[str, Any]) -> str:
    full = f"{row['first_name']} {row['last_name']}".strip()
    return full or str(row["username"])


def _day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    return timezone.localdate(value)  # type: ignore[arg-type]


def _facts(
    a: dict[str, Any],
    today: date,
    paused: dict[int, int],
    seen: dict[int, dict[str, date]],
    g4: dict[int, rules.G4Facts],
) -> rules.PatientFacts:
    pk = a["pk"]
    return rules.PatientFacts(
        today=today,
        screen_outcome=a["screen_outcome"],
        screen_on=_day(a["screen_at"]),
        program_action=a["program_action"],
        program_on=a["program_on"],
        program_reason=a["program_reason"] or "",
        paused_exercises=paused.get(pk, 0),
        paused_on=a["paused_on"],
        g4=g4.get(pk),
        program_since=_day(a["program_since"]),
        last_session=a["last_done"],
        high_morning_pain=a["high_morning"],
        high_morning_on=a["high_morning_on"],
        seen=seen.get(pk, {}),
    )


def patient_flags(patient_qs: QuerySet[User], today: date) -> list[rules.Flag]:
    """The flags of one patient (the patient page, marking one as seen)."""
    found = facts_for(patient_qs, today)
    return rules.flags_for(found[0].facts) if found else []


def filtered(staff: User, filters: Filters) -> QuerySet[User]:
    patients = scoping.patients_of(staff)
    if filters.clinician is not None:
        patients = patients.filter(care__clinician_id=filters.clinician)
    words = filters.search.split()
    for word in words[:5]:
        patients = patients.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    return patients


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


def dashboard(staff: User, today: date, filters: Filters) -> Dashboard:
    """The page of patients asked for, most in need first."""
    listed = []
    for one in facts_for(filtered(staff, filters), today):
        found = rules.flags_for(one.facts)
        if filters.flagged and not found:
            continue
        if filters.inactive and _active(one.facts.last_session, today):
            continue
        listed.append((one, found))
    order = rules.most_severe_first([(found, one.name) for one, found in listed])
    page = Paginator(order, PER_PAGE).get_page(filters.page)
    shown = [listed[i] for i in page.object_list]
    return Dashboard(rows=_rows(shown, today), page=page, total=len(order))


def _active(last: date | None, today: date) -> bool:
    return last is not None and (today - last).days < ACTIVE_DAYS


def _rows(shown: list[tuple[Listed, list[rules.Flag]]], today: date) -> list[DashboardRow]:
    """The page's figures: five queries for the page, whatever its histories."""
    ids = [one.pk for one, _ in shown]
    users = User.objects.select_related("care__clinician").in_bulk(ids)
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=ids)}
    first_screens = {
        r["user_id"]: timezone.localdate(r["first"])
        for r in ScreenRecord.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(first=Min("taken_at"))
        .order_by()
    }
    sessions = _recent_sessions(ids, today)
    rows = []
    for one, found in shown:
        profile = profiles.get(one.pk)
        done = sessions.get(one.pk, [])
        days = {s.date for s in done}
        began = min([first_screens.get(one.pk, today), *days])
        care = getattr(users[one.pk], "care", None)
        rows.append(
            DashboardRow(
                patient=users[one.pk],
                name=one.name,
                clinician=display_name(care.clinician) if care and care.clinician else "",
                flags=found,
                last_session=one.facts.last_session,
                adherence_7=adherence(7, days, profile, today, began) if profile else None,
                adherence_28=adherence(28, days, profile, today, began) if profile else None,
                pain=_trend(done, today) if done else None,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Scores:
    """A session with something done, as the pain chart and adherence count it."""

    date: date
    p_pre: int
    p_post: int | None
    p_next: int | None


def _recent_sessions(ids: Sequence[int], today: date) -> dict[int, list[Scores]]:
    """The last 28 days' sessions of the page's patients with something done in them (an
    exercise done or partly done, not skipped: ``ExerciseCounts.anything_done``)."""
    done = ExerciseLog.objects.filter(session=OuterRef("pk"), skipped=False)
    rows = (
        Session.objects.filter(
            user_id__in=ids, date__gte=today - timedelta(days=27), date__lte=today
        )
        .filter(Exists(done))
        .values_list("user_id", "date", "p_pre", "p_post", "p_next")
    )
    by_user: dict[int, list[Scores]] = defaultdict(list)
    for user_id, day, p_pre, p_post, p_next in rows:
        by_user[user_id].append(Scores(day, p_pre, p_post, p_next))
    return by_user


def _mean(values: Iterable[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return mean(known) if known else None


def _week(rows: list[Scores], start: date, end: date) -> WeekMeans:
    chosen = [r for r in rows if start <= r.date <= end]
    return WeekMeans(
        before=_mean(s.p_pre for s in chosen),
        after=_mean(s.p_post for s in chosen),
        morning=_mean(s.p_next for s in chosen),
    )


def _trend(done: list[Scores], today: date) -> PainTrend:
    """Weekly means of the sessions with something done, as the pain chart counts them."""
    return PainTrend(
        last_week=_week(done, today - timedelta(days=6), today),
        week_before=_week(done, today - timedelta(days=13), today - timedelta(days=7)),
    )
