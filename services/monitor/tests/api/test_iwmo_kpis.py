"""The iWmo answer and message terms: verzoeken answered (in time or late, "in onderzoek" first),
start and stop messages (one late), term signals and refused messages go through the
projections into figures checked by hand; the same events duplicated, shuffled and split over
other batches give the same read models and figures (real PostgreSQL)."""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from devstack.testing import MakeDatabase
from monitor.domain.kpis import KPIS
from monitor.repository.kpis import kpi_cells
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import indicatie as ind
from wmokernel.events import iwmo

from .helpers import project_batches

A, B = "75750101", "75750102"
T = iwmo.IwmoTermijnSoort


def client(i: int) -> str:
    return f"p-{i:032x}"


def verzoek(soort: iwmo.VerzoekSoort, aanbieder: str, ontvangen: date, uiterlijk: date,
            *answers: tuple[iwmo.VerzoekUitkomst, date, bool, date | None]) -> list[EventPayload]:
    v = uuid.uuid4()
    common: dict[str, Any] = dict(verzoek_id=v, soort=soort, client_id=client(1),
                                  aanbieder=aanbieder)
    out: list[EventPayload] = [iwmo.VerzoekOmToewijzingOntvangen(
        **common, referentie_aanbieder=f"R{v.hex[:6]}", ontvangen_op=ontvangen,
        antwoord_uiterlijk=uiterlijk)]
    for uitkomst, op, binnen, definitief in answers:
        out.append(iwmo.VerzoekBeantwoord(
            **common, uitkomst=uitkomst, ontvangen_op=ontvangen, beantwoord_op=op,
            antwoord_uiterlijk=uiterlijk, binnen_termijn=binnen, definitief_uiterlijk=definitief,
            reden_afwijzing="01" if uitkomst == iwmo.VerzoekUitkomst.AFGEWEZEN else None))
    return out


def signaal(kind: type[iwmo.IwmoTermijnNadert] | type[iwmo.IwmoTermijnVerstreken],
            dossier: uuid.UUID, soort: iwmo.IwmoTermijnSoort, aanbieder: str, uiterlijk: date,
            peil: date) -> EventPayload:
    return kind(dossier_id=dossier, soort=soort, client_id=client(2), aanbieder=aanbieder,
                uiterlijk=uiterlijk, peildatum=peil)


def levering(aanbieder: str, start: date, stop: date | None) -> tuple[uuid.UUID,
                                                                       list[EventPayload]]:
    common: dict[str, Any] = dict(
        toewijzing_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(), beschikking_id=uuid.uuid4(),
        client_id=client(3), product_code="02A01", productcategorie="02", aanbieder=aanbieder)
    out: list[EventPayload] = [ind.LeveringGestart(
        **common, startdatum=start, verwezen_op=start, wachtdagen=0, binnen_norm=True)]
    if stop is not None:
        out.append(ind.LeveringGestopt(**common, stopdatum=stop, reden_beeindiging="01",
                                       gestart=True))
    return common["toewijzing_id"], out


def bericht(berichttype: iwmo.IwmoBerichttype, aanbieder: str, op: date, goed: bool
            ) -> EventPayload:
    return iwmo.BerichtOntvangen(
        bericht_id=uuid.uuid4(), berichttype=berichttype, identificatie=uuid.uuid4().hex[:12],
        aanbieder=aanbieder, client_id=client(4), client_ids=[client(4), client(5)],
        ontvangen_op=op, goedgekeurd=goed, retourcodes=["0200"] if goed else ["9019"])


def a_year() -> list[EventPayload]:
    U = iwmo.VerzoekUitkomst
    VOT, VOW = iwmo.VerzoekSoort.VOT, iwmo.VerzoekSoort.VOW
    events: list[EventPayload] = []
    # March: A answers two VOTs in time and one late; B a VOW in time
    events += verzoek(VOT, A, date(2025, 3, 3), date(2025, 3, 10),
                      (U.TOEGEWEZEN, date(2025, 3, 5), True, None))
    events += verzoek(VOT, A, date(2025, 3, 3), date(2025, 3, 10),
                      (U.AFGEWEZEN, date(2025, 3, 10), True, None))
    late = verzoek(VOT, A, date(2025, 3, 3), date(2025, 3, 10),
                   (U.TOEGEWEZEN, date(2025, 3, 14), False, None))
    events += late
    assert isinstance(late[0], iwmo.VerzoekOmToewijzingOntvangen)
    dossier = late[0].verzoek_id
    events += [signaal(iwmo.IwmoTermijnNadert, dossier, T.VERZOEK_ANTWOORD, A, date(2025, 3, 10),
                       date(2025, 3, 6)),
               signaal(iwmo.IwmoTermijnVerstreken, dossier, T.VERZOEK_ANTWOORD, A,
                       date(2025, 3, 10), date(2025, 3, 11))]
    # B: "in onderzoek" in time in March, the final answer late in May
    events += verzoek(VOW, B, date(2025, 3, 20), date(2025, 3, 27),
                      (U.IN_ONDERZOEK, date(2025, 3, 21), True, date(2025, 5, 16)),
                      (U.TOEGEWEZEN, date(2025, 5, 20), False, date(2025, 5, 16)))
    # deliveries: three start in April (one message late), one stops in June
    late_start, ev = levering(A, date(2025, 4, 1), None)
    events += ev
    events.append(signaal(iwmo.IwmoTermijnVerstreken, late_start, T.STARTBERICHT, A,
                          date(2025, 4, 8), date(2025, 4, 15)))
    events += levering(A, date(2025, 4, 14), None)[1]
    events += levering(B, date(2025, 4, 30), date(2025, 6, 2))[1]
    # messages received: one of three refused
    events += [bericht(iwmo.IwmoBerichttype.WMO305, A, date(2025, 4, 2), True),
               bericht(iwmo.IwmoBerichttype.WMO305, A, date(2025, 4, 3), False),
               bericht(iwmo.IwmoBerichttype.WMO315, B, date(2025, 4, 3), True)]
    return events


async def load(make_database: MakeDatabase, batches: list[list[EventPayload]]) -> str:
    url = await make_database("iwmo", "monitor")
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        await project_batches(sessions, batches, "/wmo/indicatie")
    finally:
        await engine.dispose()
    return url


async def figures(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session:
            out: dict[str, Any] = {}
            for kpi in ("verzoek-antwoord-binnen-termijn", "verzoek-definitief-binnen-termijn",
                        "regiebericht-binnen-termijn", "iwmo-termijnen-verstreken",
                        "iwmo-berichten-goedgekeurd"):
                for dim in [None, *sorted(KPIS[kpi].dimensies)]:
                    for periode in ("maand", "jaar"):
                        out[f"{kpi}/{dim}/{periode}"] = {
                            (c["periode"], c["groep"]): (c["aantal"], c["teller"], c["waarde"])
                            for c in await kpi_cells(session, KPIS[kpi], 2025, periode, dim)}
            for table in ("iwmo_verzoeken", "iwmo_verzoek_antwoorden", "iwmo_termijnsignalen",
                          "iwmo_berichten_ontvangen"):
                rows = await session.execute(sa.text(f"SELECT * FROM {table}"))
                out[table] = sorted(tuple(str(v) for v in r) for r in rows)
            return out
    finally:
        await engine.dispose()


async def test_iwmo_terms_counted_by_hand(make_database: MakeDatabase) -> None:
    got = await figures(await load(make_database, [a_year()]))

    antwoord = got["verzoek-antwoord-binnen-termijn/aanbieder/jaar"]
    assert antwoord == {("2025", A): (3, 2, 66.7), ("2025", B): (1, 1, 100.0)}
    assert got["verzoek-antwoord-binnen-termijn/soort/maand"] == {
        ("2025-03", "VOT"): (3, 2, 66.7), ("2025-03", "VOW"): (1, 1, 100.0)}
    assert got["verzoek-definitief-binnen-termijn/None/maand"] == {
        ("2025-05", "totaal"): (1, 0, 0.0)}, "the final answer counts apart, in its month"

    assert got["regiebericht-binnen-termijn/soort/maand"] == {
        ("2025-04", "startbericht"): (3, 2, 66.7), ("2025-06", "stopbericht"): (1, 1, 100.0)}
    assert got["regiebericht-binnen-termijn/aanbieder/jaar"] == {
        ("2025", A): (2, 1, 50.0), ("2025", B): (2, 2, 100.0)}

    assert got["iwmo-termijnen-verstreken/soort/jaar"] == {
        ("2025", "startbericht"): (1, None, 1.0),
        ("2025", "verzoek-antwoord"): (1, None, 1.0)}, "a 'nadert' signal is no passed term"

    assert got["iwmo-berichten-goedgekeurd/berichttype/maand"] == {
        ("2025-04", "WMO305"): (2, 1, 50.0), ("2025-04", "WMO315"): (1, 1, 100.0)}


async def test_duplicated_and_reordered_events_give_the_same_read_models(
        make_database: MakeDatabase) -> None:
    events = a_year()
    in_order = await figures(await load(make_database, [events]))
    rng = random.Random(3)
    stream = events + rng.sample(events, len(events) // 2) + events[:4]
    rng.shuffle(stream)
    batches = [stream[i:i + 5] for i in range(0, len(stream), 5)]  # duplicates across batches
    assert await figures(await load(make_database, batches)) == in_order
    assert len(in_order["iwmo_verzoek_antwoorden"]) == 5, "one row per verzoek and phase"
    assert len(in_order["iwmo_termijnsignalen"]) == 3
