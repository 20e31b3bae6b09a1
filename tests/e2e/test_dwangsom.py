"""Issue 15's acceptance of the dwangsom bij niet tijdig beslissen (Awb 4:17-4:18), across
real processes (toegang, indicatie, monitor, a broker, PostgreSQL).

A resident is referred 80 days ago: the aanvraag is received that day, its beschikking due 2
weeks later (66 days ago, or up to 3 days later where the Algemene termijnenwet moves it past
a weekend or feestdagen: 63 days ago at the latest). Nothing is decided. 60 days ago the
gemeente receives the resident's written ingebrekestelling: the term had passed, so it counts,
and the dwangsom runs from the day two weeks later, 46 days ago (day 1). The beschikking is
given 10 days ago: the days owed are 46 days ago up to 11 days ago, 36 days:

    days  1-14  14 x EUR 23 = EUR   322
    days 15-28  14 x EUR 35 = EUR   490
    days 29-36   8 x EUR 45 = EUR   360
                              EUR 1,172  = 117,200 cents

A second resident's aanvraag, received 30 days ago, is past its term too, without an
ingebrekestelling: the monitor's exposure is the maximum for it, 14 x (23 + 35 + 45) = EUR
1,442.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from devstack.testing import MakeDatabase, read_topic
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import Stack, eventually, start_stack, stop_stack


def auth(*roles: str, subject: str, team: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), subject, roles,
                                                         team=team)}


def day(ago: int) -> str:
    return (date.today() - timedelta(days=ago)).isoformat()


WORKER = auth("buurtteam", subject="worker-1", team="overvecht")
CLERK = auth("gemeente", subject="clerk-1")


async def test_a_late_aanvraag_its_dwangsom_and_the_monitor(make_database: MakeDatabase,
                                                            tmp_path: Path) -> None:
    stack = await start_stack(make_database, tmp_path, ("toegang", "indicatie", "monitor"))
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            await run(stack, http)
    finally:
        stop_stack(stack)


async def aanvraag_na_verwijzing(stack: Stack, http: httpx.AsyncClient, bsn: str,
                                 gemeld: int, verwezen: int) -> dict[str, Any]:
    r = await http.post(f"{stack.url('toegang')}/meldingen", headers=WORKER, json={
        "bsn": bsn, "kanaal": "buurtteam", "omschrijving": "redt het niet alleen",
        "gemeldOp": day(gemeld), "wijk": "Overvecht"})
    assert r.status_code == 201, r.text
    melding_id = r.json()["id"]
    r = await http.post(f"{stack.url('toegang')}/meldingen/{melding_id}/verwijzingen",
                        headers=WORKER, json={"toelichting": "begeleiding nodig",
                                              "verwezenOp": day(verwezen)})
    assert r.status_code == 201, r.text

    async def aanvragen() -> list[dict[str, Any]]:
        resp = await http.get(f"{stack.url('indicatie')}/aanvragen", headers=CLERK,
                              params={"meldingId": melding_id})
        items: list[dict[str, Any]] = resp.json()["items"]
        return items

    [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
    assert aanvraag["ontvangenOp"] == day(verwezen)
    return aanvraag


async def run(stack: Stack, http: httpx.AsyncClient) -> None:
    indicatie, monitor = stack.url("indicatie"), stack.url("monitor")
    aanvraag = await aanvraag_na_verwijzing(stack, http, "123456782", 100, 80)
    assert day(66) <= aanvraag["beslissenUiterlijk"] <= day(63)
    andere = await aanvraag_na_verwijzing(stack, http, "111222333", 40, 30)
    assert andere["beslissenUiterlijk"] < day(0)

    r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/ingebrekestellingen",
                        headers=CLERK, json={"ontvangenOp": day(60)})
    assert r.status_code == 201, r.text
    ingebrekestelling = r.json()
    assert ingebrekestelling["eersteDwangsomdag"] == day(46)
    path = f"{indicatie}/ingebrekestellingen/{ingebrekestelling['id']}"

    async def op(ago: int) -> tuple[str, int, int]:
        resp = await http.get(path, headers=CLERK, params={"op": day(ago)})
        assert resp.status_code == 200, resp.text
        s = resp.json()
        return s["status"], s["dagenVerschuldigd"], s["verschuldigdCents"]

    # It accrues: nothing before day 1; 23 on day 1; 14 x 23 = 322 on day 14; + 35 on day
    # 15; 322 + 14 x 35 = 812 on day 28; + 45 on day 29.
    assert await op(47) == ("lopend", 0, 0)
    assert await op(46) == ("lopend", 1, 2300)
    assert await op(33) == ("lopend", 14, 32200)
    assert await op(32) == ("lopend", 15, 35700)
    assert await op(19) == ("lopend", 28, 81200)
    assert await op(18) == ("lopend", 29, 85700)

    async def dwangsom(ago: int) -> dict[str, Any]:
        resp = await http.get(f"{monitor}/wettelijke-termijnen/dwangsom", headers=CLERK,
                              params={"op": day(ago)})
        assert resp.status_code == 200, resp.text
        body: dict[str, Any] = resp.json()
        return body

    # The monitor counts it from the event with the same rule: on day 15, EUR 357 owed.
    seen = await eventually(lambda: dwangsom(32), lambda d: d["lopend"]["aantal"] == 1)
    assert seen["lopend"] == {"aantal": 1, "verschuldigdCents": 35700,
                              "nogMogelijkCents": 144200 - 35700}

    r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen", headers=CLERK,
                        json={"besluit": "afgewezen", "motivering": "geen beperking",
                              "afgegevenOp": day(10), "producten": []})
    assert r.status_code == 201, r.text
    resp = await http.get(path, headers=CLERK)
    s = resp.json()
    assert (s["status"], s["beslistOp"], s["dagenVerschuldigd"], s["verschuldigdCents"]) == (
        "gestopt-door-beschikking", day(10), 36, 322_00 + 490_00 + 360_00)
    assert await op(11) == ("lopend", 36, 117200)  # its last day owed: the same total
    assert await op(0) == ("gestopt-door-beschikking", 36, 117200)

    # Today: ended but not yet set; the other aanvraag is the exposure. (Until the
    # beschikking's event arrives the monitor sees the full 42 days owed: wait for it.)
    today = await eventually(lambda: dwangsom(0),
                             lambda d: d["vastTeStellen"]["verschuldigdCents"] == 117200)
    assert today["vastTeStellen"] == {"aantal": 1, "verschuldigdCents": 117200}
    assert today["lopend"] == {"aantal": 0, "verschuldigdCents": 0, "nogMogelijkCents": 0}
    assert today["prognose"] == {"aanvragenTermijnVerstreken": 1, "maximaalCents": 144200}

    r = await http.post(f"{path}/vaststelling", headers=CLERK, json={"bedragCents": 117200})
    assert r.status_code == 200, r.text
    assert r.json()["vaststelling"]["bedragCents"] == 117200
    assert r.json()["vaststelling"]["tijdig"] is True  # within 2 weeks of 11 days ago

    year = await eventually(lambda: dwangsom(0), lambda d: d["vastgesteld"]["aantal"] == 1)
    assert year["vastgesteld"] == {"jaar": date.today().year, "aantal": 1,
                                   "bedragCents": 117200}
    assert year["vastTeStellen"] == {"aantal": 0, "verschuldigdCents": 0}

    records = await read_topic(stack.broker.bootstrap, "wmo.indicatie.v1", min_records=5)
    mine = {dict(rec.headers or ())["ce_type"].decode().rsplit(".", 1)[1]:
            json.loads(rec.value or b"{}") for rec in records
            if dict(rec.headers or ())["ce_subject"].decode() == aanvraag["id"]}
    assert mine["ingebrekestelling-ontvangen"]["eersteDwangsomdag"] == day(46)
    assert mine["dwangsom-vastgesteld"]["bedragCents"] == 117200
    for soort in ("ingebrekestelling-ontvangen", "dwangsom-vastgesteld"):
        assert mine[soort]["clientId"].startswith("p-") and "bsn" not in mine[soort]
