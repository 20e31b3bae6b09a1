"""HTTP endpoints of the client registry and the consent registry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query
from wmokernel.dependencies import Authenticated, Paging, UnitOfWorkDep

from ..schemas import (
    BsnOut,
    ClientOut,
    IntrekkingIn,
    ToestemmingIn,
    ToestemmingLijst,
    ToestemmingOut,
)
from ..service import clienten
from ..service.dossiers import vandaag
from .presenters import client_out, toestemming_out

router = APIRouter(tags=["clienten"])

ClientIdPath = Annotated[str, Path(pattern=r"^p-[0-9a-f]{32}$",
                                   description="pseudonymous client id")]


@router.get("/clienten/{client_id}", response_model=ClientOut, summary="Read a client")
async def get_client(client_id: ClientIdPath, uow: UnitOfWorkDep, principal: Authenticated
                     ) -> ClientOut:
    """The registry entry (BSN, name, address, wijk, buurt) with the client's meldingen, so a
    returning client is recognised. Only for a worker assigned to one of the client's
    casussen; every read and refusal is audit-logged."""
    client, rows = await clienten.read_client(uow, principal, client_id)
    return client_out(client, rows)


@router.get("/clienten/{client_id}/bsn", response_model=BsnOut,
            summary="Read a client's BSN (systems with scope bsn:lezen)")
async def get_bsn(client_id: ClientIdPath, uow: UnitOfWorkDep, principal: Authenticated,
                  doel: Annotated[str, Query(min_length=3, max_length=200,
                                             description="purpose, for the audit log")]
                  ) -> BsnOut:
    """For indicatie (iWmo, CAK): needs the role `systeem` and the scope `bsn:lezen`. Every
    read is audit-logged with its purpose."""
    bsn, naam = await clienten.read_bsn(uow, principal, client_id, doel)
    return BsnOut(client_id=client_id, bsn=bsn, naam=naam)


@router.get("/clienten/{client_id}/toestemmingen", response_model=ToestemmingLijst,
            summary="List the client's consents")
async def list_toestemmingen(client_id: ClientIdPath, uow: UnitOfWorkDep,
                             principal: Authenticated, paging: Paging) -> ToestemmingLijst:
    """Every consent the resident gave (recipient, purpose, given, withdrawn)."""
    rows = await clienten.list_consents(uow, principal, client_id)
    return ToestemmingLijst.from_all([toestemming_out(t) for t in rows], paging)


@router.post("/clienten/{client_id}/toestemmingen", status_code=201,
             response_model=ToestemmingOut, summary="Record a consent")
async def post_toestemming(client_id: ClientIdPath, data: ToestemmingIn, uow: UnitOfWorkDep,
                           principal: Authenticated) -> ToestemmingOut:
    """Records the resident's explicit consent to share data with one recipient for one
    purpose."""
    row = await clienten.give_consent(uow, principal, client_id, data, vandaag())
    return toestemming_out(row)


@router.post("/clienten/{client_id}/toestemmingen/{toestemming_id}/intrekkingen",
             status_code=201, response_model=ToestemmingOut, summary="Withdraw a consent")
async def post_intrekking(client_id: ClientIdPath, toestemming_id: uuid.UUID,
                          data: IntrekkingIn, uow: UnitOfWorkDep, principal: Authenticated
                          ) -> ToestemmingOut:
    """Withdraws a consent from the given day on."""
    today = vandaag()
    row = await clienten.withdraw_consent(uow, principal, client_id, toestemming_id,
                                          data.ingetrokken_op or today, today)
    return toestemming_out(row)
