"""Ops: the outgoing iWmo messages that wait (toegang away, a BSN missing, a message that
broke a rule), with their reason and age. They are retried by themselves; this list and the
``wmo_iwmo_wachtende_berichten`` gauge show what is stuck."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from wmokernel.dependencies import Paging, UnitOfWorkDep

from ..models.iwmo import IwmoOpdracht
from ..repository import opdrachten
from ..schemas.wachtrij import WachtendBerichtList, WachtendBerichtOut
from .dependencies import Reader

router = APIRouter(tags=["beheer"])


def _out(o: IwmoOpdracht, nu: datetime) -> WachtendBerichtOut:
    return WachtendBerichtOut(
        id=o.id, berichttype="WMO301", client_id=o.client_id, aanbieder=o.aanbieder,
        reden=o.reden, toelichting=o.fout, wachtend_sinds=o.created_at,
        leeftijd_seconden=max(0.0, (nu - o.created_at).total_seconds()), pogingen=o.pogingen,
        laatste_poging=o.laatste_poging, volgende_poging=o.volgende_poging)


@router.get("/beheer/wachtende-berichten", response_model=WachtendBerichtList,
            summary="List the outgoing iWmo messages that wait")
async def list_wachtende_berichten(
    uow: UnitOfWorkDep, _: Reader, paging: Paging,
    reden: Annotated[Literal["toegang-onbereikbaar", "bsn-ontbreekt", "bericht-ongeldig"]
                     | None, Query()] = None,
    aanbieder: Annotated[str | None, Query(pattern=r"^[0-9]{8}$",
                                           description="AGB code")] = None,
) -> WachtendBerichtList:
    """Every toewijzingbericht (WMO301) not yet in the provider's mailbox, oldest first, with
    why the last attempt failed, how old it is and when it is tried next. A message waits
    while toegang cannot be reached or holds no BSN for the client, or when the drawn-up
    message broke its XSD or an iWmo rule; it is retried with backoff by itself."""
    rows, total = await opdrachten.open_opdrachten(uow.session, reden, aanbieder, paging)
    nu = datetime.now(UTC)
    return WachtendBerichtList.of([_out(o, nu) for o in rows], total, paging)
