"""The mailbox per provider: its outgoing messages, reading a message (in or out), and the
provider's confirmation that it collected one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from wmokernel.auth import Principal, Role
from wmokernel.grondslag import grondslag_van_lezer
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, Forbidden, NotFound
from wmokernel.unit_of_work import UnitOfWork

from ...models.iwmo import IwmoBericht
from ...repository import berichten as repo


def sees(principal: Principal, bericht: IwmoBericht) -> bool:
    """Need-to-know: a provider sees only the messages it sent or receives."""
    if principal.has_any((Role.GEMEENTE, Role.SYSTEEM)):
        return True
    return principal.has_any((Role.AANBIEDER,)) and principal.team == bericht.aanbieder


async def list_uitgaand(uow: UnitOfWork, principal: Principal, aanbieder: str,
                        status: str | None, page: PageRequest,
                        berichttype: str | None = None) -> tuple[list[IwmoBericht], int]:
    if not principal.has_any((Role.GEMEENTE, Role.SYSTEEM)) and principal.team != aanbieder:
        raise Forbidden("a provider collects only its own mailbox")
    rows, total = await repo.uitgaand(uow.session, aanbieder, status, page, berichttype)
    await uow.audit_clients(principal, action="read", resource_type="iwmo-bericht",
                            resource_id="*", client_ids=[b.client_id for b in rows
                                                         if b.client_id is not None],
                            purpose="berichten ophalen",
                            grondslag=grondslag_van_lezer(principal.roles))
    return rows, total


async def verzoeken_van(uow: UnitOfWork, bericht_id: uuid.UUID) -> list[uuid.UUID]:
    """The verzoeken an incoming WMO315/317 made."""
    return await repo.verzoeken_van(uow.session, bericht_id)


async def get_bericht(uow: UnitOfWork, principal: Principal,
                      bericht_id: uuid.UUID) -> IwmoBericht:
    bericht = await repo.get(uow.session, bericht_id)
    if bericht is None or not sees(principal, bericht):
        raise NotFound(f"bericht {bericht_id}")
    if bericht.client_id is not None:
        await uow.audit(principal, action="read", resource_type="iwmo-bericht",
                        resource_id=str(bericht.id), client_id=bericht.client_id,
                        purpose="iWmo-bericht")
    return bericht


async def bevestig_ontvangst(uow: UnitOfWork, principal: Principal,
                             bericht_id: uuid.UUID) -> IwmoBericht:
    """The provider collected an outgoing message (idempotent)."""
    bericht = await repo.get(uow.session, bericht_id, for_update=True)
    if bericht is None or not sees(principal, bericht):
        raise NotFound(f"bericht {bericht_id}")
    if bericht.richting != "uit":
        raise Conflict("only an outgoing message is collected")
    if not principal.has_any((Role.AANBIEDER,)):
        raise Forbidden("only the receiving provider confirms receipt")
    if bericht.status == "nieuw":
        bericht.status = "opgehaald"
        bericht.opgehaald_op = datetime.now(UTC)
    return bericht
