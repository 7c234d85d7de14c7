"""Answers for requests the views never see as intended: HEAD, bodies that cannot be decoded,
and a database or password checker too busy to answer now."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.views import defaults

from supple.accounts.backends import PasswordChecksBusy

log = logging.getLogger(__name__)

RETRY_AFTER_S = 2
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")

Handler = Callable[[HttpRequest], HttpResponse]


class HeadAsGetMiddleware:
    """HEAD answers wherever GET does: the view runs as for GET and the body is dropped (the
    headers, Content-Length included, stay those of the GET)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class UndecodableBodyMiddleware:
    """A form body that cannot be decoded (a charset other than UTF-8) gets a 400 here: read
    later, by the CSRF check, it also broke Django's own 400 page and gave a 500."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                request.POST  # noqa: B018 (parsed here, once, to catch the error)
            except (BadRequest, UnicodeDecodeError, LookupError):
                return bad_body(request)
            except RequestDataTooBig:
                return too_big(request)
        return self.get_response(request)


def too_big(request: HttpRequest) -> HttpResponse:
    """Form fields over Django's limit (a very long pasted article): a page saying so, not a
    bare 400."""
    detail = "The form is too large to send. A long article can be uploaded as a file instead."
    if wants_json(request):
        return problem(413, "Content Too Large", detail)
    return short_page(413, "The form is too large", detail)


def bad_body(request: HttpRequest) -> HttpResponse:
    detail = "The form could not be read: send it as UTF-8."
    if wants_json(request):
        return problem(400, "Bad Request", detail)
    return short_page(400, "The form could not be read", detail)


class BusyMiddleware:
    """A locked database or every password-check slot taken: 503 with Retry-After (problem
    JSON from the API, a short page in the browser) instead of a 500; the view's transaction
    was rolled back, so nothing is half-written."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_busy(exception):
            return busy(request, exception)
        return None


def is_busy(exception: BaseException | None) -> bool:
    if isinstance(exception, PasswordChecksBusy):
        return True
    return isinstance(exception, OperationalError) and any(
        message in str(exception).lower() for message in BUSY_MESSAGES
    )


def busy(request: HttpRequest, exception: BaseException) -> HttpResponse:
    log.warning("503 for %s %s: %s", request.method, request.path, exception or "busy")
    detail = "Supple is busy for a moment: nothing was changed, try again in a few seconds"
    if wants_json(request):
        response = problem(503, "Service Unavailable", detail)
    else:
        response = short_page(503, "Busy for a moment", detail + ".")
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a busy database met outside a view (saving the session, a middleware) is a
    503 too; anything else is Django's plain 500."""
    exception = sys.exc_info()[1]
    if is_busy(exception):
        return busy(request, exception or Exception("busy"))
    if wants_json(request):
        return problem(500, "Internal Server Error", "Something went wrong on the server")
    return defaults.server_error(request)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")


def problem(status: int, title: str, detail: str) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


def short_page(status: int, title: str, detail: str) -> HttpResponse:
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Supple</title></head>"
        f"<body><main><h1>{escape(title)}</h1><p>{escape(detail)}</p>"
        '<p><a href="/">Back to Supple</a></p></main></body></html>'
    )
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
