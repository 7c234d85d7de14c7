"""One error format for the whole API: RFC 9457 problem details (application/problem+json).

The exception handlers answer every error raised in an operation; ``ProblemMiddleware`` rewrites
the few answers made outside one (no such path, a method the path does not have); and
``document_errors`` writes every status an operation can answer into the OpenAPI description.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

PROBLEM_TYPE = "application/problem+json"
NO_SUCH_THING = "There is nothing at this address: check the path and the id in it."


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class Problem(Schema):
    """RFC 9457 problem details; ``errors`` lists what was wrong in the request (422)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


def problem(
    status: int, detail: str, *, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    if status == HTTPStatus.UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Bearer realm="supple"'
    return response


def _field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors:
        loc = [part for part in error.get("loc", ()) if isinstance(part, str | int)]
        if loc[:2] == ["body", "body"]:
            loc = loc[1:]  # ninja names the body parameter after its place
        errors.append({"loc": loc, "msg": str(error.get("msg", "is not valid"))})
    return errors


def _validation(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = _field_errors(exc)
    where = ", ".join(".".join(str(part) for part in e["loc"]) for e in errors)
    return problem(422, f"The request is not valid: {where or 'see errors'}.", errors=errors)


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    if isinstance(exc, AuthenticationError) and exc.status_code == 401:
        return problem(401, "Sign in, or send a personal access token: Authorization: Bearer ...")
    return problem(exc.status_code, str(exc))


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(404, str(exc) or NO_SUCH_THING)


def add_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)


class ProblemMiddleware:
    """An error answer under /api/ made outside an operation (Django's 404 for an unknown path
    or a malformed id, 405, the CSRF check) becomes problem details too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_TYPE)
        ):
            replaced = problem(response.status_code, _detail(response.status_code))
            for header in ("Allow", "Retry-After"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


def _detail(status: int) -> str:
    if status == HTTPStatus.NOT_FOUND:
        return NO_SUCH_THING
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        return "This address does not take that method: see the Allow header."
    if status == HTTPStatus.FORBIDDEN:
        return "Not allowed: a browser request needs its CSRF token."
    if status >= 500:
        return "Something went wrong on the server."
    return HTTPStatus(status).description


# -- the OpenAPI description ---------------------------------------------------------------

WRITES = {"post", "put", "patch", "delete"}


def _statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """Every error status the operation can answer, whatever its own code says."""
    statuses = {500, 503}
    parameters = operation.get("parameters", [])
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses.add(400)
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if operation.get("security"):
        statuses.add(401)
        if method in WRITES:
            statuses.add(403)
    return statuses


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every 4xx and 5xx of every operation, documented as problem details."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(definitions.pop("$defs", {}))
    components["Problem"] = definitions
    ref = {"$ref": "#/components/schemas/Problem"}
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            # ninja keys some responses by int, some by str: one key per status here.
            responses = {str(code): value for code, value in operation.get("responses", {}).items()}
            operation["responses"] = responses
            codes = {int(code) for code in responses if code.isdigit()} | _statuses(
                method, operation
            )
            for code in sorted(codes):
                if code < 400:
                    continue
                old = responses.get(str(code), {})
                responses[str(code)] = {
                    "description": old.get("description") or HTTPStatus(code).phrase,
                    "content": {PROBLEM_TYPE: {"schema": ref}},
                }
    return schema
