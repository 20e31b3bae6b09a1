"""The SQL of the iWmo KPIs (``domain/kpis.py`` says what they count and why)."""

from __future__ import annotations

from .kpi_sql import KpiSql, dated, share
from .leveringen_sql import STARTS, STOPS

_VERZOEK = {"aanbieder": "a.aanbieder", "soort": "upper(a.soort)"}

# on time: received within 5 werkdagen (``melding_binnen_termijn``, from the message's
# gemeld_op); for a start or stop without gemeld_op, when no "verstreken" signal names it
_REGIE = (f", regie AS (SELECT x.toewijzing_id, x.aanbieder, 'startbericht' AS soort, "
          f"x.startdatum AS datum, x.melding_binnen_termijn AS binnen FROM ({STARTS}) x "
          f"WHERE x.startdatum BETWEEN :begin AND :eind "
          f"UNION ALL SELECT y.toewijzing_id, y.aanbieder, 'stopbericht', y.stopdatum, "
          f"y.melding_binnen_termijn FROM ({STOPS}) y "
          f"WHERE y.stopdatum BETWEEN :begin AND :eind) "
          "SELECT p.periode, {dim} AS groep, "
          + share("coalesce(r.binnen, t.dossier_id IS NULL)") + " "
          + dated("regie r", "r.datum", joins="LEFT JOIN iwmo_termijnsignalen t "
                  "ON r.binnen IS NULL AND t.dossier_id = r.toewijzing_id AND t.soort = r.soort "
                  "AND t.signaal = 'verstreken'"))

IWMO_QUERIES: dict[str, KpiSql] = {
    "verzoek-antwoord-binnen-termijn": KpiSql(_VERZOEK,
        "SELECT p.periode, {dim} AS groep, " + share("a.binnen_termijn") + " "
        + dated("iwmo_verzoek_antwoorden a", "a.beantwoord_op", where="a.fase = 'eerste'")),
    "verzoek-definitief-binnen-termijn": KpiSql(_VERZOEK,
        "SELECT p.periode, {dim} AS groep, " + share("a.binnen_termijn") + " "
        + dated("iwmo_verzoek_antwoorden a", "a.beantwoord_op",
                where="a.fase = 'definitief'")),
    "regiebericht-binnen-termijn": KpiSql({"soort": "r.soort", "aanbieder": "r.aanbieder"},
        _REGIE),
    "iwmo-termijnen-verstreken": KpiSql({"soort": "t.soort", "aanbieder": "t.aanbieder"},
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde "
        + dated("iwmo_termijnsignalen t", "t.uiterlijk", where="t.signaal = 'verstreken'")),
    "iwmo-berichten-goedgekeurd": KpiSql(
        {"berichttype": "b.berichttype", "aanbieder": "b.aanbieder"},
        "SELECT p.periode, {dim} AS groep, " + share("b.goedgekeurd") + " "
        + dated("iwmo_berichten_ontvangen b", "b.ontvangen_op")),
}
