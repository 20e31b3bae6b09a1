"""The bezwaar and beroep compliance figures from events (real PostgreSQL, through the
projections): decided on time against the term in force (postponed or not), postponements,
bezwaren open past their term on the peildatum, outcomes, late beroepen, uitspraken and the
new beschikking after a gegrond one; exact for the gemeente, small counts hidden for others."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload
from wmokernel.events import indicatie as ind
from wmokernel.settings import KernelSettings

from .helpers import projected_app

JAAR = 2025
PATH = "/api/v1/wettelijke-termijnen/bezwaar"


def bearer(role: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), role, (role,))}


class Dossier:
    """One aanvraag's beschikking and the bezwaar against it."""

    def __init__(self, i: int) -> None:
        self.ids: dict[str, Any] = dict(
            aanvraag_id=uuid.uuid4(), client_id=f"p-{i:032x}", beschikking_id=uuid.uuid4())
        self.bezwaar_id = uuid.uuid4()

    def ingediend(self, op: date, uiterlijk: date, door: str = "client") -> EventPayload:
        return ind.BezwaarIngediend(
            **self.ids, bezwaar_id=self.bezwaar_id, ingediend_op=op, binnen_termijn=True,
            adviescommissie=False, beslissen_uiterlijk=uiterlijk,
            ingediend_door=ind.BezwaarIndiener(door))

    def verdaagd(self, op: date, oud: date, nieuw: date, soort: str = "verdaging"
                 ) -> EventPayload:
        return ind.BezwaarVerdaagd(
            **self.ids, bezwaar_id=self.bezwaar_id, verdaging_id=uuid.uuid4(),
            soort=ind.VerdagingSoort(soort), weken=6, verzonden_op=op, oude_uiterlijk=oud,
            beslissen_uiterlijk=nieuw, oorspronkelijk_uiterlijk=oud)

    def beslist(self, op: date, uitkomst: str, uiterlijk: date) -> EventPayload:
        return ind.BezwaarBeslist(
            **self.ids, bezwaar_id=self.bezwaar_id, uitkomst=ind.BezwaarUitkomst(uitkomst),
            besloten_op=op, beslissen_uiterlijk=uiterlijk, binnen_termijn=op <= uiterlijk,
            nieuwe_beschikking_nodig=uitkomst == "gegrond")

    def beroep(self, op: date, tijdig: bool, uitspraak: str | None = None,
               uitspraak_op: date | None = None) -> list[EventPayload]:
        beroep_id = uuid.uuid4()
        out: list[EventPayload] = [ind.BeroepIngesteld(
            **self.ids, beroep_id=beroep_id, bezwaar_id=self.bezwaar_id,
            rechtbank=ind.Rechtbank.MIDDEN_NEDERLAND, ingesteld_op=op, beroep_uiterlijk=op,
            binnen_termijn=tijdig)]
        if uitspraak is not None and uitspraak_op is not None:
            gegrond = uitspraak == "gegrond"
            out.append(ind.BeroepUitspraakGedaan(
                **self.ids, beroep_id=beroep_id, bezwaar_id=self.bezwaar_id,
                uitspraak=ind.BeroepUitspraak(uitspraak), uitspraak_op=uitspraak_op,
                nieuwe_beschikking_nodig=gegrond,
                te_vervangen_beschikking_id=self.ids["beschikking_id"] if gegrond else None))
        return out

    def nieuwe_beschikking(self, op: date) -> EventPayload:
        return ind.BeschikkingAfgegeven(
            aanvraag_id=self.ids["aanvraag_id"], client_id=self.ids["client_id"],
            beschikking_id=uuid.uuid4(), melding_id=None, besluit=ind.Besluit.TOEGEKEND,
            afgegeven_op=op, bezwaar_uiterlijk=op,
            vervangt_beschikking_id=self.ids["beschikking_id"])


def scenario() -> list[EventPayload]:
    a, b, c, d, e, f, g = (Dossier(i) for i in range(7))
    return [
        # decided on time only because the term was postponed from 15 April to 27 May; its
        # beroep is gegrond and the new beschikking follows
        a.ingediend(date(JAAR, 2, 3), date(JAAR, 4, 15)),
        a.verdaagd(date(JAAR, 4, 1), date(JAAR, 4, 15), date(JAAR, 5, 27)),
        a.beslist(date(JAAR, 5, 20), "ongegrond", date(JAAR, 5, 27)),
        *a.beroep(date(JAAR, 6, 20), True, "gegrond", date(JAAR, 10, 1)),
        a.nieuwe_beschikking(date(JAAR, 10, 10)),
        # decided late
        b.ingediend(date(JAAR, 3, 3), date(JAAR, 5, 13)),
        b.beslist(date(JAAR, 6, 2), "gegrond", date(JAAR, 5, 13)),
        # by a gemachtigde, postponed and then with consent into next year: open, not late
        c.ingediend(date(JAAR, 9, 1), date(JAAR, 11, 11), door="gemachtigde"),
        c.verdaagd(date(JAAR, 11, 5), date(JAAR, 11, 11), date(JAAR, 12, 23)),
        c.verdaagd(date(JAAR, 12, 20), date(JAAR, 12, 23), date(JAAR + 1, 1, 6),
                   soort="uitstel-met-instemming"),
        # open past its term on 31 December
        d.ingediend(date(JAAR, 8, 1), date(JAAR, 10, 14)),
        # from last year, withdrawn this year: an outcome, not a decision against the term
        e.ingediend(date(JAAR - 1, 11, 1), date(JAAR, 1, 14)),
        e.beslist(date(JAAR, 1, 10), "ingetrokken", date(JAAR, 1, 14)),
        # beroepen against last year's decisions: one late and niet-ontvankelijk, one gegrond
        # without the new beschikking yet
        *f.beroep(date(JAAR, 1, 20), False, "niet-ontvankelijk", date(JAAR, 11, 1)),
        *g.beroep(date(JAAR, 2, 1), True, "gegrond", date(JAAR, 12, 15)),
    ]


@pytest.fixture
async def http(make_database: MakeDatabase) -> AsyncIterator[httpx.AsyncClient]:
    events = scenario()
    app = await projected_app(make_database, "bezwaar_beroep", events + events)  # duplicates
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as client:
        yield client


async def test_the_gemeente_sees_the_year_exact(http: httpx.AsyncClient) -> None:
    r = await http.get(PATH, params={"jaar": JAAR}, headers=bearer("gemeente"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["jaar"], body["peildatum"], body["onderdrukt"]) == (JAAR, "2025-12-31", False)
    assert body["bezwaren"] == {
        "ontvangen": 4, "doorGemachtigde": 1, "beslist": 2, "beslistBinnenTermijn": 1,
        "percentageBinnenTermijn": 50.0, "verdaagd": 2, "uitstelMetInstemming": 1,
        "openNaTermijn": 1,
        "uitkomsten": {"gegrond": 1, "deelsGegrond": 0, "ongegrond": 1, "nietOntvankelijk": 0,
                       "ingetrokken": 1}}
    assert body["beroepen"] == {
        "ingesteld": 3, "ingesteldNaTermijn": 1, "uitspraken": 3,
        "uitkomsten": {"gegrond": 2, "ongegrond": 0, "nietOntvankelijk": 1, "ingetrokken": 0},
        "gegrondGevolgdDoorNieuweBeschikking": 1}


async def test_without_a_year_it_is_this_year_judged_today(http: httpx.AsyncClient) -> None:
    r = await http.get(PATH, headers=bearer("gemeente"))
    body = r.json()
    assert (body["jaar"], body["peildatum"]) == (date.today().year, date.today().isoformat())
    assert body["bezwaren"]["ontvangen"] == 0 and body["beroepen"]["ingesteld"] == 0
    # still undecided today: the one late since October and the one postponed to January 2026
    assert body["bezwaren"]["openNaTermijn"] == 2


async def test_other_readers_see_small_counts_hidden(http: httpx.AsyncClient) -> None:
    r = await http.get(PATH, params={"jaar": JAAR}, headers=bearer("monitor-viewer"))
    body = r.json()
    assert body["onderdrukt"] is True
    assert (body["bezwaren"]["ontvangen"], body["bezwaren"]["beslist"],
            body["bezwaren"]["percentageBinnenTermijn"]) == (None, None, None)
    assert body["bezwaren"]["uitkomsten"]["deelsGegrond"] == 0, "zero is no person"
    r = await http.get(PATH, params={"jaar": JAAR}, headers=bearer("buurtteam"))
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
