"""The bezwaar and beroep compliance figures of a year: exact for the gemeente, small counts
hidden for everyone else (``domain/bezwaar_beroep.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel.unit_of_work import UnitOfWork

from ..domain.bezwaar_beroep import cijfers, peildatum
from ..repository.termijnen_bezwaar import tellingen


async def bezwaar_termijnen(uow: UnitOfWork, jaar: int, vandaag: date,
                            exact: bool) -> dict[str, Any]:
    peil = peildatum(jaar, vandaag)
    return cijfers(jaar, peil, await tellingen(uow.session, jaar, peil), exact)
