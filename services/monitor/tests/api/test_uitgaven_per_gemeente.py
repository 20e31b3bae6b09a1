"""Spend per municipality of residence (GET /budgetten/uitgaven-per-gemeente and the
dashboard's municipality view), against real PostgreSQL: a U16 municipality reads its own
residents' spend and not another's, small numbers withheld (also where subtraction would give
them away), a client whose municipality became known after its declaratie counts there, and
another order, duplicates and other batches give the same answer.

In 2025 (all one-off products, so committed = tarief × volume, counted once):
- Zeist (0355): clients 1–6, melding registered by Zeist; client 7, its melding arriving after
  its declaratie; client 8, a melding in Utrecht (January) and an opvang aanmelding in Zeist
  (March), so Zeist is the latest. Each: 02A01 €1,200 granted and declared; 1–6 and 8 paid
  (batch B1), 7's in a batch not yet paid (B2). Zeist: committed and realised 8 × 120,000 =
  960,000 cents, paid 7 × 120,000 = 840,000.
- Houten (0321): clients 9 and 10 from an opvang aanmelding, 15A01 €2,500 each, paid.
- Utrecht (0344): clients 11–15, melding by Utrecht's buurtteam (no municipality: Utrecht),
  01A01 €400 each, paid.
- onbekend: clients 16 and 17, no melding nor aanmelding, 01A01 €400 each, paid.

For a suppressed reader Houten (2) and onbekend (2) are small; together 4, so the smallest
other with clients, Utrecht (5), is withheld too: no withheld amount follows from the total.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa
from devstack.components import start_broker
from devstack.testing import MakeDatabase
from monitor.app import create_app, rebuild
from monitor.service.projections import project
from monitor.settings import MonitorSettings
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload, parse_payload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import indicatie as ind
from wmokernel.events import iwmo
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg
from wmokernel.kafka import ensure_topics
from wmokernel.settings import KernelSettings
from wmokernel.wire.envelope import CloudEvent

from .helpers import over, publish_events
from .test_dashboard_keuze import rows, section, text

JAAR = 2025
ZEIST, HOUTEN, UTRECHT = "0355", "0321", "0344"
A = "75750101"
T0 = datetime(2025, 1, 5, 9, 0, tzinfo=UTC)
# category → (product code, tarief in cents)
PRODUCT = {"02": ("02A01", 120_000), "15": ("15A01", 250_000), "01": ("01A01", 40_000)}
CATEGORIE = {**dict.fromkeys(range(1, 9), "02"), 9: "15", 10: "15",
             **dict.fromkeys(range(11, 18), "01")}


def client(i: int) -> str:
    return f"p-{i:032x}"


def at(payload: EventPayload, when: datetime) -> CloudEvent:
    return dataclasses.replace(payload.to_cloudevent("/wmo/test"), time=when)


def melding(i: int, gemeente: str | None, when: datetime) -> CloudEvent:
    op = when.date()
    return at(tg.MeldingOntvangen(
        melding_id=uuid.uuid4(), client_id=client(i), kanaal=tg.Kanaal.BUURTTEAM, gemeld_op=op,
        eerste_contact_uiterlijk=op + timedelta(days=7), onderzoek_uiterlijk=op + timedelta(
            weeks=6), gemeente=gemeente), when)


def aanmelding(i: int, gemeente: str, when: datetime) -> CloudEvent:
    return at(opv.AanmeldingOntvangen(
        aanmelding_id=uuid.uuid4(), client_id=client(i), gemeente=gemeente,
        vorm=opv.OpvangVormDetail.BESCHERMD_VERBLIJF, kanaal="regionale-toegang",
        verwezen_op=when.date(), buiten_regio=False, doelgroep="wmo", financiering="wmo"), when)


def beschikking(i: int) -> ind.BeschikkingAfgegeven:
    cat = CATEGORIE[i]
    code, tarief = PRODUCT[cat]
    return ind.BeschikkingAfgegeven(
        beschikking_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(), melding_id=None,
        client_id=client(i), besluit=ind.Besluit.TOEGEKEND, afgegeven_op=date(JAAR, 1, 20),
        bezwaar_uiterlijk=date(JAAR, 3, 3), producten=[ind.BeschiktProductFeit(
            beschikt_product_id=uuid.uuid4(), product_code=code, productcategorie=cat,
            leveringsvorm=ind.Leveringsvorm.ZIN,
            omvang=ind.Omvang(volume=1, eenheid="04", frequentie="6"),
            ingangsdatum=date(JAAR, 2, 1), einddatum=None, aanbieder=A, tarief_cents=tarief,
            eigen_bijdrage_cents=0)])


def prestatie(i: int) -> iwmo.DeclaratieOntvangen:
    cat = CATEGORIE[i]
    code, tarief = PRODUCT[cat]
    return iwmo.DeclaratieOntvangen(
        declaratie_id=uuid.uuid4(), bericht_id=uuid.uuid4(), declaratienummer="D1",
        product_referentie=f"r{i}", toewijzing_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(),
        client_id=client(i), productcategorie=cat, product_code=code, aanbieder=A,
        periode_begin=date(JAAR, 2, 1), periode_eind=date(JAAR, 2, 28), volume=1,
        eenheid="04", bedrag_cents=tarief, debet_credit="D", ontvangen_op=date(JAAR, 3, 5))


def batches(prestaties: dict[int, iwmo.DeclaratieOntvangen]) -> list[EventPayload]:
    """B1 (made and paid): every prestatie but client 7's; B2 (made only): client 7's."""
    def batch(clients: list[int]) -> dict[str, Any]:
        lines: dict[str, list[int]] = {}
        for i in clients:
            line = lines.setdefault(CATEGORIE[i], [0, 0])
            line[0] += prestaties[i].bedrag_cents
            line[1] += 1
        regels = [iwmo.BetaalregelFeit(productcategorie=c, product_code=PRODUCT[c][0],
                                       jaar=JAAR, bedrag_cents=b, aantal_prestaties=n)
                  for c, (b, n) in sorted(lines.items())]
        return dict(batch_id=uuid.uuid4(), aanbieder=A, regels=regels,
                    totaal_cents=sum(r.bedrag_cents for r in regels),
                    declaratie_ids=[prestaties[i].declaratie_id for i in clients])
    b1, b2 = batch([i for i in prestaties if i != 7]), batch([7])
    return [iwmo.BetaalbatchAangemaakt(**b1, aangemaakt_op=date(JAAR, 4, 1)),
            iwmo.BetaalbatchBetaald(**b1, betaald_op=date(JAAR, 4, 3)),
            iwmo.BetaalbatchAangemaakt(**b2, aangemaakt_op=date(JAAR, 4, 1))]


def scenario() -> tuple[list[CloudEvent], CloudEvent]:
    """Every event but client 7's melding, and that melding (it arrives last)."""
    events = [melding(i, ZEIST, T0 + timedelta(minutes=i)) for i in range(1, 7)]
    # client 8: Utrecht in January, then Zeist in March; the later event first
    events += [aanmelding(8, ZEIST, datetime(2025, 3, 1, 9, tzinfo=UTC)),
               melding(8, None, datetime(2025, 1, 10, 9, tzinfo=UTC))]
    events += [aanmelding(i, HOUTEN, T0 + timedelta(minutes=i)) for i in (9, 10)]
    events += [melding(i, None, T0 + timedelta(minutes=i)) for i in range(11, 16)]
    prestaties = {i: prestatie(i) for i in range(1, 18)}
    payloads: list[EventPayload] = [beschikking(i) for i in range(1, 18)]
    payloads += [*prestaties.values(), *batches(prestaties)]
    events += [at(p, T0 + timedelta(hours=1)) for p in payloads]
    return events, melding(7, ZEIST, datetime(2025, 4, 1, 9, tzinfo=UTC))


async def project_in(url: str, batches_: list[list[CloudEvent]]) -> None:
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        for batch in batches_:
            async with sessions() as session, session.begin():
                await project(over(session), batch)
    finally:
        await engine.dispose()


def bearer(role: str, gemeente: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(
        KernelSettings(), f"{role}-{gemeente}", (role,), gemeente=gemeente)}


def client_for(url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(
        app=create_app(MonitorSettings(database_url=url))), base_url="http://x")


async def spend(http: httpx.AsyncClient, headers: dict[str, str], **params: Any
                ) -> dict[str, dict[str, Any]]:
    r = await http.get("/api/v1/budgetten/uitgaven-per-gemeente",
                       params={"jaar": JAAR, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return {g["gemeente"]: g for g in r.json()["gemeenten"]}


def amounts(row: dict[str, Any]) -> tuple[Any, ...]:
    """(clients, cents) of committed, realised and paid."""
    return tuple(v for k in ("gecommitteerd", "gerealiseerd", "betaald")
                 for v in (row[k]["clienten"], row[k]["bedragCents"]))


async def test_a_u16_municipality_reads_its_own_residents_spend_and_not_another(
        make_database: MakeDatabase) -> None:
    url = await make_database("uitgaven_gemeente", "monitor")
    events, late = scenario()
    await project_in(url, [events, [late]])
    async with client_for(url) as http:
        zeist = await spend(http, bearer("u16-gemeente", ZEIST))
        assert list(zeist) == [ZEIST], "Zeist sees its own municipality only"
        assert zeist[ZEIST]["naam"] == "Zeist"
        assert amounts(zeist[ZEIST]) == (8, 960_000, 8, 960_000, 7, 840_000)
        assert zeist[ZEIST]["betaald"]["bedragK"] == 8.4
        assert not any(zeist[ZEIST][k]["onderdrukt"]
                       for k in ("gecommitteerd", "gerealiseerd", "betaald"))
        assert list(await spend(http, bearer("u16-gemeente", ZEIST), gemeente=ZEIST)) == [ZEIST]

        # another municipality's spend, or a U16 token naming none: 403
        for headers, params in ((bearer("u16-gemeente", ZEIST), {"gemeente": HOUTEN}),
                                (bearer("u16-gemeente", ZEIST), {"gemeente": "onbekend"}),
                                (bearer("u16-gemeente", None), {}),
                                (bearer("aanbieder", None), {})):
            r = await http.get("/api/v1/budgetten/uitgaven-per-gemeente",
                               params={"jaar": JAAR, **params}, headers=headers)
            assert r.status_code == 403, (params, r.text)
            assert r.headers["content-type"] == "application/problem+json"
        r = await http.get("/api/v1/budgetten/uitgaven-per-gemeente",
                           params={"gemeente": "Zeist"}, headers=bearer("gemeente"))
        assert r.status_code == 422

        # Houten's 2 residents: its amounts are withheld from Houten itself too
        houten = (await spend(http, bearer("u16-gemeente", HOUTEN)))[HOUTEN]
        assert amounts(houten) == (None,) * 6
        assert houten["gerealiseerd"] == {"clienten": None, "bedragK": None,
                                          "bedragCents": None, "onderdrukt": True}


async def test_small_amounts_are_withheld_and_cannot_be_found_by_subtraction(
        make_database: MakeDatabase) -> None:
    url = await make_database("uitgaven_gemeente", "monitor")
    events, late = scenario()
    await project_in(url, [events, [late]])
    async with client_for(url) as http:
        exact = await spend(http, bearer("gemeente"))
        viewer = await spend(http, bearer("monitor-viewer"))
        budget = (await http.get("/api/v1/budgetten", params={"jaar": JAAR},
                                 headers=bearer("gemeente"))).json()
        utrecht = (await spend(http, bearer("u16-gemeente", UTRECHT)))[UTRECHT]

    # the gemeente sees every municipality exact, the unknown ones apart (not Utrecht's)
    assert amounts(exact[ZEIST]) == (8, 960_000, 8, 960_000, 7, 840_000)
    assert amounts(exact[HOUTEN]) == (2, 500_000, 2, 500_000, 2, 500_000)
    assert amounts(exact[UTRECHT]) == (5, 200_000, 5, 200_000, 5, 200_000)
    assert amounts(exact["onbekend"]) == (2, 80_000, 2, 80_000, 2, 80_000)
    assert exact["onbekend"]["naam"] == "woongemeente onbekend"
    assert amounts(exact["0312"]) == (0, 0, 0, 0, 0, 0), "a U16 municipality without any"
    assert list(exact)[-1] == "onbekend" and len(exact) == 17
    # together they are the budget view's spend: each client counted once, in one place
    assert sum(g["gerealiseerd"]["bedragCents"] for g in exact.values()) == sum(
        r["gerealiseerdCents"] or 0 for r in budget["regels"]) == 1_740_000
    assert sum(g["betaald"]["bedragCents"] for g in exact.values()) == sum(
        r["betaaldCents"] or 0 for r in budget["regels"]) == 1_620_000

    # a viewer: Houten and onbekend (2 each) withheld, and Utrecht with them (2 + 2 < 5)
    assert amounts(viewer[ZEIST]) == amounts(exact[ZEIST])
    assert amounts(viewer[HOUTEN]) == amounts(viewer["onbekend"]) == (None,) * 6
    assert amounts(viewer[UTRECHT]) == (5, None, 5, None, 5, None)
    assert viewer[UTRECHT]["betaald"]["onderdrukt"] is True
    assert utrecht == viewer[UTRECHT], "the same choice whoever reads"


async def test_a_municipality_known_after_the_declaratie_still_counts(
        make_database: MakeDatabase) -> None:
    url = await make_database("uitgaven_gemeente", "monitor")
    events, late = scenario()
    await project_in(url, [events])
    async with client_for(url) as http:
        before = await spend(http, bearer("gemeente"))
        await project_in(url, [[late]])
        after = await spend(http, bearer("gemeente"))
    # client 7 (declared, in an unpaid batch) was onbekend, and is Zeist's once known
    assert amounts(before[ZEIST]) == (7, 840_000, 7, 840_000, 7, 840_000)
    assert amounts(before["onbekend"]) == (3, 200_000, 3, 200_000, 2, 80_000)
    assert amounts(after[ZEIST]) == (8, 960_000, 8, 960_000, 7, 840_000)
    assert amounts(after["onbekend"]) == (2, 80_000, 2, 80_000, 2, 80_000)


async def test_another_order_duplicates_and_batches_change_nothing(
        make_database: MakeDatabase) -> None:
    events, late = scenario()
    in_order = [*events, late]
    shuffled = in_order + random.Random(3).sample(in_order, 20)
    random.Random(4).shuffle(shuffled)
    # client 8's Utrecht melding (January) after its Zeist aanmelding (March), in a batch of
    # its own, and again under a new id; the other facts re-published under new ids too
    utrecht8 = next(e for e in events if e.data["clientId"] == client(8)
                    and e.type == tg.MeldingOntvangen.event_type)
    again = [dataclasses.replace(e, id=str(uuid.uuid4())) for e in [utrecht8, *in_order[1::3]]]
    answers = []
    for batches_ in ([in_order], [shuffled[i:i + 7] for i in range(0, len(shuffled), 7)],
                     [[e for e in reversed(in_order) if e is not utrecht8], [utrecht8],
                      again]):
        url = await make_database("uitgaven_gemeente", "monitor")
        await project_in(url, batches_)
        async with client_for(url) as http:
            answers.append(await spend(http, bearer("gemeente")))
        engine = make_engine(url)
        try:
            async with make_session_factory(engine)() as session:
                rows = {r.client_id: r.gemeente for r in await session.execute(sa.text(
                    "SELECT client_id, gemeente FROM client_gemeenten"))}
        finally:
            await engine.dispose()
        assert rows[client(8)] == ZEIST, "the later event wins, whichever came first"
        assert rows[client(11)] == UTRECHT and client(16) not in rows
    assert answers[0] == answers[1] == answers[2]
    assert amounts(answers[0][ZEIST]) == (8, 960_000, 8, 960_000, 7, 840_000)


async def test_the_dashboard_shows_a_municipalitys_spend_on_its_residents(
        make_database: MakeDatabase) -> None:
    url = await make_database("uitgaven_gemeente", "monitor")
    events, late = scenario()
    await project_in(url, [events, [late]])
    async with client_for(url) as http:
        zeist, houten, alle = [
            (await http.get("/dashboard", params={"jaar": JAAR, **g})).text
            for g in ({"gemeente": ZEIST}, {"gemeente": HOUTEN}, {})]
    spent = rows(section(zeist, "uitgaven-gemeente"))
    assert spent == {"Gecommitteerd (beschikkingen)": ["8", "9,6"],
                     "Gerealiseerd (goedgekeurde declaraties)": ["8", "9,6"],
                     "Betaald (uitgevoerde betaalopdrachten)": ["7", "8,4"]}
    assert "Uitgaven voor inwoners van Zeist" in zeist
    assert "onbekend" in text(section(zeist, "uitgaven-gemeente"))
    assert rows(section(houten, "uitgaven-gemeente"))["Betaald (uitgevoerde betaalopdrachten)"] \
        == ["<5", "–"]
    assert "niet getoond" in text(section(houten, "uitgaven-gemeente"))
    assert 'id="uitgaven-gemeente"' not in alle, "only for a chosen municipality"


async def test_a_rebuild_fills_the_municipalities_again(
        make_database: MakeDatabase) -> None:
    events, late = scenario()
    stream = [*events, late]
    broker = start_broker()
    try:
        settings = MonitorSettings(database_url=await make_database("uitgaven_gemeente",
                                                                    "monitor"),
                                   kafka_bootstrap_servers=broker.bootstrap)
        engine = make_engine(settings.database_url)
        try:
            async with make_session_factory(engine)() as session, session.begin():
                # a stale row no event on the topics backs: a rebuild drops it
                await session.execute(sa.text(
                    "INSERT INTO client_gemeenten VALUES (:c, '0312', now(), 'x')"),
                    {"c": client(99)})
            payloads = [(parse_payload(e), e) for e in stream]
            await ensure_topics(settings, sorted({p.topic for p, _ in payloads}))
            await publish_events(broker.bootstrap, payloads)
            assert await rebuild(settings) == len(stream)
            async with make_session_factory(engine)() as session:
                rows = {r.client_id: r.gemeente for r in await session.execute(sa.text(
                    "SELECT client_id, gemeente FROM client_gemeenten"))}
                links = await session.scalar(sa.text(
                    "SELECT count(*) FROM betaalbatch_declaraties"))
        finally:
            await engine.dispose()
        assert client(99) not in rows
        assert rows[client(7)] == rows[client(8)] == ZEIST and rows[client(9)] == HOUTEN
        assert len(rows) == 15 and links == 17
        async with client_for(settings.database_url) as http:
            zeist = await spend(http, bearer("u16-gemeente", ZEIST))
        assert amounts(zeist[ZEIST]) == (8, 960_000, 8, 960_000, 7, 840_000)
    finally:
        broker.stop()


async def test_the_openapi_document_declares_the_endpoint(
        make_database: MakeDatabase) -> None:
    url = await make_database("uitgaven_gemeente", "monitor")
    async with client_for(url) as http:
        doc = (await http.get("/api/v1/openapi.json")).json()
    op = doc["paths"]["/budgetten/uitgaven-per-gemeente"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"jaar", "gemeente"}
    assert {"200", "403", "422"} <= set(op["responses"])
    assert "onbekend" in op["description"]
