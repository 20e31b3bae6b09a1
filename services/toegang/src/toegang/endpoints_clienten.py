"""HTTP endpoints of the client registry and the consent registry."""

from __future__ import annotations

import uuid
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query

from . import clients
from .meldingen import vandaag
from .models import Client
from .reference import wijk_naam
from .schemas import (
    BsnOut,
    ClientOut,
    IntrekkingIn,
    ToestemmingIn,
    ToestemmingLijst,
    ToestemmingOut,
)
from .views import Authenticated, Runtime, samenvatting, toestemming_out

router = APIRouter(tags=["clienten"])

ClientIdPath = Annotated[str, Path(pattern=r"^p-[0-9a-f]{32}$",
                                   description="pseudonymous client id")]


@router.get("/clienten/{client_id}", response_model=ClientOut, summary="Read a client")
async def get_client(client_id: ClientIdPath, rt: Runtime, principal: Authenticated
                     ) -> ClientOut:
    """The registry entry (BSN, name, address, wijk, buurt) with the client's meldingen, so a
    returning client is recognised. Only for a worker assigned to one of the client's
    casussen; every read and refusal is audit-logged."""
    async with rt.transaction() as session:
        client, rows = await clients.read_client(session, rt, principal, client_id)
    return ClientOut(id=client.id, bsn=client.bsn, naam=client.naam,
                     adres=clients.client_adres(client), gemeente=client.gemeente,
                     wijk=wijk_naam(client.wijk) if client.wijk else None, buurt=client.buurt,
                     meldingen=[samenvatting(m) for m in rows])


@router.get("/clienten/{client_id}/bsn", response_model=BsnOut,
            summary="Read a client's BSN (systems with scope bsn:lezen)")
async def get_bsn(client_id: ClientIdPath, rt: Runtime, principal: Authenticated,
                  doel: Annotated[str, Query(min_length=3, max_length=200,
                                             description="purpose, for the audit log")]
                  ) -> BsnOut:
    """For indicatie (iWmo, CAK): needs the role `systeem` and the scope `bsn:lezen`. Every
    read is audit-logged with its purpose."""
    async with rt.transaction() as session:
        bsn = await clients.read_bsn(session, rt, principal, client_id, doel)
        naam = await session.scalar(sa.select(Client.naam).where(Client.id == client_id))
    return BsnOut(client_id=client_id, bsn=bsn, naam=naam)


@router.get("/clienten/{client_id}/toestemmingen", response_model=ToestemmingLijst,
            summary="List the client's consents")
async def list_toestemmingen(client_id: ClientIdPath, rt: Runtime, principal: Authenticated
                             ) -> ToestemmingLijst:
    """Every consent the resident gave (recipient, purpose, given, withdrawn)."""
    async with rt.transaction() as session:
        rows = await clients.list_consents(session, rt, principal, client_id)
    return ToestemmingLijst(items=[toestemming_out(t) for t in rows])


@router.post("/clienten/{client_id}/toestemmingen", status_code=201,
             response_model=ToestemmingOut, summary="Record a consent")
async def post_toestemming(client_id: ClientIdPath, data: ToestemmingIn, rt: Runtime,
                           principal: Authenticated) -> ToestemmingOut:
    """Records the resident's explicit consent to share data with one recipient for one
    purpose."""
    async with rt.transaction() as session:
        row = await clients.give_consent(session, rt, principal, client_id, data, vandaag())
    return toestemming_out(row)


@router.post("/clienten/{client_id}/toestemmingen/{toestemming_id}/intrekkingen",
             status_code=201, response_model=ToestemmingOut, summary="Withdraw a consent")
async def post_intrekking(client_id: ClientIdPath, toestemming_id: uuid.UUID,
                          data: IntrekkingIn, rt: Runtime, principal: Authenticated
                          ) -> ToestemmingOut:
    """Withdraws a consent from the given day on."""
    today = vandaag()
    async with rt.transaction() as session:
        row = await clients.withdraw_consent(session, rt, principal, client_id, toestemming_id,
                                             data.ingetrokken_op or today, today)
    return toestemming_out(row)
