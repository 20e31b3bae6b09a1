"""Realised and paid spend per voorziening, and the depot's aids: events go through the
projections, the budget view (GET /budgetten) and the reuse KPIs (GET /kpis/...) are checked
against sums made by hand; the same events duplicated, shuffled and split over batches (a
batch paid before it was made, a credit before its debet) give the same answers (real
PostgreSQL).

In 2025:
- 02A01 begeleiding, 6 clients: a January prestatie each (76,800 cents), client 1's credited
  again, a December prestatie of client 2 (64,000) received in 2026, and a December 2024
  prestatie (50,000) received in 2025 that counts in 2024;
- 01A01 hulp bij het huishouden, 5 clients: 41,880 each; 11A01 rolstoel, 1 client: 180,000;
  15A01 beschermd wonen (doelstelling V), 5 clients: 250,000 each;
- batch B1 (made and paid): the January 02 and 01 lines and the 2024 line; B2 (made, not
  paid): the rolstoel; B3 (only its paid event): beschermd wonen;
- aids: 8 issued in 2025 (6 from the depot, one of them in 2024 not counted), taken back: 3
  to the depot, 1 written off.
"""

from __future__ import annotations

import html as html_lib
import random
import re
import uuid
from datetime import date
from typing import Any

import httpx
from devstack.testing import MakeDatabase
from monitor.app import create_app
from monitor.service.projections import DECLARATIE_ONTVANGEN, project
from monitor.settings import MonitorSettings
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import indicatie as ind
from wmokernel.events import iwmo
from wmokernel.wire.envelope import CloudEvent

from .helpers import over

A = "75750101"
JAN = (date(2025, 1, 1), date(2025, 1, 31))
# category → (product code, volume, frequentie, tarief, ingang, clients)
PRODUCTEN = {"02": ("02A01", 3, "2", 6400, date(2025, 1, 1), range(1, 7)),
             "01": ("01A01", 3, "2", 3490, date(2025, 1, 1), range(7, 12)),
             "11": ("11A01", 1, "6", 180000, date(2025, 3, 1), range(12, 13)),
             "15": ("15A01", 1, "4", 250000, date(2025, 1, 1), range(13, 18))}


def client(i: int) -> str:
    return f"p-{i:032x}"


def prestatie(cat: str, i: int, periode: tuple[date, date], cents: int,
              ontvangen: date) -> iwmo.DeclaratieOntvangen:
    code = PRODUCTEN[cat][0]
    return iwmo.DeclaratieOntvangen(
        declaratie_id=uuid.uuid4(), bericht_id=uuid.uuid4(), declaratienummer="D1",
        product_referentie=f"r{i}", toewijzing_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(),
        client_id=client(i), productcategorie=cat, product_code=code, aanbieder=A,
        periode_begin=periode[0], periode_eind=periode[1], volume=-1 if cents < 0 else 1,
        eenheid="04", bedrag_cents=cents, debet_credit="C" if cents < 0 else "D",
        ontvangen_op=ontvangen)


def regel(cat: str, jaar: int, cents: int, n: int) -> iwmo.BetaalregelFeit:
    return iwmo.BetaalregelFeit(productcategorie=cat, product_code=PRODUCTEN[cat][0],
                                jaar=jaar, bedrag_cents=cents, aantal_prestaties=n)


def aid(cat: str, op: date, depot: bool, terug: tuple[date, bool] | None = None
        ) -> list[EventPayload]:
    common: dict[str, Any] = dict(hulpmiddel_id=uuid.uuid4(), verstrekking_id=uuid.uuid4(),
                                  product_code=f"{cat}A01", productcategorie=cat,
                                  client_id=client(99))
    out: list[EventPayload] = [ind.HulpmiddelVerstrekt(**common, verstrekt_op=op,
                                                       herverstrekking=depot)]
    if terug is not None:
        out.append(ind.HulpmiddelIngenomen(**common, ingenomen_op=terug[0],
                                           herbruikbaar=terug[1]))
    return out


def scenario() -> list[EventPayload]:
    d = date
    events: list[EventPayload] = []
    for cat, (code, volume, freq, tarief, ingang, clients) in PRODUCTEN.items():
        for i in clients:
            events.append(ind.BeschikkingAfgegeven(
                beschikking_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(), melding_id=None,
                client_id=client(i), besluit=ind.Besluit.TOEGEKEND, afgegeven_op=ingang,
                bezwaar_uiterlijk=ingang, producten=[ind.BeschiktProductFeit(
                    beschikt_product_id=uuid.uuid4(), product_code=code,
                    productcategorie=cat, leveringsvorm=ind.Leveringsvorm.ZIN,
                    omvang=ind.Omvang(volume=volume, eenheid="04", frequentie=freq),
                    ingangsdatum=ingang, einddatum=None, aanbieder=A, tarief_cents=tarief,
                    eigen_bijdrage_cents=0)]))
    events += [prestatie("02", i, JAN, 76_800, d(2025, 2, 10)) for i in range(1, 7)]
    events += [prestatie("02", 1, JAN, -76_800, d(2025, 3, 10)),
               prestatie("02", 2, (d(2025, 12, 1), d(2025, 12, 31)), 64_000, d(2026, 1, 8)),
               prestatie("02", 3, (d(2024, 12, 1), d(2024, 12, 31)), 50_000, d(2025, 1, 9))]
    events += [prestatie("01", i, JAN, 41_880, d(2025, 2, 10)) for i in range(7, 12)]
    events += [prestatie("11", 12, (d(2025, 3, 1), d(2025, 3, 1)), 180_000, d(2025, 3, 20))]
    events += [prestatie("15", i, JAN, 250_000, d(2025, 2, 12)) for i in range(13, 18)]
    b1 = dict(batch_id=uuid.uuid4(), aanbieder=A, totaal_cents=643_400,
              regels=[regel("02", 2025, 384_000, 7), regel("02", 2024, 50_000, 1),
                      regel("01", 2025, 209_400, 5)])
    b2 = dict(batch_id=uuid.uuid4(), aanbieder=A, totaal_cents=180_000,
              regels=[regel("11", 2025, 180_000, 1)])
    b3 = dict(batch_id=uuid.uuid4(), aanbieder=A, totaal_cents=1_250_000,
              regels=[regel("15", 2025, 1_250_000, 5)])
    events += [iwmo.BetaalbatchAangemaakt(**b1, aangemaakt_op=d(2025, 4, 1)),
               iwmo.BetaalbatchBetaald(**b1, betaald_op=d(2025, 4, 3)),
               iwmo.BetaalbatchAangemaakt(**b2, aangemaakt_op=d(2025, 4, 1)),
               iwmo.BetaalbatchBetaald(**b3, betaald_op=d(2025, 4, 3))]
    events += [*aid("11", d(2025, 1, 5), True, (d(2025, 2, 1), True)),
               *aid("11", d(2025, 2, 5), True, (d(2025, 5, 1), True)),
               *aid("11", d(2025, 4, 5), False, (d(2025, 6, 1), False)),
               *aid("12", d(2025, 4, 6), True), *aid("12", d(2025, 5, 6), True),
               *aid("12", d(2025, 7, 6), True), *aid("14", d(2025, 8, 6), False),
               *aid("11", d(2025, 10, 6), True, (d(2025, 12, 1), True)),
               *aid("11", d(2024, 10, 6), True, (d(2024, 12, 1), True))]
    return events


def legacy() -> CloudEvent:
    """A declaratie of the shape before the catalogue had one: read tolerantly."""
    return CloudEvent(type=DECLARATIE_ONTVANGEN, source="/wmo/indicatie", subject="x",
                      data={"declaratieId": "oud-1", "bedragCents": 1_234,
                            "ontvangenOp": "2025-05-05", "productcategorie": "01"})


async def answers(make_database: MakeDatabase, batches: list[list[CloudEvent]]
                  ) -> dict[str, Any]:
    url = await make_database("uitgaven", "monitor")
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        for batch in batches:
            async with sessions() as session, session.begin():
                await project(over(session), batch)
    finally:
        await engine.dispose()
    settings = MonitorSettings(database_url=url)
    app = create_app(settings)

    def auth(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_dev_token(settings, 'u', [role])}"}

    out: dict[str, Any] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x/api/v1") as http:
        for role in ("gemeente", "monitor-viewer"):
            r = await http.get("/budgetten", params={"jaar": 2025, "peildatum": "2025-06-30"},
                               headers=auth(role))
            assert r.status_code == 200, r.text
            out[role] = r.json()
        for kpi in ("herverstrekkingspercentage", "hulpmiddelen-terug-in-depot",
                    "hulpmiddelen-afgeschreven"):
            for periode in ("kwartaal", "jaar"):
                r = await http.get(f"/kpis/{kpi}", params={"jaar": 2025, "periode": periode},
                                   headers=auth("gemeente"))
                assert r.status_code == 200, r.text
                out[f"{kpi} {periode}"] = {c["periode"]: (c["aantal"], c["teller"], c["waarde"])
                                           for c in r.json()["cellen"]}
        out["definitie"] = (await http.get("/kpis", params={"pageSize": 100},
                                           headers=auth("monitor-viewer"))).json()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as http:
        page = await http.get("/dashboard", params={"jaar": 2025})
        assert page.status_code == 200
        out["dashboard"] = rows(page.text)
    return out


def rows(html: str) -> dict[str, list[str]]:
    """The dashboard's table rows: the row header's text → the cells' texts."""
    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        th = re.search(r'<th scope="row">(.*?)</th>', tr, re.S)
        if th:
            key = " ".join(re.sub(r"<.*?>", "", th.group(1)).split())
            out[key] = [" ".join(html_lib.unescape(c).split())
                        for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
    return out


def cloudevents(events: list[EventPayload]) -> list[CloudEvent]:
    return [p.to_cloudevent("/wmo/indicatie") for p in events] + [legacy()]


def committed(cat: str) -> float:
    """tarief × volume × periods in 2025 (per week: days / 7; per maand: days / 30.4375; a
    one-off once), over the category's clients."""
    _, volume, freq, tarief, ingang, clients = PRODUCTEN[cat]
    days = (date(2025, 12, 31) - ingang).days + 1
    periods = {"2": days / 7, "4": days / 30.4375, "6": 1}[freq]
    return round(tarief * volume * periods * len(clients) / 100_000, 1)


async def test_budget_view_per_doelstelling_and_voorziening_equals_the_hand_sums(
        make_database: MakeDatabase) -> None:
    got = await answers(make_database, [cloudevents(scenario())])
    view = got["gemeente"]
    realised = {"02": 6 * 76_800 - 76_800 + 64_000, "01": 5 * 41_880 + 1_234,
                "11": 180_000, "15": 5 * 250_000}
    paid = {"02": 384_000, "01": 209_400, "11": 0, "15": 1_250_000}
    per = {v["productcategorie"]: v for v in view["voorzieningen"]}
    assert list(per) == ["01", "02", "11", "15"]
    assert {c: v["gerealiseerdCents"] for c, v in per.items()} == realised
    assert {c: v["betaaldCents"] for c, v in per.items()} == paid
    assert {c: v["gecommitteerdK"] for c, v in per.items()} == {
        c: committed(c) for c in per}
    assert {c: v["clienten"] for c, v in per.items()} == {"01": 5, "02": 6, "11": 1, "15": 5}
    assert per["11"]["omschrijving"] == "Rolstoelen" and per["15"]["doelstelling"] == "V"
    iv, v = view["regels"][3], view["regels"][4]
    assert iv["gerealiseerdCents"] == realised["01"] + realised["02"] + realised["11"]
    assert iv["betaaldCents"] == 384_000 + 209_400 and v["betaaldCents"] == 1_250_000
    assert v["gerealiseerdK"] == 12.5 and view["prognoseBasis"] == "gerealiseerd"
    # the forecast: the care begun by 30 June (the December prestatie not), × 365 / 181
    assert iv["prognoseK"] == round((iv["gerealiseerdCents"] - 64_000) * 365 / 181 / 1e5, 1)
    assert view["regels"][0]["gerealiseerdK"] is None

    # others than the gemeente: the rolstoel (1 client) withheld, and with it 01 (the smallest
    # other of IV), so that IV minus 02 shows no single client's spend
    public = {v["productcategorie"]: v for v in got["monitor-viewer"]["voorzieningen"]}
    assert [c for c, v in public.items() if v["onderdrukt"]] == ["01", "11"]
    assert public["11"]["gerealiseerdCents"] is None and public["11"]["clienten"] is None
    assert public["02"]["gerealiseerdCents"] == realised["02"]
    assert got["monitor-viewer"]["regels"] == view["regels"]

    # reuse: 8 aids issued in 2025, 6 from the depot; back: 3 to the depot, 1 written off
    assert got["herverstrekkingspercentage jaar"] == {"2025": (8, 6, 75.0)}
    assert got["herverstrekkingspercentage kwartaal"] == {
        "2025-Q1": (2, 2, 100.0), "2025-Q2": (3, 2, 66.7), "2025-Q3": (2, 1, 50.0),
        "2025-Q4": (1, 1, 100.0)}
    assert got["hulpmiddelen-terug-in-depot jaar"] == {"2025": (3, None, 3)}
    assert got["hulpmiddelen-terug-in-depot kwartaal"] == {
        "2025-Q1": (1, None, 1), "2025-Q2": (1, None, 1), "2025-Q4": (1, None, 1)}
    assert got["hulpmiddelen-afgeschreven jaar"] == {"2025": (1, None, 1)}
    kpi = next(k for k in got["definitie"]["items"] if k["id"] == "herverstrekkingspercentage")
    assert kpi["norm"] == 85 and "002" in kpi["bron"] and kpi["dimensies"] == ["voorziening"]

    # the public dashboard, × €1,000: realised and paid per doelstelling, per voorziening
    # with the withheld ones as "–", the reuse KPIs per quarter (small counts hidden)
    page = got["dashboard"]
    assert page["IV. Passende aanvullende zorg"][2:4] == ["8,4", "5,9"]
    assert page["V. Opvang en verblijf"][2:4] == ["12,5", "12,5"]
    assert page["02 Begeleiding"] == ["IV", "6", f"{committed('02'):.1f}".replace(".", ","),
                                      "4,5", "3,8"]
    assert page["11 Rolstoelen"] == ["IV", "<5", "–", "–", "–"]
    assert page["01 Hulp bij het huishouden"][2:] == ["–", "–", "–"]
    herverstrekking = next(v for k, v in page.items() if k.startswith("Herverstrekking"))
    assert herverstrekking == ["–", "–", "–", "–", "–", "85 %", "8"]
    assert next(v for k, v in page.items() if k.startswith("Hulpmiddelen afgeschreven")) == [
        "0", "<5", "0", "0", "<5", "–", "<5"]


async def test_duplicates_and_any_order_over_batches_change_nothing(
        make_database: MakeDatabase) -> None:
    events = cloudevents(scenario())
    first = await answers(make_database, [events])
    rng = random.Random(13)
    stream = events + rng.sample(events, 20)  # redelivered, each with its own event id
    rng.shuffle(stream)
    batches = [stream[i:i + 4] for i in range(0, len(stream), 4)]
    assert await answers(make_database, batches) == first
    # the batch events in one batch, paid before made, and every event twice
    batch_events = [e for e in events if "betaalbatch" in e.type]
    rest = [e for e in events if "betaalbatch" not in e.type]
    assert await answers(make_database, [rest, list(reversed(batch_events)) * 2, rest]) == first
