"""The article review page: staff and clinicians paste or upload an article, see its drafts
beside it with each field's source sentences marked, edit a draft and accept it into the
library (curators) or their clinic's own exercises (clinicians). Who may see what is
decided in ``supple.clinic.scoping``; the drafts' storage is the library's
(``supple.library.importing``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from supple.accounts.models import User
from supple.clinic import scoping
from supple.interop.article import MAX_BYTES
from supple.library import importing, services
from supple.library.import_forms import ArticleForm, DraftForm, initial_from_draft
from supple.library.models import ArticleImport

View = Callable[..., HttpResponse]
# The article plus the form's other fields and multipart framing.
_MAX_REQUEST = MAX_BYTES + 64 * 1024


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def importer_required(view: View) -> View:
    """Curators and clinic staff; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scoping.may_import(request.user):
            raise PermissionDenied("curators and clinic staff only")
        return view(request, *args, **kwargs)

    return guarded


def _too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > _MAX_REQUEST
    except ValueError:
        return False


def _form_page(
    request: HttpRequest, form: ArticleForm, status: int = 200, refused: str = ""
) -> HttpResponse:
    context = {"form": form, "refused": refused, "may_curate": scoping.is_curator(request.user)}
    return render(request, "library/import_new.html", context, status=status)


# Pasted text over Django's limit for form fields is refused earlier, with a page of its own
# (supple.web.middleware.UndecodableBodyMiddleware).
@require_http_methods(["GET", "POST"])
@importer_required
def new_import(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _form_page(request, ArticleForm())
    if _too_big(request):
        refused = "The article is over 5 MB, the most an article may be."
        return _form_page(request, ArticleForm(), 413, refused)
    form = ArticleForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, 400)
    try:
        article = importing.start_import(
            _user(request), form.article_bytes(), form.cleaned_data["address"], timezone.now()
        )
    except importing.NoExercises:
        form.add_error(None, "No exercises were found in this article; nothing was kept.")
        return _form_page(request, form, 422)
    except importing.ArticleError as error:
        form.add_error(None, f"This is not an article Supple can read: {error}.")
        return _form_page(request, form, 400)
    return redirect("clinic:import-review", import_id=article.pk)


def _cards(
    article: ArticleImport, bound: tuple[int, DraftForm] | None = None
) -> list[dict[str, Any]]:
    names = {e.id: e.name for e in services.current_catalog().exercises}
    cards = []
    for number, draft in enumerate(article.drafts, 1):
        if bound is not None and bound[0] == number:
            form = bound[1]
        else:
            form = DraftForm(initial=initial_from_draft(draft), prefix=f"d{number}")
        match = names.get(draft.get("match") or "", "")
        cards.append({"number": number, "draft": draft, "form": form, "match_name": match})
    return cards


def _review(
    request: HttpRequest,
    article: ArticleImport,
    bound: tuple[int, DraftForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    context = {
        "article": article,
        "paragraphs": importing.article_paragraphs(article.text, article.drafts),
        "cards": _cards(article, bound),
        "may_curate": scoping.is_curator(user),
        "clinic": user.clinic if scoping.staff_clinic_id(user) is not None else None,
    }
    return render(request, "library/import_review.html", context, status=status)


@require_GET
@importer_required
def review(request: HttpRequest, import_id: int) -> HttpResponse:
    return _review(request, scoping.import_of(request.user, import_id))


@require_POST
@importer_required
def accept(request: HttpRequest, import_id: int, number: int) -> HttpResponse:
    article = scoping.import_of(request.user, import_id)
    if not 1 <= number <= len(article.drafts):
        return _review(request, article, status=404)
    into = request.POST.get("into")
    if into == "library" and scoping.is_curator(request.user):
        clinic_id = None
    elif into == "clinic" and scoping.staff_clinic_id(request.user) is not None:
        clinic_id = scoping.staff_clinic_id(request.user)
    else:
        raise PermissionDenied("you may not accept drafts there")
    form = DraftForm(request.POST, prefix=f"d{number}")
    if not form.is_valid():
        return _review(request, article, (number, form), status=400)
    try:
        entry = importing.accept(
            _user(request), article, number, form.cleaned_data, clinic_id, timezone.now()
        )
    except importing.AlreadyAccepted:
        messages.info(request, f"Draft {number} was accepted already; nothing was changed.")
        return redirect("clinic:import-review", import_id=article.pk)
    messages.success(request, _accepted_message(entry.name, article.drafts[number - 1]))
    return redirect(reverse("clinic:import-review", args=[article.pk]) + f"#draft-{number}")


def _accepted_message(name: str, draft: dict[str, Any]) -> str:
    where = {
        "library": "into the library, awaiting an editor's review",
        "sources": "as a new source of the library exercise it matches",
        "clinic": "into your clinic's exercises",
    }[draft["accepted"]]
    return f"{name} was accepted {where}."


@require_GET
@importer_required
def imported_list(request: HttpRequest) -> HttpResponse:
    if not scoping.is_curator(request.user):
        raise PermissionDenied("curators only")
    entries = scoping.library_imports_of(request.user).select_related("adds_to")
    context = {"entries": entries, "may_curate": True}
    return render(request, "library/imported_list.html", context)
