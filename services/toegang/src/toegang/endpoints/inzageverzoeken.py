"""HTTP endpoint of the inzageverzoek (AVG art. 15): the privacy officer's export of everything
the platform holds on one resident."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from wmokernel.dependencies import Authenticated, UnitOfWorkDep
from wmokernel.problems import problem_response

from ..schemas.inzageverzoeken import InzageExport, InzageverzoekIn
from ..service import inzageverzoeken

router = APIRouter(tags=["inzage"])


@router.post("/inzageverzoeken", status_code=201, response_model=InzageExport,
             summary="Export everything the platform holds on one resident (AVG art. 15)",
             responses={503: {"description": "A service could not give its part: nothing "
                                             "is exported"}})
async def post_inzageverzoek(data: InzageverzoekIn, uow: UnitOfWorkDep,
                             principal: Authenticated, request: Request
                             ) -> InzageExport | JSONResponse:
    """For the gemeente's privacy officer (role `privacy-officer`): the resident is named by
    BSN in the body. The answer holds, per service, every record it keeps on the resident
    (per record type) and every processing of their data it logged: who, when, what and why.
    Toegang gathers the other services' parts over REST; when one cannot give its part,
    nothing is exported (503 naming it), never a partial export. The export, and a failed
    one, is audit-logged; so is each service's part. Correction of a record (AVG art. 16)
    goes through the API of that record."""
    try:
        return await inzageverzoeken.exporteer(uow, principal, data,
                                               request.app.state.inzage, datetime.now(UTC))
    except inzageverzoeken.InzageOnvolledig as exc:
        # Answered, not raised: the failed attempt's audit record is committed with it.
        return problem_response(exc.status, exc.title, exc.detail, request.url.path)
