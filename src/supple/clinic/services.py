"""Clinic use cases: invitations, joining and leaving, the audit trail, the patient list.

Every clinician query goes through ``supple.clinic.scoping``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from supple.accounts.models import Role, User
from supple.accounts.services import AccountError, create_user, end_sessions
from supple.clinic import scoping
from supple.clinic.models import AuditEntry, Care, FlagSeen, Invitation
from supple.domain.flags import Flag
from supple.programs.models import Profile, ProgramDecision, ScreenRecord, Session
from supple.programs.services.counts import exercise_counts
from supple.programs.services.progress import Adherence, adherence
from supple.programs.services.safety import answers_named

INVITATION_DAYS = 7
# Short codes avoid letters and digits that look alike (no I, O, 0, 1): 32 symbols, 10 of
# them, about 50 bits; shown as two groups of five.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class ClinicError(Exception):
    """A clinic request that cannot be carried out; the message says why in plain words."""


# --------------------------------------------------------------------------------------------
# Invitations


@dataclass(frozen=True, slots=True)
class Issued:
    """A new invitation with its secrets, shown once to the person who made it."""

    invitation: Invitation
    token: str
    code: str

    @property
    def code_words(self) -> str:
        half = CODE_LENGTH // 2
        return f"{self.code[:half]}-{self.code[half:]}"


def _digest(secret: str) -> str:
    """A keyed hash: a copy of the database alone cannot be searched for short codes."""
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def normalise_code(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _issue(kind: str, inviter: User, label: str, now: datetime, days: int) -> Issued:
    clinic_id = scoping.staff_clinic_id(inviter)
    if clinic_id is None:
        raise ClinicError("Only a clinic's staff can invite people.")
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    invitation = Invitation.objects.create(
        kind=kind,
        clinic_id=clinic_id,
        invited_by=inviter,
        label=label.strip()[:100],
        token_hash=_digest(token),
        code_hash=_digest(code),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return Issued(invitation, token, code)


def invite_patient(
    clinician: User, label: str, now: datetime, days: int = INVITATION_DAYS
) -> Issued:
    return _issue(Invitation.Kind.PATIENT, clinician, label, now, days)


def invite_clinician(admin: User, label: str, now: datetime, days: int = INVITATION_DAYS) -> Issued:
    if not scoping.is_clinic_admin(admin):
        raise ClinicError("Only the clinic's admin can invite clinicians.")
    return _issue(Invitation.Kind.CLINICIAN, admin, label, now, days)


def find_invitation(now: datetime, *, token: str = "", code: str = "") -> Invitation:
    """The open invitation a link or a typed code stands for; the error says why not."""
    secret = token or normalise_code(code)
    found = (
        Invitation.objects.select_related("clinic", "invited_by")
        .filter(Q(token_hash=_digest(secret)) if token else Q(code_hash=_digest(secret)))
        .first()
        if secret
        else None
    )
    if found is None:
        raise ClinicError("This invitation was not found. Check the link or the code.")
    if found.used_at is not None:
        raise ClinicError("This invitation has already been used. Ask for a new one.")
    if found.expires_at <= now:
        raise ClinicError("This invitation has expired. Ask for a new one.")
    return found


def _claim(invitation: Invitation, user: User, now: datetime) -> None:
    """Mark the invitation used; only one acceptance can win (a conditional update)."""
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now, used_by=user)
    if claimed != 1:
        raise ClinicError("This invitation has already been used. Ask for a new one.")


def _join(patient: User, invitation: Invitation, now: datetime) -> None:
    patient.clinic_id = invitation.clinic_id
    patient.save(update_fields=["clinic"])
    Care.objects.update_or_create(
        patient=patient, defaults={"clinician": invitation.invited_by, "since": now}
    )


def accept(invitation: Invitation, user: User, now: datetime) -> None:
    """An existing patient account joins the clinic (leaving any other clinic)."""
    if invitation.kind != Invitation.Kind.PATIENT or user.role != Role.PATIENT:
        raise ClinicError(
            "This invitation is for a new clinician account: sign out, then open the link again."
            if invitation.kind == Invitation.Kind.CLINICIAN
            else "Only a patient's account can join a clinic as a patient."
        )
    with transaction.atomic():
        _claim(invitation, user, now)
        _join(user, invitation, now)


def sign_up(invitation: Invitation, username: str, password: str, now: datetime) -> User:
    """A new account made through an invitation: a patient of the clinic, or one of its
    clinicians. All or nothing: a used or expired invitation creates no account."""
    clinic_name = invitation.clinic.name
    try:
        with transaction.atomic():
            if invitation.kind == Invitation.Kind.CLINICIAN:
                user = create_user(username, password, role=Role.CLINICIAN, clinic_name=clinic_name)
                _claim(invitation, user, now)
                return user
            user = create_user(username, password, role=Role.PATIENT)
            _claim(invitation, user, now)
            _join(user, invitation, now)
            return user
    except AccountError as error:
        raise ClinicError(str(error).capitalize() + ".") from None


# --------------------------------------------------------------------------------------------
# The patient's side


@dataclass(frozen=True, slots=True)
class Membership:
    clinic_name: str
    clinician_name: str
    clinician_active: bool
    since: datetime | None


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


def membership_of(patient: User) -> Membership | None:
    """Who can see the patient's data: their clinic and clinician, or None."""
    if patient.role != Role.PATIENT or patient.clinic is None:
        return None
    care = Care.objects.filter(patient=patient).select_related("clinician").first()
    clinician = care.clinician if care is not None else None
    return Membership(
        clinic_name=patient.clinic.name,
        clinician_name=display_name(clinician) if clinician is not None else "",
        clinician_active=clinician is not None and clinician.is_active,
        since=care.since if care is not None else None,
    )


def leave_clinic(patient: User) -> str:
    """The patient leaves: the clinic loses access at once; its audit rows stay. Returns
    the clinic's name, for the message."""
    if patient.role != Role.PATIENT or patient.clinic is None:
        raise ClinicError("You are not a patient of a clinic.")
    name = patient.clinic.name
    with transaction.atomic():
        Care.objects.filter(patient=patient).delete()
        patient.clinic = None
        patient.save(update_fields=["clinic"])
    return name


def accesses_to(patient: User) -> list[AuditEntry]:
    """Who looked at the patient's data, newest first (the patient's own page)."""
    return list(AuditEntry.objects.filter(patient_id=patient.pk)[:200])


# --------------------------------------------------------------------------------------------
# Staff


def deactivate_clinician(admin: User, clinician_id: int) -> User:
    """The admin removes a clinician of their own clinic: signed out everywhere, no access."""
    clinician = scoping.clinicians_of(admin).filter(pk=clinician_id).first()
    if clinician is None:
        raise ClinicError("No such clinician in your clinic.")
    if clinician.role != Role.CLINICIAN:
        raise ClinicError("A clinic admin cannot be deactivated here.")
    with transaction.atomic():
        clinician.is_active = False
        clinician.save(update_fields=["is_active"])
        end_sessions(clinician)
    return clinician


def record_access(
    actor: User, patient_ids: Iterable[int], what: str, *, path: str, address: str, now: datetime
) -> int:
    """Write one audit row per patient whose data ``actor`` is shown (never for oneself)."""
    rows = [
        AuditEntry(
            at=now,
            actor_id=actor.pk,
            actor_name=display_name(actor)[:150],
            actor_role=actor.role,
            clinic_id=actor.clinic_id,
            patient_id=patient_id,
            what=what[:100],
            path=path[:300],
            address=address[:45],
        )
        for patient_id in patient_ids
        if patient_id != actor.pk
    ]
    AuditEntry.objects.bulk_create(rows)
    return len(rows)


@dataclass(frozen=True, slots=True)
class PatientRow:
    patient: User
    name: str
    clinician: str
    last_session: date | None
    adherence_7: Adherence | None


def _done_days(patient_ids: list[int], start: date, today: date) -> dict[int, set[date]]:
    """Per patient, the days with something done in a session (as the progress page counts)."""
    sessions = Session.objects.filter(
        user_id__in=patient_ids, date__gte=start, date__lte=today
    ).prefetch_related("entries")
    days: dict[int, set[date]] = defaultdict(set)
    for session in sessions.defer("position"):
        if exercise_counts(session).anything_done:
            days[session.user_id].add(session.date)
    return days


def patient_rows(staff: User, today: date) -> list[PatientRow]:
    """The clinic's patients with their last session and adherence over 7 days; a fixed
    number of queries whatever the number of patients."""
    patients = list(
        scoping.patients_of(staff)
        .select_related("care__clinician")
        .annotate(last_done=Max("sessions__date", filter=Q(sessions__entries__skipped=False)))
        .order_by("username")
    )
    ids = [p.pk for p in patients]
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=ids)}
    first_screens = {
        row["user_id"]: timezone.localdate(row["first"])
        for row in ScreenRecord.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(first=Min("taken_at"))
    }
    week_start = today - timedelta(days=6)
    days = _done_days(ids, week_start, today)
    rows = []
    for p in patients:
        profile = profiles.get(p.pk)
        began = min([first_screens.get(p.pk, today), *days[p.pk]])
        care = getattr(p, "care", None)
        rows.append(
            PatientRow(
                patient=p,
                name=display_name(p),
                clinician=display_name(care.clinician) if care and care.clinician else "",
                last_session=p.last_done,
                adherence_7=adherence(7, days[p.pk], profile, today, began) if profile else None,
            )
        )
    return rows


# --------------------------------------------------------------------------------------------
# The patient page's record and flags

# The patient page lists the screens and program decisions of the last 90 days, as its
# sessions table does.
RECORD_DAYS = 90


@dataclass(frozen=True, slots=True)
class ScreenLine:
    taken_at: datetime
    trigger: str
    outcome: str
    answers: list[str]


@dataclass(frozen=True, slots=True)
class Record:
    screens: list[ScreenLine]
    program_decisions: list[ProgramDecision]


def record_of(patient: User, today: date | None = None) -> Record:
    """The patient's screens with their outcomes and the answers that set them, and every
    program decision with its reason, over the last 90 days: two queries."""
    since = (today or timezone.localdate()) - timedelta(days=RECORD_DAYS)
    screens = ScreenRecord.objects.filter(user=patient, taken_at__date__gte=since).order_by(
        "-taken_at", "-id"
    )
    return Record(
        screens=[
            ScreenLine(s.taken_at, s.get_trigger_display(), s.outcome, answers_named(s))
            for s in screens
        ],
        program_decisions=list(
            ProgramDecision.objects.filter(user=patient, made_on__gte=since).order_by(
                "-made_at", "-id"
            )
        ),
    )


def mark_seen(clinician: User, patient: User, flag: Flag, now: datetime) -> FlagSeen:
    """The flag is hidden on the dashboard until a newer one of its kind (a later date)."""
    return FlagSeen.objects.create(
        patient=patient, kind=flag.kind.value, flag_on=flag.on, seen_by=clinician, seen_at=now
    )
