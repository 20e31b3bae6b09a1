"""indicatie's part of the resident's rights (real PostgreSQL): the inzage of one client for
toegang's service token, and retention with a moved clock: a decided dossier goes 15 years
after its last date (Wmo 2015 art. 5.3.4), a beschikking under an open bezwaar stays with its
aanvraag, and the destruction is logged as counts."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.models import Base
from indicatie.repository.persoonsgegevens import BRONNEN, REGELS
from indicatie.service.toegang_events import on_toegang_event
from wmokernel.auth import issue_dev_token
from wmokernel.bewaartermijnen import niet_gedekt, pas_toe
from wmokernel.catalogue import VerwijzingGedaan
from wmokernel.settings import KernelSettings

from ..conftest import bearer

# The logboek has a term of its own (tested in toegang): kept out of these rounds.
KEEP_LOGBOEK = {"logboek": "P100Y"}
CLERK = bearer("gemeente")
A, B = "p-" + "a1" * 16, "p-" + "b2" * 16


def systeem(*scopes: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), "toegang",
                                                         ["systeem"], scopes=scopes)}


def test_every_table_holding_client_data_is_exported_and_has_a_term() -> None:
    holding = {t.name for t in Base.metadata.sorted_tables
               if "client_id" in t.c and t.name != "audit_log"}
    assert holding <= {b.tabel.name for b in BRONNEN}
    assert niet_gedekt([b.tabel for b in BRONNEN], REGELS) == []


async def dossier(app: FastAPI, client: httpx.AsyncClient, client_id: str) -> dict[str, Any]:
    """A verwijzing on 1 May 2026 and a beschikking of 8 May granting ambulante begeleiding
    from 11 May 2026 to 10 May 2027 (in kind, so a CAK melding is made)."""
    event = VerwijzingGedaan(
        verwijzing_id=uuid.uuid4(), melding_id=uuid.uuid4(), client_id=client_id,
        verwezen_op=date(2026, 5, 1), gemeld_op=date(2026, 4, 1)).to_cloudevent("/wmo/toegang")
    async with app.state.runtime.unit_of_work() as uow:
        await on_toegang_event(uow, event)
    async with app.state.runtime.engine.connect() as conn:
        aanvraag = str(await conn.scalar(sa.text(
            "SELECT id FROM aanvragen WHERE client_id = :c"), {"c": client_id}))
    r = await client.post(f"/api/v1/aanvragen/{aanvraag}/beschikkingen", headers=CLERK, json={
        "besluit": "toegekend", "motivering": "begeleiding past", "afgegevenOp": "2026-05-08",
        "producten": [{"productCode": "02A05", "leveringsvorm": "zin",
                       "ingangsdatum": "2026-05-11", "einddatum": "2027-05-10", "volume": 4,
                       "wijk": "Overvecht"}]})
    assert r.status_code == 201, r.text
    return {"aanvraag": aanvraag, "beschikking": r.json()}


async def test_the_inzage_holds_the_clients_records_for_the_service_token_only(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    a, b = await dossier(app, client, A), await dossier(app, client, B)
    verzoek = str(uuid.uuid4())
    r = await client.get(f"/api/v1/inzage/{A}", params={"verzoek": verzoek},
                         headers=systeem("inzage:verzamelen"))
    assert r.status_code == 200, r.text
    part = r.json()
    assert (part["dienst"], part["clientId"], part["verzoekId"]) == ("indicatie", A, verzoek)
    gegevens = part["gegevens"]
    assert [x["id"] for x in gegevens["aanvragen"]] == [a["aanvraag"]]
    assert [x["id"] for x in gegevens["beschikkingen"]] == [a["beschikking"]["id"]]
    assert [x["id"] for x in gegevens["beschikteProducten"]] == [
        p["id"] for p in a["beschikking"]["producten"]]
    assert [x["clientId"] for x in gegevens["cakMeldingen"]] == [A]
    assert ("clerk-1", "create", "beschikking") in [
        (v["actor"], v["handeling"], v["soort"]) for v in part["verwerkingen"]]
    text = json.dumps(part)
    assert B not in text and b["aanvraag"] not in text and b["beschikking"]["id"] not in text

    for headers in (systeem(), systeem("bsn:lezen"), CLERK):
        r = await client.get(f"/api/v1/inzage/{A}", params={"verzoek": verzoek},
                             headers=headers)
        assert r.status_code == 403
    async with app.state.runtime.engine.connect() as conn:
        log = (await conn.execute(sa.text(
            "SELECT action, count(*) FROM audit_log WHERE resource_type = 'inzage' "
            "AND client_id = :c AND resource_id = :v GROUP BY action"),
            {"c": A, "v": verzoek})).all()
    assert sorted(tuple(r) for r in log) == [("geweigerd", 3), ("read", 1)]


async def test_a_decided_dossier_goes_after_its_term_one_under_bezwaar_stays(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    a, b = await dossier(app, client, A), await dossier(app, client, B)
    r = await client.post("/api/v1/bezwaren", headers=CLERK, json={
        "beschikkingId": b["beschikking"]["id"], "ingediendOp": "2026-05-20"})
    assert r.status_code == 201, r.text

    async def retention(vandaag: date) -> dict[str, int]:
        async with app.state.runtime.unit_of_work() as uow:
            return await pas_toe(uow, REGELS, vandaag, KEEP_LOGBOEK)

    async def ids(table: str) -> set[str]:
        async with app.state.runtime.engine.connect() as conn:
            return {str(x) for x in await conn.scalars(sa.text(f"SELECT id FROM {table}"))}

    # The product ran until 10 May 2027: the beschikking's and CAK melding's term ends on
    # 10 May 2042; the aanvraag, and what toegang told of its melding, go with it.
    assert await retention(date(2042, 5, 10)) == {}
    assert await retention(date(2042, 5, 11)) == {
        "cakMeldingen": 2, "beschikkingen": 1, "beschikkingen/beschikte_producten": 1,
        "aanvragen": 1, "toegangMeldingen": 1}
    assert await ids("aanvragen") == {b["aanvraag"]}
    assert await ids("beschikkingen") == {b["beschikking"]["id"]}
    assert len(await ids("bezwaren")) == 1
    async with app.state.runtime.engine.connect() as conn:
        logged = dict((await conn.execute(sa.text(
            "SELECT resource_type, resource_id FROM audit_log "
            "WHERE action = 'vernietiging'"))).all())
    assert logged == {"cakMeldingen": "2", "beschikkingen": "1",
                      "beschikkingen/beschikte_producten": "1", "aanvragen": "1",
                      "toegangMeldingen": "1"}
    # The open bezwaar runs: nothing of B goes, however late.
    assert await retention(date(2042, 5, 11) + timedelta(days=365 * 50)) == {}
    assert a["aanvraag"] not in await ids("aanvragen")
