"""The region's municipalities and the per-municipality overview for U16 partners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from wmokernel.auth import Principal
from wmokernel.problems import NotFound
from wmokernel.unit_of_work import UnitOfWork

from ..domain.vormen import Vorm
from ..domain.wachtlijst import wachttijd
from ..domain.zichtbaarheid import ziet_overzicht_van
from ..models import Gemeente
from ..repository import overzicht as repo
from ..schemas import GemeenteOverzicht, LocatieBezetting, VormOverzicht


async def gemeenten(uow: UnitOfWork) -> Sequence[Gemeente]:
    return await repo.gemeenten(uow.session)


async def gemeente_overzicht(uow: UnitOfWork, principal: Principal, cbs_code: str,
                             peildatum: date) -> GemeenteOverzicht:
    """Counts for the municipality's residents per form, and the occupancy of the locations
    in its territory (secret-address locations are left out). No person-level data.
    A U16 municipality sees only its own overview (others: 404)."""
    eigen = ziet_overzicht_van(principal, cbs_code)
    gemeente = await repo.gemeente(uow.session, cbs_code)
    if gemeente is None or not eigen:
        raise NotFound(f"gemeente {cbs_code}")
    tellers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wachtdagen: dict[str, list[int]] = defaultdict(list)
    for vorm, status, verwezen_op, blok in await repo.inwoners(uow.session, cbs_code):
        t = tellers[vorm]
        t["aangemeld"] += 1
        t[status] += 1
        if status == "wachtend":
            w = wachttijd(vorm, verwezen_op, peildatum)
            wachtdagen[vorm].append(w.wachtdagen)
            t["over_norm"] += w.over_norm
        if blok:
            t["geblokkeerd"] += 1
    per_vorm = [
        VormOverzicht(
            vorm=Vorm(vorm), aangemeld=t["aangemeld"], wachtend=t["wachtend"],
            wachtend_over_norm=t["over_norm"],
            gemiddelde_wachtdagen=(round(sum(wachtdagen[vorm]) / len(wachtdagen[vorm]), 1)
                                   if wachtdagen[vorm] else None),
            geplaatst=t["geplaatst"], opgenomen=t["opgenomen"], uitgestroomd=t["uitgestroomd"],
            uitstroom_geblokkeerd=t["geblokkeerd"])
        for vorm, t in sorted(tellers.items())]
    return GemeenteOverzicht(
        cbs_code=cbs_code, naam=gemeente.naam, peildatum=peildatum, inwoners_per_vorm=per_vorm,
        bezetting_in_gemeente=[
            LocatieBezetting(vorm=Vorm(v), locaties=n, capaciteit=int(c or 0), bezet=int(b or 0))
            for v, n, c, b in await repo.bezetting(uow.session, cbs_code)])
