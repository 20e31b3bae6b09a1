"""The klachten per organisation: exact for the gemeente, suppressed for everyone else
(``domain/klachten.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel.unit_of_work import UnitOfWork

from ..domain.klachten import overzicht
from ..repository.klachten import klachten


async def klachten_per_organisatie(uow: UnitOfWork, jaar: int, peildatum: date,
                                   onderdrukken: bool) -> dict[str, Any]:
    return overzicht(jaar, peildatum, await klachten(uow.session, jaar, peildatum),
                     onderdrukken)
