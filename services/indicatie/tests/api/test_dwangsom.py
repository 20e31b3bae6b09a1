"""Ingebrekestelling and dwangsom over the API (Awb 4:17-4:18), on a real PostgreSQL.

The aanvraag of these tests is received on Friday 1 May 2026: its beschikking is due on
Friday 15 May. A notice of default received on Monday 18 May starts the dwangsom on Monday 1
June (two weeks later); its 42nd day is 12 July. Amounts by hand: EUR 23 a day for days 1-14,
EUR 35 for days 15-28, EUR 45 for days 29-42.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from ..conftest import bearer
from .test_aanvragen import count, deliver_verwijzing, product

CLERK = bearer("gemeente")
PROBLEM = "application/problem+json"


async def ingebrekestelling(client: httpx.AsyncClient, aanvraag_id: str,
                            ontvangen_op: str) -> httpx.Response:
    return await client.post(f"/api/v1/aanvragen/{aanvraag_id}/ingebrekestellingen",
                             json={"ontvangenOp": ontvangen_op}, headers=CLERK)


async def stand(client: httpx.AsyncClient, id_: str, op: str | None = None) -> dict[str, Any]:
    r = await client.get(f"/api/v1/ingebrekestellingen/{id_}", headers=CLERK,
                         params={"op": op} if op else {})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def afwijzen(client: httpx.AsyncClient, aanvraag_id: str, op: str) -> None:
    r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", headers=CLERK,
                          json={"besluit": "afgewezen", "motivering": "geen beperking",
                                "afgegevenOp": op, "producten": []})
    assert r.status_code == 201, r.text


async def events(app: FastAPI, soort: str) -> list[dict[str, Any]]:
    async with app.state.runtime.engine.connect() as conn:
        bodies = (await conn.scalars(sa.text(
            "SELECT body FROM outbox WHERE event_type = :t ORDER BY id"),
            {"t": f"nl.utrecht.wmo.indicatie.{soort}"})).all()
    return [json.loads(b) for b in bodies]


async def test_a_notice_given_before_the_term_passed_is_refused_naming_the_rule(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    r = await ingebrekestelling(client, aanvraag_id, "2026-05-15")  # the term's last day
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert "Awb 4:17 lid 3" in r.json()["detail"] and "2026-05-15" in r.json()["detail"]
    r = await ingebrekestelling(client, aanvraag_id, "2099-01-02")  # in the future
    assert r.status_code == 422
    for role in ("buurtteam", "aanbieder", "monitor-viewer"):
        r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/ingebrekestellingen",
                              json={"ontvangenOp": "2026-05-18"}, headers=bearer(role))
        assert r.status_code == 403
    r = await ingebrekestelling(client, str(uuid.uuid4()), "2026-05-18")
    assert r.status_code == 404
    assert await count(app, "ingebrekestellingen") == 0
    assert await events(app, "ingebrekestelling-ontvangen") == []


async def test_the_dwangsom_accrues_the_beschikking_stops_it_and_it_is_set(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    r = await ingebrekestelling(client, aanvraag_id, "2026-05-18")
    assert r.status_code == 201, r.text
    created = r.json()
    id_ = created["id"]
    assert r.headers["location"] == f"/api/v1/ingebrekestellingen/{id_}"
    assert (created["beslissenUiterlijk"], created["eersteDwangsomdag"],
            created["laatsteDwangsomdag"], created["maximumCents"]) == (
        "2026-05-15", "2026-06-01", "2026-07-12", 144200)
    [event] = await events(app, "ingebrekestelling-ontvangen")
    assert (event["aanvraagId"], event["ontvangenOp"], event["eersteDwangsomdag"]) == (
        aanvraag_id, "2026-05-18", "2026-06-01")
    assert event["clientId"].startswith("p-") and event["bezwaarId"] is None

    again = await ingebrekestelling(client, aanvraag_id, "2026-05-25")
    assert again.status_code == 422 and "once per decision" in again.json()["detail"]

    # op → (status, days, cents): before the first day nothing; day 1 = 23; day 14 = 322;
    # day 15 = 322 + 35 = 357.
    for op, expected in [("2026-05-31", ("lopend", 0, 0)), ("2026-06-01", ("lopend", 1, 2300)),
                         ("2026-06-14", ("lopend", 14, 32200)),
                         ("2026-06-15", ("lopend", 15, 35700))]:
        s = await stand(client, id_, op)
        assert (s["status"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == expected, op
        assert s["peildatum"] == op and s["vaststellenUiterlijk"] is None

    r = await client.post(f"/api/v1/ingebrekestellingen/{id_}/vaststelling", headers=CLERK,
                          json={"vastgesteldOp": "2026-06-15", "bedragCents": 35700})
    assert r.status_code == 422 and "Awb 4:18" in r.json()["detail"]

    # The beschikking on Friday 19 June: days 1-18 June are owed (the 19th is not), 18 days =
    # 322 + 4 x 35 = 462.
    await afwijzen(client, aanvraag_id, "2026-06-19")
    s = await stand(client, id_)
    assert (s["status"], s["beslistOp"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == (
        "gestopt-door-beschikking", "2026-06-19", 18, 46200)
    # Awb 4:18: last day owed Thursday 18 June + 2 weeks = Thursday 2 July.
    assert s["vaststellenUiterlijk"] == "2026-07-02"
    s = await stand(client, id_, "2026-06-17")  # before the beschikking: 17 days = 427
    assert (s["status"], s["beslistOp"], s["verschuldigdCents"]) == ("lopend", None, 42700)

    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK)
    assert [i["id"] for i in r.json()["items"]] == [id_] and r.json()["total"] == 1
    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK,
                         params={"status": "lopend"})
    assert r.json()["items"] == []
    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK,
                         params={"status": "lopend", "op": "2026-06-10"})
    assert [(i["id"], i["verschuldigdCents"]) for i in r.json()["items"]] == [(id_, 23000)]

    path = f"/api/v1/ingebrekestellingen/{id_}/vaststelling"
    r = await client.post(path, headers=CLERK,
                          json={"vastgesteldOp": "2026-07-01", "bedragCents": 46000})
    assert r.status_code == 422 and "18 days owed come to EUR 462,00" in r.json()["detail"]
    r = await client.post(path, headers=bearer("wmo-loket"),
                          json={"vastgesteldOp": "2026-07-01", "bedragCents": 46200})
    assert r.status_code == 403
    r = await client.post(path, headers=CLERK,
                          json={"vastgesteldOp": "2026-07-01", "bedragCents": 46200})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "vastgesteld"
    assert r.json()["vaststelling"] == {
        "vastgesteldOp": "2026-07-01", "dagen": 18, "bedragCents": 46200,
        "geenDwangsomGrond": None, "vaststellenUiterlijk": "2026-07-02", "tijdig": True}
    [vastgesteld] = await events(app, "dwangsom-vastgesteld")
    assert (vastgesteld["bedragCents"], vastgesteld["dagen"], vastgesteld["vastgesteldOp"]) == (
        46200, 18, "2026-07-01")
    r = await client.post(path, headers=CLERK,
                          json={"vastgesteldOp": "2026-07-01", "bedragCents": 46200})
    assert r.status_code == 422 and "already set" in r.json()["detail"]

    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK)
    assert r.json()["items"] == []
    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK,
                         params={"op": "2026-06-30"})  # the day before it was set: open
    assert [(i["id"], i["status"]) for i in r.json()["items"]] == [
        (id_, "gestopt-door-beschikking")]
    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK,
                         params={"op": "2026-05-17"})  # not yet received
    assert r.json()["items"] == []
    r = await client.get("/api/v1/ingebrekestellingen", headers=CLERK,
                         params={"status": "vastgesteld"})
    assert [i["verschuldigdCents"] for i in r.json()["items"]] == [46200]


async def test_eenvoudig_maatwerk_stops_it_when_approved(client: httpx.AsyncClient,
                                                         app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    id_ = (await ingebrekestelling(client, aanvraag_id, "2026-05-18")).json()["id"]
    r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", headers=CLERK,
                          json={"besluit": "toegekend", "motivering": "veel begeleiding",
                                "afgegevenOp": "2026-06-05",
                                "producten": [{**product("2026-06-08", "2027-06-07"),
                                               "volume": 30}],
                                "eenvoudigMaatwerk": {"reden": "veel nodig"}})
    assert r.status_code == 201 and r.json()["status"] == "ter-goedkeuring", r.text
    # Awaiting the second approver the decision is not given: 1-10 June = 10 x 23 = 230.
    s = await stand(client, id_, "2026-06-10")
    assert (s["status"], s["verschuldigdCents"]) == ("lopend", 23000)
    r = await client.post(f"/api/v1/beschikkingen/{r.json()['id']}/goedkeuring",
                          headers=bearer("gemeente", subject="clerk-2"),
                          json={"beoordeeldOp": "2026-06-12"})
    assert r.status_code == 200, r.text
    # Given on approval, 12 June: 1-11 June owed = 11 x 23 = 253.
    s = await stand(client, id_)
    assert (s["status"], s["beslistOp"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == (
        "gestopt-door-beschikking", "2026-06-12", 11, 25300)


async def test_no_notice_after_the_beschikking(client: httpx.AsyncClient, app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    await afwijzen(client, aanvraag_id, "2026-05-20")
    r = await ingebrekestelling(client, aanvraag_id, "2026-05-20")
    assert r.status_code == 422 and "Awb 4:17 lid 1" in r.json()["detail"]
    # Received before the (late) beschikking but registered only now: it counted, and the
    # beschikking of 20 May came before its first day (2 June): nothing owed.
    r = await ingebrekestelling(client, aanvraag_id, "2026-05-19")
    assert r.status_code == 201, r.text
    assert (r.json()["status"], r.json()["verschuldigdCents"], r.json()["beslistOp"]) == (
        "gestopt-door-beschikking", 0, "2026-05-20")


async def test_without_a_beschikking_it_stops_at_42_days(client: httpx.AsyncClient,
                                                          app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    id_ = (await ingebrekestelling(client, aanvraag_id, "2026-05-18")).json()["id"]
    s = await stand(client, id_, "2026-07-12")  # the 42nd day: 322 + 490 + 630
    assert (s["status"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == (
        "lopend", 42, 144200)
    s = await stand(client, id_, "2026-07-13")
    assert (s["status"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == (
        "maximum-bereikt", 42, 144200)
    # Sunday 12 July + 2 weeks = Sunday 26 July → Monday 27 July.
    assert s["vaststellenUiterlijk"] == "2026-07-27"
    r = await client.post(f"/api/v1/ingebrekestellingen/{id_}/vaststelling", headers=CLERK,
                          json={"vastgesteldOp": "2026-08-03", "bedragCents": 144200})
    assert r.status_code == 200, r.text
    assert r.json()["vaststelling"]["tijdig"] is False  # after 27 July
    await afwijzen(client, aanvraag_id, "2026-08-10")  # a later beschikking changes nothing
    s = await stand(client, id_)
    assert (s["status"], s["verschuldigdCents"]) == ("vastgesteld", 144200)


async def test_a_ground_of_lid_6_sets_nothing(client: httpx.AsyncClient, app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    id_ = (await ingebrekestelling(client, aanvraag_id, "2026-05-18")).json()["id"]
    await afwijzen(client, aanvraag_id, "2026-06-19")
    path = f"/api/v1/ingebrekestellingen/{id_}/vaststelling"
    body = {"vastgesteldOp": "2026-06-22", "geenDwangsomGrond": "geen-belanghebbende"}
    r = await client.post(path, headers=CLERK, json={**body, "bedragCents": 46200})
    assert r.status_code == 422 and "lid 6" in r.json()["detail"]
    r = await client.post(path, headers=CLERK, json={**body, "bedragCents": 0})
    assert r.status_code == 200, r.text
    assert (r.json()["verschuldigdCents"], r.json()["vaststelling"]["geenDwangsomGrond"]) == (
        0, "geen-belanghebbende")


async def test_a_late_beslissing_op_bezwaar(client: httpx.AsyncClient, app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", headers=CLERK,
                          json={"besluit": "toegekend", "motivering": "begeleiding past",
                                "afgegevenOp": "2026-05-08", "producten": [product()]})
    assert r.status_code == 201, r.text
    # Beschikking Friday 8 May: bezwaartermijn to Friday 19 June; 6 weeks after that
    # (Awb 7:10) the decision on the bezwaar is due on Friday 31 July 2026.
    r = await client.post("/api/v1/bezwaren", headers=CLERK, json={
        "beschikkingId": r.json()["id"], "ingediendOp": "2026-05-20"})
    assert r.status_code == 201, r.text
    bezwaar = r.json()
    assert bezwaar["beslissenUiterlijk"] == "2026-07-31"
    path = f"/api/v1/bezwaren/{bezwaar['id']}/ingebrekestellingen"
    r = await client.post(path, headers=CLERK, json={"ontvangenOp": "2026-07-31"})
    assert r.status_code == 422 and "Awb 4:17 lid 3" in r.json()["detail"]
    r = await client.post(path, headers=CLERK, json={"ontvangenOp": "2026-08-03"})
    assert r.status_code == 201, r.text
    created = r.json()
    assert (created["bezwaarId"], created["aanvraagId"], created["eersteDwangsomdag"]) == (
        bezwaar["id"], aanvraag_id, "2026-08-17")
    # Decided on 20 August: 17, 18 and 19 August owed = 3 x 23 = 69.
    r = await client.post(f"/api/v1/bezwaren/{bezwaar['id']}/beslissing", headers=CLERK,
                          json={"uitkomst": "gegrond", "beslotenOp": "2026-08-20",
                                "motivering": "de begeleiding was te laag"})
    assert r.status_code == 200, r.text
    s = await stand(client, created["id"])
    assert (s["status"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == (
        "gestopt-door-beschikking", 3, 6900)
    # The aanvraag's own ingebrekestelling is a different one: its beschikking was on time.
    r = await ingebrekestelling(client, aanvraag_id, "2026-05-18")
    assert r.status_code == 422 and "Awb 4:17 lid 1" in r.json()["detail"]
