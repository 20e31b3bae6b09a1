"""The dwangsom bij niet tijdig beslissen in the monitor: the facts its events give, and what
late decisions cost on a day, computed with indicatie's rule (``wmokernel.dwangsom``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel import dwangsom
from wmokernel.catalogue import EventPayload
from wmokernel.events import dwangsom as dw
from wmokernel.events import indicatie as ind
from wmokernel.unit_of_work import UnitOfWork

from ..domain.suppression import is_small
from ..models.dwangsom import (
    BeslistermijnVerlengingFeit,
    DwangsomVaststellingFeit,
    IngebrekestellingFeit,
)
from ..repository import dwangsom as repo


def facts(payload: EventPayload) -> list[tuple[type[Any], dict[str, Any]]]:
    p: Any = payload
    match payload:
        case dw.IngebrekestellingOntvangen():
            return [(IngebrekestellingFeit, dict(
                ingebrekestelling_id=p.ingebrekestelling_id, aanvraag_id=p.aanvraag_id,
                bezwaar_id=p.bezwaar_id, client_id=p.client_id, ontvangen_op=p.ontvangen_op,
                beslissen_uiterlijk=p.beslissen_uiterlijk))]
        case dw.DwangsomVastgesteld():
            return [(DwangsomVaststellingFeit, dict(
                ingebrekestelling_id=p.ingebrekestelling_id, aanvraag_id=p.aanvraag_id,
                vastgesteld_op=p.vastgesteld_op, dagen=p.dagen, bedrag_cents=p.bedrag_cents,
                geen_dwangsom_grond=p.geen_dwangsom_grond.value if p.geen_dwangsom_grond
                else None))]
        case ind.BeslistermijnOpgeschort():
            return [(BeslistermijnVerlengingFeit, dict(
                aanvraag_id=p.aanvraag_id, beslissen_uiterlijk=p.beslissen_uiterlijk))]
    return []


async def overzicht(uow: UnitOfWork, op: date, exact: bool) -> dict[str, Any]:
    """Exact for the gemeente; for anyone else a count of 1-4 and its amounts are withheld."""
    lopend: list[int] = []
    nog_mogelijk: list[int] = []
    beeindigd: list[int] = []
    for ontvangen, beslist in await repo.niet_vastgesteld(uow.session, op):
        eerste = dwangsom.eerste_dag(ontvangen)
        cents = dwangsom.verschuldigd_cents(eerste, op, beslist)
        if dwangsom.stand(eerste, op, beslist) is dwangsom.Stand.LOPEND:
            lopend.append(cents)
            nog_mogelijk.append(dwangsom.MAXIMUM_CENTS - cents)
        else:
            beeindigd.append(cents)
    n_vastgesteld, vastgesteld_cents = await repo.vastgesteld(
        uow.session, date(op.year, 1, 1), op)
    verstreken = await repo.termijn_verstreken_zonder_ingebrekestelling(uow.session, op)

    def telling(n: int, **bedragen: int) -> dict[str, int | None]:
        verborgen = not exact and is_small(n)
        return {"aantal": None if verborgen else n,
                **{k: None if verborgen else v for k, v in bedragen.items()}}

    prognose = telling(verstreken, maximaal_cents=verstreken * dwangsom.MAXIMUM_CENTS)
    return {
        "peildatum": op,
        "maximum_per_ingebrekestelling_cents": dwangsom.MAXIMUM_CENTS,
        "lopend": telling(len(lopend), verschuldigd_cents=sum(lopend),
                          nog_mogelijk_cents=sum(nog_mogelijk)),
        "vast_te_stellen": telling(len(beeindigd), verschuldigd_cents=sum(beeindigd)),
        "vastgesteld": {"jaar": op.year, **telling(n_vastgesteld,
                                                   bedrag_cents=vastgesteld_cents)},
        "prognose": {"aanvragen_termijn_verstreken": prognose["aantal"],
                     "maximaal_cents": prognose["maximaal_cents"]},
    }
