"""Errors as application/problem+json (RFC 9457): status, title, detail."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .calendar import OutsideCalendar
from .wire.apimodel import CamelModel

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"


class Problem(CamelModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


class ProblemError(Exception):
    """A domain or request error that carries its HTTP status."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail


class NotFound(ProblemError):
    def __init__(self, what: str) -> None:
        super().__init__(404, "Niet gevonden", f"{what} does not exist or is not visible to you")


class Conflict(ProblemError):
    def __init__(self, detail: str) -> None:
        super().__init__(409, "Conflict", detail)


class Forbidden(ProblemError):
    def __init__(self, detail: str) -> None:
        super().__init__(403, "Geen toegang", detail)


class Unprocessable(ProblemError):
    def __init__(self, detail: str) -> None:
        super().__init__(422, "Ongeldige invoer", detail)


def problem_response(status: int, title: str, detail: str, instance: str | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:10]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",))
        parts.append(f"{loc or 'body'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _allowed(request: Request) -> list[str]:
    """Every method the document gives the path (Starlette names only its first route's)."""
    app = request.app
    try:
        paths: dict[str, dict[str, object]] = app.openapi().get("paths", {})
    except Exception:
        return []
    route_path = request.scope["path"][len(request.scope.get("root_path", "")):]
    methods: set[str] = set()
    for template, operations in paths.items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, route_path):
            methods |= {m.upper() for m in operations if m in _METHODS}
    return sorted(methods)


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _instance(request: Request) -> str:
    """The request path as a valid URI reference: what is not allowed there (control
    characters, spaces) percent-encoded."""
    return quote(request.url.path, safe="/:@!$&'()*+,;=-._~")


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(OutsideCalendar)
    async def _outside_calendar(request: Request, exc: OutsideCalendar) -> JSONResponse:
        return problem_response(
            422, "Ongeldige invoer",
            f"a date in {exc.year} lies outside the years the legal calendar covers "
            f"({exc.start}-{exc.end}); terms cannot be computed from it", _instance(request))

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, _instance(request))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(422, "Ongeldige invoer", _validation_detail(exc),
                                _instance(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {401: "Niet geauthenticeerd", 403: "Geen toegang", 404: "Niet gevonden",
                  405: "Methode niet toegestaan"}
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed(request))
        return problem_response(exc.status_code, titles.get(exc.status_code, "Fout"),
                                str(exc.detail), _instance(request), headers=headers or None)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity conflict", error=str(exc.orig))
        return problem_response(409, "Conflict",
                                "the request conflicts with the current state of the resource",
                                _instance(request))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", path=_instance(request))
        return problem_response(500, "Interne fout", "an unexpected error occurred; it was logged",
                                _instance(request))


def problem_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status", "title", "detail"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
            "title": {"type": "string"},
            "status": {"type": "integer", "format": "int32"},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
        },
        "additionalProperties": False,
    }
