"""Queries of the herbeoordeling worklist and of the Wlz overgangen, and the toewijzingen they
act on."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..domain.herbeoordeling import UITSTROOM_ANDER_DOMEIN
from ..domain.iwmo.codes import TIJDELIJK_GESTOPT, VERWIJDERD
from ..models import Aanvraag, BeschiktProduct, Toewijzing
from ..models.herbeoordeling import Herbeoordeling, WlzOvergang

# A toewijzing the gemeente ended for the Wlz or withdrew is no care to review or end.
_BEEINDIGD_DOOR_GEMEENTE = (UITSTROOM_ANDER_DOMEIN, VERWIJDERD)


def _lopend() -> sa.ColumnElement[bool]:
    """The toewijzing is the last of its chain, not withdrawn or ended for the Wlz, and its
    delivery is not stopped for good (a temporary stop is still care)."""
    return sa.and_(
        Toewijzing.opvolger_id.is_(None),
        sa.func.coalesce(Toewijzing.reden_wijziging, "").not_in(_BEEINDIGD_DOOR_GEMEENTE),
        sa.or_(Toewijzing.status != "gestopt", Toewijzing.reden_beeindiging == TIJDELIJK_GESTOPT))


async def kandidaten(session: AsyncSession, peildatum: date, horizon: date
                     ) -> list[tuple[Toewijzing, str | None]]:
    """Running toewijzingen not on the worklist yet whose herbeoordeling date or einddatum
    lies on or before ``horizon``, and whose einddatum has not passed (care that ended
    before it was ever signalled is history, not work); with the wijk of the product or
    aanvraag. One per granted product: the newest."""
    rows = await session.execute(
        sa.select(Toewijzing, sa.func.coalesce(BeschiktProduct.wijk, Aanvraag.wijk))
        .join(BeschiktProduct, BeschiktProduct.id == Toewijzing.beschikt_product_id)
        .join(Aanvraag, Aanvraag.id == Toewijzing.aanvraag_id)
        .outerjoin(Herbeoordeling,
                   Herbeoordeling.beschikt_product_id == Toewijzing.beschikt_product_id)
        .where(Herbeoordeling.id.is_(None), _lopend(),
               sa.or_(Toewijzing.einddatum.is_(None), Toewijzing.einddatum >= peildatum),
               sa.or_(Toewijzing.herbeoordeling_op <= horizon, Toewijzing.einddatum <= horizon))
        .order_by(Toewijzing.beschikt_product_id, Toewijzing.created_at.desc()))
    out: dict[uuid.UUID, tuple[Toewijzing, str | None]] = {}
    for t, wijk in rows:
        out.setdefault(t.beschikt_product_id, (t, wijk))
    return list(out.values())


async def voeg_toe(session: AsyncSession, values: dict[str, Any]) -> None:
    """Put a review on the worklist, once per granted product."""
    await session.execute(pg_insert(Herbeoordeling).values(**values).on_conflict_do_nothing(
        index_elements=[Herbeoordeling.beschikt_product_id]))


async def open_items(session: AsyncSession) -> list[Herbeoordeling]:
    """The open reviews, locked; ones another scan or a decision holds are skipped."""
    return list((await session.scalars(
        sa.select(Herbeoordeling).where(Herbeoordeling.status == "open")
        .order_by(Herbeoordeling.uiterlijk, Herbeoordeling.id)
        .with_for_update(skip_locked=True))).all())


async def lopende_toewijzing(session: AsyncSession, beschikt_product_id: uuid.UUID
                             ) -> Toewijzing | None:
    """The last toewijzing of the product's chain, locked, unless it was withdrawn or ended
    for the Wlz; the caller judges its delivery status."""
    return await session.scalar(
        sa.select(Toewijzing).where(
            Toewijzing.beschikt_product_id == beschikt_product_id,
            Toewijzing.opvolger_id.is_(None),
            sa.func.coalesce(Toewijzing.reden_wijziging, "").not_in(_BEEINDIGD_DOOR_GEMEENTE))
        .order_by(Toewijzing.created_at.desc()).limit(1).with_for_update())


async def get(session: AsyncSession, herbeoordeling_id: uuid.UUID,
              for_update: bool = False) -> Herbeoordeling | None:
    return await session.get(Herbeoordeling, herbeoordeling_id, with_for_update=for_update)


async def list_(session: AsyncSession, wijk: str | None, status: str | None,
                uiterlijk_voor: date | None, client_id: str | None,
                page: PageRequest) -> tuple[list[Herbeoordeling], int]:
    """The worklist, the soonest due first."""
    query = sa.select(Herbeoordeling).order_by(Herbeoordeling.uiterlijk, Herbeoordeling.id)
    query = where_given(query, (Herbeoordeling.wijk, wijk), (Herbeoordeling.status, status),
                        (Herbeoordeling.client_id, client_id))
    if uiterlijk_voor is not None:
        query = query.where(Herbeoordeling.uiterlijk < uiterlijk_voor)
    return await scalars_page(session, query, page)


async def open_van_client(session: AsyncSession, client_id: str) -> list[Herbeoordeling]:
    return list((await session.scalars(
        sa.select(Herbeoordeling).where(Herbeoordeling.client_id == client_id,
                                        Herbeoordeling.status == "open")
        .order_by(Herbeoordeling.uiterlijk).with_for_update())).all())


# --- Wlz ----------------------------------------------------------------------------------------


async def lopende_toewijzingen_van_client(session: AsyncSession, client_id: str
                                          ) -> list[Toewijzing]:
    """The client's running toewijzingen with any provider, locked in nummer order."""
    return list((await session.scalars(
        sa.select(Toewijzing).where(Toewijzing.client_id == client_id, _lopend())
        .order_by(Toewijzing.nummer).with_for_update())).all())


async def toewijzingen_van_client(session: AsyncSession, client_id: str) -> list[Toewijzing]:
    return list((await session.scalars(
        sa.select(Toewijzing).where(Toewijzing.client_id == client_id)
        .order_by(Toewijzing.nummer))).all())


async def get_overgang(session: AsyncSession, overgang_id: uuid.UUID,
                       for_update: bool = False) -> WlzOvergang | None:
    return await session.get(WlzOvergang, overgang_id, with_for_update=for_update)


async def lopende_overgang(session: AsyncSession, client_id: str) -> WlzOvergang | None:
    return await session.scalar(sa.select(WlzOvergang).where(
        WlzOvergang.client_id == client_id,
        WlzOvergang.status.in_(("gesignaleerd", "aangevraagd"))))


async def list_overgangen(session: AsyncSession, team: str | None, status: str | None,
                          client_id: str | None,
                          page: PageRequest) -> tuple[list[WlzOvergang], int]:
    """Newest first."""
    query = sa.select(WlzOvergang).order_by(WlzOvergang.created_at.desc(), WlzOvergang.id)
    query = where_given(query, (WlzOvergang.team, team), (WlzOvergang.status, status),
                        (WlzOvergang.client_id, client_id))
    return await scalars_page(session, query, page)
