"""The toewijzingen as the iWmo rules see them: looked up by ToewijzingNummer, current or
not, and turned into the plain ``ToewijzingStand`` the rules take."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import regels, toewijzingbericht
from ...domain.leveringsperioden import Periode
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
    return _stand(t, tarief or 0, await toewijzingen.perioden_van(uow, t.id))


async def standen(uow: UnitOfWork, rows: list[Toewijzing]
                  ) -> dict[uuid.UUID, regels.ToewijzingStand]:
    """``stand`` of many toewijzingen in three queries (a declaratie names thousands)."""
    tarieven = await beschikkingen.tarieven_van(uow.session,
                                                [t.beschikt_product_id for t in rows])
    perioden = await repo.perioden_van(uow.session, [t.id for t in rows])
    return {t.id: _stand(t, tarieven.get(t.beschikt_product_id, 0),
                         tuple(toewijzingen.als_periode(p) for p in perioden[t.id]))
            for t in rows}


def _stand(t: Toewijzing, tarief: int, perioden: tuple[Periode, ...]
           ) -> regels.ToewijzingStand:
    return regels.ToewijzingStand(
        nummer=t.nummer, client_id=t.client_id, aanbieder=t.aanbieder,
        categorie=t.productcategorie, code=t.product_code, ingangsdatum=t.ingangsdatum,
        einddatum=t.einddatum, volume=t.volume, eenheid=t.eenheid, frequentie=t.frequentie,
        status=t.status, startdatum=t.startdatum, stopdatum=t.stopdatum,
        reden_beeindiging=t.reden_beeindiging, tarief_cents=tarief,
        perioden=perioden,
        actueel=t.opvolger_id is None, reden_wijziging=t.reden_wijziging,
        budget_cents=t.budget_cents)


def geldig(t: Toewijzing, peildatum: date) -> bool:
    """A current toewijzing (``domain/iwmo/toewijzingbericht.geldig``)."""
    return toewijzingbericht.geldig(toewijzingen.snapshotregel(t), peildatum)


async def van_client(uow: UnitOfWork, client_id: str, aanbieder: str) -> list[Toewijzing]:
    return await repo.van_client(uow.session, client_id, aanbieder)


async def lopend(uow: UnitOfWork, client_id: str, aanbieder: str,
                 peildatum: date) -> list[regels.ToewijzingStand]:
    """The client's current toewijzingen at this provider, as the rules see them."""
    return [s for t in await van_client(uow, client_id, aanbieder)
            if t.opvolger_id is None and geldig(t, peildatum)
            and (s := await stand(uow, t)) is not None]
