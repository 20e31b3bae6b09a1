"""OpenAPI document per the NL GOV API Design Rules: servers with /v1, contact, semver,
API-Version header on 2xx/3xx, problem+json on 4xx/5xx."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .problems import PROBLEM_JSON, problem_schema

CONTACT = {
    "name": "Gemeente Utrecht, team Wmo-platform",
    "url": "https://www.utrecht.nl/zorg-en-onderwijs/wmo",
    "email": "wmo-platform@utrecht.nl",
}

_ERRORS = {
    "400": "Bad request",
    "401": "Missing or invalid bearer token",
    "403": "Not allowed for your role, team or municipality",
    "404": "Not found or not visible to you",
    "409": "Conflicts with the current state",
    "422": "Invalid input",
    "500": "Unexpected error",
    "503": "Service unavailable",
}


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "maxLength": 200},
    "description": "Makes a retry safe: the same key with the same request replays the first "
                   "answer (header Idempotency-Replayed); with another request it is refused "
                   "(422), while the first is still served 409. Kept 24 hours.",
}


def _declare_idempotency_key(op: dict[str, Any]) -> None:
    parameters: list[dict[str, Any]] = op.setdefault("parameters", [])
    for p in parameters:
        if p.get("in") == "header" and p.get("name", "").lower() == "idempotency-key":
            p.update(IDEMPOTENCY_KEY)
            return
    parameters.append(dict(IDEMPOTENCY_KEY))


def nlgov_openapi(app: FastAPI, *, title: str, description: str, version: str,
                  server_url: str) -> dict[str, Any]:
    schema = get_openapi(
        title=title, version=version, description=description, routes=app.routes,
        servers=[{"url": server_url, "description": "production"}], contact=CONTACT,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Problem"] = problem_schema()
    components["headers"] = {
        "API-Version": {
            "description": "The full semver version of this API",
            "schema": {"type": "string", "example": version},
        }
    }
    problem_content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses: dict[str, Any] = op.setdefault("responses", {})
            wanted = {"500"}
            if method == "post":
                _declare_idempotency_key(op)
                wanted |= {"409", "422"}
            elif method != "get":
                wanted.add("409")  # a change the resource's current state does not allow
            if op.get("security") or op.get("x-authenticated"):
                wanted |= {"401", "403"}
            if "{" in path or op.get("requestBody"):
                wanted.add("404")  # the resource, or one the request names, does not exist
            if op.get("requestBody") or op.get("parameters"):
                wanted.add("422")
            # NL GOV rule problem-invalid-input: every operation but a GET/DELETE without
            # parameters can answer 400.
            if method not in ("get", "delete") or op.get("parameters"):
                wanted.add("400")
            wanted |= {c for c in responses if c[0] in "45"}
            for code in sorted(wanted):
                responses[code] = {"description": responses.get(code, {}).get(
                    "description", _ERRORS.get(code, "Error")), "content": problem_content}
            for code, response in responses.items():
                if code[0] in "23":
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
    return schema
