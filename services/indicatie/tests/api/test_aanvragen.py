"""Aanvragen from verwijzing events and beschikkingen over the API, on a real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.service.toegang_events import on_toegang_event
from wmokernel.catalogue import VerwijzingGedaan

from ..conftest import bearer

CLERK = bearer("gemeente")


def product(ingangsdatum: str = "2026-05-11", einddatum: str = "2027-05-10") -> dict[str, object]:
    """One granted product: ambulante begeleiding in Overvecht."""
    return {"productCode": "02A05", "leveringsvorm": "zin", "ingangsdatum": ingangsdatum,
            "einddatum": einddatum, "volume": 4, "wijk": "Overvecht"}


async def deliver_verwijzing(app: FastAPI, verwezen_op: date = date(2026, 5, 1)) -> str:
    """Hands a verwijzing event to the consumer's handler twice, as a redelivery would."""
    runtime = app.state.runtime
    event = VerwijzingGedaan(
        verwijzing_id=uuid.uuid4(), melding_id=uuid.uuid4(), client_id="p-" + "ab" * 16,
        verwezen_op=verwezen_op, gemeld_op=date(2026, 4, 1),
    ).to_cloudevent("/wmo/toegang")
    for _ in range(2):
        async with runtime.unit_of_work() as uow:
            await on_toegang_event(uow, event)
    async with runtime.engine.connect() as conn:
        ids = (await conn.scalars(sa.text("SELECT id FROM aanvragen"))).all()
    assert len(ids) == 1, "a redelivered verwijzing opens no second aanvraag"
    return str(ids[0])


async def count(app: FastAPI, table: str) -> int:
    async with app.state.runtime.engine.connect() as conn:
        return int(await conn.scalar(sa.text(f"SELECT count(*) FROM {table}")))


async def test_a_verwijzing_opens_an_aanvraag_with_its_decision_term(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    r = await client.get(f"/api/v1/aanvragen/{aanvraag_id}", headers=CLERK)
    assert r.status_code == 200, r.text
    # Two weeks from Friday 1 May 2026 is Friday 15 May: no feestdag, stays.
    assert r.json()["beslissenUiterlijk"] == "2026-05-15"
    assert await count(app, "outbox") == 1


async def test_decision_term_ending_on_ascension_day_moves_to_friday(app: FastAPI,
                                                                   client: httpx.AsyncClient
                                                                   ) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 4, 30))
    r = await client.get(f"/api/v1/aanvragen/{aanvraag_id}", headers=CLERK)
    # 30 April + 2 weeks = Thursday 14 May 2026, Hemelvaartsdag → Friday 15 May.
    assert r.json()["beslissenUiterlijk"] == "2026-05-15"


async def test_only_the_gemeente_issues_a_beschikking(client: httpx.AsyncClient,
                                                      app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app)
    path = f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen"
    body = {"besluit": "toegekend", "motivering": "begeleiding past", "afgegevenOp": "2026-05-08",
            "producten": [product()]}
    for role in ("buurtteam", "aanbieder", "wmo-loket", "monitor-viewer"):
        r = await client.post(path, json=body, headers=bearer(role))
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert await count(app, "beschikkingen") == 0
    r = await client.post(path, json=body, headers=CLERK)
    assert r.status_code == 201, r.text
    # Bezwaar: six weeks from Friday 8 May 2026 is Friday 19 June.
    assert r.json()["bezwaarUiterlijk"] == "2026-06-19"


async def test_two_clerks_deciding_at_once_one_wins_the_other_gets_409(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app)
    path = f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen"
    results = await asyncio.gather(*(
        client.post(path, json={"besluit": besluit, "motivering": "m", "afgegevenOp": "2026-05-08",
                                "producten": [product()] if besluit == "toegekend" else []},
                    headers=bearer("gemeente", subject=f"clerk-{i}"))
        for i, besluit in enumerate(("toegekend", "afgewezen"))
    ))
    assert sorted(r.status_code for r in results) == [201, 409]
    assert await count(app, "beschikkingen") == 1
    assert await count(app, "outbox") == 2  # aanvraag-ontvangen + one beschikking-afgegeven


async def test_bad_beschikking_input_is_refused_and_nothing_written(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app)
    path = f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen"
    for body in ({"besluit": "misschien", "motivering": "m"},
                 {"besluit": "toegekend", "motivering": ""},
                 {"besluit": "toegekend", "motivering": "m", "afgegevenOp": "2026-04-01"}):
        r = await client.post(path, json=body, headers=CLERK)
        assert r.status_code == 422 and r.json()["detail"], r.text
    r = await client.post(f"/api/v1/aanvragen/{uuid.uuid4()}/beschikkingen",
                          json={"besluit": "toegekend", "motivering": "m"}, headers=CLERK)
    assert r.status_code == 404
    assert await count(app, "beschikkingen") == 0
    assert await count(app, "outbox") == 1
