"""Every share of a resident's personal data with another party goes through :func:`deel`: the
rule (``domain/delen.py``) decides on the legal basis or the consent registry; an allowed
share is written to the logboek with its legal basis (and the consent it rested on), a refused
one is logged too and answered 403 naming the consent that is missing."""

from __future__ import annotations

from datetime import date

from wmokernel.auth import Principal
from wmokernel.grondslag import DELEN
from wmokernel.problems import Forbidden
from wmokernel.unit_of_work import UnitOfWork

from ..domain import delen
from ..domain.delen import Deling, Toegestaan
from ..repository import toestemmingen as toestemmingen_repo
from .clienten import record_consent
from .dossiers import vandaag


async def deel(uow: UnitOfWork, principal: Principal, client_id: str, deling: Deling, *,
               resource_id: str, op: date | None = None) -> Toegestaan:
    """The share ``deling`` of ``client_id``'s data (about ``resource_id``, e.g. the melding)
    when it may happen ``op`` (today); Forbidden otherwise."""
    op = op or vandaag()
    consents = ([] if deling.grondslag is not None
                else await toestemmingen_repo.of_client(uow.session, client_id))
    besluit = delen.beoordeel(deling, consents, op)
    purpose = f"{deling.doel} (ontvanger: {deling.ontvanger})"
    if isinstance(besluit, delen.Geweigerd):
        uow.audit_refusal(principal, "delen", resource_id, client_id,
                          f"{purpose}: toestemming ontbreekt", activity=DELEN.id)
        raise Forbidden(besluit.uitleg(client_id))
    await uow.audit(principal, action="verstrekken", resource_type="delen",
                    resource_id=resource_id, client_id=client_id, purpose=purpose,
                    activity=DELEN.id, grondslag=besluit.grondslag,
                    toestemming_id=(str(besluit.toestemming_id)
                                    if besluit.toestemming_id else None))
    return besluit


async def deel_op_verzoek(uow: UnitOfWork, principal: Principal, client_id: str,
                          deling: Deling, *, resource_id: str) -> Toegestaan:
    """A share the resident asks for in the act itself (a worker of another team at their
    request): their consent is recorded first, then the share rests on it."""
    if deling.grondslag is None:
        await record_consent(uow, principal, client_id, ontvanger=deling.ontvanger,
                             doel=deling.doel, gegeven_op=vandaag())
        await uow.session.flush()
    return await deel(uow, principal, client_id, deling, resource_id=resource_id)
