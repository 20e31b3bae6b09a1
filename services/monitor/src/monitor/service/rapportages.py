"""The reports: Bijlage 3 (the year and the two before it), the budget view, the CBS export."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel.unit_of_work import UnitOfWork

from ..domain.suppression import suppress_report
from ..repository.bijlage3 import bijlage3
from ..repository.budget import budget_view
from ..repository.cbs import cbs_rows


async def bijlage3_rapport(uow: UnitOfWork, jaar: int, suppressed: bool) -> dict[str, Any]:
    report = await bijlage3(uow.session, jaar)
    return suppress_report(report) if suppressed else report


async def budget(uow: UnitOfWork, jaar: int, peildatum: date | None, suppressed: bool
                 ) -> dict[str, Any]:
    return await budget_view(uow.session, jaar, peildatum, suppressed)


async def cbs_export(uow: UnitOfWork, jaar: int) -> list[dict[str, Any]]:
    """Person-level rows (pseudonymous client ids only)."""
    return await cbs_rows(uow.session, jaar)
