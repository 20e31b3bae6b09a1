"""Every service's OpenAPI document follows the NL GOV API Design Rules that our tooling checks
(the Spectral ruleset in ../shared/design runs in CI as well)."""

from __future__ import annotations

import importlib
import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

SERVICES = ("toegang", "indicatie", "opvang", "monitor", "notificaties")


async def openapi_of(name: str) -> dict[str, Any]:
    module = importlib.import_module(f"{name}.app")
    app: FastAPI = module.create_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as client:
        r = await client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.headers["api-version"] == "1.0.0"
    doc: dict[str, Any] = r.json()
    return doc


@pytest.mark.parametrize("name", SERVICES)
async def test_openapi_follows_the_design_rules(name: str) -> None:
    doc = await openapi_of(name)
    assert doc["openapi"].startswith("3.")
    assert re.match(r"^\d+\.\d+\.\d+$", doc["info"]["version"])
    assert {"name", "url", "email"} <= set(doc["info"]["contact"])
    assert all(re.search(r"/v\d", s["url"]) and s["url"].startswith("https://")
               for s in doc["servers"])
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"status", "title", "detail"}
    assert doc["paths"], "the service has API paths"
    for path, item in doc["paths"].items():
        assert not path.endswith("/")
        assert re.match(r"^(/([a-z0-9\-]+|\{[^}]+\}))+$", path), path
        for method, op in item.items():
            assert op.get("description"), f"{method} {path} has no description"
            for code, response in op["responses"].items():
                if code[0] in "23":
                    assert "API-Version" in response.get("headers", {}), (method, path, code)
                else:
                    assert list(response["content"]) == ["application/problem+json"]
            assert "500" in op["responses"]
            for schema_name in doc["components"]["schemas"]:
                assert re.match(r"^[A-Z][A-Za-z0-9]*$", schema_name), schema_name
