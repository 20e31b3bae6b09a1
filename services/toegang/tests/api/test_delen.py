"""Sharing a resident's data with another party (real PostgreSQL): without the resident's
consent for that recipient and purpose, and without a legal basis, it is refused (403, naming
the consent to record) and the refusal is in the logboek; with consent, or on a legal basis,
it happens and the logboek names what it rested on."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from ..conftest import bearer
from .test_casus_api import PREFIX, events, melding, post
from .test_meldingen_api import assert_problem
from .test_u16_meldingen import ZEIST, zeist_melding

WORKER = bearer("buurtteam")
SIGNAAL = {"naar": "werk-en-inkomen", "toelichting": "huurachterstand"}


async def logboek(app: FastAPI, resource_type: str = "delen") -> list[dict[str, Any]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(sa.text(
            "SELECT actor, action, client_id, purpose, activity, grondslag, toestemming_id, "
            "trace_id FROM audit_log WHERE resource_type = :r ORDER BY id"),
            {"r": resource_type})
        return [dict(r._mapping) for r in rows]


async def test_a_signal_without_consent_is_refused_and_logged_and_with_consent_allowed(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = await post(client, "/meldingen", melding())
    mid, cid = m["id"], m["clientId"]
    path = f"/api/v1/meldingen/{mid}/verwijzingen"

    r = await client.post(path, json=SIGNAAL, headers=WORKER)
    detail = assert_problem(r, 403)["detail"]
    assert "'werk-en-inkomen'" in detail and "'schuldhulpverlening'" in detail
    assert f"POST /api/v1/clienten/{cid}/toestemmingen" in detail
    # Nothing left toegang: no verwijzing, no signal on the bus.
    dossier = (await client.get(f"/api/v1/meldingen/{mid}", headers=WORKER)).json()
    assert dossier["verwijzingen"] == []
    assert "signaal-werk-en-inkomen-gegeven" not in [k for k, _ in await events(app)]
    [refusal] = await logboek(app)
    assert len(refusal.pop("trace_id")) == 32
    assert refusal == {
        "actor": "worker-1", "action": "geweigerd", "client_id": cid,
        "purpose": "schuldhulpverlening (ontvanger: werk-en-inkomen): toestemming ontbreekt",
        "activity": "wmo/gegevens-delen", "grondslag": "toestemming", "toestemming_id": None}

    # Consent for another purpose, or one withdrawn, does not do.
    other = await post(client, f"/clienten/{cid}/toestemmingen",
                       {"ontvanger": "werk-en-inkomen", "doel": "re-integratie"})
    withdrawn = await post(client, f"/clienten/{cid}/toestemmingen",
                           {"ontvanger": "werk-en-inkomen", "doel": "schuldhulpverlening"})
    await post(client, f"/clienten/{cid}/toestemmingen/{withdrawn['id']}/intrekkingen", {})
    assert_problem(await client.post(path, json=SIGNAAL, headers=WORKER), 403)
    assert other["id"] != withdrawn["id"]

    # The resident consents, as the problem said: the signal goes, resting on that consent.
    consent = await post(client, f"/clienten/{cid}/toestemmingen",
                         {"ontvanger": "Werk-en-Inkomen ", "doel": "schuldhulpverlening"})
    v = await post(client, f"/meldingen/{mid}/verwijzingen", SIGNAAL)
    assert v["naar"] == "werk-en-inkomen"
    assert "signaal-werk-en-inkomen-gegeven" in [k for k, _ in await events(app)]
    shares = await logboek(app)
    assert [(s["action"], s["grondslag"], s["toestemming_id"]) for s in shares] == [
        ("geweigerd", "toestemming", None), ("geweigerd", "toestemming", None),
        ("verstrekken", "toestemming", consent["id"])]
    assert shares[-1]["purpose"] == "schuldhulpverlening (ontvanger: werk-en-inkomen)"


async def test_a_share_on_a_legal_basis_needs_no_consent_and_names_the_basis(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = await post(client, "/meldingen", melding())
    cid = m["clientId"]
    consents = (await client.get(f"/api/v1/clienten/{cid}/toestemmingen",
                                 headers=WORKER)).json()
    assert consents["items"] == []
    # Aanvullende zorg: the gemeente's own decision on the aanvraag.
    await post(client, f"/meldingen/{m['id']}/verwijzingen", {"toelichting": "begeleiding"})
    assert [(k, b["clientId"]) for k, b in await events(app)
            if k == "verwijzing-gedaan"] == [("verwijzing-gedaan", cid)]
    share = await logboek(app)
    assert [(s["action"], s["client_id"], s["grondslag"], s["toestemming_id"])
            for s in share] == [("verstrekken", cid, "wmo-besluit", None)]

    # A U16 municipality's resident: forwarded to the Regionale toegang (centrumgemeente), and
    # read by its own municipality (woongemeente), each on its basis.
    z = await post(client, "/meldingen", zeist_melding(bsn="123456782"), headers=ZEIST)
    r = await client.get(f"/api/v1/clienten/{z['clientId']}", headers=ZEIST)
    assert r.status_code == 200
    assert [s["grondslag"] for s in await logboek(app)][1:] == ["centrumgemeente-opvang"]
    reads = [(row["action"], row["grondslag"]) for row in await logboek(app, "client")
             if row["client_id"] == z["clientId"]]
    assert reads == [("read", "woongemeente")]

    # The BSN for an iWmo message: the BSN's own basis.
    indicatie = bearer("systeem", subject="indicatie", team=None, scopes=("bsn:lezen",))
    r = await client.get(f"/api/v1/clienten/{cid}/bsn", params={"doel": "iWmo WMO301"},
                         headers=indicatie)
    assert r.status_code == 200
    assert [(row["action"], row["grondslag"], row["activity"])
            for row in await logboek(app, "bsn")] == [
        ("read", "bsn-iwmo", "wmo/bsn-verstrekking")]


async def test_a_professional_of_another_team_joins_only_on_consent(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = await post(client, "/meldingen", melding())
    mid, cid = m["id"], m["clientId"]
    joins = {"medewerker": "bt-zuid-7", "team": "zuid", "reden": "kent de familie al jaren"}
    r = await client.post(f"/api/v1/meldingen/{mid}/medewerkers", json=joins, headers=WORKER)
    assert "'team zuid'" in assert_problem(r, 403)["detail"]
    zuid = bearer("buurtteam", subject="bt-zuid-7", team="zuid")
    assert (await client.get(f"/api/v1/meldingen/{mid}", headers=zuid)).status_code == 404

    # At the resident's own request: that request is recorded as the consent it rests on.
    row = await post(client, f"/meldingen/{mid}/medewerkers", {**joins, "opVerzoekInwoner": True})
    assert row["team"] == "zuid"
    consents = (await client.get(f"/api/v1/clienten/{cid}/toestemmingen",
                                 headers=WORKER)).json()["items"]
    assert [(c["ontvanger"], c["doel"], c["geldig"]) for c in consents] == [
        ("team zuid", "deelname aan de casus", True)]
    assert [(s["action"], s["toestemming_id"]) for s in await logboek(app)] == [
        ("geweigerd", None), ("verstrekken", consents[0]["id"])]
    assert (await client.get(f"/api/v1/meldingen/{mid}", headers=zuid)).status_code == 200
    # A colleague of the own team needs nothing.
    await post(client, f"/meldingen/{mid}/medewerkers",
               {"medewerker": "worker-3", "reden": "vervanging tijdens verlof"})
    assert len(await logboek(app)) == 2


async def test_the_logboek_row_carries_the_callers_trace(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    headers = {**WORKER, "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
    r = await client.post("/api/v1/meldingen", json=melding(), headers=headers)
    assert r.status_code == 201
    r = await client.post(f"/api/v1/meldingen/{r.json()['id']}/verwijzingen",
                          json={"toelichting": "begeleiding"}, headers=headers)
    assert r.status_code == 201
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT trace_id, span_id, parent_span_id FROM audit_log"))).all()
        published = (await conn.execute(sa.text(
            "SELECT headers FROM outbox WHERE event_type = :t"),
            {"t": PREFIX + "verwijzing-gedaan"})).scalar_one()
    assert len(rows) >= 3 and {row.trace_id for row in rows} == {trace_id}
    assert len({row.span_id for row in rows}) == len(rows), "each row is an action of its own"
    assert all(len(row.span_id) == 16 and row.parent_span_id for row in rows)
    # The event carries the same trace on to the services that consume it.
    assert trace_id in str(published)
