"""KPI queries over the read models: the SQL of every KPI of ``domain/kpis.py`` (keyed by
its id), the chain's lead times, the funnel."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.kpis import KPIS, PER_GEMEENTE, Kpi, check_dimension, check_gemeente
from ..models import AanvraagFeit, BeschikkingFeit, MeldingFeit
from .kpi_sql import (
    KpiSql,
    dated,
    month_ends_present,
    months_running,
    params,
    per_period,
    periods_cte,
    share,
)
from .kpis_iwmo import IWMO_QUERIES
from .leveringen_sql import NIEUWE_STARTS, ZORG
from .reference_sql import SQL_BUURTTEAM_KANALEN, bw_soort_sql, voorziening_sql


async def doorlooptijden(session: AsyncSession, van: date | None, tot: date | None
                         ) -> dict[str, float | int | None]:
    def period(col: Any) -> list[Any]:
        conds = []
        if van is not None:
            conds.append(col >= van)
        if tot is not None:
            conds.append(col <= tot)
        return conds

    m, a, b = MeldingFeit, AanvraagFeit, BeschikkingFeit
    meldingen = await session.scalar(
        sa.select(sa.func.count()).select_from(m).where(*period(m.gemeld_op)))
    aanvragen = await session.scalar(
        sa.select(sa.func.count()).select_from(a).where(*period(a.ontvangen_op)))
    beschikkingen = await session.scalar(
        sa.select(sa.func.count()).select_from(b).where(*period(b.afgegeven_op)))
    melding_aanvraag = await session.scalar(
        sa.select(sa.func.avg(a.ontvangen_op - m.gemeld_op))
        .select_from(a).join(m, m.melding_id == a.melding_id).where(*period(a.ontvangen_op)))
    aanvraag_beschikking = await session.scalar(
        sa.select(sa.func.avg(b.afgegeven_op - a.ontvangen_op))
        .select_from(b).join(a, a.aanvraag_id == b.aanvraag_id).where(*period(b.afgegeven_op)))
    binnen_termijn = await session.scalar(
        sa.select(sa.func.avg(sa.case((b.afgegeven_op <= a.beslissen_uiterlijk, 1.0), else_=0.0)))
        .select_from(b).join(a, a.aanvraag_id == b.aanvraag_id).where(*period(b.afgegeven_op)))
    melding_beschikking = await session.scalar(
        sa.select(sa.func.avg(b.afgegeven_op - m.gemeld_op))
        .select_from(b).join(a, a.aanvraag_id == b.aanvraag_id)
        .join(m, m.melding_id == a.melding_id).where(*period(b.afgegeven_op)))

    def days(v: object) -> float | None:
        return None if v is None else round(float(v), 1)  # type: ignore[arg-type]

    return {
        "meldingen": meldingen or 0,
        "aanvragen": aanvragen or 0,
        "beschikkingen": beschikkingen or 0,
        "gemiddeldeDagenMeldingTotAanvraag": days(melding_aanvraag),
        "gemiddeldeDagenAanvraagTotBeschikking": days(aanvraag_beschikking),
        "gemiddeldeDagenMeldingTotBeschikking": days(melding_beschikking),
        "aandeelBeschikkingenBinnenTermijn": days(
            None if binnen_termijn is None else float(binnen_termijn) * 100),
    }


# --- KPIs per period and dimension -----------------------------------------------------------
# Every KPI is one SQL query over the read models, computed at query time (kpi_sql.py holds the
# building blocks). It returns the cells (periode, groep, aantal, teller, waarde) that
# domain/kpis.py describes.

M_WIJK = {"wijk": "coalesce(m.wijk, 'onbekend')"}
VOORZ = {"voorziening": voorziening_sql("x.product_code", "x.productcategorie"),
         "aanbieder": "x.aanbieder"}
HULPMIDDEL = {"voorziening": voorziening_sql("h.product_code", "h.productcategorie")}
OPV = {"voorziening": bw_soort_sql("o.vorm", "o.bovenregionaal"),
       "gemeente": "coalesce(o.gemeente, 'onbekend')"}
# buurtteam casussen that run in the year at all, with the months they run in
_CASUS = ("FROM meldingen m "
          "LEFT JOIN casus_sluitingen s ON s.melding_id = m.melding_id "
          f"WHERE m.kanaal IN {SQL_BUURTTEAM_KANALEN} AND m.gemeld_op <= :eind "
          "AND (s.afgesloten_op IS NULL OR s.afgesloten_op >= :begin)")
_CASUS_MAANDEN = months_running("m.gemeld_op", "s.afgesloten_op")
# on the waiting list for a BW/MO place at a month's last day: from verwijzing until opname;
# waarde: the month-end counts of the period's months, averaged
_WACHTEND = (
    ", w AS (SELECT w.client_id AS wie, {dim} AS groep, "
    + month_ends_present("w.verwezen_op", "o.opgenomen_op") + " AS maand_mask "
    "FROM opvang_wachtlijst w LEFT JOIN opvang_opnames o ON o.aanmelding_id = w.aanmelding_id "
    "WHERE w.verwezen_op <= :eind AND (o.opgenomen_op IS NULL OR o.opgenomen_op >= :begin) "
    "AND {scope}), "
    "per_mask AS (SELECT groep, maand_mask, count(*) AS n FROM w GROUP BY 1, 2), "
    "personen AS (SELECT groep, maand_mask, count(*) AS n FROM (SELECT groep, "
    "bit_or(maand_mask) AS maand_mask FROM w GROUP BY wie, groep) x GROUP BY 1, 2), "
    "maandeinden AS (SELECT p.k, c.groep, "
    "sum(c.n * bit_count(CAST(c.maand_mask & p.maanden AS bit(12)))) AS n "
    "FROM per_mask c JOIN p ON c.maand_mask & p.maanden <> 0 GROUP BY 1, 2), "
    "mensen AS (SELECT p.k, c.groep, sum(c.n) AS n FROM personen c "
    "JOIN p ON c.maand_mask & p.maanden <> 0 GROUP BY 1, 2) "
    "SELECT p.periode, x.groep, x.n AS aantal, NULL::int AS teller, "
    "round(y.n / p.lengte, 1) AS waarde FROM mensen x JOIN maandeinden y USING (k, groep) "
    "JOIN p USING (k)")

QUERIES: dict[str, KpiSql] = {
    "unieke-clienten": KpiSql(M_WIJK,
        f", act AS (SELECT m.client_id AS wie, {{dim}} AS groep, "
        f"{_CASUS_MAANDEN} AS maand_mask {_CASUS})" + per_period("act", per_person=True)),
    "casussen": KpiSql(M_WIJK,
        f", act AS (SELECT {{dim}} AS groep, {_CASUS_MAANDEN} AS maand_mask {_CASUS})"
        + per_period("act")),
    "nieuwe-casussen": KpiSql(M_WIJK,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde "
        + dated("meldingen m", "m.gemeld_op", where=f"m.kanaal IN {SQL_BUURTTEAM_KANALEN}")),
    "terugkerende-clienten": KpiSql(M_WIJK,
        "SELECT p.periode, {dim} AS groep, count(DISTINCT m.client_id) AS aantal, "
        "NULL::int AS teller, count(DISTINCT m.client_id) AS waarde "
        + dated("meldingen m", "m.gemeld_op", where="coalesce(m.terugkerend, false)")),
    "wachttijd-eerste-contact": KpiSql(M_WIJK,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, "
        "sum(CASE WHEN e.binnen_norm THEN 1 ELSE 0 END) AS teller, "
        "round(avg(e.werkdagen), 1) AS waarde "
        + dated("eerste_contacten e", "e.contact_op",
                joins="JOIN meldingen m ON m.melding_id = e.melding_id")),
    "wachttijd-aanvullende-zorg": KpiSql(VOORZ,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, "
        "sum(CASE WHEN x.binnen_norm THEN 1 ELSE 0 END) AS teller, "
        "round(avg(x.wachtdagen), 1) AS waarde "
        + dated(f"({NIEUWE_STARTS}) x", "x.startdatum")),
    "wachttijd-opname": KpiSql(OPV,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, "
        "sum(CASE WHEN o.binnen_norm THEN 1 ELSE 0 END) AS teller, "
        "round(avg(o.wachtdagen), 1) AS waarde "
        + dated("opvang_opnames o", "o.opgenomen_op", where="{scope}")),
    "wachtenden-opvang": KpiSql({"voorziening": bw_soort_sql("w.vorm", "o.bovenregionaal"),
                                 "gemeente": "coalesce(w.gemeente, 'onbekend')"}, _WACHTEND),
    "onderzoek-binnen-termijn": KpiSql(M_WIJK,
        "SELECT p.periode, {dim} AS groep, " + share("o.binnen_termijn") + " "
        + dated("onderzoeken o", "o.afgerond_op",
                joins="LEFT JOIN meldingen m ON m.melding_id = o.melding_id")),
    "beschikking-binnen-termijn": KpiSql({},
        "SELECT p.periode, {dim} AS groep, "
        + share("coalesce(b.binnen_termijn, b.afgegeven_op <= a.beslissen_uiterlijk)") + " "
        + dated("beschikkingen b", "b.afgegeven_op",
                joins="LEFT JOIN aanvragen a ON a.aanvraag_id = b.aanvraag_id")),
    "bezwaren": KpiSql({},
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, "
        "sum(CASE WHEN u.uitkomst IN ('gegrond', 'deels-gegrond') THEN 1 ELSE 0 END) AS teller,"
        " count(*) AS waarde "
        + dated("bezwaren z", "z.ingediend_op",
                joins="LEFT JOIN bezwaar_besluiten u ON u.bezwaar_id = z.bezwaar_id")),
    "bezwaar-binnen-termijn": KpiSql({},
        "SELECT p.periode, {dim} AS groep, " + share("u.binnen_termijn") + " "
        + dated("bezwaar_besluiten u", "u.besloten_op")),
    "opgelost-buurtteam": KpiSql(M_WIJK,
        "SELECT p.periode, {dim} AS groep, " + share("s.uitkomst LIKE 'opgelost%'") + " "
        + dated("casus_sluitingen s", "s.afgesloten_op",
                joins="LEFT JOIN meldingen m ON m.melding_id = s.melding_id",
                where="s.uitkomst LIKE 'opgelost%' OR s.uitkomst LIKE 'verwezen%'")),
    "groepsgericht": KpiSql(M_WIJK,
        "SELECT p.periode, {dim} AS groep, " + share("o.ondersteuningsvorm = 'groep'") + " "
        + dated("onderzoeken o", "o.afgerond_op",
                joins="LEFT JOIN meldingen m ON m.melding_id = o.melding_id")),
    "instroom-aanbieder": KpiSql(VOORZ,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde " + dated(f"({NIEUWE_STARTS}) x", "x.startdatum")),
    "uitstroom-aanbieder": KpiSql(VOORZ,
        f", {ZORG} SELECT p.periode, {{dim}} AS groep, count(*) AS aantal, "
        "NULL::int AS teller, count(*) AS waarde "
        + dated("zorg x", "x.tot", where="x.uitstroom")),
    "in-zorg-aanbieder": KpiSql(VOORZ,
        f", {ZORG}, lopend AS (SELECT {{dim}} AS groep, "
        + month_ends_present("x.van", "x.tot") + " AS maand_mask "
        "FROM zorg x WHERE x.van <= :eind AND (x.tot IS NULL OR x.tot >= :begin))"
        + per_period("lopend", test="laatste")),
    "bezetting-opvang": KpiSql(OPV,
        ", bezet AS (SELECT {dim} AS groep, "
        + month_ends_present("o.opgenomen_op", "u.uitgestroomd_op") + " AS maand_mask "
        "FROM opvang_opnames o "
        "LEFT JOIN opvang_uitstroom u ON u.plaatsing_id = o.plaatsing_id "
        "WHERE o.opgenomen_op <= :eind "
        "AND (u.uitgestroomd_op IS NULL OR u.uitgestroomd_op >= :begin) AND {scope})"
        + per_period("bezet", test="laatste")),
    "uitstroom-opvang": KpiSql(OPV,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde "
        + dated("opvang_uitstroom u", "u.uitgestroomd_op",
                joins="LEFT JOIN opvang_opnames o ON o.plaatsing_id = u.plaatsing_id",
                where="{scope}")),
    **IWMO_QUERIES,
    "herverstrekkingspercentage": KpiSql(HULPMIDDEL,
        "SELECT p.periode, {dim} AS groep, " + share("h.herverstrekking") + " "
        + dated("hulpmiddel_verstrekkingen h", "h.verstrekt_op")),
    "hulpmiddelen-terug-in-depot": KpiSql(HULPMIDDEL,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde "
        + dated("hulpmiddel_innames h", "h.ingenomen_op", where="h.herbruikbaar")),
    "hulpmiddelen-afgeschreven": KpiSql(HULPMIDDEL,
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde "
        + dated("hulpmiddel_innames h", "h.ingenomen_op", where="NOT h.herbruikbaar")),
}


if {k: tuple(q.dimensies) for k, q in QUERIES.items()} != {
        k.id: k.dimensies for k in KPIS.values()}:
    raise RuntimeError("domain/kpis.py and the KPI queries disagree on the KPIs or dimensions")
# A KPI kept per municipality filters on its ``gemeente`` dimension's column where its SQL
# says ``{scope}`` (the rows of one municipality's residents).
if {k for k, q in QUERIES.items() if "{scope}" in q.sql} != PER_GEMEENTE:
    raise RuntimeError("every KPI kept per municipality needs {scope} in its SQL")


async def kpi_cells(session: AsyncSession, kpi: Kpi, jaar: int, periode: str = "jaar",
                    dimensie: str | None = None, gemeente: str | None = None
                    ) -> list[dict[str, Any]]:
    """The KPI's cells for every period of ``jaar``; per group when ``dimensie`` is given
    (:class:`~monitor.domain.kpis.UnknownDimension` for one the KPI lacks); of the residents
    of ``gemeente`` (CBS code) only when given (:class:`~monitor.domain.kpis.NotPerGemeente`
    for a KPI not kept per municipality)."""
    check_dimension(kpi, dimensie)
    check_gemeente(kpi, gemeente)
    query_of = QUERIES[kpi.id]
    dim = query_of.dimensies[dimensie] if dimensie else "'totaal'"
    scope = "TRUE" if gemeente is None else f"{query_of.dimensies['gemeente']} = :gemeente"
    query = (f"WITH {periods_cte(jaar, periode)} {query_of.sql.format(dim=dim, scope=scope)} "
             "ORDER BY 1, 2")
    result = await session.execute(sa.text(query), {**params(jaar), "gemeente": gemeente})
    return [{"periode": r.periode, "groep": r.groep, "aantal": int(r.aantal),
             "teller": None if r.teller is None else int(r.teller),
             "waarde": None if r.waarde is None else float(r.waarde)} for r in result]


async def funnel(session: AsyncSession, jaar: int) -> list[tuple[str, int]]:
    """Melding → onderzoek → aanvraag → beschikking → start, counted in ``jaar``."""
    q = sa.text(f"""
        SELECT
         (SELECT count(*) FROM meldingen WHERE extract(year FROM gemeld_op) = :j) AS meldingen,
         (SELECT count(*) FROM onderzoeken WHERE extract(year FROM afgerond_op) = :j) AS ond,
         (SELECT count(*) FROM aanvragen WHERE extract(year FROM ontvangen_op) = :j) AS aanvr,
         (SELECT count(*) FROM beschikkingen WHERE extract(year FROM afgegeven_op) = :j) AS b,
         (SELECT count(*) FROM ({NIEUWE_STARTS}) x WHERE extract(year FROM startdatum) = :j)
           AS start""")
    r = (await session.execute(q, {"j": jaar})).one()
    return [("Melding", r.meldingen), ("Onderzoek afgerond", r.ond), ("Aanvraag", r.aanvr),
            ("Beschikking", r.b), ("Start ondersteuning", r.start)]


async def latest_year(session: AsyncSession) -> int | None:
    v = await session.scalar(sa.text("SELECT extract(year FROM max(gemeld_op))::int "
                                     "FROM meldingen"))
    return None if v is None else int(v)
