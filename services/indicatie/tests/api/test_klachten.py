"""Klachten (Awb chapter 9) over the API on a real PostgreSQL: register, acknowledge, hear,
postpone once, handle; the refusals as problem+json; the list's filters; the events (no
resident, no free text) and the audit of reading the klager's words.

"Today" is pinned per test (the dates in the bodies are checked against it)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from starlette.routing import Mount
from wmokernel.dependencies import _today

from ..conftest import bearer

CLERK = bearer("gemeente")
K = "/api/v1/klachten"
AANBIEDER = "75750102"  # Wijkzorg Utrecht-Noord in the reference data
CLIENT = "p-" + "ab" * 16
OMSCHRIJVING = "de begeleider kwam drie keer niet opdagen zonder bericht"


def api_of(app: FastAPI) -> FastAPI:
    """The API's own app, mounted at /api/v1 (it holds the dependency overrides)."""
    api: FastAPI = next(r.app for r in app.routes
                        if isinstance(r, Mount) and r.path == "/api/v1")
    return api


class Klok:
    """The day the app takes for today."""

    def __init__(self, app: FastAPI) -> None:
        self.today = date(2026, 3, 16)
        api_of(app).dependency_overrides[_today] = lambda: self.today


@pytest.fixture
def klok(app: FastAPI) -> Iterator[Klok]:
    klok = Klok(app)
    yield klok
    api_of(app).dependency_overrides.clear()


def problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    return body


async def outbox(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT event_type, body FROM outbox ORDER BY id"))).all()
    return [(t.rsplit(".", 1)[1], json.loads(body)) for t, body in rows]


async def registreer(client: httpx.AsyncClient, **kw: Any) -> dict[str, Any]:
    body = {"betreft": {"soort": "gemeente"}, "ontvangenOp": "2026-03-16",
            "omschrijving": "niet teruggebeld", **kw}
    r = await client.post(K, json=body, headers=CLERK)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


async def test_a_klacht_is_acknowledged_heard_postponed_once_and_handled(
        client: httpx.AsyncClient, app: FastAPI, klok: Klok) -> None:
    r = await client.post(K, headers=CLERK, json={
        "betreft": {"soort": "aanbieder", "organisatieCode": AANBIEDER}, "clientId": CLIENT,
        "ontvangenOp": "2026-03-16", "omschrijving": OMSCHRIJVING})
    assert r.status_code == 201, r.text
    k = r.json()
    assert r.headers["location"] == f"/api/v1/klachten/{k['id']}"
    assert k["betreft"] == {"soort": "aanbieder", "organisatieCode": AANBIEDER,
                            "organisatieNaam": "Wijkzorg Utrecht-Noord"}
    # Monday 16 March 2026 + 6 weeks = Koningsdag, Monday 27 April → Tuesday 28 April
    assert k["beslissenUiterlijk"] == "2026-04-28"
    assert (k["status"], k["tijdig"], k["termijnOverschreden"]) == ("in-behandeling", None, False)
    assert k["omschrijving"] == OMSCHRIJVING and k["clientId"] == CLIENT
    path = f"{K}/{k['id']}"

    klok.today = date(2026, 4, 20)
    r = await client.post(f"{path}/afhandeling", headers=CLERK, json={"uitkomst": "ingetrokken"})
    assert "Awb 9:6" in problem(r, 422)["detail"], "not before the written acknowledgement"
    r = await client.post(f"{path}/ontvangstbevestiging", headers=CLERK,
                          json={"verzondenOp": "2026-03-17"})
    assert r.status_code == 200 and r.json()["ontvangstbevestigingOp"] == "2026-03-17"
    r = await client.post(f"{path}/ontvangstbevestiging", headers=CLERK,
                          json={"verzondenOp": "2026-03-18"})
    problem(r, 409)

    r = await client.post(f"{path}/afhandeling", headers=CLERK, json={"uitkomst": "gegrond"})
    assert "Awb 9:10" in problem(r, 422)["detail"], "not judged before the hearing"
    r = await client.post(f"{path}/horen", headers=CLERK, json={"gehoordOp": "2026-04-02"})
    assert r.status_code == 200, r.text
    assert r.json()["horen"] == {"gehoordOp": "2026-04-02", "afgezienOp": None,
                                 "grondAfzien": None}

    # the notice on the term's last day: 28 April + 4 weeks = Tuesday 26 May
    klok.today = date(2026, 4, 28)
    r = await client.post(f"{path}/verdaging", headers=CLERK,
                          json={"mededelingOp": "2026-04-28", "reden": "dossier opvragen"})
    assert r.status_code == 200, r.text
    assert r.json()["beslissenUiterlijk"] == "2026-05-26"
    assert r.json()["verdaging"] == {"mededelingOp": "2026-04-28", "reden": "dossier opvragen",
                                     "weken": 4}
    r = await client.post(f"{path}/verdaging", headers=CLERK,
                          json={"mededelingOp": "2026-04-28", "reden": "nog een keer"})
    detail = problem(r, 422)["detail"]
    assert "Awb 9:11 lid 2" in detail and "once" in detail

    klok.today = date(2026, 5, 27)
    r = await client.post(f"{path}/afhandeling", headers=CLERK, json={
        "uitkomst": "deels-gegrond", "afgehandeldOp": "2026-05-26",
        "toelichting": "afspraken met de aanbieder gemaakt"})
    assert r.status_code == 200, r.text
    done = r.json()
    assert (done["status"], done["uitkomst"], done["afgehandeldOp"]) == (
        "afgehandeld", "deels-gegrond", "2026-05-26")
    assert done["tijdig"] is True and done["termijnOverschreden"] is False
    r = await client.post(f"{path}/afhandeling", headers=CLERK, json={"uitkomst": "ongegrond"})
    problem(r, 409)
    r = await client.post(f"{path}/horen", headers=CLERK, json={"gehoordOp": "2026-05-01"})
    problem(r, 409)

    events = await outbox(app)
    assert [t for t, _ in events] == ["klacht-ontvangen", "klacht-verdaagd",
                                      "klacht-afgehandeld"]
    ontvangen, verdaagd, afgehandeld = (e for _, e in events)
    assert ontvangen == {"klachtId": k["id"], "betreft": "aanbieder",
                         "organisatieCode": AANBIEDER, "ontvangenOp": "2026-03-16",
                         "klachtadviescommissie": False, "beslissenUiterlijk": "2026-04-28"}
    assert (verdaagd["oudeUiterlijk"], verdaagd["beslissenUiterlijk"]) == ("2026-04-28",
                                                                          "2026-05-26")
    assert (afgehandeld["uitkomst"], afgehandeld["binnenTermijn"]) == ("deels-gegrond", True)
    raw = json.dumps(events)
    assert CLIENT not in raw and "opdagen" not in raw and "dossier" not in raw
    assert "afspraken" not in raw

    r = await client.get(path, headers=CLERK)
    assert r.status_code == 200 and r.json()["omschrijving"] == OMSCHRIJVING
    async with app.state.runtime.engine.connect() as conn:
        reads = (await conn.execute(sa.text(
            "SELECT client_id, purpose FROM audit_log WHERE resource_type = 'klacht' "
            "AND action = 'read'"))).all()
    assert [tuple(x) for x in reads] == [(CLIENT, "klacht inzien")]


async def test_late_handling_and_the_list_filters(client: httpx.AsyncClient,
                                                  klok: Klok) -> None:
    klok.today = date(2026, 4, 30)
    # about the gemeente (Utrecht by default), no resident: Tuesday 24 March + 6 weeks = 5 May,
    # Bevrijdingsdag → Wednesday 6 May
    gemeente = await registreer(client, ontvangenOp="2026-03-24")
    assert gemeente["beslissenUiterlijk"] == "2026-05-06" and gemeente["clientId"] is None
    assert gemeente["betreft"] == {"soort": "gemeente", "organisatieCode": "0344",
                                   "organisatieNaam": "Utrecht"}
    # a buurtteam's klacht not taken into handling: due within 4 weeks of Monday 30 March =
    # Koningsdag 27 April → Tuesday 28 April; told on 29 April: late, though within 6 weeks
    team = await registreer(client, betreft={"soort": "buurtteam", "organisatieCode":
                                             "overvecht", "organisatieNaam": "Buurtteam "
                                             "Overvecht"}, ontvangenOp="2026-03-30")
    assert team["beslissenUiterlijk"] == "2026-05-11"
    await client.post(f"{K}/{team['id']}/ontvangstbevestiging", headers=CLERK,
                      json={"verzondenOp": "2026-03-31"})
    r = await client.post(f"{K}/{team['id']}/afhandeling", headers=CLERK,
                          json={"uitkomst": "niet-in-behandeling", "afgehandeldOp": "2026-04-29"})
    assert r.status_code == 200, r.text
    assert r.json()["tijdig"] is False and r.json()["termijnOverschreden"] is True
    # a third, with a klachtadviescommissie: 10 weeks from Monday 16 March = Tweede
    # Pinksterdag 25 May → Tuesday 26 May
    commissie = await registreer(client, klachtadviescommissie=True)
    assert commissie["beslissenUiterlijk"] == "2026-05-26"

    async def ids(**params: Any) -> list[str]:
        r = await client.get(K, params=params, headers=CLERK)
        assert r.status_code == 200, r.text
        return [k["id"] for k in r.json()["items"]]

    assert await ids(termijnOverschreden="true") == [team["id"]]
    klok.today = date(2026, 5, 7)  # the gemeente's klacht is now open past its last day
    assert await ids(termijnOverschreden="true") == [team["id"], gemeente["id"]]
    assert await ids(termijnOverschreden="false") == [commissie["id"]]
    assert await ids(status="afgehandeld") == [team["id"]]
    assert await ids(betreft="gemeente") == [gemeente["id"], commissie["id"]]
    assert await ids(organisatie="overvecht") == [team["id"]]
    r = await client.get(K, params={"pageSize": 2, "betreft": "gemeente", "page": 1},
                         headers=CLERK)
    page = r.json()
    assert page["total"] == 2 and len(page["items"]) == 2 and page["_links"]["next"] is None
    r = await client.get(K, params={"pageSize": 1}, headers=CLERK)
    page = r.json()
    assert page["total"] == 3 and "pageSize=1" in page["_links"]["next"]["href"]


async def test_a_hearing_waived_and_a_notice_of_postponement_too_late(
        client: httpx.AsyncClient, klok: Klok) -> None:
    klok.today = date(2026, 5, 1)
    k = await registreer(client)  # handled by Tuesday 28 April
    path = f"{K}/{k['id']}"
    r = await client.post(f"{path}/verdaging", headers=CLERK,
                          json={"mededelingOp": "2026-04-29", "reden": "te laat"})
    assert "2026-04-28" in problem(r, 422)["detail"]
    await client.post(f"{path}/ontvangstbevestiging", headers=CLERK,
                      json={"verzondenOp": "2026-03-16"})
    r = await client.post(f"{path}/horen", headers=CLERK, json={
        "afgezienOp": "2026-04-01", "grondAfzien": "kennelijk-ongegrond"})
    assert r.status_code == 200, r.text
    r = await client.post(f"{path}/afhandeling", headers=CLERK, json={"uitkomst": "gegrond"})
    assert "Awb 9:10 lid 2 sub a" in problem(r, 422)["detail"]
    r = await client.post(f"{path}/afhandeling", headers=CLERK, json={"uitkomst": "ongegrond"})
    assert r.status_code == 200, r.text
    # handled on 1 May (today by default): after 28 April
    assert r.json()["afgehandeldOp"] == "2026-05-01" and r.json()["tijdig"] is False


@pytest.mark.parametrize("body", [
    {"betreft": {"soort": "wethouder"}},
    {"betreft": {"soort": "aanbieder"}},  # a provider is named
    {"betreft": {"soort": "aanbieder", "organisatieCode": "12345678"}},  # not in the reference
    {"betreft": {"soort": "gemeente", "organisatieCode": "0363"}},  # Amsterdam: not U16
    {"betreft": {"soort": "buurtteam", "organisatieCode": "Overvecht Noord"}},
    {"clientId": "111222333"},  # a BSN is never a clientId
    {"ontvangenOp": "2026-03-17"},  # after today
    {"ontvangenOp": "16-03-2026"},
    {"omschrijving": ""},
    {"onbekend": 1},
])
async def test_bad_input_is_422_problem_json(client: httpx.AsyncClient, klok: Klok,
                                             body: dict[str, Any]) -> None:
    base = {"betreft": {"soort": "gemeente"}, "ontvangenOp": "2026-03-16", "omschrijving": "x"}
    r = await client.post(K, json={**base, **body}, headers=CLERK)
    problem(r, 422)


async def test_bad_steps_unknown_klachten_and_roles(client: httpx.AsyncClient,
                                                    klok: Klok) -> None:
    klok.today = date(2026, 4, 1)
    k = await registreer(client)
    path = f"{K}/{k['id']}"
    for step, body in [("horen", {"gehoordOp": "2026-03-20", "afgezienOp": "2026-03-20",
                                  "grondAfzien": "geen-reactie-binnen-termijn"}),
                       ("horen", {"afgezienOp": "2026-03-20"}),
                       ("horen", {"gehoordOp": "2026-03-15"}),  # before receipt
                       ("ontvangstbevestiging", {"verzondenOp": "2026-04-02"}),  # after today
                       ("verdaging", {"mededelingOp": "2026-03-20"}),  # no reason
                       ("afhandeling", {"uitkomst": "gegrond", "afgehandeldOp": "2026-04-02"}),
                       ("afhandeling", {"uitkomst": "vernietigd"})]:
        problem(await client.post(f"{path}/{step}", json=body, headers=CLERK), 422)
    unknown = f"{K}/{uuid.uuid4()}"
    problem(await client.get(unknown, headers=CLERK), 404)
    problem(await client.post(f"{unknown}/ontvangstbevestiging", headers=CLERK,
                              json={"verzondenOp": "2026-03-20"}), 404)
    problem(await client.post(f"{unknown}/afhandeling", headers=CLERK,
                              json={"uitkomst": "ingetrokken"}), 404)
    problem(await client.get(f"{K}/niet-een-uuid", headers=CLERK), 422)
    problem(await client.get(K, params={"status": "open"}, headers=CLERK), 422)
    worker = bearer("buurtteam")
    problem(await client.post(K, headers=worker, json={
        "betreft": {"soort": "gemeente"}, "ontvangenOp": "2026-03-16", "omschrijving": "x"}), 403)
    problem(await client.get(path, headers=worker), 403)
    problem(await client.get(path), 401)
