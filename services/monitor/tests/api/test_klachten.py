"""Klachten per organisation (GET /wettelijke-termijnen/klachten): klacht events go through
the projections, twice and shuffled over batches, and the counts on 30 June 2026 are checked
against counts made by hand, exact for the gemeente and suppressed for a monitor viewer
(real PostgreSQL).

Received in 2026 up to the peildatum:
- provider 75750102, 20 klachten: 14 handled by then (10 on time, 4 late; 5 gegrond, 6
  ongegrond, 3 ingetrokken); 6 open: 4 past their term, 1 handled only after the peildatum
  (open then, past its term), 1 within its term because its handling was postponed (without
  the postponement it would be past it);
- buurtteam overvecht, 3: 2 handled on time (1 gegrond, 1 ongegrond), 1 open within its term;
- the gemeente (0344), 5: all handled on time, ongegrond.
Not counted: one received in December 2025, one received after the peildatum.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import httpx
from devstack.testing import MakeDatabase
from monitor.app import create_app
from monitor.settings import MonitorSettings
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import klachten as kl

from .helpers import project_batches

A, TEAM, GEMEENTE = "75750102", "overvecht", "0344"
B = kl.KlachtBetreft
PEIL = "2026-06-30"


def klacht(betreft: kl.KlachtBetreft, code: str, ontvangen: date, uiterlijk: date,
           afgehandeld: tuple[date, str, bool] | None = None,
           verdaagd: tuple[date, date] | None = None) -> list[EventPayload]:
    ids: dict[str, Any] = dict(klacht_id=uuid.uuid4(), betreft=betreft, organisatie_code=code)
    out: list[EventPayload] = [kl.KlachtOntvangen(
        **ids, ontvangen_op=ontvangen, klachtadviescommissie=False,
        beslissen_uiterlijk=uiterlijk)]
    if verdaagd is not None:
        out.append(kl.KlachtVerdaagd(**ids, mededeling_op=verdaagd[0], oude_uiterlijk=uiterlijk,
                                     beslissen_uiterlijk=verdaagd[1]))
        uiterlijk = verdaagd[1]
    if afgehandeld is not None:
        op, uitkomst, tijdig = afgehandeld
        out.append(kl.KlachtAfgehandeld(**ids, uitkomst=kl.KlachtUitkomst(uitkomst),
                                        afgehandeld_op=op, beslissen_uiterlijk=uiterlijk,
                                        binnen_termijn=tijdig))
    return out


def scenario() -> list[EventPayload]:
    d = date
    maart, uiterlijk = d(2026, 3, 2), d(2026, 4, 13)
    events: list[EventPayload] = []
    uitkomsten = ["gegrond"] * 5 + ["ongegrond"] * 6 + ["ingetrokken"] * 3
    for i, uitkomst in enumerate(uitkomsten):  # the first 10 on time, the last 4 late
        op = d(2026, 4, 1) if i < 10 else d(2026, 4, 20)
        events += klacht(B.AANBIEDER, A, maart, uiterlijk, (op, uitkomst, i < 10))
    for _ in range(4):
        events += klacht(B.AANBIEDER, A, maart, uiterlijk)
    events += klacht(B.AANBIEDER, A, maart, uiterlijk, (d(2026, 7, 10), "gegrond", False))
    events += klacht(B.AANBIEDER, A, d(2026, 5, 11), d(2026, 6, 22),
                     verdaagd=(d(2026, 6, 19), d(2026, 7, 20)))
    events += klacht(B.BUURTTEAM, TEAM, maart, uiterlijk, (d(2026, 3, 30), "gegrond", True))
    events += klacht(B.BUURTTEAM, TEAM, maart, uiterlijk, (d(2026, 3, 30), "ongegrond", True))
    events += klacht(B.BUURTTEAM, TEAM, d(2026, 6, 1), d(2026, 7, 13))
    for _ in range(5):
        events += klacht(B.GEMEENTE, GEMEENTE, maart, uiterlijk,
                         (d(2026, 3, 20), "ongegrond", True))
    events += klacht(B.GEMEENTE, GEMEENTE, d(2025, 12, 20), d(2026, 2, 2))
    events += klacht(B.GEMEENTE, GEMEENTE, d(2026, 7, 1), d(2026, 8, 12))
    return events


async def answers(make_database: MakeDatabase) -> dict[str, Any]:
    url = await make_database("klachten", "monitor")
    events = scenario()
    twice = events + events
    random.Random(7).shuffle(twice)
    engine = make_engine(url)
    try:
        await project_batches(make_session_factory(engine),
                              [twice[i:i + 17] for i in range(0, len(twice), 17)],
                              "/wmo/indicatie")
    finally:
        await engine.dispose()
    settings = MonitorSettings(database_url=url)
    app = create_app(settings)

    def auth(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_dev_token(settings, 'u', [role])}"}

    out: dict[str, Any] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x/api/v1") as http:
        path = "/wettelijke-termijnen/klachten"
        for role in ("gemeente", "monitor-viewer"):
            r = await http.get(path, params={"jaar": 2026, "peildatum": PEIL},
                               headers=auth(role))
            assert r.status_code == 200, r.text
            out[role] = r.json()
        r = await http.get(path, params={"jaar": 2026, "peildatum": "2026-04-15"},
                           headers=auth("gemeente"))
        out["15 april"] = r.json()
        out["2025"] = (await http.get(path, params={"jaar": 2025, "peildatum": PEIL},
                                      headers=auth("gemeente"))).json()
        out["buurtteam"] = await http.get(path, headers=auth("buurtteam"))
        out["jaar 1999"] = await http.get(path, params={"jaar": 1999}, headers=auth("gemeente"))
        out["huidig"] = await http.get(path, headers=auth("gemeente"))
    return out


def per_organisatie(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["organisatieCode"]: r for r in body["organisaties"]}


def figures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["ontvangen"], row["afgehandeld"], row["tijdig"], row["aandeelTijdig"],
            row["open"], row["openTermijnVerstreken"])


async def test_klachten_per_organisation_exact_and_suppressed(
        make_database: MakeDatabase) -> None:
    got = await answers(make_database)
    exact = got["gemeente"]
    assert (exact["jaar"], exact["peildatum"], exact["onderdrukt"]) == (2026, PEIL, False)
    rows = per_organisatie(exact)
    assert list(rows) == [A, TEAM, GEMEENTE]  # aanbieder, buurtteam, gemeente
    assert [rows[c]["betreft"] for c in rows] == ["aanbieder", "buurtteam", "gemeente"]
    # provider: 14 of 20 handled by 30 June, 10 on time (71.4%), 6 open of which 5 past term
    assert figures(rows[A]) == (20, 14, 10, 71.4, 6, 5)
    assert rows[A]["uitkomsten"] == {"gegrond": 5, "deelsGegrond": 0, "ongegrond": 6,
                                     "ingetrokken": 3, "nietInBehandeling": 0}
    assert figures(rows[TEAM]) == (3, 2, 2, 100.0, 1, 0)
    assert figures(rows[GEMEENTE]) == (5, 5, 5, 100.0, 0, 0)
    assert rows[GEMEENTE]["uitkomsten"]["ongegrond"] == 5
    assert not any(r["onderdrukt"] for r in rows.values())

    # a monitor viewer: no count of 1-4 and none that gives one away by subtraction. The
    # provider's 4 late ones would follow from 14 - 10, so "on time" goes; its 1 open within
    # the term from 6 - 5, so "past the term" goes; 3 ingetrokken from 14 - 5 - 6, so the
    # smallest other outcome, gegrond (5), goes.
    public = got["monitor-viewer"]
    assert public["onderdrukt"] is True
    prows = per_organisatie(public)
    assert figures(prows[A]) == (20, 14, None, None, 6, None)
    assert prows[A]["uitkomsten"] == {"gegrond": None, "deelsGegrond": 0, "ongegrond": 6,
                                      "ingetrokken": None, "nietInBehandeling": 0}
    assert figures(prows[TEAM]) == (None, None, None, None, None, 0)
    assert prows[GEMEENTE] == rows[GEMEENTE]  # nothing small there
    assert [prows[c]["onderdrukt"] for c in prows] == [True, True, False]

    # on 15 April: the klachten of May and June not yet received; the 4 handled late on 20
    # April still open then, and past their term (13 April) with the other March ones
    april = per_organisatie(got["15 april"])
    assert figures(april[A]) == (19, 10, 10, 100.0, 9, 9)
    assert april[A]["uitkomsten"] == {"gegrond": 5, "deelsGegrond": 0, "ongegrond": 5,
                                      "ingetrokken": 0, "nietInBehandeling": 0}
    assert figures(april[TEAM]) == (2, 2, 2, 100.0, 0, 0)
    # 2025: only the klacht of December, open past its term (2 February 2026) on 30 June
    vorig = per_organisatie(got["2025"])
    assert list(vorig) == [GEMEENTE] and figures(vorig[GEMEENTE]) == (1, 0, 0, None, 1, 1)

    assert got["buurtteam"].status_code == 403
    assert got["jaar 1999"].status_code == 422
    assert got["huidig"].status_code == 200 and got["huidig"].json()["jaar"] == date.today().year
