"""opvang's part of the resident's rights (real PostgreSQL): the inzage of one client for
toegang's service token, and retention with a moved clock: a stay that ended goes 15 years
after the uitstroom (Wmo 2015 art. 5.3.4) with its placement and housing offer, a resident
still waiting stays, and the destruction is logged as counts."""

from __future__ import annotations

import json
import uuid
from datetime import date

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from opvang.models import Base
from opvang.repository.persoonsgegevens import BRONNEN, REGELS
from wmokernel.auth import issue_dev_token
from wmokernel.bewaartermijnen import niet_gedekt, pas_toe
from wmokernel.settings import KernelSettings

from ..conftest import bearer
from ..helpers import TOEGANG, aanmelding, client_id, locatie, scalar

# The logboek has a term of its own (tested in toegang): kept out of these rounds.
KEEP_LOGBOEK = {"logboek": "P100Y"}
PROVIDER = bearer("aanbieder", subject="ldh-1", team="leger-des-heils")
SYSTEEM = {"Authorization": "Bearer " + issue_dev_token(
    KernelSettings(), "toegang", ["systeem"], scopes=["inzage:verzamelen"])}


def test_every_table_holding_client_data_is_exported_and_has_a_term() -> None:
    holding = {t.name for t in Base.metadata.sorted_tables
               if "client_id" in t.c and t.name != "audit_log"}
    assert holding <= {b.tabel.name for b in BRONNEN}
    assert {b.tabel.name for b in BRONNEN} == {"aanmeldingen", "plaatsingen",
                                               "woningaanbiedingen"}
    assert niet_gedekt([b.tabel for b in BRONNEN], REGELS) == []


async def stay(client: httpx.AsyncClient) -> tuple[dict[str, object], str]:
    """Aanmelding on 5 January 2026, placed 1 February, admitted 2 February, a housing offer
    on 1 June, uitstroom on 15 June 2026."""
    a = await aanmelding(client, n="A", verwezen_op=date(2026, 1, 5))
    r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                          json={"aanmeldingId": a["id"], "gereserveerdOp": "2026-02-01"})
    assert r.status_code == 201, r.text
    path = f"/api/v1/plaatsingen/{r.json()['id']}"
    for step, body in (("opname", {"opgenomenOp": "2026-02-02"}),
                       ("woningaanbiedingen", {"soort": "thuis-voor-iedereen",
                                               "gemeente": "0344",
                                               "aangebodenOp": "2026-06-01"}),
                       ("uitstroom", {"uitgestroomdOp": "2026-06-15",
                                      "bestemming": "zelfstandig-wonen"})):
        r = await client.post(f"{path}/{step}", headers=PROVIDER if step != "woningaanbiedingen"
                              else TOEGANG, json=body)
        assert r.status_code in (200, 201), r.text
    return a, r.json()["id"]


async def test_the_inzage_and_retention_of_a_stay(client: httpx.AsyncClient,
                                                 app: FastAPI) -> None:
    await locatie(client, capaciteit=3)
    a, plaatsing = await stay(client)
    b = await aanmelding(client, n="B", verwezen_op=date(2026, 1, 5))

    verzoek = str(uuid.uuid4())
    r = await client.get(f"/api/v1/inzage/{client_id('A')}", params={"verzoek": verzoek},
                         headers=SYSTEEM)
    assert r.status_code == 200, r.text
    gegevens = r.json()["gegevens"]
    assert [x["id"] for x in gegevens["aanmeldingen"]] == [a["id"]]
    assert [x["id"] for x in gegevens["plaatsingen"]] == [plaatsing]
    assert len(gegevens["woningaanbiedingen"]) == 1
    assert client_id("B") not in r.text and str(b["id"]) not in r.text
    assert {v["soort"] for v in r.json()["verwerkingen"]} >= {"aanmelding", "plaatsing"}
    r = await client.get(f"/api/v1/inzage/{client_id('A')}", params={"verzoek": verzoek},
                         headers=TOEGANG)
    assert r.status_code == 403

    async def retention(vandaag: date) -> dict[str, int]:
        async with app.state.runtime.unit_of_work() as uow:
            return await pas_toe(uow, REGELS, vandaag, KEEP_LOGBOEK)

    # Out on 15 June 2026: the term's last day is 15 June 2041.
    assert await retention(date(2041, 6, 15)) == {}
    assert await retention(date(2041, 6, 16)) == {
        "aanmeldingen": 1, "aanmeldingen/plaatsingen": 1,
        "aanmeldingen/woningaanbiedingen": 1}
    assert await scalar(app, "SELECT count(*) FROM aanmeldingen WHERE client_id = :c",
                        c=client_id("A")) == 0
    assert await scalar(app, "SELECT status FROM aanmeldingen WHERE client_id = :c",
                        c=client_id("B")) == "wachtend"
    assert await retention(date(2099, 1, 1)) == {}, "a resident still waiting stays"
    async with app.state.runtime.engine.connect() as conn:
        logged = dict((await conn.execute(sa.text(
            "SELECT resource_type, resource_id FROM audit_log "
            "WHERE action = 'vernietiging'"))).all())
    assert logged == {"aanmeldingen": "1", "aanmeldingen/plaatsingen": "1",
                      "aanmeldingen/woningaanbiedingen": "1"}
    assert "A" not in json.dumps(logged)
