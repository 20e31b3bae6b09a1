"""The register of locations and places, with capacity changes over time."""

from __future__ import annotations

import uuid

from wmokernel.auth import Principal
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.reference import U16_GEMEENTEN
from ..domain.zichtbaarheid import Scope
from ..models import Locatie
from ..repository import locaties as repo
from ..schemas import CapaciteitWijzigingIn, LocatieIn


async def create(uow: UnitOfWork, principal: Principal, data: LocatieIn) -> Locatie:
    """A host municipality outside the U16 region makes the places bovenregionaal."""
    if (data.min_leeftijd is not None and data.max_leeftijd is not None
            and data.min_leeftijd > data.max_leeftijd):
        raise Unprocessable("minLeeftijd exceeds maxLeeftijd")
    loc = Locatie(
        id=uuid.uuid4(), naam=data.naam, aanbieder=data.aanbieder, gemeente=data.gemeente,
        vorm=data.vorm.value, bovenregionaal=data.gemeente not in U16_GEMEENTEN,
        geheim_adres=data.geheim_adres, min_leeftijd=data.min_leeftijd,
        max_leeftijd=data.max_leeftijd, geslacht=data.geslacht.value if data.geslacht else None,
        specialismen=sorted(set(data.specialismen)), capaciteit=data.capaciteit, bezet=0,
        version=1)
    await repo.add(uow.session, loc, door=principal.subject)
    return loc


async def get_visible(uow: UnitOfWork, scope: Scope, locatie_id: uuid.UUID) -> Locatie:
    loc = await repo.get_visible(uow.session, scope, locatie_id)
    if loc is None:
        raise NotFound(f"locatie {locatie_id}")
    return loc


async def list_visible(uow: UnitOfWork, scope: Scope, *, vorm: str | None,
                       gemeente: str | None, alleen_vrij: bool) -> list[Locatie]:
    return await repo.list_visible(uow.session, scope, vorm=vorm, gemeente=gemeente,
                                   alleen_vrij=alleen_vrij)


async def wijzig_capaciteit(uow: UnitOfWork, principal: Principal, scope: Scope,
                            locatie_id: uuid.UUID, data: CapaciteitWijzigingIn) -> Locatie:
    """Capacity may not drop below the places in use (the clients are there)."""
    await get_visible(uow, scope, locatie_id)
    if not await repo.zet_capaciteit(uow.session, locatie_id, data.capaciteit,
                                     ingangsdatum=data.ingangsdatum, reden=data.reden,
                                     door=principal.subject):
        raise Conflict("the new capacity is below the number of occupied places")
    loc = await repo.get(uow.session, locatie_id, populate_existing=True)
    assert loc is not None
    return loc
