"""The toewijzingen as the iWmo rules see them: looked up by ToewijzingNummer, current or
not, and turned into the plain ``ToewijzingStand`` the rules take."""

from __future__ import annotations

from datetime import date

from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import regels
from ...domain.iwmo.codes import TIJDELIJK_GESTOPT, VERWIJDERD
from ...models import Toewijzing
from ...repository import beschikkingen
from ...repository import toewijzingen as repo
from .. import toewijzingen


async def met_nummer(uow: UnitOfWork, nummer: int | None) -> Toewijzing | None:
    return None if nummer is None else await repo.met_nummer(uow.session, nummer)


async def stand(uow: UnitOfWork, t: Toewijzing | None) -> regels.ToewijzingStand | None:
    if t is None:
        return None
    tarief = await beschikkingen.tarief_van(uow.session, t.beschikt_product_id)
    return regels.ToewijzingStand(
        nummer=t.nummer, client_id=t.client_id, aanbieder=t.aanbieder,
        categorie=t.productcategorie, code=t.product_code, ingangsdatum=t.ingangsdatum,
        einddatum=t.einddatum, volume=t.volume, eenheid=t.eenheid, frequentie=t.frequentie,
        status=t.status, startdatum=t.startdatum, stopdatum=t.stopdatum,
        reden_beeindiging=t.reden_beeindiging, tarief_cents=tarief or 0,
        perioden=await toewijzingen.perioden_van(uow, t.id),
        actueel=t.opvolger_id is None, reden_wijziging=t.reden_wijziging,
        budget_cents=t.budget_cents)


def geldig(t: Toewijzing, peildatum: date) -> bool:
    """A current toewijzing: not replaced or withdrawn, not ended before ``peildatum``, and
    not stopped for good (a temporarily stopped one is current)."""
    if t.reden_wijziging == VERWIJDERD or (t.einddatum is not None and t.einddatum < peildatum):
        return False
    return t.status != "gestopt" or t.reden_beeindiging == TIJDELIJK_GESTOPT


async def van_client(uow: UnitOfWork, client_id: str, aanbieder: str) -> list[Toewijzing]:
    return await repo.van_client(uow.session, client_id, aanbieder)


async def lopend(uow: UnitOfWork, client_id: str, aanbieder: str,
                 peildatum: date) -> list[regels.ToewijzingStand]:
    """The client's current toewijzingen at this provider, as the rules see them."""
    return [s for t in await van_client(uow, client_id, aanbieder)
            if t.opvolger_id is None and geldig(t, peildatum)
            and (s := await stand(uow, t)) is not None]
