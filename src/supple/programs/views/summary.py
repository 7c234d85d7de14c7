"""The session summary: shown when a session ends (the player goes here), the person's own
session only."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from supple.programs import services
from supple.programs.services.summary import session_summary
from supple.programs.views.common import user_of


@require_GET
@login_required
def summary_page(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    try:
        summary = session_summary(user_of(request), session_id, timezone.now())
    except services.ProgramError:
        raise Http404("no such session") from None
    return render(request, "programs/summary.html", {"summary": summary})
