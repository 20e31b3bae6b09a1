"""The depot of aids over the API on a real PostgreSQL: issue on a granted rolstoel, take it
back, issue it again to another resident (herverstrekking), and what is refused."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.service.toegang_events import on_toegang_event
from wmokernel.catalogue import VerwijzingGedaan

from ..conftest import bearer
from .test_aanvragen import count

CLERK = bearer("gemeente")
LOKET = bearer("wmo-loket", subject="loket-1")
ROLSTOEL = "11X02"
LEVERANCIERS = ("75750109", "75750110")  # the two hulpmiddelen suppliers of migration 0009


async def aanvraag_voor(app: FastAPI, client_id: str) -> str:
    """An aanvraag of ``client_id`` from toegang's verwijzing."""
    verwijzing_id = uuid.uuid4()
    event = VerwijzingGedaan(
        verwijzing_id=verwijzing_id, melding_id=uuid.uuid4(), client_id=client_id,
        verwezen_op=date(2026, 5, 1), gemeld_op=date(2026, 4, 1),
    ).to_cloudevent("/wmo/toegang")
    async with app.state.runtime.unit_of_work() as uow:
        await on_toegang_event(uow, event)
    async with app.state.runtime.engine.connect() as conn:
        return str(await conn.scalar(sa.text(
            "SELECT id FROM aanvragen WHERE verwijzing_id = :v"), {"v": verwijzing_id}))


def regel(code: str = ROLSTOEL, **kw: Any) -> dict[str, Any]:
    base = {"productCode": code, "leveringsvorm": "zin", "ingangsdatum": "2026-05-11",
            "einddatum": "2031-05-10", "aanbieder": LEVERANCIERS[0]}
    base.update(kw)
    return base


async def beschikt_product(client: httpx.AsyncClient, app: FastAPI, client_id: str,
                           **kw: Any) -> dict[str, Any]:
    """A beschikking granting one product; its beschikt product."""
    aanvraag_id = await aanvraag_voor(app, client_id)
    extra = kw.pop("extra", {})
    body: dict[str, Any] = {"besluit": "toegekend", "motivering": "mobiliteit buitenshuis",
                            "afgegevenOp": "2026-05-08", "producten": [regel(**kw)], **extra}
    r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", json=body,
                          headers=CLERK)
    assert r.status_code == 201, r.text
    [product] = r.json()["producten"]
    return {**product, "beschikkingStatus": r.json()["status"]}


async def verstrek(client: httpx.AsyncClient, product_id: str, headers: dict[str, str] = LOKET,
                   **body: Any) -> httpx.Response:
    return await client.post(f"/api/v1/beschikte-producten/{product_id}/verstrekkingen",
                             json=body, headers=headers)


async def hulpmiddel_events(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT event_type, body FROM outbox WHERE event_type LIKE '%hulpmiddel-%' "
            "ORDER BY id"))).all()
    return [(t.rsplit(".", 1)[1], json.loads(bytes(b))) for t, b in rows]


def client_id() -> str:
    return "p-" + uuid.uuid4().hex


async def test_the_catalogue_lists_the_wmo_loket_range_with_its_categories(
        client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/producten", params={"peildatum": "2026-06-01"},
                         headers=LOKET)
    assert r.status_code == 200, r.text
    producten = {p["code"]: p for p in r.json()["items"]}
    categorieen = {code: p["productcategorie"] for code, p in producten.items()}
    assert set(categorieen.values()) >= {"08", "11", "12", "13", "14"}
    assert categorieen["11X02"] == "11" and categorieen["11X12"] == "11"  # rolstoelen
    assert categorieen["12X07"] == "12" and categorieen["12X13"] == "12"  # scootmobiel, fiets
    assert categorieen["13X21"] == "13" and categorieen["14X99"] == "14"
    rolstoel = producten[ROLSTOEL]
    assert (rolstoel["eenheid"], rolstoel["frequentie"], rolstoel["soort"]) == (
        "82", "6", "maatwerk"), "one item, in total over the validity"
    assert rolstoel["tariefCents"] > 0
    assert [a["code"] for a in rolstoel["aanbieders"]] == list(LEVERANCIERS)
    kleine, grote = producten["13A02"], producten["13A03"]
    assert (kleine["eenheid"], grote["eenheid"]) == ("83", "83"), "a budget in euro's"
    assert [a["code"] for a in kleine["aanbieders"]] == ["75750108"]
    vervoer = producten["08A01"]
    assert vervoer["productcategorie"] == "08" and vervoer["aanbieders"][0]["code"] == "75750106"
    assert "02A05" in producten and "12A01" in producten, "the earlier range stays"


async def test_a_returned_rolstoel_is_issued_again_to_another_resident(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    anna, bram = client_id(), client_id()
    product_anna = await beschikt_product(client, app, anna)
    r = await verstrek(client, product_anna["id"], verstrektOp="2026-05-12",
                       serienummer="RS-2026-001")
    assert r.status_code == 201, r.text
    eerste = r.json()
    assert eerste["herverstrekking"] is False, "the depot had no rolstoel: a new one"
    assert (eerste["clientId"], eerste["productCode"], eerste["hulpmiddelStatus"]) == (
        anna, ROLSTOEL, "verstrekt")
    item_id = eerste["hulpmiddelId"]
    r = await client.get(f"/api/v1/hulpmiddelen/{item_id}", headers=CLERK)
    assert (r.json()["serienummer"], r.json()["leverancier"], r.json()["herkomst"]) == (
        "RS-2026-001", LEVERANCIERS[0], "nieuw")

    r = await verstrek(client, product_anna["id"], verstrektOp="2026-05-13")
    assert r.status_code == 409, "the one granted rolstoel is with her already"

    r = await client.post(f"/api/v1/hulpmiddelen/{item_id}/innames", headers=LOKET,
                          json={"ingenomenOp": "2026-05-11", "herbruikbaar": True})
    assert r.status_code == 422, "taken back before it was issued"
    r = await client.post(f"/api/v1/hulpmiddelen/{item_id}/innames", headers=LOKET,
                          json={"ingenomenOp": "2026-06-01", "herbruikbaar": True})
    assert r.status_code == 201, r.text
    assert (r.json()["ingenomenOp"], r.json()["herbruikbaar"], r.json()["hulpmiddelStatus"]) \
        == ("2026-06-01", True, "in-depot")
    r = await client.post(f"/api/v1/hulpmiddelen/{item_id}/innames", headers=LOKET,
                          json={"ingenomenOp": "2026-06-02", "herbruikbaar": True})
    assert r.status_code == 409, "it is in the depot already"
    r = await client.get("/api/v1/hulpmiddelen", params={"status": "in-depot",
                                                         "productCode": ROLSTOEL}, headers=LOKET)
    assert [h["id"] for h in r.json()["items"]] == [item_id]

    product_bram = await beschikt_product(client, app, bram, aanbieder=LEVERANCIERS[1])
    r = await verstrek(client, product_bram["id"], verstrektOp="2026-06-03")
    assert r.status_code == 201, r.text
    tweede = r.json()
    assert tweede["herverstrekking"] is True and tweede["hulpmiddelId"] == item_id, \
        "reuse before new: the returned rolstoel, not a new one"
    assert tweede["clientId"] == bram
    assert await count(app, "hulpmiddelen") == 1

    r = await client.get(f"/api/v1/hulpmiddelen/{item_id}", headers=CLERK)
    detail = r.json()
    assert detail["status"] == "verstrekt"
    assert [(v["clientId"], v["herverstrekking"], v["ingenomenOp"])
            for v in detail["verstrekkingen"]] == [(anna, False, "2026-06-01"),
                                                   (bram, True, None)]
    async with app.state.runtime.engine.connect() as conn:
        audited = set((await conn.execute(sa.text(
            "SELECT action, client_id FROM audit_log WHERE resource_type LIKE 'hulpmiddel%'"
        ))).all())
    assert {("create", anna), ("update", anna), ("create", bram), ("read", anna),
            ("read", bram)} <= audited

    # Worn out: written off; the next issue of a rolstoel is a new one again.
    r = await client.post(f"/api/v1/hulpmiddelen/{item_id}/innames", headers=LOKET,
                          json={"ingenomenOp": "2026-06-10", "herbruikbaar": False})
    assert r.status_code == 201 and r.json()["hulpmiddelStatus"] == "afgeschreven"
    r = await verstrek(client, product_anna["id"], verstrektOp="2026-06-11")
    assert r.status_code == 201, r.text
    assert r.json()["herverstrekking"] is False and r.json()["hulpmiddelId"] != item_id

    events = await hulpmiddel_events(app)
    assert [(t, e.get("herverstrekking", e.get("herbruikbaar"))) for t, e in events] == [
        ("hulpmiddel-verstrekt", False), ("hulpmiddel-ingenomen", True),
        ("hulpmiddel-verstrekt", True), ("hulpmiddel-ingenomen", False),
        ("hulpmiddel-verstrekt", False)]
    _, verstrekt = events[2]
    assert (verstrekt["hulpmiddelId"], verstrekt["clientId"], verstrekt["productcategorie"],
            verstrekt["beschiktProductId"]) == (item_id, bram, "11", product_bram["id"])


async def test_a_depot_item_registered_as_returned_goes_before_a_new_one(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    r = await client.post("/api/v1/hulpmiddelen", headers=LOKET, json={
        "productCode": ROLSTOEL, "serienummer": "RS-OUD-7", "herkomst": "retour",
        "geregistreerdOp": "2026-04-01"})
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"/api/v1/hulpmiddelen/{r.json()['id']}"
    assert r.json()["status"] == "in-depot"
    r2 = await client.post("/api/v1/hulpmiddelen", headers=LOKET, json={
        "productCode": ROLSTOEL, "serienummer": "RS-OUD-7"})
    assert r2.status_code == 409, "one serial number once per product"
    product = await beschikt_product(client, app, client_id())
    v = await verstrek(client, product["id"], verstrektOp="2026-05-12", serienummer="NIEUW-1")
    assert v.status_code == 201, v.text
    assert v.json()["hulpmiddelId"] == r.json()["id"] and v.json()["herverstrekking"] is True
    assert await count(app, "hulpmiddelen") == 1


async def test_what_the_depot_does_not_issue_is_refused_and_nothing_written(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    pgb = await beschikt_product(client, app, client_id(), leveringsvorm="pgb", aanbieder=None,
                                 pgb={"motiveringZinPastNiet": "eigen leverancier",
                                      "budgetBeheerbaar": True, "kwaliteitGewaarborgd": True})
    assert pgb["leveringsvorm"] == "pgb", "an aid may be granted as a PGB"
    r = await verstrek(client, pgb["id"], verstrektOp="2026-05-12")
    assert r.status_code == 422 and "PGB" in r.json()["detail"], r.text
    assert r.headers["content-type"] == "application/problem+json"

    aanpassing = await beschikt_product(client, app, client_id(), code="13A02", volume=3000,
                                        aanbieder="75750108")
    r = await verstrek(client, aanpassing["id"], verstrektOp="2026-05-12")
    assert r.status_code == 422 and "not an aid" in r.json()["detail"]

    r = await verstrek(client, str(uuid.uuid4()), verstrektOp="2026-05-12")
    assert r.status_code == 404
    r = await client.post("/api/v1/hulpmiddelen", headers=LOKET,
                          json={"productCode": "13A02"})
    assert r.status_code == 422, "the depot holds aids only"
    r = await client.post("/api/v1/hulpmiddelen", headers=LOKET,
                          json={"productCode": ROLSTOEL, "leverancier": "75750101"})
    assert r.status_code == 422, "not a contracted supplier of rolstoelen"
    assert await count(app, "hulpmiddelen") == 0
    assert await count(app, "hulpmiddel_verstrekkingen") == 0
    assert await hulpmiddel_events(app) == []

    r = await client.get("/api/v1/hulpmiddelen", headers=bearer("buurtteam"))
    assert r.status_code == 403


async def test_an_issue_waits_for_the_approval_and_a_named_item_must_be_in_the_depot(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    # Two rolstoelen (above the maximum of 1): eenvoudig maatwerk, a second approver.
    twee = await beschikt_product(client, app, client_id(), volume=2, extra={
        "eenvoudigMaatwerk": {"reden": "een binnen- en een buitenrolstoel"}})
    assert twee["beschikkingStatus"] == "ter-goedkeuring"
    r = await verstrek(client, twee["id"], verstrektOp="2026-05-12")
    assert r.status_code == 422 and "ter-goedkeuring" in r.json()["detail"]

    scootmobiel = (await client.post("/api/v1/hulpmiddelen", headers=LOKET, json={
        "productCode": "12X07"})).json()
    product = await beschikt_product(client, app, client_id())
    r = await verstrek(client, product["id"], verstrektOp="2026-05-12",
                       hulpmiddelId=scootmobiel["id"])
    assert r.status_code == 422, "a scootmobiel on a granted rolstoel"
    rolstoel = (await client.post("/api/v1/hulpmiddelen", headers=LOKET, json={
        "productCode": ROLSTOEL})).json()
    r = await verstrek(client, product["id"], verstrektOp="2026-05-12",
                       hulpmiddelId=rolstoel["id"])
    assert r.status_code == 201 and r.json()["herverstrekking"] is False, \
        "bought for stock, issued for the first time: no reuse"
    ander = await beschikt_product(client, app, client_id())
    r = await verstrek(client, ander["id"], verstrektOp="2026-05-12",
                       hulpmiddelId=rolstoel["id"])
    assert r.status_code == 409, "that rolstoel is with a resident"
