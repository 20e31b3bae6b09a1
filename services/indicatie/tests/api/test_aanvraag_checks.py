"""An aanvraag is checked against what toegang reported: the client must exist, an aanvraag
na-onderzoek needs the onderzoek's verslag, and the wijk comes with it. A toegekend
beschikking names its products."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.service.toegang_events import on_toegang_event
from wmokernel.catalogue import MeldingOntvangen, VerwijzingGedaan
from wmokernel.events.base import EventPayload
from wmokernel.events.toegang import Kanaal, Ondersteuningsvorm, OnderzoekAfgerond, Perspectief

from ..conftest import bearer
from .test_aanvragen import count

CLERK = bearer("gemeente")


def client_id() -> str:
    return "p-" + uuid.uuid4().hex


def melding(client: str, gemeld_op: date, wijk: str | None = "Overvecht") -> MeldingOntvangen:
    return MeldingOntvangen(
        melding_id=uuid.uuid4(), client_id=client, kanaal=Kanaal.BUURTTEAM, gemeld_op=gemeld_op,
        wijk=wijk, eerste_contact_uiterlijk=gemeld_op + timedelta(days=7),
        onderzoek_uiterlijk=gemeld_op + timedelta(weeks=6))


def verslag(m: MeldingOntvangen, afgerond_op: date) -> OnderzoekAfgerond:
    return OnderzoekAfgerond(
        melding_id=m.melding_id, client_id=m.client_id, afgerond_op=afgerond_op,
        gemeld_op=m.gemeld_op, onderzoek_uiterlijk=m.onderzoek_uiterlijk, binnen_termijn=True,
        perspectief=Perspectief.WEER_ZELFSTANDIG, ondersteuningsvorm=Ondersteuningsvorm.GROEP)


async def deliver(app: FastAPI, *events: EventPayload) -> None:
    """Through the consumer's handler, each twice, as a redelivery would."""
    for payload in events:
        event = payload.to_cloudevent("/wmo/toegang")
        for _ in range(2):
            async with app.state.runtime.unit_of_work() as uow:
                await on_toegang_event(uow, event)


async def file(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    return await client.post("/api/v1/aanvragen", headers=CLERK, json=body)


async def test_a_client_toegang_never_registered_gets_no_aanvraag(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    r = await file(client, clientId=client_id(), grond="onderzoek-termijn-verstreken",
                   ontvangenOp="2026-10-14", gemeldOp="2026-09-01")
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "not known" in r.json()["detail"] and "toegang" in r.json()["detail"]
    assert await count(app, "aanvragen") == 0 and await count(app, "outbox") == 0


async def test_a_registered_client_gets_one_and_it_carries_the_wijk_of_the_melding(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = melding(client_id(), date(2026, 9, 1), wijk="Overvecht")
    await deliver(app, m)
    r = await file(client, clientId=m.client_id, grond="onderzoek-termijn-verstreken",
                   ontvangenOp="2026-10-14", gemeldOp="2026-09-01")
    assert r.status_code == 201, r.text
    assert r.json()["wijk"] == "overvecht"
    r = await file(client, clientId=m.client_id, grond="onderzoek-termijn-verstreken",
                   ontvangenOp="2026-10-14", gemeldOp="2026-09-01", wijk="Zuid")
    assert r.status_code == 201 and r.json()["wijk"] == "zuid", "a wijk given is kept"


async def test_na_onderzoek_waits_for_the_verslag(client: httpx.AsyncClient,
                                                  app: FastAPI) -> None:
    m = melding(client_id(), date(2026, 9, 1))
    await deliver(app, m)
    body = {"clientId": m.client_id, "grond": "na-onderzoek", "ontvangenOp": "2026-10-01"}
    r = await file(client, **body)
    assert r.status_code == 422 and "verslag" in r.json()["detail"], r.text
    assert await count(app, "aanvragen") == 0

    await deliver(app, verslag(m, date(2026, 10, 2)))
    r = await file(client, **body)
    assert r.status_code == 422 and "2026-10-02" in r.json()["detail"], \
        "an aanvraag received before the verslag was written is still refused"

    r = await file(client, **{**body, "ontvangenOp": "2026-10-05",
                              "meldingId": str(m.melding_id)})
    assert r.status_code == 201, r.text
    assert r.json()["meldingId"] == str(m.melding_id)


async def test_na_onderzoek_finds_the_ended_onderzoek_beside_a_newer_open_melding(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    oud = melding(client_id(), date(2026, 6, 1))
    nieuw = melding(oud.client_id, date(2026, 9, 20))
    await deliver(app, oud, verslag(oud, date(2026, 7, 1)), nieuw)
    r = await file(client, clientId=oud.client_id, grond="na-onderzoek", ontvangenOp="2026-10-01")
    assert r.status_code == 201, r.text


async def test_a_melding_of_someone_else_is_refused(client: httpx.AsyncClient,
                                                    app: FastAPI) -> None:
    a, b = melding(client_id(), date(2026, 9, 1)), melding(client_id(), date(2026, 9, 1))
    await deliver(app, a, b, verslag(b, date(2026, 9, 20)))
    r = await file(client, clientId=a.client_id, grond="na-onderzoek", ontvangenOp="2026-10-01",
                   meldingId=str(b.melding_id))
    assert r.status_code == 422 and "is no melding of" in r.json()["detail"], r.text


async def test_events_in_any_order_and_twice_give_the_same_read_model(app: FastAPI) -> None:
    m = melding(client_id(), date(2026, 9, 1), wijk="West")
    await deliver(app, verslag(m, date(2026, 10, 1)), m)
    async with app.state.runtime.engine.connect() as conn:
        row = (await conn.execute(sa.text(
            "SELECT client_id, gemeld_op, wijk, onderzoek_afgerond_op FROM toegang_meldingen"
        ))).one()
    assert tuple(row) == (m.client_id, date(2026, 9, 1), "west", date(2026, 10, 1))


async def test_an_aanvraag_from_a_verwijzing_carries_the_wijk(client: httpx.AsyncClient,
                                                              app: FastAPI) -> None:
    m = melding(client_id(), date(2026, 9, 1), wijk="Zuidwest")
    await deliver(app, m, VerwijzingGedaan(
        verwijzing_id=uuid.uuid4(), melding_id=m.melding_id, client_id=m.client_id,
        verwezen_op=date(2026, 10, 1), gemeld_op=m.gemeld_op))
    r = await client.get("/api/v1/aanvragen", headers=CLERK,
                         params={"meldingId": str(m.melding_id)})
    [aanvraag] = r.json()["items"]
    assert aanvraag["wijk"] == "zuidwest" and aanvraag["grond"] == "verwijzing"


async def test_a_toegekend_beschikking_without_products_is_refused(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = melding(client_id(), date(2026, 9, 1))
    await deliver(app, m)
    r = await file(client, clientId=m.client_id, grond="onderzoek-termijn-verstreken",
                   ontvangenOp="2026-10-14", gemeldOp="2026-09-01")
    aanvraag_id = r.json()["id"]
    outbox_before = await count(app, "outbox")
    r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", headers=CLERK,
                          json={"besluit": "toegekend", "motivering": "past",
                                "afgegevenOp": "2026-10-14"})
    assert r.status_code == 422, r.text
    assert "names the granted products" in r.json()["detail"]
    assert await count(app, "beschikkingen") == 0
    assert await count(app, "outbox") == outbox_before
    r = await client.get(f"/api/v1/aanvragen/{aanvraag_id}", headers=CLERK)
    assert r.json()["status"] == "ontvangen"
