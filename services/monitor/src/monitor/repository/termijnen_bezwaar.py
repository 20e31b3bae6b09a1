"""The counts behind the bezwaar and beroep compliance figures, over the read models."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.bezwaar_beroep import Tellingen

# A bezwaar's term in force on the peildatum: as first set, or as postponed by the latest
# verdaging sent by then (a postponement only ever moves it later).
_HUIDIG = """
    WITH huidig AS (
        SELECT t.bezwaar_id, t.ingediend_op,
               greatest(t.beslissen_uiterlijk, max(v.beslissen_uiterlijk)) AS uiterlijk
        FROM bezwaar_termijnen t
        LEFT JOIN bezwaar_verdagingen v
               ON v.bezwaar_id = t.bezwaar_id AND v.verzonden_op <= :peil
        GROUP BY t.bezwaar_id, t.ingediend_op, t.beslissen_uiterlijk)
"""

# Decided on time against the term in force; a decision whose term is not in the read
# models (counted before 0008, until a rebuild) keeps the producer's judgement.
_BESLUITEN = sa.text(_HUIDIG + """
    SELECT u.uitkomst, count(*),
           sum(CASE WHEN coalesce(u.besloten_op <= h.uiterlijk, u.binnen_termijn)
                    THEN 1 ELSE 0 END)
    FROM bezwaar_besluiten u LEFT JOIN huidig h ON h.bezwaar_id = u.bezwaar_id
    WHERE u.besloten_op BETWEEN :van AND :tot
    GROUP BY u.uitkomst""")

_OPEN_NA_TERMIJN = sa.text(_HUIDIG + """
    SELECT count(*) FROM huidig h
    WHERE h.ingediend_op <= :peil AND h.uiterlijk < :peil
      AND NOT EXISTS (SELECT 1 FROM bezwaar_besluiten u
                      WHERE u.bezwaar_id = h.bezwaar_id AND u.besloten_op <= :peil)""")

_ONTVANGEN = sa.text("""
    SELECT (SELECT count(*) FROM bezwaren WHERE ingediend_op BETWEEN :van AND :tot),
           (SELECT count(*) FROM bezwaar_termijnen
            WHERE ingediend_op BETWEEN :van AND :tot AND ingediend_door = 'gemachtigde')""")

_VERDAGINGEN = sa.text("""
    SELECT soort, count(DISTINCT bezwaar_id) FROM bezwaar_verdagingen
    WHERE verzonden_op BETWEEN :van AND :tot GROUP BY soort""")

_BEROEPEN = sa.text("""
    SELECT count(*), count(*) FILTER (WHERE NOT binnen_termijn) FROM beroepen
    WHERE ingesteld_op BETWEEN :van AND :tot""")

# A gegrond uitspraak is followed by the new beschikking when one replaced the beschikking
# that was in force when the uitspraak came.
_UITSPRAKEN = sa.text("""
    SELECT u.uitspraak, count(*),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM beschikking_vervangingen b
               WHERE b.vervangt_beschikking_id = u.te_vervangen_beschikking_id))
    FROM beroep_uitspraken u WHERE u.uitspraak_op BETWEEN :van AND :tot
    GROUP BY u.uitspraak""")


async def tellingen(session: AsyncSession, jaar: int, peil: date | None) -> Tellingen:
    jaar_params = {"van": date(jaar, 1, 1), "tot": date(jaar, 12, 31)}
    # the term in force for the year's decisions: as postponed up to the year's end at most
    params = {**jaar_params, "peil": peil or date(jaar, 12, 31)}
    t = Tellingen()
    row = (await session.execute(_ONTVANGEN, jaar_params)).one()
    t.ontvangen, t.door_gemachtigde = int(row[0]), int(row[1])
    t.besluiten = {u: (int(n), int(k)) for u, n, k in await session.execute(_BESLUITEN, params)}
    t.verdagingen = {s: int(n) for s, n in await session.execute(_VERDAGINGEN, jaar_params)}
    if peil is not None:
        t.open_na_termijn = int(await session.scalar(_OPEN_NA_TERMIJN, {"peil": peil}) or 0)
    row = (await session.execute(_BEROEPEN, jaar_params)).one()
    t.beroepen, t.beroepen_na_termijn = int(row[0]), int(row[1])
    t.uitspraken = {u: (int(n), int(g))
                    for u, n, g in await session.execute(_UITSPRAKEN, jaar_params)}
    return t
