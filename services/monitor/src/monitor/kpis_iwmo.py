"""KPIs of the iWmo answer and message terms (legal compliance of the berichtenverkeer).

- a verzoek om toewijzing (VOT, WMO315) or om wijziging (VOW, WMO317) is answered within 5
  werkdagen; after "aanvraag in onderzoek" the final answer follows within 8 weeks;
- a start (WMO305) or stop (WMO307) message arrives within 5 werkdagen of the actual start or
  stop: judged by the day it was received (``gemeld_op`` of the start or stop event). Events
  without that day fall back on the signals, which name only the late ones
  (``iwmo-termijn-verstreken``, soort startbericht or stopbericht, keyed by the toewijzing):
  a start or stop without that signal counts as on time. Withdrawn starts and stops do not
  count;
- "termijnen verstreken": every iWmo term that passed unmet, counted in the period of its last
  day;
- messages received that the gemeente accepted whole (no retourcode refusing a part).
"""

from __future__ import annotations

from .kpi_sql import Kpi, dated, share
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

IWMO_KPIS = [
    Kpi("verzoek-antwoord-binnen-termijn", "Verzoek om toewijzing of wijziging binnen 5 werkdagen",
        "Aandeel VOT's en VOW's (iWmo WMO315/317) waarop de gemeente binnen 5 werkdagen "
        "antwoordde (toewijzing, afwijzing of 'in onderzoek')", "procent", _VERZOEK,
        "SELECT p.periode, {dim} AS groep, " + share("a.binnen_termijn") + " "
        + dated("iwmo_verzoek_antwoorden a", "a.beantwoord_op", where="a.fase = 'eerste'"),
        norm=100, thema="rechtmatigheid"),
    Kpi("verzoek-definitief-binnen-termijn", "Definitief antwoord binnen 8 weken",
        "Aandeel verzoeken 'in onderzoek' met een definitief antwoord binnen 8 weken",
        "procent", _VERZOEK,
        "SELECT p.periode, {dim} AS groep, " + share("a.binnen_termijn") + " "
        + dated("iwmo_verzoek_antwoorden a", "a.beantwoord_op",
                where="a.fase = 'definitief'"),
        norm=100, thema="rechtmatigheid"),
    Kpi("regiebericht-binnen-termijn", "Start- en stopbericht binnen 5 werkdagen",
        "Aandeel gestarte en gestopte leveringen waarvan het start- of stopbericht (iWmo "
        "WMO305/307) niet later dan 5 werkdagen na de feitelijke start of stop kwam",
        "procent", {"soort": "r.soort", "aanbieder": "r.aanbieder"}, _REGIE,
        norm=100, thema="rechtmatigheid"),
    Kpi("iwmo-termijnen-verstreken", "Verstreken iWmo-termijnen",
        "iWmo-termijnen die ongebruikt verstreken (antwoord op verzoek, definitief antwoord, "
        "start- of stopbericht), naar de laatste dag van de termijn", "termijnen",
        {"soort": "t.soort", "aanbieder": "t.aanbieder"},
        "SELECT p.periode, {dim} AS groep, count(*) AS aantal, NULL::int AS teller, "
        "count(*) AS waarde "
        + dated("iwmo_termijnsignalen t", "t.uiterlijk", where="t.signaal = 'verstreken'"),
        thema="rechtmatigheid"),
    Kpi("iwmo-berichten-goedgekeurd", "Ontvangen iWmo-berichten goedgekeurd",
        "Aandeel berichten van aanbieders (start, stop, verzoek, declaratie) dat zonder "
        "afkeuring werd verwerkt", "procent",
        {"berichttype": "b.berichttype", "aanbieder": "b.aanbieder"},
        "SELECT p.periode, {dim} AS groep, " + share("b.goedgekeurd") + " "
        + dated("iwmo_berichten_ontvangen b", "b.ontvangen_op"), thema="rechtmatigheid"),
]
