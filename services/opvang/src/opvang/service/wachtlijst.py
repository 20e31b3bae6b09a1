"""The wachtlijst in placement order and its monthly averages (aggregate)."""

from __future__ import annotations

from datetime import date

from wmokernel.auth import Principal
from wmokernel.paging import PageRequest
from wmokernel.unit_of_work import UnitOfWork

from ..domain.vormen import Vorm
from ..domain.wachtlijst import maandgemiddelden, prioriteit, prioriteit_rang, wachttijd
from ..domain.zichtbaarheid import scope_of
from ..repository import wachtlijst as repo
from ..schemas import MaandgemiddeldenOut, MaandgemiddeldeVorm, WachtlijstItem


async def wachtlijst(uow: UnitOfWork, principal: Principal, *, vorm: str | None,
                     peildatum: date,
                     page: PageRequest) -> tuple[list[WachtlijstItem], int]:
    """Waiting aanmeldingen per form in placement order: priority, then longest wait; one
    page of them and the number waiting in all."""
    items = []
    for a in await repo.wachtend(uow.session, scope_of(principal), vorm=vorm):
        prio = prioriteit(crisis=a.crisis, urgent=a.urgent)
        w = wachttijd(a.vorm, a.verwezen_op, peildatum)
        items.append(WachtlijstItem(
            aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=a.vorm,
            prioriteit=prio, verwezen_op=a.verwezen_op, wachtdagen=w.wachtdagen,
            norm_dagen=w.norm_dagen, over_norm=w.over_norm))
    items.sort(key=lambda i: (i.vorm, prioriteit_rang(i.prioriteit), i.verwezen_op,
                              str(i.aanmelding_id)))
    total = len(items)
    items = page.slice(items)
    for i in items:
        await uow.audit(principal, action="read", resource_type="aanmelding",
                        resource_id=str(i.aanmelding_id), client_id=i.client_id,
                        purpose="wachtlijst inzien")
    return items, total


async def maandgemiddelden_van(uow: UnitOfWork, jaar: int, vandaag: date) -> MaandgemiddeldenOut:
    """Aggregate only: the average number waiting per month and form."""
    per_vorm = maandgemiddelden(await repo.wachtperioden(uow.session, jaar), jaar, vandaag)
    return MaandgemiddeldenOut(jaar=jaar, items=[
        MaandgemiddeldeVorm(vorm=Vorm(v), maanden=m) for v, m in sorted(per_vorm.items())])
