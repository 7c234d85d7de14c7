"""The versioned API: /api/v1/, its OpenAPI description at /api/v1/openapi.json and its docs
at /api/v1/docs. The unversioned addresses of the first API answer 308 to their v1 place, so
a request queued by an older page (the player's outbox) still arrives."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from ninja import NinjaAPI

from supple import __version__
from supple.api import account, library, problems, program, records, sessions
from supple.api.auth import AUTH
from supple.web.api_docs import LocalSwagger

DESCRIPTION = f"""Supple's REST API, version 1 (Supple {__version__}).

Sign in with a personal access token (`Authorization: Bearer sup_...`, made on the API tokens
page or with `supple token create`) or the browser's session (writes then need the CSRF
token). A read token cannot write. Every error is an RFC 9457 problem
(`application/problem+json`). Lists come in pages of at most 100 items (`page`,
`page_size`)."""


SESSIONS = "/api/v1/me/sessions/"


class SuppleAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return session_links(problems.document_errors(super().get_openapi_schema(**kwargs)))


def session_links(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI links from a started session to what a client does next with it (log an
    exercise, save the position, finish, read it back)."""
    paths = schema.get("paths", {})
    started = paths.get(SESSIONS, {}).get("post", {}).get("responses", {}).get("200")
    if started is None:
        return schema
    links = {}
    for path, item in paths.items():
        if not path.startswith(SESSIONS + "{session_id}"):
            continue
        for operation in item.values():
            links[operation["operationId"]] = {
                "operationId": operation["operationId"],
                "parameters": {"session_id": "$response.body#/id"},
            }
    started["links"] = links
    return schema


api = SuppleAPI(
    title="Supple API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    docs=LocalSwagger(),
    # A fixed namespace, so that pages name API routes without importing the API.
    urls_namespace="api",
)
problems.add_handlers(api)
api.add_router("/", library.router)
api.add_router("/me", account.router)
api.add_router("/me", program.router)
api.add_router("/me", records.router)
api.add_router("/me/sessions", sessions.router)


class PermanentRedirect(HttpResponseRedirect):
    """308: the method and body are kept (a 301 lets a client turn POST into GET)."""

    status_code = 308


OLD_PLACES = (
    (re.compile(r"^account/$"), "me/"),
    (re.compile(r"^sessions/(.*)$"), r"me/sessions/\1"),
    (re.compile(r"^(openapi\.json|docs)$"), r"\1"),
)


def old_address(request: HttpRequest, rest: str) -> HttpResponse:
    """The unversioned API's addresses, moved to /api/v1/; anything else there is a 404."""
    for pattern, place in OLD_PLACES:
        if pattern.match(rest):
            target = "/api/v1/" + pattern.sub(place, rest)
            query = request.META.get("QUERY_STRING", "")
            return PermanentRedirect(target + (f"?{query}" if query else ""))
    return problems.problem(404, problems.NO_SUCH_THING)
