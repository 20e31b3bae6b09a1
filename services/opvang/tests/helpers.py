from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from .conftest import bearer

TOEGANG = bearer("regionale-toegang", subject="rt-1")
UTRECHT = bearer("gemeente", subject="clerk-1", gemeente="0344")


def client_id(n: int | str) -> str:
    return "p-" + uuid.uuid5(uuid.NAMESPACE_OID, str(n)).hex


async def locatie(client: httpx.AsyncClient, *, gemeente: str = "0344",
                  vorm: str = "mo-24-uursopvang", capaciteit: int = 10,
                  aanbieder: str = "leger-des-heils", **kw: Any) -> dict[str, Any]:
    r = await client.post("/api/v1/locaties", headers=TOEGANG, json={
        "naam": f"{vorm} {gemeente} {uuid.uuid4().hex[:4]}", "aanbieder": aanbieder,
        "gemeente": gemeente, "vorm": vorm, "capaciteit": capaciteit, **kw})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def aanmelding(client: httpx.AsyncClient, headers: dict[str, str] | None = None, *,
                     gemeente: str | None = "0344", vorm: str = "mo-24-uursopvang",
                     n: int | str | None = None, verwezen_op: date = date(2026, 1, 5),
                     **kw: Any) -> dict[str, Any]:
    r = await client.post("/api/v1/aanmeldingen", headers=headers or TOEGANG, json={
        "clientId": client_id(n if n is not None else uuid.uuid4().hex), "gemeente": gemeente,
        "vorm": vorm, "verwezenOp": verwezen_op.isoformat(), **kw})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def outbox(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT event_type, body FROM outbox ORDER BY id"))).all()
    return [(t, json.loads(bytes(b))) for t, b in rows]


async def scalar(app: FastAPI, sql: str, **params: Any) -> Any:
    async with app.state.runtime.engine.connect() as conn:
        return await conn.scalar(sa.text(sql), params)
