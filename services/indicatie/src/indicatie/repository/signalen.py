"""Queries of the deadline scans: the open deadlines and the once-only signal record."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.events.indicatie import IndicatieTermijnSoort

from ..models import Aanvraag, Bezwaar, CakMelding, Termijnsignaal
from ..models.iwmo import IwmoVerzoek

Kandidaat = tuple[uuid.UUID, uuid.UUID, str, date]  # dossier, aanvraag, client, uiterlijk


async def kandidaten(session: AsyncSession, horizon: date) -> list[
        tuple[IndicatieTermijnSoort, Kandidaat]]:
    """Open beslistermijnen, bezwaar decision terms and CAK notifications due by ``horizon``."""
    out: list[tuple[IndicatieTermijnSoort, Kandidaat]] = []
    rows = await session.execute(
        sa.select(Aanvraag.id, Aanvraag.id, Aanvraag.client_id, Aanvraag.beslissen_uiterlijk)
        .where(Aanvraag.status.in_(("ontvangen", "ter-goedkeuring")),
               Aanvraag.beslisronde == 1, Aanvraag.beslissen_uiterlijk <= horizon))
    out += [(IndicatieTermijnSoort.BESLISTERMIJN, tuple(r)) for r in rows]  # type: ignore[misc]
    rows = await session.execute(
        sa.select(Bezwaar.id, Bezwaar.aanvraag_id, Bezwaar.client_id, Bezwaar.beslissen_uiterlijk)
        .where(Bezwaar.status == "ingediend", Bezwaar.beslissen_uiterlijk <= horizon))
    out += [(IndicatieTermijnSoort.BEZWAAR_BESLISTERMIJN, tuple(r))  # type: ignore[misc]
            for r in rows]
    rows = await session.execute(
        sa.select(CakMelding.id, CakMelding.aanvraag_id, CakMelding.client_id,
                  CakMelding.melden_uiterlijk)
        .where(CakMelding.status == "klaar", CakMelding.melden_uiterlijk <= horizon))
    out += [(IndicatieTermijnSoort.CAK_MELDING, tuple(r)) for r in rows]  # type: ignore[misc]
    return out


async def open_verzoeken(session: AsyncSession, statussen: tuple[str, ...]) -> list[IwmoVerzoek]:
    return list((await session.scalars(sa.select(IwmoVerzoek).where(
        IwmoVerzoek.status.in_(statussen)))).all())


async def nieuw_signaal(session: AsyncSession, dossier_id: uuid.UUID, soort: str, signaal: str,
                        uiterlijk: date, peildatum: date) -> bool:
    """Record the signal once per (dossier, kind, signal); True when it is new."""
    inserted = await session.execute(
        pg_insert(Termijnsignaal)
        .values(dossier_id=dossier_id, soort=soort, signaal=signaal, uiterlijk=uiterlijk,
                peildatum=peildatum)
        .on_conflict_do_nothing(constraint="uq_termijnsignalen")
        .returning(Termijnsignaal.id))
    return inserted.first() is not None
