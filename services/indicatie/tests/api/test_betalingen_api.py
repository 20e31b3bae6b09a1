"""Paying approved declaraties over the API on a real PostgreSQL: real WMO323 messages are
approved, then put in payment batches (POST /betaalbatches) with a validated pain.001; a
credit declaratie reduces the next batch, nothing is paid twice (also with two runs at the
same time), a provider without bank details is reported, the status goes verzonden → betaald
or geweigerd (its prestaties paid by a later batch), the CSV export, and the events."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.sepa import pain001
from lxml import etree

from ..conftest import bearer
from ..domain.test_iwmo_berichten import needs_xsd, wmo305, wmo323
from .test_iwmo_api import (
    AGB,
    BSN,
    CLERK,
    TODAY,
    codes,
    compose,
    day,
    events,
    granted_product,
    maand_van,
    post,
)
from .test_iwmo_api import app as app  # the app with the fake toegang
from .test_iwmo_api import toegang as toegang

pytestmark = needs_xsd

FINANCE = bearer("financien", subject="finance-1")
IBAN = "NL44RABO0123456789"  # the illustrative account migration 0008 gives AGB
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}




async def declareer(client: httpx.AsyncClient, app: FastAPI) -> dict[str, Any]:
    """A started toewijzing of CLIENT with AGB for ambulante begeleiding, 4 hours a week;
    what a WMO323 prestatie on it needs."""
    product = await granted_product(client, app)
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201, r.text
    nummer = r.json()["nummer"]
    assert await compose(app) == 1
    r = await post(client, wmo305(AGB, "S1", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(20)))
    assert codes(r) == ["0200"], r.text
    begin, eind = maand_van(day(20), ingang=day(28))
    return {"bsn": BSN, "toewijzing": nummer, "categorie": "02", "code": "02A05",
            "eenheid": "04", "tarief": product["tariefCents"], "begin": begin, "eind": eind}


async def wmo323_ok(client: httpx.AsyncClient, ident: str, nummer: str,
                    prestaties: list[dict[str, Any]]) -> None:
    begin, eind = prestaties[0]["begin"], prestaties[0]["eind"]
    r = await post(client, wmo323(AGB, ident, TODAY, nummer, begin, eind, prestaties))
    assert r.status_code == 201 and set(codes(r)) <= {"0200", "8001"}, r.text


async def betaalrun(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post("/api/v1/betaalbatches", headers=FINANCE, json=body)


async def status(client: httpx.AsyncClient, batch_id: str, nieuw: str,
                 **extra: Any) -> httpx.Response:
    return await client.post(f"/api/v1/betaalbatches/{batch_id}/statussen", headers=FINANCE,
                             json={"status": nieuw, **extra})


async def sql(app: FastAPI, statement: str, **params: Any) -> None:
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(sa.text(statement), params)


async def test_approved_declaraties_are_paid_once_net_of_credit(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    r = await betaalrun(client)
    assert r.status_code == 200 and r.json() == {"batches": [], "overgeslagen": []}
    regel = await declareer(client, app)
    t = regel["tarief"]
    await wmo323_ok(client, "D1", "DEC1", [{**regel, "ref": "R1", "volume": 2, "bedrag": 2 * t},
                                           {**regel, "ref": "R2", "volume": 1, "bedrag": t}])

    # Without valid bank details: no batch, reported in the answer and on the ops list.
    await sql(app, "UPDATE aanbieders SET iban = 'NL00RABO0123456789' WHERE code = :c", c=AGB)
    r = await betaalrun(client)
    assert r.status_code == 200 and r.json()["batches"] == []
    [skip] = r.json()["overgeslagen"]
    assert (skip["aanbieder"], skip["reden"], skip["saldoCents"], skip["aantalPrestaties"]) == (
        AGB, "geen-geldige-bankgegevens", 3 * t, 2)
    r = await client.get("/api/v1/openstaande-saldi", headers=FINANCE)
    [open_] = r.json()["items"]
    assert open_["reden"] == "geen-geldige-bankgegevens" and open_["saldoCents"] == 3 * t
    await sql(app, "UPDATE aanbieders SET iban = :i WHERE code = :c", i=IBAN, c=AGB)

    # Two runs at the same time: one batch, each prestatie in it once.
    r1, r2 = await asyncio.gather(betaalrun(client), betaalrun(client))
    made = r1.json()["batches"] + r2.json()["batches"]
    assert sorted([r1.status_code, r2.status_code]) == [200, 201] and len(made) == 1
    [batch] = made
    assert (batch["aanbieder"], batch["iban"], batch["totaalCents"], batch["aantalPrestaties"],
            batch["status"]) == (AGB, IBAN, 3 * t, 2, "aangemaakt")
    r = await betaalrun(client)
    assert r.status_code == 200 and r.json() == {"batches": [], "overgeslagen": []}

    r = await client.get(f"/api/v1/betaalbatches/{batch['id']}", headers=FINANCE)
    assert r.status_code == 200
    assert [(p["declaratienummer"], p["productReferentie"], p["toewijzingNummer"],
             p["productCode"], p["begindatum"], p["bedragCents"]) for p in r.json()["prestaties"]
            ] == [("DEC1", ref, regel["toewijzing"], "02A05", regel["begin"].isoformat(), b)
                  for ref, b in (("R1", 2 * t), ("R2", t))]
    r = await client.get(batch["pain001"], headers=FINANCE)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    pain001.controleer(r.content, 3 * t, 1)  # valid against the XSD, the batch's sum
    [tx] = etree.fromstring(r.content).findall(".//p:CdtTrfTxInf", NS)
    assert (tx.findtext("p:PmtId/p:EndToEndId", None, NS),
            Decimal(tx.findtext("p:Amt/p:InstdAmt", "0", NS)) * 100,
            tx.findtext("p:CdtrAcct/p:Id/p:IBAN", None, NS)) == ("DEC1", 3 * t, IBAN)

    # A credit declaratie alone: the net is negative, no transfer, the credit stays open.
    await wmo323_ok(client, "D2", "DEC2", [{**regel, "ref": "R2", "volume": 1, "bedrag": t,
                                            "dc": "C"}])
    r = await betaalrun(client)
    assert r.status_code == 200 and r.json()["batches"] == []
    [skip] = r.json()["overgeslagen"]
    assert (skip["reden"], skip["saldoCents"]) == ("saldo-niet-positief", -t)
    r = await client.get("/api/v1/openstaande-saldi", headers=FINANCE)
    assert [(s["reden"], s["saldoCents"]) for s in r.json()["items"]] == [
        ("saldo-niet-positief", -t)]

    # The next declaratie pays its amount less the open credit.
    await wmo323_ok(client, "D3", "DEC3", [{**regel, "ref": "R3", "volume": 2, "bedrag": 2 * t}])
    r = await betaalrun(client, aanbieder=AGB, uitvoerenOp=TODAY.isoformat())
    assert r.status_code == 201, r.text
    [tweede] = r.json()["batches"]
    assert (tweede["totaalCents"], tweede["aantalPrestaties"]) == (t, 2)
    r = await client.get(tweede["pain001"], headers=FINANCE)
    [tx] = etree.fromstring(r.content).findall(".//p:CdtTrfTxInf", NS)
    assert tx.findtext("p:PmtId/p:EndToEndId", None, NS) == "DEC3"
    assert "credit DEC2" in (tx.findtext("p:RmtInf/p:Ustrd", None, NS) or "")
    r = await client.get("/api/v1/openstaande-saldi", headers=FINANCE)
    assert r.json()["items"] == []

    # Status: aangemaakt → verzonden → betaald; other steps are a 409.
    r = await status(client, batch["id"], "betaald")
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    r = await status(client, batch["id"], "verzonden")
    assert r.status_code == 201 and r.json()["status"] == "verzonden", r.text
    assert r.json()["verzondenOp"] == TODAY.isoformat()
    assert (await status(client, batch["id"], "verzonden")).status_code == 409
    r = await status(client, batch["id"], "betaald", statusdatum=TODAY.isoformat())
    assert r.status_code == 201 and r.json()["betaaldOp"] == TODAY.isoformat()
    assert (await status(client, batch["id"], "geweigerd", reden="x")).status_code == 409

    # A refused batch: its prestaties are paid by the next run; the refused one keeps them.
    assert (await status(client, tweede["id"], "verzonden")).status_code == 201
    assert (await status(client, tweede["id"], "geweigerd")).status_code == 422
    r = await status(client, tweede["id"], "geweigerd", reden="AC04 rekening opgeheven")
    assert r.status_code == 201 and r.json()["redenWeigering"] == "AC04 rekening opgeheven"
    r = await betaalrun(client)
    [derde] = r.json()["batches"]
    assert (derde["totaalCents"], derde["aantalPrestaties"]) == (t, 2)
    r = await client.get(f"/api/v1/betaalbatches/{tweede['id']}", headers=FINANCE)
    assert len(r.json()["prestaties"]) == 2

    # The list, its filters and the CSV export for finance.
    r = await client.get("/api/v1/betaalbatches", headers=FINANCE, params={"status": "betaald"})
    assert [b["id"] for b in r.json()["items"]] == [batch["id"]] and r.json()["total"] == 1
    r = await client.get("/api/v1/betaalbatches", headers=CLERK,
                         params={"aanbieder": "75750101"})
    assert r.json()["total"] == 0
    r = await client.get("/api/v1/betaalbatches", headers={**FINANCE, "Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    header, *rows = [line.split(";") for line in r.text.splitlines()]
    assert header[:7] == ["batch", "aanbieder", "naam_rekeninghouder", "iban", "bedrag_eur",
                          "aantal_prestaties", "status"]
    by_id = {row[-1]: row for row in rows}
    assert len(rows) == 3
    assert by_id[batch["id"]][1:7] == [AGB, batch["rekeninghouder"], IBAN,
                                       f"{Decimal(3 * t) / 100:.2f}", "2", "betaald"]
    assert by_id[tweede["id"]][6] == "geweigerd"

    # The events: a batch made three times, paid once, with regels per product and year.
    found = await events(app)
    aangemaakt = [b for k, b in found if k == "betaalbatch-aangemaakt"]
    [betaald] = [b for k, b in found if k == "betaalbatch-betaald"]
    assert [a["totaalCents"] for a in aangemaakt] == [3 * t, t, t]
    assert aangemaakt[1]["regels"] == [{
        "productcategorie": "02", "productCode": "02A05", "jaar": regel["begin"].year,
        "bedragCents": t, "aantalPrestaties": 2}]
    assert (betaald["batchId"], betaald["totaalCents"], betaald["betaaldOp"]) == (
        batch["id"], 3 * t, TODAY.isoformat())
    assert betaald["regels"][0]["bedragCents"] == 3 * t
    # both name the prestaties they pay, as declaratie-ontvangen named them (the monitor's
    # spend per municipality of residence follows them to the client)
    declared = {d["declaratieId"] for k, d in found if k == "declaratie-ontvangen"}
    assert betaald["declaratieIds"] == aangemaakt[0]["declaratieIds"]
    assert len(betaald["declaratieIds"]) == 2 and set(betaald["declaratieIds"]) <= declared


async def test_roles_and_input(client: httpx.AsyncClient, app: FastAPI) -> None:
    provider = {"Authorization": bearer("aanbieder")["Authorization"]}
    assert (await client.post("/api/v1/betaalbatches", headers=provider, json={})
            ).status_code == 403
    assert (await client.get("/api/v1/betaalbatches", headers=provider)).status_code == 403
    r = await betaalrun(client, aanbieder="99999999")
    assert r.status_code == 404
    r = await betaalrun(client, uitvoerenOp=date(2000, 1, 1).isoformat())
    assert r.status_code == 422
    r = await client.get("/api/v1/betaalbatches/00000000-0000-0000-0000-000000000000",
                         headers=FINANCE)
    assert r.status_code == 404
    r = await status(client, "00000000-0000-0000-0000-000000000000", "verzonden")
    assert r.status_code == 404
    assert (await status(client, "00000000-0000-0000-0000-000000000000", "onbekend")
            ).status_code == 422
