"""The spend per municipality's reads and writes: each client's municipality kept by an upsert
only a later event changes, the batches' prestaties inserted once, and the budget view's
committed, realised and paid spend (same rules, ``domain/budget.py``) grouped by the
municipality joined to the client when asked (none known: ``onbekend``)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.uitgaven_gemeente import ONBEKEND, Post, Woongemeente
from ..models.uitgaven_gemeente import BetaalbatchDeclaratieFeit, ClientGemeenteFeit
from .budget import _DAGEN, _PERIODEN

_GEMEENTE = f"coalesce(g.gemeente, '{ONBEKEND}')"
_JOIN = "LEFT JOIN client_gemeenten g ON g.client_id = x.client_id"

# committed: exact integer sums per municipality and frequentie first, turned into periods
# once per group, as the budget view does
_COMMITTED = f"""
SELECT gemeente, sum({_PERIODEN.format(dagen="jaar", eenmalig="eenmalig")}) AS cents
FROM (SELECT {_GEMEENTE} AS gemeente, frequentie,
        sum(tarief_cents * volume * {_DAGEN.format(tot=":e")}) AS jaar,
        coalesce(sum(tarief_cents * volume) FILTER (WHERE ingangsdatum >= :b), 0) AS eenmalig
      FROM beschikte_producten x {_JOIN}
      WHERE ingangsdatum <= :e AND (einddatum IS NULL OR einddatum >= :b)
      GROUP BY 1, 2) per_frequentie
GROUP BY 1"""

_COMMITTED_CLIENTEN = f"""
SELECT {_GEMEENTE} AS gemeente, count(DISTINCT x.client_id) AS n
FROM beschikte_producten x {_JOIN}
WHERE ingangsdatum <= :e AND (einddatum IS NULL OR einddatum >= :b) GROUP BY 1"""

# realised: the approved prestaties of the care that began in the year; paid: those of them
# in a batch the bank executed
_DECLARATIES = f"""
SELECT {_GEMEENTE} AS gemeente, sum(x.bedrag_cents) AS cents,
       count(DISTINCT x.client_id) AS n
FROM declaraties x {_JOIN}
WHERE x.periode_begin BETWEEN :b AND :e {{betaald}} GROUP BY 1"""
_BETAALD = """AND EXISTS (
  SELECT 1 FROM betaalbatch_declaraties bd JOIN betaalbatches b ON b.batch_id = bd.batch_id
  WHERE bd.declaratie_id = x.declaratie_id AND b.betaald_op IS NOT NULL)"""


async def bewaar_woongemeenten(session: AsyncSession, feiten: list[Woongemeente]) -> None:
    """Each client's municipality, unless a later event (time, then id) named one already.
    ``feiten``: at most one per client."""
    if not feiten:
        return
    t = ClientGemeenteFeit
    stmt = pg_insert(t)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[t.client_id],
        set_={c: stmt.excluded[c] for c in ("gemeente", "bekend_op", "event_id")},
        where=sa.tuple_(stmt.excluded.bekend_op, stmt.excluded.event_id)
        > sa.tuple_(t.bekend_op, t.event_id)),
        [dict(client_id=f.client_id, gemeente=f.gemeente, bekend_op=f.bekend_op,
              event_id=f.event_id) for f in feiten])


async def bewaar_batch_declaraties(session: AsyncSession, rows: list[dict[str, object]]
                                   ) -> None:
    if rows:
        await session.execute(pg_insert(BetaalbatchDeclaratieFeit)
                              .on_conflict_do_nothing(), rows)


async def uitgaven_per_gemeente(session: AsyncSession, jaar: int
                                ) -> dict[str, dict[str, Post]]:
    """Per kind (gecommitteerd, gerealiseerd, betaald) the amount of ``jaar`` per
    municipality, in cents, with the distinct clients behind it."""
    p = {"b": date(jaar, 1, 1), "e": date(jaar, 12, 31)}
    cents = {r.gemeente: float(r.cents) for r in await session.execute(sa.text(_COMMITTED), p)}
    clienten = {r.gemeente: int(r.n)
                for r in await session.execute(sa.text(_COMMITTED_CLIENTEN), p)}
    out = {"gecommitteerd": {g: Post(cents.get(g, 0.0), clienten.get(g, 0))
                             for g in set(cents) | set(clienten)}}
    for soort, betaald in (("gerealiseerd", ""), ("betaald", _BETAALD)):
        rows = await session.execute(sa.text(_DECLARATIES.format(betaald=betaald)), p)
        out[soort] = {r.gemeente: Post(float(r.cents), int(r.n)) for r in rows}
    return out
