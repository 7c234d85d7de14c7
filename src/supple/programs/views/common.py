"""Shared bits of the patient's pages: the signed-in user, the emergency page, plan rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from supple.accounts.models import User
from supple.domain import planner
from supple.domain.dosage import dose_words
from supple.library.services import current_catalog
from supple.programs.services import SafetyStatus
from supple.programs.services.safety import answers_named
from supple.programs.services.session_script import minutes


def user_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every view here is behind login_required
    return user


def emergency_page(request: HttpRequest, status: SafetyStatus) -> HttpResponse:
    """R-1-effect-emergency: seek emergency care now, first and alone: a page of its own."""
    return render(
        request,
        "programs/emergency.html",
        {
            "status": status,
            "message": status.message,
            "number": settings.SUPPLE_EMERGENCY_NUMBER,
            "answers": answers_named(status.latest),
        },
    )


@dataclass(frozen=True, slots=True)
class PlanRow:
    exercise: str
    name: str
    dose: str
    minutes: int


def plan_rows(plan: planner.Plan | None, names: dict[str, str]) -> list[PlanRow]:
    if plan is None:
        return []
    catalog = current_catalog()
    return [
        PlanRow(
            exercise=item.exercise,
            name=names.get(item.exercise, item.exercise),
            dose=dose_words(
                item.hold_s,
                item.reps,
                item.sets,
                item.per_side,
                catalog.exercise(item.exercise).kind if item.exercise in catalog else None,
            ),
            minutes=minutes(item.seconds),
        )
        for item in plan.items
    ]
