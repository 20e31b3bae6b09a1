"""SQL of the deadline scan: the casussen whose deadline is near or has passed, and the
signals written once per (melding, kind, signal, deadline)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.events.toegang import TermijnSoort
from wmokernel.termijnen import Signaal

from ..domain.casus import VERWIJZINGEN_UIT_BASISZORG
from ..models import Melding, TermijnSignaal, Verwijzing


def _candidates(soort: TermijnSoort, horizon: date) -> Any:
    """Open casussen whose ``soort`` deadline is still running and falls before ``horizon``,
    without a 'verstreken' signal for that deadline yet."""
    column = {
        TermijnSoort.EERSTE_CONTACT: Melding.eerste_contact_uiterlijk,
        TermijnSoort.ONDERZOEK: Melding.onderzoek_uiterlijk,
        TermijnSoort.PERSOONLIJK_PLAN: Melding.persoonlijk_plan_uiterlijk,
    }[soort]
    query = sa.select(Melding.id, Melding.client_id, column, Melding.team).where(
        Melding.afgesloten_op.is_(None), column.is_not(None), column <= horizon,
        ~sa.exists().where(TermijnSignaal.melding_id == Melding.id,
                           TermijnSignaal.soort == soort.value,
                           TermijnSignaal.signaal == Signaal.VERSTREKEN.value,
                           TermijnSignaal.uiterlijk == column))
    referred_out = sa.exists().where(
        Verwijzing.melding_id == Melding.id,
        Verwijzing.naar.in_([v.value for v in VERWIJZINGEN_UIT_BASISZORG]))
    if soort is TermijnSoort.EERSTE_CONTACT:
        # a U16 municipality's melding (gemeente set) is its aanmelding for opvang: the first
        # contact was its own, and the casus was referred to the Regionale toegang at once
        query = query.where(Melding.eerste_contact_op.is_(None), Melding.gemeente.is_(None))
    elif soort is TermijnSoort.ONDERZOEK:
        query = query.where(Melding.onderzoek_afgerond_op.is_(None), ~referred_out)
    else:
        query = query.where(Melding.persoonlijk_plan_ontvangen_op.is_(None),
                            Melding.onderzoek_afgerond_op.is_(None), ~referred_out)
    return query.order_by(column, Melding.id)


async def candidates(session: AsyncSession, soort: TermijnSoort, horizon: date
                     ) -> Sequence[tuple[uuid.UUID, str, date, str | None]]:
    """(melding id, client id, deadline, team) of each candidate, earliest deadline first."""
    rows: Sequence[tuple[uuid.UUID, str, date, str | None]] = (
        await session.execute(_candidates(soort, horizon))).all()
    return rows


async def insert_new(session: AsyncSession, soort: TermijnSoort, peildatum: date,
                     signals: Sequence[tuple[uuid.UUID, date, Signaal]]
                     ) -> set[tuple[uuid.UUID, str]]:
    """Write the (melding, deadline, signal)s not written before; returns the (melding,
    signal) pairs that are new. A concurrent scan is harmless: the primary key lets only one
    insert through."""
    inserted = await session.execute(
        pg_insert(TermijnSignaal)
        .values([{"melding_id": m, "soort": soort.value, "signaal": s.value,
                  "uiterlijk": u, "peildatum": peildatum} for m, u, s in signals])
        .on_conflict_do_nothing()
        .returning(TermijnSignaal.melding_id, TermijnSignaal.signaal))
    return {(m, s) for m, s in inserted.all()}
