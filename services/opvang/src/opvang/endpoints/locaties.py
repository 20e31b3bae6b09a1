"""The register of locations and their capacity changes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, UnitOfWorkDep

from ..domain.vormen import Vorm
from ..domain.zichtbaarheid import scope_of
from ..models import Locatie
from ..schemas import CapaciteitWijzigingIn, LocatieIn, LocatieList, LocatieOut
from ..service import locaties
from .dependencies import AggregateReader, Beheerder
from .presenters import aangemaakt

router = APIRouter(tags=["locaties"])


def locatie_out(loc: Locatie) -> LocatieOut:
    return LocatieOut(
        id=loc.id, naam=loc.naam, aanbieder=loc.aanbieder, gemeente=loc.gemeente, vorm=loc.vorm,
        bovenregionaal=loc.bovenregionaal, capaciteit=loc.capaciteit, bezet=loc.bezet,
        vrij=loc.capaciteit - loc.bezet, min_leeftijd=loc.min_leeftijd,
        max_leeftijd=loc.max_leeftijd, geslacht=loc.geslacht,
        specialismen=list(loc.specialismen), geheim_adres=loc.geheim_adres,
        referentie=loc.referentie, illustratief=loc.illustratief, bron=loc.bron)


@router.post("/locaties", status_code=201, response_model=LocatieOut,
             summary="Register a location")
async def post_locatie(data: LocatieIn, uow: UnitOfWorkDep, principal: Beheerder,
                       response: Response) -> LocatieOut:
    """Adds a location with places of one form. A host municipality outside the U16 region
    makes its places bovenregionaal (used only as an approved exception)."""
    return aangemaakt(response, "locaties",
                      locatie_out(await locaties.create(uow, principal, data)))


@router.get("/locaties", response_model=LocatieList, summary="List locations")
async def list_locaties(
    uow: UnitOfWorkDep, principal: AggregateReader, paging: Paging,
    vorm: Annotated[Vorm | None, Query()] = None,
    gemeente: Annotated[str | None, Query(pattern=r"^[0-9]{4}$")] = None,
    alleen_vrij: Annotated[bool, Query(alias="alleenVrij")] = False,
) -> LocatieList:
    """The register with capacity and occupancy. A provider sees its own locations; secret
    addresses (vrouwenopvang) are shown only to the Regionale toegang."""
    rows = await locaties.list_visible(uow, scope_of(principal),
                                       vorm=vorm.value if vorm else None,
                                       gemeente=gemeente, alleen_vrij=alleen_vrij)
    return LocatieList.from_all([locatie_out(loc) for loc in rows], paging)


@router.get("/locaties/{locatie_id}", response_model=LocatieOut, summary="Read a location")
async def get_locatie(locatie_id: uuid.UUID, uow: UnitOfWorkDep,
                      principal: AggregateReader) -> LocatieOut:
    """One location with its capacity, occupancy and target-group constraints."""
    return locatie_out(await locaties.get_visible(uow, scope_of(principal), locatie_id))


@router.post("/locaties/{locatie_id}/capaciteitswijzigingen", status_code=201,
             response_model=LocatieOut, summary="Change a location's capacity")
async def post_capaciteitswijziging(locatie_id: uuid.UUID, data: CapaciteitWijzigingIn,
                                    uow: UnitOfWorkDep, principal: Beheerder) -> LocatieOut:
    """Records a capacity change with its date and reason (kept as history). The capacity may
    not drop below the places in use: 409."""
    return locatie_out(await locaties.wijzig_capaciteit(uow, principal, scope_of(principal),
                                                        locatie_id, data))
