"""Reading aanvragen, beschikkingen, toewijzingen, bezwaren, beroepen and ingebrekestellingen
through the API (iWmo verzoeken: ``iwmo/verzoeken.py``): each read is written to the logboek,
one row per resident (a provider reads on the legal basis of the delivery, the gemeente on the
activity's own)."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.grondslag import grondslag_van_lezer
from wmokernel.paging import PageRequest
from wmokernel.unit_of_work import UnitOfWork

from ..models import Aanvraag, Beschikking, Bezwaar, Toewijzing
from ..models.bezwaar_beroep import Beroep
from ..models.dwangsommen import Ingebrekestelling
from ..schemas.dwangsommen import IngebrekestellingOut
from . import aanvragen, beroepen, beschikkingen, bezwaren, dwangsommen, toewijzingen


async def _log(uow: UnitOfWork, principal: Principal, resource_type: str, resource_id: str,
               client_ids: list[str], purpose: str) -> None:
    await uow.audit_clients(principal, action="read", resource_type=resource_type,
                            resource_id=resource_id, client_ids=client_ids, purpose=purpose,
                            grondslag=grondslag_van_lezer(principal.roles))


async def aanvraag(uow: UnitOfWork, principal: Principal, aanvraag_id: uuid.UUID) -> Aanvraag:
    a = await aanvragen.get_aanvraag(uow, aanvraag_id)
    await _log(uow, principal, "aanvraag", str(a.id), [a.client_id], "aanvraag inzien")
    return a


async def aanvraag_lijst(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID | None,
                         client_id: str | None, status: str | None, page: PageRequest
                         ) -> tuple[list[Aanvraag], int]:
    rows, total = await aanvragen.list_aanvragen(uow, melding_id, client_id, status, page)
    await _log(uow, principal, "aanvraag", "*", [a.client_id for a in rows],
               "aanvragen inzien")
    return rows, total


async def beschikking(uow: UnitOfWork, principal: Principal, beschikking_id: uuid.UUID
                      ) -> Beschikking:
    b = await beschikkingen.get_beschikking(uow, beschikking_id)
    a = await aanvragen.get_aanvraag(uow, b.aanvraag_id)
    await _log(uow, principal, "beschikking", str(b.id), [a.client_id], "beschikking inzien")
    return b


async def beschikking_lijst(uow: UnitOfWork, principal: Principal, aanvraag_id: uuid.UUID
                            ) -> list[Beschikking]:
    rows = await beschikkingen.list_beschikkingen(uow, aanvraag_id)
    a = await aanvragen.get_aanvraag(uow, aanvraag_id)
    await _log(uow, principal, "beschikking", str(aanvraag_id), [a.client_id],
               "beschikkingen inzien")
    return rows


async def toewijzing(uow: UnitOfWork, principal: Principal, toewijzing_id: uuid.UUID
                     ) -> Toewijzing:
    t = await toewijzingen.get_toewijzing(uow, principal, toewijzing_id)
    await _log(uow, principal, "toewijzing", str(t.id), [t.client_id], "toewijzing inzien")
    return t


async def toewijzing_lijst(uow: UnitOfWork, principal: Principal,
                           aanvraag_id: uuid.UUID | None, client_id: str | None,
                           status: str | None, page: PageRequest
                           ) -> tuple[list[Toewijzing], int]:
    rows, total = await toewijzingen.list_toewijzingen(uow, principal, aanvraag_id, client_id,
                                                       status, page)
    await _log(uow, principal, "toewijzing", "*", [t.client_id for t in rows],
               "toewijzingen inzien")
    return rows, total


async def bezwaar(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID) -> Bezwaar:
    b = await bezwaren.get_bezwaar(uow, bezwaar_id)
    await _log(uow, principal, "bezwaar", str(b.id), [b.client_id], "bezwaar inzien")
    return b


async def bezwaar_lijst(uow: UnitOfWork, principal: Principal, aanvraag_id: uuid.UUID | None,
                        status: str | None, page: PageRequest) -> tuple[list[Bezwaar], int]:
    rows, total = await bezwaren.list_bezwaren(uow, aanvraag_id, status, page)
    await _log(uow, principal, "bezwaar", "*", [b.client_id for b in rows], "bezwaren inzien")
    return rows, total


async def beroep(uow: UnitOfWork, principal: Principal, beroep_id: uuid.UUID) -> Beroep:
    b = await beroepen.get_beroep(uow, beroep_id)
    await _log(uow, principal, "beroep", str(b.id), [b.client_id], "beroep inzien")
    return b


async def beroep_lijst(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID | None,
                       aanvraag_id: uuid.UUID | None, status: str | None, page: PageRequest
                       ) -> tuple[list[Beroep], int]:
    rows, total = await beroepen.list_beroepen(uow, bezwaar_id, aanvraag_id, status, page)
    await _log(uow, principal, "beroep", "*", [b.client_id for b in rows], "beroepen inzien")
    return rows, total


async def ingebrekestelling(uow: UnitOfWork, principal: Principal,
                            ingebrekestelling_id: uuid.UUID) -> Ingebrekestelling:
    i = await dwangsommen.get(uow, ingebrekestelling_id)
    await _log(uow, principal, "ingebrekestelling", str(i.id), [i.client_id],
               "ingebrekestelling inzien")
    return i


async def ingebrekestelling_lijst(uow: UnitOfWork, principal: Principal,
                                  aanvraag_id: uuid.UUID | None, status: str | None, op: date,
                                  page: PageRequest
                                  ) -> tuple[list[IngebrekestellingOut], int]:
    items, total = await dwangsommen.lijst(uow, aanvraag_id, status, op, page)
    await _log(uow, principal, "ingebrekestelling", "*", [i.client_id for i in items],
               "ingebrekestellingen inzien")
    return items, total
