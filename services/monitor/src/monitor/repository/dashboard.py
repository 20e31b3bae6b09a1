"""The dashboard's own queries beside the KPIs': the years the read models cover, the opvang
uitstroom per month (of one municipality's residents, or all), and how many of a year's
aanvragen followed a melding in toegang."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

# each fact's own day: the years the dashboard can show
_DAGEN = (("meldingen", "gemeld_op"), ("aanvragen", "ontvangen_op"),
          ("beschikkingen", "afgegeven_op"), ("opvang_wachtlijst", "verwezen_op"),
          ("opvang_opnames", "opgenomen_op"), ("opvang_uitstroom", "uitgestroomd_op"),
          ("declaraties", "periode_begin"))


async def jaren(session: AsyncSession) -> tuple[int, int] | None:
    """The first and last year any fact falls in (None: the read models are empty)."""
    union = " UNION ALL ".join(f"SELECT min({c}) AS van, max({c}) AS tot FROM {t}"
                               for t, c in _DAGEN)
    row = (await session.execute(sa.text(
        f"SELECT extract(year FROM min(van))::int AS van, extract(year FROM max(tot))::int "
        f"AS tot FROM ({union}) x"))).one()
    return None if row.van is None else (int(row.van), int(row.tot))


async def uitstroom_per_maand(session: AsyncSession, jaar: int, gemeente: str | None
                              ) -> dict[int, int]:
    """Month → placements that ended in it; of ``gemeente``'s residents (the municipality
    the opname names) when given."""
    rows = await session.execute(sa.text(
        "SELECT extract(month FROM u.uitgestroomd_op)::int AS maand, count(*) AS n "
        "FROM opvang_uitstroom u LEFT JOIN opvang_opnames o ON o.plaatsing_id = u.plaatsing_id "
        "WHERE extract(year FROM u.uitgestroomd_op) = :j "
        "AND (CAST(:g AS text) IS NULL OR o.gemeente = :g) GROUP BY 1"),
        {"j": jaar, "g": gemeente})
    return {int(r.maand): int(r.n) for r in rows}


async def aanvragen_na_melding(session: AsyncSession, jaar: int) -> int:
    """The year's aanvragen that name the melding in toegang they came from."""
    n = await session.scalar(sa.text(
        "SELECT count(*) FROM aanvragen WHERE extract(year FROM ontvangen_op) = :j "
        "AND melding_id IS NOT NULL"), {"j": jaar})
    return int(n or 0)
