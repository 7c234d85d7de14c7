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

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, When
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
    Profile,
    ProgramDecision,
    ScreenRecord,
    Session,
)
from supple.programs.services.history import HISTORY_DAYS
from supple.programs.services.progress import Adherence, SessionRow, adherence, session_rows

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


def _annotated(patients: QuerySet[User], today: date) -> QuerySet[User]:
    """One row per patient with the latest screen, program decision, pause, session and
    high next-morning pain, each a correlated subquery on an indexed column."""
    sessions = Session.objects.filter(user=OuterRef("pk"), date__lte=today)
    week = sessions.filter(date__gte=today - timedelta(days=6), p_next__isnull=False)
    pauses = Decision.objects.filter(user=OuterRef("pk"), decision="pause").order_by("-made_at")
    return patients.select_related("care__clinician").annotate(
        screen_outcome=_latest(ScreenRecord, "outcome"),
        screen_at=_latest(ScreenRecord, "taken_at"),
        program_action=_latest(ProgramDecision, "action"),
        program_on=_latest(ProgramDecision, "made_on"),
        program_reason=_latest(ProgramDecision, "reason"),
        paused_on=Subquery(pauses.values("made_on")[:1]),
        last_done=Subquery(
            sessions.filter(entries__skipped=False).order_by("-date").values("date")[:1]
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
    )


def _g4_facts(ids: Sequence[int], today: date) -> dict[int, rules.G4Facts]:
    """R-1-g4's sums over the pain log's window (the last 90 days, as ``decide`` sees it), in
    two queries: the first session and the last 7 days, then each first week."""
    window = Session.objects.filter(user_id__in=ids, date__gte=today - timedelta(days=HISTORY_DAYS))
    recent = Q(date__gte=today - timedelta(days=6))
    rows = (
        window.filter(date__lte=today)
        .values("user_id")
        .annotate(
            first=Min("date"), total=Sum("p_pre", filter=recent), n=Count("id", filter=recent)
        )
    )
    old_enough = today - timedelta(weeks=G4_WEEKS)
    starts = {r["user_id"]: r for r in rows if r["first"] <= old_enough and r["n"]}
    by_first: dict[date, list[int]] = defaultdict(list)
    for user_id, r in starts.items():
        by_first[r["first"]].append(user_id)
    # Matches nothing on its own: the query runs (a fixed count) even with no first week.
    first_week = Q(date__lt=F("date"))
    for first, users in by_first.items():
        first_week |= Q(user_id__in=users, date__lte=first + timedelta(days=6))
    weeks = {
        r["user_id"]: WeekSums(r["total"], r["n"])
        for r in window.filter(first_week)
        .values("user_id")
        .annotate(total=Sum("p_pre"), n=Count("id"))
    }
    return {
        user_id: rules.G4Facts(
            first_session=r["first"],
            first_week=weeks.get(user_id, WeekSums(0, 0)),
            last_week=WeekSums(r["total"] or 0, r["n"]),
        )
        for user_id, r in starts.items()
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


def facts_for(patients: QuerySet[User], today: date) -> list[tuple[User, rules.PatientFacts]]:
    """Every patient of ``patients`` with the facts their flags come from: five queries."""
    people = list(_annotated(patients, today))
    ids = [p.pk for p in people]
    paused, seen = _counts_by_user(ids)
    g4 = _g4_facts(ids, today)
    return [(p, _facts(p, today, paused, seen, g4)) for p in people]


def _day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    return timezone.localdate(value)  # type: ignore[arg-type]


def _facts(
    p: User,
    today: date,
    paused: dict[int, int],
    seen: dict[int, dict[str, date]],
    g4: dict[int, rules.G4Facts],
) -> rules.PatientFacts:
    a = p.__dict__  # the annotations
    return rules.PatientFacts(
        today=today,
        screen_outcome=a["screen_outcome"],
        screen_on=_day(a["screen_at"]),
        program_action=a["program_action"],
        program_on=a["program_on"],
        program_reason=a["program_reason"] or "",
        paused_exercises=paused.get(p.pk, 0),
        paused_on=a["paused_on"],
        g4=g4.get(p.pk),
        program_since=_day(a["program_since"]),
        last_session=a["last_done"],
        high_morning_pain=a["high_morning"],
        high_morning_on=a["high_morning_on"],
        seen=seen.get(p.pk, {}),
    )


def patient_flags(patient_qs: QuerySet[User], today: date) -> list[rules.Flag]:
    """The flags of one patient (the patient page, marking one as seen)."""
    found = facts_for(patient_qs, today)
    return rules.flags_for(found[0][1]) if found else []


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
    everyone = facts_for(filtered(staff, filters), today)
    listed = []
    for patient, facts in everyone:
        found = rules.flags_for(facts)
        if filters.flagged and not found:
            continue
        if filters.inactive and _active(facts.last_session, today):
            continue
        listed.append((patient, found))
    order = rules.most_severe_first([(found, display_name(p)) for p, found in listed])
    page = Paginator(order, PER_PAGE).get_page(filters.page)
    shown = [listed[i] for i in page.object_list]
    return Dashboard(rows=_rows(shown, today), page=page, total=len(order))


def _active(last: date | None, today: date) -> bool:
    return last is not None and (today - last).days < ACTIVE_DAYS


def _rows(shown: list[tuple[User, list[rules.Flag]]], today: date) -> list[DashboardRow]:
    """The page's figures: four queries for the page, whatever its histories."""
    ids = [p.pk for p, _ in shown]
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
    for patient, found in shown:
        profile = profiles.get(patient.pk)
        done = [s for s in sessions.get(patient.pk, []) if s.counted]
        days = {s.session.date for s in done}
        began = min([first_screens.get(patient.pk, today), *days])
        care = getattr(patient, "care", None)
        rows.append(
            DashboardRow(
                patient=patient,
                name=display_name(patient),
                clinician=display_name(care.clinician) if care and care.clinician else "",
                flags=found,
                last_session=patient.__dict__["last_done"],
                adherence_7=adherence(7, days, profile, today, began) if profile else None,
                adherence_28=adherence(28, days, profile, today, began) if profile else None,
                pain=_trend(done, today) if done else None,
            )
        )
    return rows


def _recent_sessions(ids: Sequence[int], today: date) -> dict[int, list[SessionRow]]:
    """The last 28 days' sessions of the page's patients, as the progress page's rows."""
    sessions = (
        Session.objects.filter(
            user_id__in=ids, date__gte=today - timedelta(days=27), date__lte=today
        )
        .defer("position")
        .order_by("-date", "-started_at")
        .prefetch_related("entries")
    )
    by_user: dict[int, list[Session]] = defaultdict(list)
    for s in sessions:
        by_user[s.user_id].append(s)
    return {user_id: list(session_rows(rows)) for user_id, rows in by_user.items()}


def _mean(values: Iterable[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return mean(known) if known else None


def _week(rows: list[SessionRow], start: date, end: date) -> WeekMeans:
    chosen = [r.session for r in rows if start <= r.session.date <= end]
    return WeekMeans(
        before=_mean(s.p_pre for s in chosen),
        after=_mean(s.p_post for s in chosen),
        morning=_mean(s.p_next for s in chosen),
    )


def _trend(done: list[SessionRow], today: date) -> PainTrend:
    """Weekly means of the sessions with something done, as the pain chart counts them."""
    return PainTrend(
        last_week=_week(done, today - timedelta(days=6), today),
        week_before=_week(done, today - timedelta(days=13), today - timedelta(days=7)),
    )
