"""The dwangsom figures (GET /wettelijke-termijnen/dwangsom) from events through the
projections, against amounts worked out by hand from Awb 4:17 (first day two weeks after the
ingebrekestelling; EUR 23 a day for days 1-14, 35 for 15-28, 45 for 29-42) (real
PostgreSQL). The events go in shuffled and twice.

- A1: received 1 May 2026, due 15 May; ingebrekestelling 18 May (first day 1 June);
  beschikking 19 June: 18 days = 322 + 4 x 35 = EUR 462; set on 1 July for EUR 462.
- A2: received 4 May, due 18 May, no beschikking, no ingebrekestelling.
- A3: received 1 June, due 15 June, suspended to 31 July: not past its term in June or July.
- A4: received 1 May, beschikking 10 May: closed.
- A5: received 20 May, due 3 June; ingebrekestelling 20 June (first day 4 July).
- B1: a bezwaar on A4, ingebrekestelling 1 June (first day 15 June), decided 18 June:
  15-17 June = 3 x 23 = EUR 69.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from devstack.testing import MakeDatabase
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload
from wmokernel.events import dwangsom as dw
from wmokernel.events import indicatie as ind
from wmokernel.settings import KernelSettings

from .helpers import projected_app

D = date
CLIENT = "p-" + "d" * 32
A1, A2, A3, A4, A5 = (uuid.uuid4() for _ in range(5))
B1, I1, I5, IB = (uuid.uuid4() for _ in range(4))


def aanvraag(a: uuid.UUID, ontvangen: date, uiterlijk: date) -> ind.AanvraagOntvangen:
    return ind.AanvraagOntvangen(aanvraag_id=a, client_id=CLIENT, melding_id=None,
                                 ontvangen_op=ontvangen, beslissen_uiterlijk=uiterlijk)


def beschikking(a: uuid.UUID, op: date) -> ind.BeschikkingAfgegeven:
    return ind.BeschikkingAfgegeven(
        beschikking_id=uuid.uuid4(), aanvraag_id=a, client_id=CLIENT, melding_id=None,
        besluit=ind.Besluit.AFGEWEZEN, afgegeven_op=op, bezwaar_uiterlijk=D(2026, 8, 1))


def ingebrekestelling(i: uuid.UUID, a: uuid.UUID, ontvangen: date, uiterlijk: date,
                      bezwaar: uuid.UUID | None = None) -> dw.IngebrekestellingOntvangen:
    return dw.IngebrekestellingOntvangen(
        aanvraag_id=a, client_id=CLIENT, ingebrekestelling_id=i, bezwaar_id=bezwaar,
        ontvangen_op=ontvangen, beslissen_uiterlijk=uiterlijk,
        eerste_dwangsomdag=ontvangen + timedelta(weeks=2))


def scenario() -> list[EventPayload]:
    events: list[EventPayload] = [
        aanvraag(A1, D(2026, 5, 1), D(2026, 5, 15)),
        aanvraag(A2, D(2026, 5, 4), D(2026, 5, 18)),
        aanvraag(A3, D(2026, 6, 1), D(2026, 6, 15)),
        ind.BeslistermijnOpgeschort(aanvraag_id=A3, client_id=CLIENT, van=D(2026, 6, 2),
                                    tot_en_met=D(2026, 7, 17), oude_uiterlijk=D(2026, 6, 15),
                                    beslissen_uiterlijk=D(2026, 7, 31)),
        aanvraag(A4, D(2026, 5, 1), D(2026, 5, 15)),
        beschikking(A4, D(2026, 5, 10)),
        aanvraag(A5, D(2026, 5, 20), D(2026, 6, 3)),
        ingebrekestelling(I1, A1, D(2026, 5, 18), D(2026, 5, 15)),
        beschikking(A1, D(2026, 6, 19)),
        dw.DwangsomVastgesteld(aanvraag_id=A1, client_id=CLIENT, ingebrekestelling_id=I1,
                               vastgesteld_op=D(2026, 7, 1), dagen=18, bedrag_cents=46200,
                               vaststellen_uiterlijk=D(2026, 7, 2)),
        ingebrekestelling(I5, A5, D(2026, 6, 20), D(2026, 6, 3)),
        ingebrekestelling(IB, A4, D(2026, 6, 1), D(2026, 5, 29), bezwaar=B1),
        ind.BezwaarBeslist(bezwaar_id=B1, beschikking_id=uuid.uuid4(), aanvraag_id=A4,
                           client_id=CLIENT, uitkomst=ind.BezwaarUitkomst.ONGEGROND,
                           besloten_op=D(2026, 6, 18), beslissen_uiterlijk=D(2026, 5, 29),
                           binnen_termijn=False, nieuwe_beschikking_nodig=False),
    ]
    shuffled = events * 2
    random.Random(15).shuffle(shuffled)
    return shuffled


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_dev_token(KernelSettings(), 'u', [role])}"}


async def test_running_ended_set_and_exposure_on_a_day(make_database: MakeDatabase) -> None:
    app = await projected_app(make_database, "dwangsom", scenario())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x/api/v1") as http:
        async def on(op: str, role: str = "gemeente") -> dict[str, Any]:
            r = await http.get("/wettelijke-termijnen/dwangsom", params={"op": op},
                               headers=auth(role))
            assert r.status_code == 200, r.text
            body: dict[str, Any] = r.json()
            return body

        # 15 June: A1 on its 15th day (357); B1 on its first (23); A5's notice not yet in.
        # Past their term without a notice: A2 and A5 (A3's term runs until 15 June).
        d = await on("2026-06-15")
        assert d["maximumPerIngebrekestellingCents"] == 144200
        assert d["lopend"] == {"aantal": 2, "verschuldigdCents": 35700 + 2300,
                               "nogMogelijkCents": 144200 * 2 - 35700 - 2300}
        assert d["vastTeStellen"] == {"aantal": 0, "verschuldigdCents": 0}
        assert d["prognose"] == {"aanvragenTermijnVerstreken": 2, "maximaalCents": 288400}

        # 25 June: A1 stopped on 19 June (462), B1 on 18 June (69); A5 runs from 4 July
        # (nothing yet); only A2 is past its term without a notice (A3's moved to 31 July).
        d = await on("2026-06-25")
        assert d["lopend"] == {"aantal": 1, "verschuldigdCents": 0, "nogMogelijkCents": 144200}
        assert d["vastTeStellen"] == {"aantal": 2, "verschuldigdCents": 46200 + 6900}
        assert d["vastgesteld"] == {"jaar": 2026, "aantal": 0, "bedragCents": 0}
        assert d["prognose"] == {"aanvragenTermijnVerstreken": 1, "maximaalCents": 144200}

        # 2 July: A1 set on 1 July; A5 still before its first day.
        d = await on("2026-07-02")
        assert d["vastgesteld"] == {"jaar": 2026, "aantal": 1, "bedragCents": 46200}
        assert d["vastTeStellen"] == {"aantal": 1, "verschuldigdCents": 6900}
        # 6 July: A5 on its 3rd day (69).
        assert (await on("2026-07-06"))["lopend"]["verschuldigdCents"] == 6900
        # A year later A1's vaststelling belongs to 2026, not 2027; A5 and B1 are ended.
        d = await on("2027-03-01")
        assert d["vastgesteld"] == {"jaar": 2027, "aantal": 0, "bedragCents": 0}
        assert d["vastTeStellen"] == {"aantal": 2, "verschuldigdCents": 144200 + 6900}

        # A viewer other than the gemeente: 1-4 withheld with their amounts, 0 shown.
        d = await on("2026-06-25", "monitor-viewer")
        assert d["vastTeStellen"] == {"aantal": None, "verschuldigdCents": None}
        assert d["vastgesteld"] == {"jaar": 2026, "aantal": 0, "bedragCents": 0}
        r = await http.get("/wettelijke-termijnen/dwangsom", headers=auth("buurtteam"))
        assert r.status_code == 403
