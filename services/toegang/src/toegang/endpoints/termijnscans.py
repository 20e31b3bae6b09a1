"""HTTP endpoint of the deadline scan, for operations."""

from __future__ import annotations

from fastapi import APIRouter
from wmokernel.dependencies import UnitOfWorkDep
from wmokernel.problems import Unprocessable

from ..schemas import TermijnScanIn, TermijnScanOut
from ..service import signalen
from ..service.dossiers import vandaag
from .dependencies import System

router = APIRouter(tags=["meldingen"])


@router.post("/termijnscans", status_code=201, response_model=TermijnScanOut,
             summary="Run a deadline scan", tags=["beheer"])
async def post_termijnscan(data: TermijnScanIn, uow: UnitOfWorkDep, principal: System
                           ) -> TermijnScanOut:
    """Runs one scan for deadlines that are near or have passed, as the background task does
    periodically; each signal is published once. `peildatum` may not lie in the future."""
    peildatum = data.peildatum or vandaag()
    if peildatum > vandaag():
        raise Unprocessable("peildatum: cannot lie in the future")
    nadert: int = uow.settings.termijn_nadert_werkdagen
    n = await signalen.scan(uow, peildatum, nadert)
    return TermijnScanOut(peildatum=peildatum, signalen=n)
