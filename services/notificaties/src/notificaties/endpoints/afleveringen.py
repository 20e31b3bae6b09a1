"""Afleveringen: what was sent to a subscription, what waits, and redelivery."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import Paging, UnitOfWorkDep

from ..models import Aflevering
from ..schemas import AfleveringList, AfleveringOut, AfleveringStatus
from ..service import afleveringen
from .dependencies import Abonnee

router = APIRouter(tags=["afleveringen"])


def aflevering_out(a: Aflevering) -> AfleveringOut:
    return AfleveringOut(
        id=a.id, notificatie_id=a.notificatie_id, kanaal=a.kanaal, hoofd_object=a.hoofd_object,
        status=a.status, pogingen=a.pogingen,
        laatste_statuscode=a.laatste_statuscode, laatste_fout=a.laatste_fout,
        volgende_poging=a.volgende_poging, laatste_poging_op=a.laatste_poging_op,
        afgeleverd_op=a.afgeleverd_op, aangemaakt_op=a.aangemaakt_op)


@router.get("/abonnementen/{abonnement_id}/afleveringen", response_model=AfleveringList,
            summary="List an abonnement's deliveries")
async def list_afleveringen(abonnement_id: uuid.UUID, uow: UnitOfWorkDep, principal: Abonnee,
                            paging: Paging,
                            status: Annotated[AfleveringStatus | None, Query()] = None
                            ) -> AfleveringList:
    """Newest first, with attempts, the last status code or error and the next attempt."""
    rows, total = await afleveringen.list_for(uow, principal, abonnement_id, status, paging)
    return AfleveringList.of([aflevering_out(a) for a in rows], total, paging)


@router.post("/abonnementen/{abonnement_id}/afleveringen/{aflevering_id}/herleveringen",
             status_code=202, response_model=AfleveringOut, summary="Deliver again")
async def post_herlevering(abonnement_id: uuid.UUID, aflevering_id: uuid.UUID,
                           uow: UnitOfWorkDep, principal: Abonnee) -> AfleveringOut:
    """Queue a delivered or dead-letter delivery again (202); 409 while it is still pending."""
    return aflevering_out(await afleveringen.herlever(uow, principal, abonnement_id,
                                                      aflevering_id))
