"""The iWmo terms: a start or stop message within 5 werkdagen of the fact, an answer on a
verzoek within 5 werkdagen, the final answer within 8 weeks of 'in onderzoek'."""

from __future__ import annotations

from datetime import date

from wmokernel.events.iwmo import IwmoTermijnNadert, IwmoTermijnSoort, IwmoTermijnVerstreken
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import regels
from ...models import Toewijzing
from ...models.iwmo import IwmoVerzoek
from ...repository import signalen
from ..signalen import nieuw_signaal
from .context import OPEN_VERZOEK


async def regiebericht_termijn(uow: UnitOfWork, t: Toewijzing, soort: IwmoTermijnSoort,
                               feit: date, vandaag: date) -> None:
    """A start (stop) message is expected within 5 werkdagen of the actual start (stop)."""
    uiterlijk = regels.regiebericht_uiterlijk(feit)
    if vandaag > uiterlijk:
        await uow.publish(IwmoTermijnVerstreken(
            dossier_id=t.id, soort=soort, client_id=t.client_id, aanbieder=t.aanbieder,
            uiterlijk=uiterlijk, peildatum=vandaag))


def _termijn(v: IwmoVerzoek) -> tuple[IwmoTermijnSoort, date]:
    if v.status == "ontvangen":
        return IwmoTermijnSoort.VERZOEK_ANTWOORD, v.antwoord_uiterlijk
    return IwmoTermijnSoort.VERZOEK_DEFINITIEF, v.definitief_uiterlijk or v.antwoord_uiterlijk


async def scan_termijnen(uow: UnitOfWork, peildatum: date) -> int:
    """'nadert' and 'verstreken' for unanswered verzoeken (5 werkdagen) and for verzoeken in
    onderzoek (8 weeks); once per verzoek, kind and signal."""
    written = 0
    for v in await signalen.open_verzoeken(uow.session, OPEN_VERZOEK):
        soort, uiterlijk = _termijn(v)
        signaal = await nieuw_signaal(uow, v.id, soort.value, uiterlijk, peildatum)
        if signaal is None:
            continue
        model = IwmoTermijnNadert if signaal == "nadert" else IwmoTermijnVerstreken
        await uow.publish(model(
            dossier_id=v.id, soort=soort, client_id=v.client_id, aanbieder=v.aanbieder,
            uiterlijk=uiterlijk, peildatum=peildatum))
        written += 1
    return written


async def scan_today(uow: UnitOfWork) -> None:
    """The background job: the iWmo term scan for today."""
    await scan_termijnen(uow, date.today())
