"""The budget view's queries: committed spend from the granted products, realised spend from
the declaraties, the budget and the taakstelling (the rules are in ``domain/budget.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.budget import Begroting, overzicht, peildatum_in

# Committed in the year and up to the peildatum in one pass: exact integer sums of tarief ×
# volume × days per doelstelling and frequentie first, turned into periods once per group;
# tot_peil is NULL for a doelstelling of which nothing began by the peildatum.
_PERIODEN = """CASE frequentie WHEN '1' THEN {dagen} WHEN '2' THEN {dagen} / 7.0
    WHEN '4' THEN {dagen} / 30.4375 WHEN '6' THEN {eenmalig} ELSE {dagen} / 7.0 END"""
_DAGEN = "greatest(0, least(coalesce(einddatum, {tot}), {tot}) - greatest(ingangsdatum, :b) + 1)"
_COMMITTED = f"""
SELECT doel, sum({_PERIODEN.format(dagen="jaar", eenmalig="eenmalig_jaar")}) AS cents,
       sum({_PERIODEN.format(dagen="peil", eenmalig="eenmalig_peil")})
         FILTER (WHERE begonnen > 0) AS tot_peil
FROM (SELECT CASE WHEN productcategorie COLLATE "C" >= '15' THEN 'V' ELSE 'IV' END AS doel,
        frequentie,
        sum(tarief_cents * volume * {_DAGEN.format(tot=":e")}) AS jaar,
        coalesce(sum(tarief_cents * volume) FILTER (WHERE ingangsdatum >= :b), 0)
          AS eenmalig_jaar,
        count(*) FILTER (WHERE ingangsdatum <= :p) AS begonnen,
        coalesce(sum(tarief_cents * volume * {_DAGEN.format(tot=":p")})
                 FILTER (WHERE ingangsdatum <= :p), 0) AS peil,
        coalesce(sum(tarief_cents * volume) FILTER (WHERE ingangsdatum BETWEEN :b AND :p), 0)
          AS eenmalig_peil
      FROM beschikte_producten
      WHERE ingangsdatum <= :e AND (einddatum IS NULL OR einddatum >= :b)
      GROUP BY 1, 2) per_frequentie
GROUP BY 1"""

_REALISED = """
SELECT CASE WHEN coalesce(productcategorie, '00') >= '15' THEN 'V' ELSE 'IV' END AS doel,
       sum(bedrag_cents) AS cents, count(*) AS n
FROM declaraties WHERE datum BETWEEN :b AND :e GROUP BY 1"""


async def committed_cents(session: AsyncSession, begin: date, end: date, peil: date
                          ) -> tuple[dict[str, float], dict[str, float]]:
    """Committed spend per doelstelling in ``begin``–``end`` and in ``begin``–``peil``."""
    rows = list(await session.execute(sa.text(_COMMITTED), {"b": begin, "e": end, "p": peil}))
    return ({r.doel: float(r.cents) for r in rows},
            {r.doel: float(r.tot_peil) for r in rows if r.tot_peil is not None})


async def budget_view(session: AsyncSession, jaar: int, peildatum: date | None = None
                      ) -> dict[str, Any]:
    """The budget view of ``jaar`` at ``peildatum`` (default today, kept within the year)."""
    begin, end = date(jaar, 1, 1), date(jaar, 12, 31)
    peil = peildatum_in(jaar, peildatum or date.today())
    committed, committed_to_date = await committed_cents(session, begin, end, peil)
    realised_rows = list(await session.execute(sa.text(_REALISED), {"b": begin, "e": peil}))
    realised = {r.doel: float(r.cents) for r in realised_rows}
    begroting = list(await session.execute(sa.text(
        "SELECT doelstelling, omschrijving, bedrag_k FROM begrotingen WHERE jaar = :j "
        "ORDER BY array_position(ARRAY['I','II','III','IV','V'], doelstelling)"), {"j": jaar}))
    taak = (await session.execute(sa.text(
        "SELECT wmo_k, totaal_k FROM taakstellingen WHERE jaar = :j"), {"j": jaar})).first()
    return overzicht(
        jaar, peil, [Begroting(r.doelstelling, r.omschrijving, float(r.bedrag_k))
                     for r in begroting],
        committed, committed_to_date, realised if realised_rows else None,
        None if taak is None else (float(taak.wmo_k), float(taak.totaal_k)))
