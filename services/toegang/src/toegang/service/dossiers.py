"""Opening a casus under need-to-know (the rule is ``domain/inzage.py``) with the audit trail
of every attempt, and the steps every casus use case shares: moving the state machine on,
checking a date, loading the dossier for the answer, assigning a worker.

Reads and writes are audit-logged in the unit of work; refusals through
``uow.audit_refusal``, kept when the unit of work rolls back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from wmokernel.auth import Principal
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.casus import Stap, StapNietToegestaan, volgende_status
from ..domain.delen import EIGEN_INWONER
from ..domain.inzage import Toegang, beoordeel, is_u16, is_worker
from ..models import DossierMedewerker, Melding, Onderzoek, Verwijzing
from ..repository import meldingen as meldingen_repo
from ..repository import onderzoek as onderzoek_repo
from ..repository import verwijzingen as verwijzingen_repo


def vandaag() -> date:
    return date.today()


def step(melding: Melding, stap: Stap) -> None:
    """Move the casus on by ``stap`` or answer 409."""
    try:
        melding.status = volgende_status(melding.status, stap).value
    except StapNietToegestaan as exc:
        raise Conflict(str(exc)) from exc


def check_date(name: str, value: date, earliest: date, what: str) -> None:
    if value < earliest:
        raise Unprocessable(f"{name}: cannot lie before {what} ({earliest.isoformat()})")
    if value > vandaag():
        raise Unprocessable(f"{name}: cannot lie in the future")


@dataclass
class Dossier:
    """A melding with what hangs under it, loaded for the answer."""

    melding: Melding
    medewerkers: list[DossierMedewerker]
    onderzoek: Onderzoek | None
    verwijzingen: list[Verwijzing]


async def open_casus(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID,
                     purpose: str, *, action: str = "read", lock: bool = False) -> Melding:
    """The casus ``melding_id`` when ``principal`` may see it (404/403 otherwise); audited. A
    U16 municipality reads (``action`` "read") its own residents' casussen."""
    lezen = action == "read"
    if not (is_worker(principal) or (lezen and is_u16(principal))):
        uow.audit_refusal(principal, "melding", str(melding_id), None, purpose)
        raise Forbidden("this role does not see dossiers")
    melding = await meldingen_repo.get_melding(uow.session, melding_id, lock=lock)
    if melding is None:
        raise NotFound(f"melding {melding_id}")
    assigned = await meldingen_repo.active_assignees(uow.session, melding_id)
    toegang = beoordeel(principal, assigned, melding.team, melding.gemeente, lezen=lezen)
    if toegang is Toegang.NOT_VISIBLE:
        uow.audit_refusal(principal, "melding", str(melding_id), melding.client_id, purpose)
        raise NotFound(f"melding {melding_id}")
    # A U16 municipality reading its own resident's casus: a share on a legal basis.
    await uow.audit(principal, action=action, resource_type="melding",
                    resource_id=str(melding_id), client_id=melding.client_id, purpose=purpose,
                    grondslag=(EIGEN_INWONER.grondslag if toegang is Toegang.EIGEN_INWONER
                               else None))
    return melding


async def load_dossier(uow: UnitOfWork, melding: Melding) -> Dossier:
    return Dossier(melding, await meldingen_repo.medewerkers(uow.session, melding.id),
                   await onderzoek_repo.get_onderzoek(uow.session, melding.id),
                   await verwijzingen_repo.of_melding(uow.session, melding.id))


async def add_assignee(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID,
                       medewerker: str, team: str | None, reden: str,
                       op_verzoek_inwoner: bool = False) -> DossierMedewerker:
    if await meldingen_repo.is_assigned(uow.session, melding_id, medewerker):
        raise Conflict(f"{medewerker} is already assigned to this casus")
    return await meldingen_repo.add_medewerker(uow.session, DossierMedewerker(
        melding_id=melding_id, medewerker=medewerker, team=team, reden=reden,
        op_verzoek_inwoner=op_verzoek_inwoner, toegewezen_door=principal.subject))
