"""Retention in toegang with a moved clock (real PostgreSQL): a referred casus goes 15 years
after its last step (Wmo 2015 art. 5.3.4) with its verwijzing and assignments, an open casus
stays, the registry entry goes once no casus of the client is left and its own term is over;
what went is logged as counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from toegang.models import Base
from toegang.repository.persoonsgegevens import BRONNEN, REGELS
from wmokernel.bewaartermijnen import niet_gedekt, pas_toe

from ..conftest import bearer

WORKER = bearer("buurtteam")
BSN_A, BSN_B = "111222333", "123456782"


def test_every_table_holding_client_data_has_a_term() -> None:
    holding = {t.name for t in Base.metadata.sorted_tables
               if "client_id" in t.c and t.name != "audit_log"}
    exported = {b.tabel.name for b in BRONNEN}
    assert holding | {"clients"} <= exported
    assert niet_gedekt([b.tabel for b in BRONNEN], REGELS) == []


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await client.post(f"/api/v1{path}", json=body, headers=WORKER)
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


async def retention(app: FastAPI, vandaag: date, logboek: str = "P100Y") -> dict[str, int]:
    """A round on ``vandaag``; the logboek's term, made long, keeps it out unless given."""
    async with app.state.runtime.unit_of_work() as uow:
        return await pas_toe(uow, REGELS, vandaag, {"logboek": logboek})


async def rows(app: FastAPI, sql: str, **params: Any) -> list[Any]:
    async with app.state.runtime.engine.connect() as conn:
        return list((await conn.execute(sa.text(sql), params)).scalars())


async def test_a_referred_casus_goes_after_its_term_an_open_one_stays(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    a = await post(client, "/meldingen", {"bsn": BSN_A, "kanaal": "buurtteam",
                                          "omschrijving": "hulp in huis",
                                          "gemeldOp": "2024-02-26", "wijk": "Overvecht"})
    await post(client, f"/meldingen/{a['id']}/verwijzingen",
               {"toelichting": "begeleiding", "verwezenOp": "2024-03-01"})
    b = await post(client, "/meldingen", {"bsn": BSN_B, "kanaal": "buurtteam",
                                          "omschrijving": "eenzaam",
                                          "gemeldOp": "2024-02-26", "wijk": "Overvecht"})

    # Referred on 1 March 2024: the term's last day is 1 March 2039.
    assert await retention(app, date(2039, 3, 1)) == {}
    gone = await retention(app, date(2039, 3, 2))
    assert gone == {"meldingen": 1, "meldingen/verwijzingen": 1,
                    "meldingen/dossier_medewerkers": 1}
    assert await rows(app, "SELECT id::text FROM meldingen") == [b["id"]]
    assert await rows(app, "SELECT count(*) FROM verwijzingen") == [0]
    # The registry entry was made today: its own term is not over, so it stays for now.
    assert sorted(await rows(app, "SELECT id FROM clients")) == sorted(
        [a["clientId"], b["clientId"]])

    logged = await rows(app, "SELECT resource_type || '=' || resource_id FROM audit_log "
                             "WHERE action = 'vernietiging'")
    assert sorted(logged) == ["meldingen/dossier_medewerkers=1", "meldingen/verwijzingen=1",
                              "meldingen=1"]
    purposes = await rows(app, "SELECT purpose FROM audit_log WHERE action = 'vernietiging'")
    assert all("P15Y" in p and "5.3.4" in p for p in purposes)
    assert BSN_A not in " ".join(purposes), "counts, not contents"

    # Far beyond every term: A's registry entry goes; B's open casus and entry stay. The
    # logboek rows written until now are older than its own 15 years too and go as well.
    later = date(date.today().year + 16, 1, 1)
    [written] = await rows(app, "SELECT count(*) FROM audit_log")
    assert await retention(app, later, "P15Y") == {"clienten": 1, "logboek": written}
    assert await rows(app, "SELECT id FROM clients") == [b["clientId"]]
    assert await rows(app, "SELECT id::text FROM meldingen") == [b["id"]]
    assert sorted(await rows(app, "SELECT resource_type || '=' || resource_id "
                                  "FROM audit_log")) == ["clienten=1", f"logboek={written}"]
    assert await retention(app, later) == {}, "a second round finds nothing more"
