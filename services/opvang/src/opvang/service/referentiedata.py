"""Loading or re-checking the U16 reference locations outside a migration (the CLI)."""

from __future__ import annotations

from wmokernel.runtime import Job, ServiceRuntime
from wmokernel.settings import KernelSettings
from wmokernel.unit_of_work import UnitOfWork

from ..domain.referentielocaties import te_laden
from ..models import KERNEL
from ..repository.referentielocaties import Resultaat, laad


async def laad_referentielocaties(settings: KernelSettings, *, met_illustratief: bool,
                                  alleen_controleren: bool) -> list[Resultaat]:
    """One unit of work: every missing reference location is added (or, when only checking,
    reported missing); locations already in the register are never changed."""
    runtime = ServiceRuntime(settings, KERNEL)
    resultaten: list[Resultaat] = []

    async def run(uow: UnitOfWork) -> None:
        resultaten.extend(await uow.session.run_sync(
            lambda session: laad(session.connection(),
                                 te_laden(met_illustratief=met_illustratief),
                                 alleen_controleren=alleen_controleren)))

    try:
        await runtime.run_job(Job("referentiedata", 0, run))
    finally:
        await runtime.engine.dispose()
    return resultaten
