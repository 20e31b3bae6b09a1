"""Use cases of the beroep at the rechtbank against a besluit op bezwaar (Awb chapter 8).

A gegrond uitspraak annuls the besluit op bezwaar and the gemeente must decide again. That
takes the path a (deels) gegrond bezwaar takes: the aanvraag reopens (heroverweging, a new
decision round) and the gemeente issues the new beschikking through the ordinary beschikking
API, which replaces the one in force. The beroep keeps which beschikking that is, so the new
one is found again (``nieuweBeschikkingId``) and the monitor can tell it followed.
"""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.indicatie import BeroepIngesteld, BeroepUitspraakGedaan, BezwaarUitkomst
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import bezwaar_beroep as procedure
from ..domain.statussen import AANVRAAG, BEROEP, OngeldigeOvergang
from ..models import Beroep
from ..repository import beroepen as repo
from ..schemas.bezwaar_beroep import BeroepIn, BeroepUitspraakIn
from .aanvragen import get_aanvraag, transition
from .bezwaren import get_bezwaar


async def register(uow: UnitOfWork, principal: Principal, data: BeroepIn,
                   today: date) -> Beroep:
    """A beroep lodged against a besluit op bezwaar; a late one is registered and flagged."""
    bezwaar = await get_bezwaar(uow, data.bezwaar_id, for_update=True)
    verzonden_op = bezwaar.verzonden_op or bezwaar.besloten_op
    if bezwaar.status != "beslist" or bezwaar.uitkomst is None or verzonden_op is None:
        raise Conflict("beroep lies against a besluit op bezwaar: this bezwaar is not decided")
    if not procedure.beroep_mogelijk(BezwaarUitkomst(bezwaar.uitkomst)):
        raise Conflict("the bezwaar was withdrawn: there is no besluit op bezwaar to appeal")
    if data.ingesteld_op > today or data.ingesteld_op < verzonden_op:
        raise Unprocessable("ingesteldOp must lie between the day the besluit op bezwaar was "
                            "sent and today")
    beroep = Beroep(
        id=uuid.uuid4(), bezwaar_id=bezwaar.id, beschikking_id=bezwaar.beschikking_id,
        aanvraag_id=bezwaar.aanvraag_id, client_id=bezwaar.client_id,
        rechtbank=data.rechtbank.value, zaaknummer=data.zaaknummer,
        ingesteld_op=data.ingesteld_op, beroep_uiterlijk=procedure.beroep_uiterlijk(verzonden_op),
        binnen_termijn=procedure.beroep_tijdig(verzonden_op, data.ingesteld_op),
        status="ingesteld")
    uow.session.add(beroep)
    await uow.session.flush()  # one beroep per bezwaar (unique): 409
    await uow.audit(principal, action="create", resource_type="beroep",
                    resource_id=str(beroep.id), client_id=beroep.client_id,
                    purpose="beroep registreren")
    await uow.publish(BeroepIngesteld(
        beroep_id=beroep.id, bezwaar_id=bezwaar.id, beschikking_id=beroep.beschikking_id,
        aanvraag_id=beroep.aanvraag_id, client_id=beroep.client_id, rechtbank=data.rechtbank,
        ingesteld_op=beroep.ingesteld_op, beroep_uiterlijk=beroep.beroep_uiterlijk,
        binnen_termijn=beroep.binnen_termijn))
    return beroep


async def get_beroep(uow: UnitOfWork, beroep_id: uuid.UUID, for_update: bool = False) -> Beroep:
    beroep = await repo.get(uow.session, beroep_id, for_update)
    if beroep is None:
        raise NotFound(f"beroep {beroep_id}")
    return beroep


async def list_beroepen(uow: UnitOfWork, bezwaar_id: uuid.UUID | None,
                        aanvraag_id: uuid.UUID | None, status: str | None,
                        page: PageRequest) -> tuple[list[Beroep], int]:
    return await repo.list_(uow.session, bezwaar_id, aanvraag_id, status, page)


async def nieuwe_beschikkingen(uow: UnitOfWork, beroepen: list[Beroep]
                               ) -> dict[uuid.UUID, uuid.UUID]:
    """Beroep id → the beschikking issued after its gegrond uitspraak, where there is one."""
    vervangers = await repo.vervangers(uow.session, [
        b.te_vervangen_beschikking_id for b in beroepen if b.te_vervangen_beschikking_id])
    return {b.id: vervangers[b.te_vervangen_beschikking_id] for b in beroepen
            if b.te_vervangen_beschikking_id in vervangers}


async def uitspraak(uow: UnitOfWork, principal: Principal, beroep_id: uuid.UUID,
                    data: BeroepUitspraakIn, today: date) -> Beroep:
    """The rechtbank's uitspraak; gegrond reopens the aanvraag for a new beschikking."""
    beroep = await get_beroep(uow, beroep_id, for_update=True)
    try:
        beroep.status = BEROEP.next(beroep.status, "uitspraak-registreren")
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc
    uitspraak_op = data.uitspraak_op or today
    if uitspraak_op > today or uitspraak_op < beroep.ingesteld_op:
        raise Unprocessable("uitspraakOp must lie between the day the beroep was lodged and "
                            "today")
    beroep.uitspraak = data.uitspraak.value
    beroep.uitspraak_op = uitspraak_op
    nodig = procedure.nieuwe_beschikking_nodig(data.uitspraak)
    if nodig:
        aanvraag = await get_aanvraag(uow, beroep.aanvraag_id, for_update=True)
        in_force = await repo.laatste_afgegeven(uow.session, aanvraag.id)
        if in_force is None:
            raise Conflict("the aanvraag has no beschikking in force to decide anew on")
        beroep.te_vervangen_beschikking_id = in_force.id
        # Already reopened (a gegrond bezwaar's new decision is pending): that decision is
        # the new one; otherwise reopen as a gegrond bezwaar does.
        if AANVRAAG.allows(aanvraag.status, "heroverwegen"):
            transition(aanvraag, "heroverwegen")
            aanvraag.beslisronde += 1
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="beroep",
                    resource_id=str(beroep.id), client_id=beroep.client_id,
                    purpose="uitspraak beroep registreren")
    await uow.publish(BeroepUitspraakGedaan(
        beroep_id=beroep.id, bezwaar_id=beroep.bezwaar_id, beschikking_id=beroep.beschikking_id,
        aanvraag_id=beroep.aanvraag_id, client_id=beroep.client_id, uitspraak=data.uitspraak,
        uitspraak_op=uitspraak_op, nieuwe_beschikking_nodig=nodig,
        te_vervangen_beschikking_id=beroep.te_vervangen_beschikking_id))
    return beroep
