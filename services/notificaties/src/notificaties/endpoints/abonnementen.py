"""Abonnementen: a subscriber's callback, the kanalen it follows with their filters."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from wmokernel.dependencies import Paging, UnitOfWorkDep

from ..models import Abonnement
from ..schemas import (
    AbonnementAangemaakt,
    AbonnementIn,
    AbonnementKanaal,
    AbonnementList,
    AbonnementOut,
)
from ..service import abonnementen
from .dependencies import Abonnee

router = APIRouter(tags=["abonnementen"])


def abonnement_out(a: Abonnement) -> AbonnementOut:
    return AbonnementOut(
        id=a.id, callback_url=a.callback_url,
        kanalen=[AbonnementKanaal.model_validate(k) for k in a.kanalen],
        gemeente=a.reikwijdte_gemeente, aangemaakt_op=a.aangemaakt_op,
        gewijzigd_op=a.gewijzigd_op)


@router.post("/abonnementen", status_code=201, response_model=AbonnementAangemaakt,
             summary="Subscribe to kanalen")
async def post_abonnement(data: AbonnementIn, uow: UnitOfWorkDep, principal: Abonnee,
                          response: Response) -> AbonnementAangemaakt:
    """The answer holds the subscription's `secret` (the HMAC-SHA256 key of
    `X-Notificatie-Signature`), only this once. A U16 municipality's subscription receives
    only notifications about its own residents, whatever its filters. 422 names the rule a
    callbackUrl or kanaal broke."""
    abonnement, secret = await abonnementen.create(uow, principal, data)
    response.headers["Location"] = f"/api/v1/abonnementen/{abonnement.id}"
    return AbonnementAangemaakt(**abonnement_out(abonnement).model_dump(), secret=secret)


@router.get("/abonnementen", response_model=AbonnementList, summary="List your abonnementen")
async def list_abonnementen(uow: UnitOfWorkDep, principal: Abonnee,
                            paging: Paging) -> AbonnementList:
    """The caller's own subscriptions, newest first."""
    rows, total = await abonnementen.list_owned(uow, principal, paging)
    return AbonnementList.of([abonnement_out(a) for a in rows], total, paging)


@router.get("/abonnementen/{abonnement_id}", response_model=AbonnementOut,
            summary="Read an abonnement")
async def get_abonnement(abonnement_id: uuid.UUID, uow: UnitOfWorkDep,
                         principal: Abonnee) -> AbonnementOut:
    """404 when it is not the caller's."""
    return abonnement_out(await abonnementen.read(uow, principal, abonnement_id))


@router.put("/abonnementen/{abonnement_id}", response_model=AbonnementOut,
            summary="Replace an abonnement")
async def put_abonnement(abonnement_id: uuid.UUID, data: AbonnementIn, uow: UnitOfWorkDep,
                         principal: Abonnee) -> AbonnementOut:
    """New callbackUrl, auth and kanalen; the secret stays. 404 when not the caller's."""
    return abonnement_out(await abonnementen.replace(uow, principal, abonnement_id, data))


@router.delete("/abonnementen/{abonnement_id}", status_code=204, response_class=Response,
               summary="End an abonnement")
async def delete_abonnement(abonnement_id: uuid.UUID, uow: UnitOfWorkDep,
                            principal: Abonnee) -> Response:
    """Pending deliveries are dropped with it. 404 when not the caller's."""
    await abonnementen.delete(uow, principal, abonnement_id)
    return Response(status_code=204)
