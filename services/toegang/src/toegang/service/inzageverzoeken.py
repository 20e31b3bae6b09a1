"""The resident's inzageverzoek (AVG art. 15), for the gemeente's privacy officer: the client
is found by BSN (the pseudonym is derived from it, so a client other services know but the
registry does not is found too); toegang's own records and every other service's part are
merged into one export, with each service's processing log of the resident.

Complete or not at all: when a service cannot give its part nothing is exported (503 naming
the service), since an incomplete answer would tell the resident the platform holds less than
it does. The export is audit-logged, and so is a failed one; each service logs its own part.
Correction (art. 16) goes through the normal APIs of the record concerned.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from wmokernel.auth import Principal, Role
from wmokernel.bsn import InvalidBsn, normalize_bsn
from wmokernel.inzage import DOEL, InzageDienst, verwerkingen, verzamel
from wmokernel.problems import Forbidden, ProblemError, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..diensten.inzage import DienstenNietBeschikbaar, Verzamelaar
from ..repository.persoonsgegevens import BRONNEN
from ..schemas.inzageverzoeken import InzageExport, InzageverzoekIn


class InzageOnvolledig(ProblemError):
    """A service could not give its part: the export is refused as a whole."""

    def __init__(self, redenen: dict[str, str]) -> None:
        super().__init__(503, "Inzage onvolledig", (
            "nothing is exported: the export would miss what these services hold: "
            + "; ".join(f"{n}: {r}" for n, r in sorted(redenen.items()))
            + ". Ask again when they are back."))


async def exporteer(uow: UnitOfWork, principal: Principal, data: InzageverzoekIn,
                    verzamelaar: Verzamelaar, nu: datetime) -> InzageExport:
    """The export; raises InzageOnvolledig after logging the failed attempt."""
    doel = DOEL + (f"; {data.toelichting}" if data.toelichting else "")
    if Role.PRIVACY_OFFICER not in principal.roles:
        uow.audit_refusal(principal, "inzageverzoek", "*", None, doel)
        raise Forbidden(f"an inzageverzoek needs the role {Role.PRIVACY_OFFICER.value}")
    try:
        client_id = uow.pseudonymize(normalize_bsn(data.bsn))
    except InvalidBsn as exc:
        raise Unprocessable(f"bsn: {exc}") from exc
    verzoek_id = uuid.uuid4()
    eigen = InzageDienst(
        dienst=uow.settings.service_name, client_id=client_id, verzoek_id=verzoek_id,
        verzameld_op=nu, gegevens=await verzamel(uow.session, BRONNEN, client_id),
        verwerkingen=await verwerkingen(uow.session, client_id))
    try:
        anderen = await verzamelaar.verzamel(client_id, verzoek_id)
    except DienstenNietBeschikbaar as exc:
        await uow.audit(principal, action="export-mislukt", resource_type="inzageverzoek",
                        resource_id=str(verzoek_id), client_id=client_id,
                        purpose=f"{doel}; niet beschikbaar: {', '.join(sorted(exc.redenen))}")
        raise InzageOnvolledig(exc.redenen) from exc
    await uow.audit(principal, action="export", resource_type="inzageverzoek",
                    resource_id=str(verzoek_id), client_id=client_id, purpose=doel)
    return InzageExport(id=verzoek_id, client_id=client_id, verzameld_op=nu,
                        door=principal.subject,
                        diensten={eigen.dienst: eigen, **anderen})
