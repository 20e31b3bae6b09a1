"""The Bijlage 3 report's queries: every table for the report's years in one query each
(the definitions and the report's shape are in ``domain/bijlage3.py``)."""


from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.bijlage3 import Cell, avg_cell, count_cell, rapport
from ..domain.reference import BACKUP_KANAAL, BW_SOORTEN, VOORZIENINGEN, WACHT_VOORZIENINGEN
from .kpi_sql import Spans
from .leveringen_sql import NIEUWE_STARTS
from .reference_sql import (
    SQL_BUURTTEAM_KANALEN,
    SQL_BW_VORMEN,
    SQL_MO_VORMEN,
    bw_soort_sql,
    voorziening_sql,
)


async def _rows(session: AsyncSession, sql: str, **params: Any) -> list[Any]:
    return list(await session.execute(sa.text(sql), params))


# Every table is one query over all the report's years: ``y(i, jaar, b, e, maanden)`` holds
# the years (``maanden``: the bits of its months among all the years' months), an interval
# becomes the bit mask of the years (or months) it touches, and distinct people are counted
# by OR-ing their masks first (see kpi_sql.py).
JAREN = Spans(begin=":b", eind=":e", na=":na", grenzen=":jaargrenzen")
MAANDEN = Spans(begin=":b", eind=":e", na=":na", grenzen=":maandgrenzen", bigint=True)


def _years_cte(years: list[int]) -> str:
    rows = ", ".join(f"({i}, {y}, DATE '{y}-01-01', DATE '{y}-12-31', "
                     f"CAST({((1 << 12) - 1) << (12 * i)} AS bigint))"
                     for i, y in enumerate(years))
    return f"WITH y(i, jaar, b, e, maanden) AS (VALUES {rows})"


def _params(years: list[int]) -> dict[str, Any]:
    first, last = years[0], years[-1]
    return {"b": date(first, 1, 1), "e": date(last, 12, 31), "na": date(last + 1, 1, 1),
            "jaargrenzen": [date(y, 1, 1) for y in years[1:]] + [date(last + 1, 1, 1)],
            "maandgrenzen": [date(first + m // 12, m % 12 + 1, 1)
                             for m in range(1, 12 * len(years) + 1)]}


async def tables(session: AsyncSession, years: list[int]) -> dict[int, dict[str, dict[str, Cell]]]:
    """Every table's column for each of ``years`` (consecutive, at most 5: the months of all
    fit one bigint mask): year → table id → row label → cell."""
    if not 0 < len(years) <= 5 or years != list(range(years[0], years[0] + len(years))):
        raise ValueError(f"1 to 5 consecutive years, not {years}")
    with_y, params = _years_cte(years), _params(years)
    out: dict[int, dict[str, dict[str, Cell]]] = {y: {} for y in years}

    # buurtteam: clients (once per client), casussen and new casussen per year
    for r in await _rows(session, f"""{with_y},
            c AS (SELECT m.client_id, {JAREN.running("m.gemeld_op", "s.afgesloten_op")} AS mask,
                         CASE WHEN m.gemeld_op >= :b THEN {JAREN.index("m.gemeld_op")}
                              ELSE -1 END AS gemeld
                  FROM meldingen m LEFT JOIN casus_sluitingen s ON s.melding_id = m.melding_id
                  WHERE m.kanaal IN {SQL_BUURTTEAM_KANALEN} AND m.gemeld_op <= :e
                    AND (s.afgesloten_op IS NULL OR s.afgesloten_op >= :b)),
            casussen AS (SELECT mask, gemeld, count(*) AS n FROM c GROUP BY 1, 2),
            clienten AS MATERIALIZED (SELECT mask, count(*) AS n
                         FROM (SELECT bit_or(mask) AS mask FROM c GROUP BY client_id) x GROUP BY 1)
            SELECT y.jaar,
              (SELECT coalesce(sum(n), 0) FROM clienten WHERE mask & (1 << y.i) <> 0) AS clienten,
              (SELECT coalesce(sum(n), 0) FROM casussen WHERE mask & (1 << y.i) <> 0) AS casussen,
              (SELECT coalesce(sum(n), 0) FROM casussen
               WHERE mask & (1 << y.i) <> 0 AND gemeld = y.i) AS nieuw
            FROM y""", **params):
        out[r.jaar]["buurtteam-clienten"] = {
            "Aantal unieke cliënten": count_cell(int(r.clienten)),
            "Aantal casussen": count_cell(int(r.casussen)),
            "Aantal nieuw gestarte casussen": count_cell(int(r.nieuw))}

    for y in years:
        out[y]["buurtteam-wachttijd"] = {"Buurtteam": avg_cell(0, 0, 1)}
    for r in await _rows(session, f"""{with_y}
            SELECT y.jaar, count(*) AS n, sum(c.werkdagen) AS som
            FROM y JOIN eerste_contacten c ON c.contact_op BETWEEN y.b AND y.e
            JOIN meldingen m ON m.melding_id = c.melding_id
            WHERE m.kanaal IN {SQL_BUURTTEAM_KANALEN} GROUP BY 1""", **params):
        out[r.jaar]["buurtteam-wachttijd"] = {"Buurtteam": avg_cell(r.n, float(r.som), 1)}

    for y in years:
        out[y]["aanvullende-zorg-clienten"] = {naam: count_cell(0)
                                               for naam, _, _ in VOORZIENINGEN}
    # one row per client and provision holds the union of its products' periods
    overlaps = ", ".join(f"count(*) FILTER (WHERE perioden && DATERANGE '[{y}-01-01,{y}-12-31]')"
                         f" AS j{i}" for i, y in enumerate(years))
    for r in await _rows(session, f"""
            SELECT voorziening AS v, {overlaps} FROM voorziening_clienten GROUP BY 1"""):
        for i, y in enumerate(years):
            if r.v in out[y]["aanvullende-zorg-clienten"]:
                out[y]["aanvullende-zorg-clienten"][r.v] = count_cell(
                    int(getattr(r, f"j{i}")))

    for y in years:
        out[y]["aanvullende-zorg-wachttijd"] = {naam: avg_cell(0, 0, 0)
                                                for naam in WACHT_VOORZIENINGEN}
    for r in await _rows(session, f"""{with_y}
            SELECT y.jaar, {voorziening_sql()} AS v, count(*) AS n, sum(wachtdagen) AS som
            FROM y JOIN ({NIEUWE_STARTS}) x ON startdatum BETWEEN y.b AND y.e
            GROUP BY 1, 2""", **params):
        if r.v in out[r.jaar]["aanvullende-zorg-wachttijd"]:
            out[r.jaar]["aanvullende-zorg-wachttijd"][r.v] = avg_cell(r.n, float(r.som), 0)

    soort = bw_soort_sql("o.vorm", "o.bovenregionaal")
    for y in years:
        out[y]["bw-clienten"] = {s: count_cell(0) for s in BW_SOORTEN}
    for r in await _rows(session, f"""{with_y},
            x AS (SELECT {soort} AS s, o.client_id,
                         {JAREN.running("o.opgenomen_op", "u.uitgestroomd_op")} AS mask
                  FROM opvang_opnames o
                  LEFT JOIN opvang_uitstroom u ON u.plaatsing_id = o.plaatsing_id
                  WHERE o.vorm IN {SQL_BW_VORMEN} AND o.opgenomen_op <= :e
                    AND (u.uitgestroomd_op IS NULL OR u.uitgestroomd_op >= :b)),
            per AS (SELECT s, mask, count(*) AS n
                    FROM (SELECT s, bit_or(mask) AS mask FROM x GROUP BY s, client_id) z
                    GROUP BY 1, 2)
            SELECT y.jaar, per.s, sum(per.n) AS n FROM y JOIN per ON per.mask & (1 << y.i) <> 0
            GROUP BY 1, 2""", **params):
        out[r.jaar]["bw-clienten"][r.s] = count_cell(int(r.n))

    for y in years:
        out[y]["bw-wachttijd"] = {s: avg_cell(0, 0, 0) for s in BW_SOORTEN}
    for r in await _rows(session, f"""{with_y}
            SELECT y.jaar, {soort} AS s, count(*) AS n, sum(o.wachtdagen) AS som
            FROM y JOIN opvang_opnames o ON o.opgenomen_op BETWEEN y.b AND y.e
            WHERE o.vorm IN {SQL_BW_VORMEN} GROUP BY 1, 2""", **params):
        out[r.jaar]["bw-wachttijd"][r.s] = avg_cell(r.n, float(r.som), 0)

    for y in years:
        out[y]["bw-wachtenden"] = {s: {"aantal": 0, "waarde": 0} for s in BW_SOORTEN}
    for r in await _rows(session, f"""{with_y},
            w AS (SELECT {bw_soort_sql("w.vorm", "o.bovenregionaal")} AS s, w.client_id,
                         {MAANDEN.present_at_end("w.verwezen_op", "o.opgenomen_op")} AS mask
                  FROM opvang_wachtlijst w
                  LEFT JOIN opvang_opnames o ON o.aanmelding_id = w.aanmelding_id
                  WHERE w.vorm IN {SQL_BW_VORMEN} AND w.verwezen_op <= :e
                    AND (o.opgenomen_op IS NULL OR o.opgenomen_op >= :b)),
            paren AS (SELECT s, mask, count(*) AS n FROM w GROUP BY 1, 2),
            mensen AS (SELECT s, mask, count(*) AS n
                       FROM (SELECT s, bit_or(mask) AS mask FROM w GROUP BY s, client_id) z
                       GROUP BY 1, 2)
            SELECT y.jaar, a.s, a.n AS maandeinden, b.n AS personen FROM y
            JOIN (SELECT y.i, s, sum(n * bit_count(CAST(mask & y.maanden AS bit(64)))) AS n
                  FROM y JOIN paren ON mask & y.maanden <> 0 GROUP BY 1, 2) a ON a.i = y.i
            JOIN (SELECT y.i, s, sum(n) AS n FROM y JOIN mensen ON mask & y.maanden <> 0
                  GROUP BY 1, 2) b ON b.i = y.i AND b.s = a.s""", **params):
        out[r.jaar]["bw-wachtenden"][r.s] = {"aantal": int(r.personen),
                                             "waarde": round(int(r.maandeinden) / 12)}

    for r in await _rows(session, f"""{with_y},
            x AS (SELECT o.client_id, a.kanaal = :backup AS backup,
                         o.vorm = 'mo-jongerenopvang' AS jong,
                         {JAREN.running("o.opgenomen_op", "u.uitgestroomd_op")} AS mask
                  FROM opvang_opnames o
                  LEFT JOIN opvang_uitstroom u ON u.plaatsing_id = o.plaatsing_id
                  LEFT JOIN opvang_aanmeldingen a ON a.aanmelding_id = o.aanmelding_id
                  WHERE o.vorm IN {SQL_MO_VORMEN} AND o.opgenomen_op <= :e
                    AND (u.uitgestroomd_op IS NULL OR u.uitgestroomd_op >= :b)),
            per AS (SELECT bit_or(mask) AS totaal,
                           coalesce(bit_or(mask) FILTER (WHERE backup AND jong), 0) AS jong,
                           coalesce(bit_or(mask) FILTER (WHERE backup AND NOT jong), 0) AS volw
                    FROM x GROUP BY client_id)
            SELECT y.jaar, count(*) FILTER (WHERE totaal & (1 << y.i) <> 0) AS totaal,
                   count(*) FILTER (WHERE jong & (1 << y.i) <> 0) AS jong,
                   count(*) FILTER (WHERE volw & (1 << y.i) <> 0) AS volw
            FROM y CROSS JOIN per GROUP BY 1""", **params, backup=BACKUP_KANAAL):
        out[r.jaar]["mo-clienten"] = {"Totaal aantal unieke cliënten": count_cell(r.totaal),
                                      "Stadsteam Backup - Jongvolwassenen": count_cell(r.jong),
                                      "Stadsteam Backup - Volwassenen": count_cell(r.volw)}
    for y in years:
        out[y].setdefault("mo-clienten", {"Totaal aantal unieke cliënten": count_cell(0),
                                          "Stadsteam Backup - Jongvolwassenen": count_cell(0),
                                          "Stadsteam Backup - Volwassenen": count_cell(0)})
    return out


async def year_tables(session: AsyncSession, jaar: int) -> dict[str, dict[str, Cell]]:
    """One year's column of every table: table id → row label → cell."""
    return (await tables(session, [jaar]))[jaar]


async def bijlage3(session: AsyncSession, jaar: int, jaren: int = 3) -> dict[str, Any]:
    """The report of ``jaar``: its tables with the ``jaren`` years up to it."""
    years = list(range(jaar - jaren + 1, jaar + 1))
    return rapport(jaar, years, await tables(session, years))
