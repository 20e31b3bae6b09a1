from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from .. import locaties
from ..domain.vormen import Vorm
from ..domain.zichtbaarheid import scope_of
from ..schemas import CapaciteitWijzigingIn, LocatieIn, LocatieList, LocatieOut
from .common import AggregateReader, Beheerder, Runtime

router = APIRouter(tags=["locaties"])


@router.post("/locaties", status_code=201, response_model=LocatieOut,
             summary="Register a location")
async def post_locatie(data: LocatieIn, rt: Runtime, principal: Beheerder,
                       response: Response) -> LocatieOut:
    """Adds a location with places of one form. A host municipality outside the U16 region
    makes its places bovenregionaal (used only as an approved exception)."""
    async with rt.transaction() as session:
        loc = await locaties.create(session, principal, data)
        out = locaties.locatie_out(loc)
    response.headers["Location"] = f"/api/v1/locaties/{out.id}"
    return out


@router.get("/locaties", response_model=LocatieList, summary="List locations")
async def list_locaties(
    rt: Runtime, principal: AggregateReader,
    vorm: Annotated[Vorm | None, Query()] = None,
    gemeente: Annotated[str | None, Query(pattern=r"^[0-9]{4}$")] = None,
    alleen_vrij: Annotated[bool, Query(alias="alleenVrij")] = False,
) -> LocatieList:
    """The register with capacity and occupancy. A provider sees its own locations; secret
    addresses (vrouwenopvang) are shown only to the Regionale toegang."""
    async with rt.transaction() as session:
        rows = await locaties.list_visible(session, scope_of(principal),
                                           vorm=vorm.value if vorm else None,
                                           gemeente=gemeente, alleen_vrij=alleen_vrij)
        return LocatieList(items=[locaties.locatie_out(loc) for loc in rows])


@router.get("/locaties/{locatie_id}", response_model=LocatieOut, summary="Read a location")
async def get_locatie(locatie_id: uuid.UUID, rt: Runtime,
                      principal: AggregateReader) -> LocatieOut:
    """One location with its capacity, occupancy and target-group constraints."""
    async with rt.transaction() as session:
        return locaties.locatie_out(
            await locaties.get_visible(session, scope_of(principal), locatie_id))


@router.post("/locaties/{locatie_id}/capaciteitswijzigingen", status_code=201,
             response_model=LocatieOut, summary="Change a location's capacity")
async def post_capaciteitswijziging(locatie_id: uuid.UUID, data: CapaciteitWijzigingIn,
                                    rt: Runtime, principal: Beheerder) -> LocatieOut:
    """Records a capacity change with its date and reason (kept as history). The capacity may
    not drop below the places in use: 409."""
    async with rt.transaction() as session:
        loc = await locaties.wijzig_capaciteit(session, principal, scope_of(principal),
                                               locatie_id, data)
        return locaties.locatie_out(loc)
