"""Nothing stuck in silence: a toewijzing no valid WMO301 could carry is refused at the API
with the rule it breaks, and a WMO301 that cannot be sent now (toegang away, no BSN) waits
visibly (the ops list and the gauge) and goes out by itself once it can."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.domain.iwmo.wachtrij import WachtReden
from indicatie.iwmo.bsn import BsnNietBeschikbaar, ClientIdentiteit
from indicatie.service.iwmo import uitgaand
from indicatie.service.iwmo.context import IwmoContext
from indicatie.service.toegang_events import on_toegang_event
from wmokernel.catalogue import VerwijzingGedaan

from ..conftest import bearer
from .test_iwmo_api import (
    AGB,
    CLERK,
    CLIENT,
    PROVIDER,
    TODAY,
    FakeToegang,
    day,
    events,
    granted_product,
)
from .test_iwmo_api import app as app  # the app with the fake toegang
from .test_iwmo_api import toegang as toegang

OPS = bearer("systeem", subject="ops-1")


async def compose(app: FastAPI, bron: Any, retry_max_s: float = 300.0) -> int:
    runtime = app.state.runtime
    async with runtime.unit_of_work() as uow:
        return await uitgaand.stel_toewijzingberichten_op(
            uow, IwmoContext.from_settings(runtime.settings), bron, TODAY,
            retry_max_s=retry_max_s)


async def second_product(client: httpx.AsyncClient, app: FastAPI, first_aanvraag: str,
                         ingang: int) -> dict[str, Any]:
    """Another aanvraag of the same client, granted ambulante begeleiding again."""
    event = VerwijzingGedaan(verwijzing_id=uuid.uuid4(), melding_id=uuid.uuid4(),
                             client_id=CLIENT, verwezen_op=day(20),
                             gemeld_op=day(21)).to_cloudevent("/wmo/toegang")
    async with app.state.runtime.unit_of_work() as uow:
        await on_toegang_event(uow, event)
    r = await client.get("/api/v1/aanvragen", headers=CLERK)
    [aanvraag] = [a for a in r.json()["items"] if a["id"] != first_aanvraag]
    r = await client.post(f"/api/v1/aanvragen/{aanvraag['id']}/beschikkingen", headers=CLERK,
                          json={"besluit": "toegekend", "motivering": "meer begeleiding",
                                "afgegevenOp": day(15).isoformat(),
                                "producten": [{"productCode": "02A05", "leveringsvorm": "zin",
                                               "volume": 6, "ingangsdatum": day(ingang)
                                               .isoformat(), "wijk": "Overvecht"}]})
    assert r.status_code == 201, r.text
    product: dict[str, Any] = r.json()["producten"][0]
    return product


async def test_an_overlapping_toewijzing_is_refused_with_the_rule_and_leaves_nothing(
    client: httpx.AsyncClient, app: FastAPI, toegang: FakeToegang,
) -> None:
    first = await granted_product(client, app)
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": first["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201, r.text
    eerste = r.json()
    second = await second_product(client, app, eerste["aanvraagId"], ingang=10)
    before = await events(app)

    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": second["id"]})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    detail = r.json()["detail"]
    assert "9361" in detail and "TR361" in detail and str(eerste["nummer"]) in detail
    assert await events(app) == before, "no event for a refused toewijzing"
    r = await client.get("/api/v1/toewijzingen", headers=CLERK)
    assert r.json()["total"] == 1

    # The client's WMO301 goes out with the one toewijzing; nothing waits.
    assert await compose(app, toegang) == 1
    r = await client.get("/api/v1/beheer/wachtende-berichten", headers=OPS)
    assert r.status_code == 200 and r.json()["total"] == 0

    # The way the rule points to: the new beschikking's product follows the first one.
    assert f"/toewijzingen/{eerste['id']}/wijzigingen" in detail
    r = await client.post(f"/api/v1/toewijzingen/{eerste['id']}/wijzigingen", headers=CLERK,
                          json={"ingangsdatum": day(10).isoformat(),
                                "beschiktProductId": second["id"]})
    assert r.status_code == 201, r.text
    assert r.json()["beschiktProductId"] == second["id"] and r.json()["omvang"]["volume"] == 6
    assert await compose(app, toegang) == 1


class Bron:
    """toegang as the composer meets it: away, without a BSN for the client, or back."""

    def __init__(self) -> None:
        self.fout: BsnNietBeschikbaar | None = BsnNietBeschikbaar(
            "toegang not reachable: ConnectError", WachtReden.TOEGANG_ONBEREIKBAAR)

    async def identiteit(self, client_id: str, doel: str) -> ClientIdentiteit:
        if self.fout is not None:
            raise self.fout
        return ClientIdentiteit(bsn="123456782", naam="J. de Vries")


def gauge(metrics: str, reden: str) -> float:
    prefix = f'wmo_iwmo_wachtende_berichten{{berichttype="WMO301",reden="{reden}"}} '
    [line] = [x for x in metrics.splitlines() if x.startswith(prefix)]
    return float(line.removeprefix(prefix))


async def test_a_wmo301_that_cannot_be_sent_waits_visibly_and_goes_out_by_itself(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await granted_product(client, app)
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201, r.text
    bron = Bron()

    assert await compose(app, bron, retry_max_s=0.2) == 0
    r = await client.get("/api/v1/beheer/wachtende-berichten", headers=OPS)
    assert r.status_code == 200, r.text
    [wacht] = r.json()["items"]
    assert wacht["berichttype"] == "WMO301" and wacht["aanbieder"] == AGB
    assert wacht["clientId"] == CLIENT and wacht["reden"] == "toegang-onbereikbaar"
    assert wacht["pogingen"] == 1 and "ConnectError" in wacht["toelichting"]
    assert wacht["leeftijdSeconden"] >= 0 and wacht["laatstePoging"] is not None
    metrics = (await client.get("/metrics/")).text
    assert gauge(metrics, "toegang-onbereikbaar") == 1 and gauge(metrics, "bsn-ontbreekt") == 0
    r = await client.get("/api/v1/beheer/wachtende-berichten", headers=bearer("aanbieder"))
    assert r.status_code == 403, "ops data is not for providers"

    # toegang answers but holds no BSN: another reason, still waiting, still retried.
    bron.fout = BsnNietBeschikbaar("toegang answered 404", WachtReden.BSN_ONTBREEKT)
    await asyncio.sleep(0.3)
    assert await compose(app, bron, retry_max_s=0.2) == 0
    r = await client.get("/api/v1/beheer/wachtende-berichten", headers=OPS,
                         params={"reden": "bsn-ontbreekt"})
    [wacht] = r.json()["items"]
    assert wacht["pogingen"] == 2
    metrics = (await client.get("/metrics/")).text
    assert gauge(metrics, "toegang-onbereikbaar") == 0 and gauge(metrics, "bsn-ontbreekt") == 1

    # Not due yet: the backoff holds the next attempt back.
    bron.fout = None
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(sa.text(
            "UPDATE iwmo_opdrachten SET volgende_poging = now() + interval '1 hour'"))
    assert await compose(app, bron) == 0
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(sa.text("UPDATE iwmo_opdrachten SET volgende_poging = now()"))

    # toegang is back: it goes out by itself on the next round.
    assert await compose(app, bron) == 1
    r = await client.get("/api/v1/beheer/wachtende-berichten", headers=OPS)
    assert r.json()["total"] == 0
    metrics = (await client.get("/metrics/")).text
    assert gauge(metrics, "bsn-ontbreekt") == 0
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER,
                         params={"status": "nieuw"})
    assert [b["berichttype"] for b in r.json()["items"]] == ["WMO301"]
