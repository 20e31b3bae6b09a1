"""The CAK notification: every provision with an eigen bijdrage is reported within 1 month of
the beschikking (PGB 4 months). Records are created when a beschikking is issued."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.events.indicatie import CakMeldingGedaan, Leveringsvorm
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from .domain.statussen import CAK_MELDING, OngeldigeOvergang
from .models import Beschikking, CakMelding

CSV_COLUMNS = ("id", "client_id", "beschikking_id", "product_code", "productcategorie",
               "leveringsvorm", "volume", "eenheid", "frequentie", "ingangsdatum", "einddatum",
               "eigen_bijdrage_cents", "melden_uiterlijk", "status", "gemeld_op")


async def list_meldingen(session: AsyncSession, status: str | None,
                         limit: int) -> list[CakMelding]:
    query = sa.select(CakMelding).order_by(CakMelding.melden_uiterlijk, CakMelding.id).limit(limit)
    if status is not None:
        query = query.where(CakMelding.status == status)
    return list((await session.scalars(query)).all())


def as_csv(rows: Sequence[CakMelding]) -> str:
    """The outgoing export (semicolon-separated, the Dutch spreadsheet default)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(["" if getattr(r, c) is None else str(getattr(r, c))
                         for c in CSV_COLUMNS])
    return out.getvalue()


async def mark_sent(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                    melding_id: uuid.UUID, gemeld_op: date, today: date) -> CakMelding:
    melding = await session.get(CakMelding, melding_id, with_for_update=True)
    if melding is None:
        raise NotFound(f"CAK-melding {melding_id}")
    try:
        melding.status = CAK_MELDING.next(melding.status, "melden")
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc
    beschikking = await session.get(Beschikking, melding.beschikking_id)
    assert beschikking is not None and beschikking.afgegeven_op is not None
    if gemeld_op > today or gemeld_op < beschikking.afgegeven_op:
        raise Unprocessable("gemeldOp must lie between the beschikking date and today")
    melding.gemeld_op = gemeld_op
    await session.flush()
    await rt.audit.record(session, principal, action="export", resource_type="cak-melding",
                          resource_id=str(melding.id), client_id=melding.client_id,
                          purpose="melding aan het CAK (eigen bijdrage)")
    await rt.outbox.add(session, CakMeldingGedaan(
        cak_melding_id=melding.id, beschikking_id=melding.beschikking_id,
        aanvraag_id=melding.aanvraag_id, client_id=melding.client_id,
        productcategorie=melding.productcategorie,
        leveringsvorm=Leveringsvorm(melding.leveringsvorm), gemeld_op=gemeld_op,
        melden_uiterlijk=melding.melden_uiterlijk,
        binnen_termijn=gemeld_op <= melding.melden_uiterlijk))
    return melding
