"""The bezwaar procedure after registration (verdaging, hoorzitting) and the beroep at the
rechtbank, over the API on a real PostgreSQL. Dates are counted by hand from the Awb and the
Algemene termijnenwet; all lie in the past, so the 'not after today' checks never bite."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from ..conftest import bearer
from .test_aanvragen import deliver_verwijzing
from .test_levering_api import ab_regel, beschik, event_types

CLERK = bearer("gemeente")
PROBLEM = "application/problem+json"


async def payloads(app: FastAPI, suffix: str) -> list[dict[str, Any]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT body FROM outbox WHERE event_type LIKE :t ORDER BY id"),
            {"t": f"%.{suffix}"})).scalars().all()
    return [json.loads(bytes(b)) for b in rows]


async def bezwaar_tegen(client: httpx.AsyncClient, app: FastAPI, verwezen_op: date,
                        afgegeven_op: str, ingediend_op: str, **extra: Any) -> dict[str, Any]:
    aanvraag_id = await deliver_verwijzing(app, verwezen_op)
    r = await beschik(client, aanvraag_id, {"besluit": "afgewezen", "motivering": "netwerk",
                                            "afgegevenOp": afgegeven_op})
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/bezwaren", headers=CLERK, json={
        "beschikkingId": r.json()["id"], "ingediendOp": ingediend_op, **extra})
    assert r.status_code == 201, r.text
    bezwaar: dict[str, Any] = r.json()
    return bezwaar


async def test_a_bezwaar_postponed_once_then_with_consent_heard_and_decided(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    # beschikking Tuesday 8 Sep 2026: bezwaartermijn to Tuesday 20 October; the decision term
    # runs 6 weeks from the day after: Tuesday 1 December 2026.
    bezwaar = await bezwaar_tegen(client, app, date(2026, 9, 1), "2026-09-08", "2026-09-20",
                                  ingediendDoor="gemachtigde")
    assert bezwaar["ingediendDoor"] == "gemachtigde"
    assert bezwaar["oorspronkelijkBeslissenUiterlijk"] == bezwaar["beslissenUiterlijk"] == (
        "2026-12-01")
    path = f"/api/v1/bezwaren/{bezwaar['id']}"

    r = await client.post(f"{path}/verdagingen", headers=CLERK, json={
        "weken": 6, "reden": "advies van de arts nodig", "verzondenOp": "2026-11-20"})
    assert r.status_code == 201, r.text
    b = r.json()
    # Awb 7:10 lid 3: 1 December + 6 weeks = Tuesday 12 January 2027
    assert (b["oorspronkelijkBeslissenUiterlijk"], b["beslissenUiterlijk"]) == (
        "2026-12-01", "2027-01-12")
    [v] = b["verdagingen"]
    assert (v["soort"], v["weken"], v["verzondenOp"], v["oudeUiterlijk"],
            v["nieuweUiterlijk"]) == ("verdaging", 6, "2026-11-20", "2026-12-01", "2027-01-12")

    r = await client.post(f"{path}/verdagingen", headers=CLERK, json={
        "weken": 1, "reden": "nog een keer", "verzondenOp": "2026-11-23"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert "Awb 7:10 lid 3" in r.json()["detail"]
    r = await client.get(path, headers=CLERK)
    assert r.json()["beslissenUiterlijk"] == "2027-01-12", "a refused verdaging moves nothing"

    r = await client.post(f"{path}/verdagingen", headers=CLERK, json={
        "weken": 2, "reden": "indiener wil stukken aanvullen", "verzondenOp": "2026-11-25",
        "metInstemming": True})
    assert r.status_code == 201, r.text
    # Awb 7:10 lid 4: 12 January 2027 + 2 weeks = Tuesday 26 January 2027
    assert r.json()["beslissenUiterlijk"] == "2027-01-26"
    assert r.json()["oorspronkelijkBeslissenUiterlijk"] == "2026-12-01"
    assert [v["soort"] for v in r.json()["verdagingen"]] == ["verdaging",
                                                              "uitstel-met-instemming"]

    r = await client.post(f"{path}/beslissing", headers=CLERK, json={
        "uitkomst": "ongegrond", "beslotenOp": "2026-12-01", "motivering": "m"})
    assert r.status_code == 422 and "Awb 7:2" in r.json()["detail"], "not heard yet"
    r = await client.post(f"{path}/hoorzitting", headers=CLERK, json={})
    assert r.status_code == 422, "a hearing date or a ground for none"
    r = await client.post(f"{path}/hoorzitting", headers=CLERK, json={"gehoordOp": "2026-11-24"})
    assert r.status_code == 200 and r.json()["gehoordOp"] == "2026-11-24"
    r = await client.post(f"{path}/hoorzitting", headers=CLERK,
                          json={"afgezien": "indiener-ziet-af"})
    assert r.status_code == 409, "recorded once"

    r = await client.post(f"{path}/beslissing", headers=CLERK, json={
        "uitkomst": "ongegrond", "beslotenOp": "2026-12-01", "verzondenOp": "2026-12-02",
        "motivering": "de beschikking blijft"})
    assert r.status_code == 200, r.text
    b = r.json()
    # beroep: Wednesday 2 December 2026 + 6 weeks = Wednesday 13 January 2027
    assert (b["status"], b["verzondenOp"], b["beroepUiterlijk"]) == (
        "beslist", "2026-12-02", "2027-01-13")
    r = await client.post(f"{path}/verdagingen", headers=CLERK, json={
        "weken": 1, "reden": "te laat", "verzondenOp": "2026-12-02", "metInstemming": True})
    assert r.status_code == 409, "a decided bezwaar has no term left to postpone"

    [verdaagd, uitstel] = await payloads(app, "bezwaar-verdaagd")
    assert (verdaagd["soort"], verdaagd["oudeUiterlijk"], verdaagd["beslissenUiterlijk"],
            verdaagd["oorspronkelijkUiterlijk"]) == (
        "verdaging", "2026-12-01", "2027-01-12", "2026-12-01")
    assert (uitstel["soort"], uitstel["beslissenUiterlijk"]) == (
        "uitstel-met-instemming", "2027-01-26")
    [beslist] = await payloads(app, "bezwaar-beslist")
    assert (beslist["beslissenUiterlijk"], beslist["oorspronkelijkUiterlijk"],
            beslist["binnenTermijn"], beslist["beroepUiterlijk"]) == (
        "2027-01-26", "2026-12-01", True, "2027-01-13")
    [ingediend] = await payloads(app, "bezwaar-ingediend")
    assert ingediend["ingediendDoor"] == "gemachtigde"
    for p in (verdaagd, uitstel, beslist):
        assert "reden" not in p and "motivering" not in p, "no free text on the bus"


async def test_a_verdaging_comes_before_the_term_ends_and_by_at_most_six_weeks(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    bezwaar = await bezwaar_tegen(client, app, date(2026, 3, 2), "2026-03-09", "2026-03-16")
    path = f"/api/v1/bezwaren/{bezwaar['id']}/verdagingen"
    # 9 March + 6 weeks = Monday 20 April; decision term + 6 weeks = Monday 1 June 2026
    assert bezwaar["beslissenUiterlijk"] == "2026-06-01"
    r = await client.post(path, headers=CLERK, json={
        "weken": 7, "reden": "r", "verzondenOp": "2026-05-01"})
    assert r.status_code == 422 and "at most 6 weeks" in r.json()["detail"]
    r = await client.post(path, headers=CLERK, json={
        "weken": 6, "reden": "r", "verzondenOp": "2026-06-02"})
    assert r.status_code == 422 and "before the term ends" in r.json()["detail"]
    r = await client.post(path, headers=bearer("buurtteam"), json={
        "weken": 6, "reden": "r", "verzondenOp": "2026-05-01"})
    assert r.status_code == 403
    assert await event_types(app) == ["aanvraag-ontvangen", "beschikking-afgegeven",
                                      "bezwaar-ingediend"]


async def test_a_late_beroep_gegrond_reopens_the_aanvraag_for_a_new_beschikking(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    bezwaar = await bezwaar_tegen(client, app, date(2026, 3, 2), "2026-03-09", "2026-03-16")
    path = f"/api/v1/bezwaren/{bezwaar['id']}"
    r = await client.post("/api/v1/beroepen", headers=CLERK, json={
        "bezwaarId": bezwaar["id"], "ingesteldOp": "2026-04-01"})
    assert r.status_code == 409, "no beroep before the besluit op bezwaar"
    r = await client.post(f"{path}/hoorzitting", headers=CLERK,
                          json={"afgezien": "kennelijk-ongegrond"})
    assert r.status_code == 200 and r.json()["horenAfgezien"] == "kennelijk-ongegrond"
    r = await client.post(f"{path}/beslissing", headers=CLERK, json={
        "uitkomst": "ongegrond", "beslotenOp": "2026-03-23", "verzondenOp": "2026-03-24",
        "motivering": "kennelijk ongegrond"})
    assert r.status_code == 200, r.text
    # Tuesday 24 March 2026 + 6 weeks = Tuesday 5 May, Bevrijdingsdag → Wednesday 6 May
    assert r.json()["beroepUiterlijk"] == "2026-05-06"

    r = await client.post("/api/v1/beroepen", headers=bearer("buurtteam"), json={
        "bezwaarId": bezwaar["id"], "ingesteldOp": "2026-05-07"})
    assert r.status_code == 403
    r = await client.post("/api/v1/beroepen", headers=CLERK, json={
        "bezwaarId": bezwaar["id"], "ingesteldOp": "2026-05-07", "zaaknummer": "UTR 26/1234"})
    assert r.status_code == 201, r.text
    beroep = r.json()
    assert r.headers["location"] == f"/api/v1/beroepen/{beroep['id']}"
    assert (beroep["rechtbank"], beroep["beroepUiterlijk"], beroep["binnenTermijn"],
            beroep["status"]) == ("midden-nederland", "2026-05-06", False, "ingesteld"), \
        "a day late: registered, and flagged"
    r = await client.post("/api/v1/beroepen", headers=CLERK, json={
        "bezwaarId": bezwaar["id"], "ingesteldOp": "2026-05-08"})
    assert r.status_code == 409, "one beroep per besluit op bezwaar"

    r = await client.post(f"/api/v1/beroepen/{beroep['id']}/uitspraak", headers=CLERK,
                          json={"uitspraak": "gegrond", "uitspraakOp": "2026-05-01"})
    assert r.status_code == 422, "no uitspraak before the beroep"
    r = await client.post(f"/api/v1/beroepen/{beroep['id']}/uitspraak", headers=CLERK,
                          json={"uitspraak": "gegrond", "uitspraakOp": "2026-07-01"})
    assert r.status_code == 200, r.text
    b = r.json()
    assert (b["status"], b["uitspraak"], b["uitspraakOp"], b["nieuweBeschikkingNodig"]) == (
        "uitspraak", "gegrond", "2026-07-01", True)
    assert b["teVervangenBeschikkingId"] == bezwaar["beschikkingId"]
    assert b["nieuweBeschikkingId"] is None
    r = await client.post(f"/api/v1/beroepen/{beroep['id']}/uitspraak", headers=CLERK,
                          json={"uitspraak": "ongegrond", "uitspraakOp": "2026-07-02"})
    assert r.status_code == 409, "one uitspraak"
    r = await client.get(f"/api/v1/aanvragen/{bezwaar['aanvraagId']}", headers=CLERK)
    assert r.json()["status"] == "heroverweging"

    r = await beschik(client, bezwaar["aanvraagId"], {
        "besluit": "toegekend", "motivering": "na de uitspraak", "afgegevenOp": "2026-07-06",
        "producten": [ab_regel(ingangsdatum="2026-07-13", einddatum="2027-07-12")]})
    assert r.status_code == 201, r.text
    nieuw = r.json()
    assert nieuw["vervangtBeschikkingId"] == bezwaar["beschikkingId"]
    r = await client.get(f"/api/v1/beroepen/{beroep['id']}", headers=CLERK)
    assert r.json()["nieuweBeschikkingId"] == nieuw["id"]

    r = await client.get("/api/v1/beroepen", headers=CLERK,
                         params={"bezwaarId": bezwaar["id"], "pageSize": 1})
    page = r.json()
    assert page["total"] == 1 and page["items"][0]["nieuweBeschikkingId"] == nieuw["id"]
    assert "bezwaarId=" in page["_links"]["self"]["href"]
    r = await client.get("/api/v1/beroepen", headers=CLERK, params={"status": "ingesteld"})
    assert r.json()["total"] == 0

    types = await event_types(app)
    assert types[-5:] == ["bezwaar-ingediend", "bezwaar-beslist", "beroep-ingesteld",
                          "beroep-uitspraak", "beschikking-afgegeven"]
    [ingesteld] = await payloads(app, "beroep-ingesteld")
    assert (ingesteld["binnenTermijn"], ingesteld["beroepUiterlijk"], ingesteld["rechtbank"]) == (
        False, "2026-05-06", "midden-nederland")
    assert "zaaknummer" not in ingesteld
    [uitspraak] = await payloads(app, "beroep-uitspraak")
    assert (uitspraak["uitspraak"], uitspraak["nieuweBeschikkingNodig"],
            uitspraak["teVervangenBeschikkingId"]) == ("gegrond", True, bezwaar["beschikkingId"])


async def test_a_withdrawn_bezwaar_leaves_no_besluit_to_appeal(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    bezwaar = await bezwaar_tegen(client, app, date(2026, 3, 2), "2026-03-09", "2026-03-16")
    path = f"/api/v1/bezwaren/{bezwaar['id']}"
    r = await client.post(f"{path}/hoorzitting", headers=CLERK,
                          json={"afgezien": "volledig-tegemoetgekomen"})
    assert r.status_code == 200
    r = await client.post(f"{path}/beslissing", headers=CLERK, json={
        "uitkomst": "deels-gegrond", "beslotenOp": "2026-03-23", "motivering": "m"})
    assert r.status_code == 422 and "Awb 7:3" in r.json()["detail"], \
        "waived as fully granted, decided only partly"
    r = await client.post(f"{path}/beslissing", headers=CLERK, json={
        "uitkomst": "ingetrokken", "beslotenOp": "2026-03-23", "motivering": "ingetrokken"})
    assert r.status_code == 200 and r.json()["beroepUiterlijk"] is None
    r = await client.post("/api/v1/beroepen", headers=CLERK, json={
        "bezwaarId": bezwaar["id"], "ingesteldOp": "2026-04-01"})
    assert r.status_code == 409 and "withdrawn" in r.json()["detail"]


async def test_beroep_ongegrond_reopens_nothing(client: httpx.AsyncClient, app: FastAPI) -> None:
    other = await bezwaar_tegen(client, app, date(2026, 4, 1), "2026-04-08", "2026-04-10")
    path = f"/api/v1/bezwaren/{other['id']}"
    await client.post(f"{path}/hoorzitting", headers=CLERK, json={"gehoordOp": "2026-04-20"})
    r = await client.post(f"{path}/beslissing", headers=CLERK, json={
        "uitkomst": "ongegrond", "beslotenOp": "2026-04-30", "motivering": "m"})
    # sent the day it was taken: Thursday 30 April + 6 weeks = Thursday 11 June 2026
    assert r.json()["verzondenOp"] == "2026-04-30" and r.json()["beroepUiterlijk"] == "2026-06-11"
    r = await client.post("/api/v1/beroepen", headers=CLERK, json={
        "bezwaarId": other["id"], "ingesteldOp": "2026-06-11", "rechtbank": "gelderland"})
    assert r.status_code == 201 and r.json()["binnenTermijn"] is True
    beroep = r.json()
    r = await client.post(f"/api/v1/beroepen/{beroep['id']}/uitspraak", headers=CLERK,
                          json={"uitspraak": "ongegrond", "uitspraakOp": "2026-09-01"})
    assert r.status_code == 200
    assert (r.json()["nieuweBeschikkingNodig"], r.json()["teVervangenBeschikkingId"]) == (
        False, None)
    r = await client.get(f"/api/v1/aanvragen/{other['aanvraagId']}", headers=CLERK)
    assert r.json()["status"] == "besloten", "an ongegrond beroep reopens nothing"
    r = await client.get(f"/api/v1/beroepen/{beroep['id']}", headers=bearer("aanbieder"))
    assert r.status_code == 403
