"""The budget view's queries, per product category: committed spend from the granted
products, realised spend from the approved prestaties, paid spend from the executed payment
batches; the budget and the taakstelling (the rules are in ``domain/budget.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.budget import Begroting, Uitgaven, overzicht, peildatum_in

# Committed in the year and up to the peildatum in one pass: exact integer sums of tarief ×
# volume × days per category and frequentie first, turned into periods once per group;
# tot_peil is NULL for a category of which nothing began by the peildatum.
_PERIODEN = """CASE frequentie WHEN '1' THEN {dagen} WHEN '2' THEN {dagen} / 7.0
    WHEN '4' THEN {dagen} / 30.4375 WHEN '6' THEN {eenmalig} ELSE {dagen} / 7.0 END"""
_DAGEN = "greatest(0, least(coalesce(einddatum, {tot}), {tot}) - greatest(ingangsdatum, :b) + 1)"
_COMMITTED = f"""
SELECT cat, sum({_PERIODEN.format(dagen="jaar", eenmalig="eenmalig_jaar")}) AS cents,
       sum({_PERIODEN.format(dagen="peil", eenmalig="eenmalig_peil")})
         FILTER (WHERE begonnen > 0) AS tot_peil
FROM (SELECT productcategorie AS cat, frequentie,
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

# the approved prestaties of the care that began in the year, whenever they were declared
_REALISED = """
SELECT coalesce(productcategorie, '00') AS cat, sum(bedrag_cents) AS cents,
       coalesce(sum(bedrag_cents) FILTER (WHERE periode_begin <= :p), 0) AS tot_peil
FROM declaraties WHERE periode_begin BETWEEN :b AND :e GROUP BY 1"""

# the year's care in the batches the bank executed
_PAID = """
SELECT r.productcategorie AS cat, sum(r.bedrag_cents) AS cents
FROM betaalbatch_regels r JOIN betaalbatches b ON b.batch_id = r.batch_id
WHERE r.jaar = :j AND b.betaald_op IS NOT NULL GROUP BY 1"""

_CLIENTEN = """
SELECT cat, count(DISTINCT client_id) AS n FROM (
  SELECT productcategorie AS cat, client_id FROM beschikte_producten
  WHERE ingangsdatum <= :e AND (einddatum IS NULL OR einddatum >= :b)
  UNION ALL
  SELECT coalesce(productcategorie, '00'), client_id FROM declaraties
  WHERE periode_begin BETWEEN :b AND :e AND client_id IS NOT NULL) x
GROUP BY 1"""


async def committed_cents(session: AsyncSession, begin: date, end: date, peil: date
                          ) -> tuple[dict[str, float], dict[str, float]]:
    """Committed spend per product category in ``begin``–``end`` and in ``begin``–``peil``."""
    rows = list(await session.execute(sa.text(_COMMITTED), {"b": begin, "e": end, "p": peil}))
    return ({r.cat: float(r.cents) for r in rows},
            {r.cat: float(r.tot_peil) for r in rows if r.tot_peil is not None})


async def uitgaven(session: AsyncSession, jaar: int, peil: date) -> Uitgaven:
    """What the read models hold of ``jaar``'s spend, per product category."""
    b, e = date(jaar, 1, 1), date(jaar, 12, 31)
    committed, committed_to_date = await committed_cents(session, b, e, peil)
    realised = list(await session.execute(sa.text(_REALISED), {"b": b, "e": e, "p": peil}))
    paid = list(await session.execute(sa.text(_PAID), {"j": jaar}))
    clienten = await session.execute(sa.text(_CLIENTEN), {"b": b, "e": e})
    return Uitgaven(
        committed=committed, committed_to_date=committed_to_date,
        realised={r.cat: int(r.cents) for r in realised} if realised else None,
        realised_to_date={r.cat: int(r.tot_peil) for r in realised},
        paid={r.cat: int(r.cents) for r in paid} if paid else None,
        clienten={r.cat: int(r.n) for r in clienten})


async def budget_view(session: AsyncSession, jaar: int, peildatum: date | None = None,
                      suppressed: bool = False) -> dict[str, Any]:
    """The budget view of ``jaar`` at ``peildatum`` (default today, kept within the year);
    ``suppressed``: categories of few clients withheld (``domain/budget.py``)."""
    peil = peildatum_in(jaar, peildatum or date.today())
    begroting = list(await session.execute(sa.text(
        "SELECT doelstelling, omschrijving, bedrag_k FROM begrotingen WHERE jaar = :j "
        "ORDER BY array_position(ARRAY['I','II','III','IV','V'], doelstelling)"), {"j": jaar}))
    taak = (await session.execute(sa.text(
        "SELECT wmo_k, totaal_k FROM taakstellingen WHERE jaar = :j"), {"j": jaar})).first()
    return overzicht(
        jaar, peil, [Begroting(r.doelstelling, r.omschrijving, float(r.bedrag_k))
                     for r in begroting],
        await uitgaven(session, jaar, peil),
        None if taak is None else (float(taak.wmo_k), float(taak.totaal_k)), suppressed)
