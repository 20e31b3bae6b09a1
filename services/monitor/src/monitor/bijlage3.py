"""The seeds' Bijlage 3 ("Ontwikkelingen in vraag naar zorg & ondersteuning", 000 L2018-2140)
as a yearly report computed from the read models: the same tables, rows and columns (the
report year and the two years before it).

Definitions (the generator's truth uses the same ones):
- buurtteam casus: a melding via buurtteam, signaal-professional or online; it counts in a year
  when it was gemeld before the year's end and not closed before the year's start;
- buurtteam wait: the average werkdagen to first contact, over first contacts in the year;
- clients per provision: distinct clients with a granted product of that provision whose
  ingangsdatum–einddatum overlaps the year;
- wait per provision: the average wachtdagen of deliveries started in the year;
- BW/MO clients: distinct clients with a placement (opname → uitstroom) overlapping the year;
  Stadsteam Backup rows: aanmeldingen via the Stadsteam Back Up (jongerenopvang = jongvolwassenen);
- BW waiting per month: the waiting list at each month's last day (verwezen, not yet opgenomen),
  averaged over the 12 months.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from .reference import (
    BACKUP_KANAAL,
    BW_NORM,
    BW_SOORTEN,
    NORM_AANVULLENDE_ZORG,
    NORM_EERSTE_CONTACT,
    SQL_BUURTTEAM_KANALEN,
    SQL_BW_VORMEN,
    SQL_MO_VORMEN,
    VOORZIENINGEN,
    WACHT_VOORZIENINGEN,
    bw_soort_sql,
    voorziening_sql,
)

Cell = dict[str, Any]  # {"aantal": int, "waarde": int | float | None}

TABELLEN = [
    ("buurtteam-clienten", "Buurtteam Sociaal: ontwikkeling aantal cliënten en casussen", False),
    ("buurtteam-wachttijd", "Buurtteam: gemiddelde wachttijd per jaar in dagen", True),
    ("aanvullende-zorg-clienten", "Aanvullende zorg/maatwerkvoorzieningen: aantal cliënten",
     False),
    ("aanvullende-zorg-wachttijd",
     "Gemiddelde wachttijd (in dagen) per jaar per soort voorziening", True),
    ("bw-clienten", "Beschermd wonen: aantal unieke cliënten per jaar per soort voorziening",
     False),
    ("bw-wachttijd", "Beschermd wonen: gemiddelde wachttijd (dagen) per jaar per soort voorziening",
     True),
    ("bw-wachtenden",
     "Beschermd wonen: gemiddeld aantal wachtenden per maand in een jaar per voorziening", False),
    ("mo-clienten", "Maatschappelijke opvang: totaal aantal unieke cliënten per jaar", False),
]


def _count(n: int) -> Cell:
    return {"aantal": n, "waarde": n}


def _avg(n: int, total: float, digits: int) -> Cell:
    return {"aantal": n, "waarde": None if n == 0 else round(total / n, digits)}


async def _rows(session: AsyncSession, sql: str, **params: Any) -> list[Any]:
    return list(await session.execute(sa.text(sql), params))


async def year_tables(session: AsyncSession, jaar: int) -> dict[str, dict[str, Cell]]:
    """One year's column of every table: table id → row label → cell."""
    b, e = date(jaar, 1, 1), date(jaar, 12, 31)
    out: dict[str, dict[str, Cell]] = {}

    r = (await _rows(session, f"""
        SELECT count(DISTINCT m.client_id) AS clienten, count(*) AS casussen,
               count(*) FILTER (WHERE m.gemeld_op >= :b) AS nieuw
        FROM meldingen m LEFT JOIN casus_sluitingen s ON s.melding_id = m.melding_id
        WHERE m.kanaal IN {SQL_BUURTTEAM_KANALEN} AND m.gemeld_op <= :e
          AND (s.afgesloten_op IS NULL OR s.afgesloten_op >= :b)""", b=b, e=e))[0]
    out["buurtteam-clienten"] = {"Aantal unieke cliënten": _count(r.clienten),
                                 "Aantal casussen": _count(r.casussen),
                                 "Aantal nieuw gestarte casussen": _count(r.nieuw)}

    r = (await _rows(session, f"""
        SELECT count(*) AS n, coalesce(sum(c.werkdagen), 0) AS som
        FROM eerste_contacten c JOIN meldingen m ON m.melding_id = c.melding_id
        WHERE m.kanaal IN {SQL_BUURTTEAM_KANALEN} AND c.contact_op BETWEEN :b AND :e""",
                         b=b, e=e))[0]
    out["buurtteam-wachttijd"] = {"Buurtteam": _avg(r.n, float(r.som), 1)}

    counts = {naam: 0 for naam, _, _ in VOORZIENINGEN}
    for r in await _rows(session, f"""
            SELECT {voorziening_sql()} AS v, count(DISTINCT client_id) AS n
            FROM beschikte_producten
            WHERE ingangsdatum <= :e AND (einddatum IS NULL OR einddatum >= :b)
            GROUP BY 1""", b=b, e=e):
        if r.v in counts:
            counts[r.v] = r.n
    out["aanvullende-zorg-clienten"] = {k: _count(v) for k, v in counts.items()}

    waits = {naam: _avg(0, 0, 0) for naam in WACHT_VOORZIENINGEN}
    for r in await _rows(session, f"""
            SELECT {voorziening_sql()} AS v, count(*) AS n, sum(wachtdagen) AS som
            FROM leveringen_gestart WHERE startdatum BETWEEN :b AND :e GROUP BY 1""", b=b, e=e):
        if r.v in waits:
            waits[r.v] = _avg(r.n, float(r.som), 0)
    out["aanvullende-zorg-wachttijd"] = waits

    soort = bw_soort_sql("o.vorm", "o.bovenregionaal")
    bw = {s: _count(0) for s in BW_SOORTEN}
    for r in await _rows(session, f"""
            SELECT {soort} AS s, count(DISTINCT o.client_id) AS n
            FROM opvang_opnames o LEFT JOIN opvang_uitstroom u ON u.plaatsing_id = o.plaatsing_id
            WHERE o.vorm IN {SQL_BW_VORMEN} AND o.opgenomen_op <= :e
              AND (u.uitgestroomd_op IS NULL OR u.uitgestroomd_op >= :b) GROUP BY 1""",
                         b=b, e=e):
        bw[r.s] = _count(r.n)
    out["bw-clienten"] = bw

    bw_wait = {s: _avg(0, 0, 0) for s in BW_SOORTEN}
    for r in await _rows(session, f"""
            SELECT {soort} AS s, count(*) AS n, sum(o.wachtdagen) AS som FROM opvang_opnames o
            WHERE o.vorm IN {SQL_BW_VORMEN} AND o.opgenomen_op BETWEEN :b AND :e GROUP BY 1""",
                         b=b, e=e):
        bw_wait[r.s] = _avg(r.n, float(r.som), 0)
    out["bw-wachttijd"] = bw_wait

    wachtend = {s: {"aantal": 0, "waarde": 0} for s in BW_SOORTEN}
    for r in await _rows(session, f"""
            SELECT {bw_soort_sql("w.vorm", "w.bovenregionaal")} AS s, count(*) AS n,
                   count(DISTINCT w.client_id) AS personen
            FROM (SELECT (g + interval '1 month' - interval '1 day')::date AS peil
                  FROM generate_series(CAST(CAST(:b AS date) AS timestamp),
                                       CAST(CAST(:e AS date) AS timestamp), interval '1 month') g
                 ) m
            JOIN (SELECT w.client_id, w.vorm, w.verwezen_op, o.opgenomen_op, o.bovenregionaal
                  FROM opvang_wachtlijst w
                  LEFT JOIN opvang_opnames o ON o.aanmelding_id = w.aanmelding_id
                  WHERE w.vorm IN {SQL_BW_VORMEN} AND w.verwezen_op <= :e
                    AND (o.opgenomen_op IS NULL OR o.opgenomen_op >= :b)) w
              ON w.verwezen_op <= m.peil AND (w.opgenomen_op IS NULL OR w.opgenomen_op > m.peil)
            GROUP BY 1""", b=b, e=e):
        wachtend[r.s] = {"aantal": r.personen, "waarde": round(r.n / 12)}
    out["bw-wachtenden"] = wachtend

    r = (await _rows(session, f"""
        SELECT count(DISTINCT o.client_id) AS totaal,
          count(DISTINCT o.client_id) FILTER (WHERE a.kanaal = :backup
                                              AND o.vorm = 'mo-jongerenopvang') AS jong,
          count(DISTINCT o.client_id) FILTER (WHERE a.kanaal = :backup
                                              AND o.vorm <> 'mo-jongerenopvang') AS volw
        FROM opvang_opnames o LEFT JOIN opvang_uitstroom u ON u.plaatsing_id = o.plaatsing_id
        LEFT JOIN opvang_aanmeldingen a ON a.aanmelding_id = o.aanmelding_id
        WHERE o.vorm IN {SQL_MO_VORMEN} AND o.opgenomen_op <= :e
          AND (u.uitgestroomd_op IS NULL OR u.uitgestroomd_op >= :b)""",
                         b=b, e=e, backup=BACKUP_KANAAL))[0]
    out["mo-clienten"] = {"Totaal aantal unieke cliënten": _count(r.totaal),
                          "Stadsteam Backup - Jongvolwassenen": _count(r.jong),
                          "Stadsteam Backup - Volwassenen": _count(r.volw)}
    return out


def norm_of(tabel: str, rij: str) -> float | None:
    if tabel == "buurtteam-wachttijd":
        return float(NORM_EERSTE_CONTACT)
    if tabel == "aanvullende-zorg-wachttijd":
        return float(NORM_AANVULLENDE_ZORG)
    if tabel == "bw-wachttijd":
        return float(BW_NORM[rij])
    return None


async def bijlage3(session: AsyncSession, jaar: int, jaren: int = 3
                   ) -> dict[str, Any]:
    """The report: per table its rows, a norm where the seed has one, and per year a cell."""
    years = list(range(jaar - jaren + 1, jaar + 1))
    per_year = {y: await year_tables(session, y) for y in years}
    tabellen = []
    for tid, titel, met_norm in TABELLEN:
        rows = []
        for rij in per_year[jaar][tid]:
            rows.append({"omschrijving": rij, "norm": norm_of(tid, rij) if met_norm else None,
                         "cellen": {str(y): per_year[y][tid][rij] for y in years}})
        tabellen.append({"id": tid, "titel": titel, "metNorm": met_norm,
                         "jaren": [str(y) for y in years], "rijen": rows})
    return {"jaar": jaar, "tabellen": tabellen}
