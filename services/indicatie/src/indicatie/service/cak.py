"""The CAK notification: records are created when a beschikking is issued
(``beschikkingen``); here they are listed and marked as sent."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.indicatie import CakMeldingGedaan, Leveringsvorm
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.statussen import CAK_MELDING, OngeldigeOvergang
from ..models import CakMelding
from ..repository import beschikkingen
from ..repository import cak as repo


async def list_meldingen(uow: UnitOfWork, status: str | None,
                         page: PageRequest | None) -> tuple[list[CakMelding], int]:
    """``page`` None: all of them (the export file)."""
    return await repo.list_(uow.session, status, page)


async def mark_sent(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID,
                    gemeld_op: date, today: date) -> CakMelding:
    melding = await repo.get(uow.session, melding_id, for_update=True)
    if melding is None:
        raise NotFound(f"CAK-melding {melding_id}")
    try:
        melding.status = CAK_MELDING.next(melding.status, "melden")
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc
    beschikking = await beschikkingen.get(uow.session, melding.beschikking_id)
    assert beschikking is not None and beschikking.afgegeven_op is not None
    if gemeld_op > today or gemeld_op < beschikking.afgegeven_op:
        raise Unprocessable("gemeldOp must lie between the beschikking date and today")
    melding.gemeld_op = gemeld_op
    await uow.session.flush()
    await uow.audit(principal, action="export", resource_type="cak-melding",
                    resource_id=str(melding.id), client_id=melding.client_id,
                    purpose="melding aan het CAK (eigen bijdrage)")
    await uow.publish(CakMeldingGedaan(
        cak_melding_id=melding.id, beschikking_id=melding.beschikking_id,
        aanvraag_id=melding.aanvraag_id, client_id=melding.client_id,
        productcategorie=melding.productcategorie,
        leveringsvorm=Leveringsvorm(melding.leveringsvorm), gemeld_op=gemeld_op,
        melden_uiterlijk=melding.melden_uiterlijk,
        binnen_termijn=gemeld_op <= melding.melden_uiterlijk))
    return melding
