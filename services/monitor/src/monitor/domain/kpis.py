"""The KPI catalogue: what each KPI means, its unit, its norm, its theme and the dimensions it
can be split by. How each is computed from the read models is in ``repository/kpis.py``
(one SQL query per KPI, keyed by the same id).

A KPI's figures are cells (periode, groep, aantal, teller, waarde): ``aantal`` is the base
count (people, casussen, events), ``teller`` the part that meets the norm or the condition,
``waarde`` the figure shown (a count, an average or a percentage). Suppression works on these
cells (``domain/suppression.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .reference import (
    NORM_AANVULLENDE_ZORG,
    NORM_EERSTE_CONTACT,
    NORM_HERVERSTREKKING,
    NORM_OPNAME,
)


@dataclass(frozen=True)
class Kpi:
    """A KPI: what it counts, in what unit, against which norm, split by which dimensions."""

    id: str
    titel: str
    omschrijving: str
    eenheid: str
    dimensies: tuple[str, ...]
    norm: float | None = None
    thema: str = "bereik"
    bron: str | None = None  # where the norm comes from, where it is not a legal term


# The iWmo answer and message terms (legal compliance of the berichtenverkeer):
# - a verzoek om toewijzing (VOT, WMO315) or om wijziging (VOW, WMO317) is answered within 5
#   werkdagen; after "aanvraag in onderzoek" the final answer follows within 8 weeks;
# - a start (WMO305) or stop (WMO307) message arrives within 5 werkdagen of the actual start
#   or stop: judged by the day it was received (``gemeld_op`` of the start or stop event).
#   Events without that day fall back on the signals, which name only the late ones
#   (``iwmo-termijn-verstreken``, soort startbericht or stopbericht, keyed by the toewijzing):
#   a start or stop without that signal counts as on time. Withdrawn starts and stops do not
#   count;
# - "termijnen verstreken": every iWmo term that passed unmet, counted in the period of its
#   last day;
# - messages received that the gemeente accepted whole (no retourcode refusing a part).
VERZOEK = ("aanbieder", "soort")
IWMO_KPIS = [
    Kpi("verzoek-antwoord-binnen-termijn", "Verzoek om toewijzing of wijziging binnen 5 werkdagen",
        "Aandeel VOT's en VOW's (iWmo WMO315/317) waarop de gemeente binnen 5 werkdagen "
        "antwoordde (toewijzing, afwijzing of 'in onderzoek')", "procent", VERZOEK,
        norm=100, thema="rechtmatigheid"),
    Kpi("verzoek-definitief-binnen-termijn", "Definitief antwoord binnen 8 weken",
        "Aandeel verzoeken 'in onderzoek' met een definitief antwoord binnen 8 weken",
        "procent", VERZOEK, norm=100, thema="rechtmatigheid"),
    Kpi("regiebericht-binnen-termijn", "Start- en stopbericht binnen 5 werkdagen",
        "Aandeel gestarte en gestopte leveringen waarvan het start- of stopbericht (iWmo "
        "WMO305/307) niet later dan 5 werkdagen na de feitelijke start of stop kwam",
        "procent", ("soort", "aanbieder"), norm=100, thema="rechtmatigheid"),
    Kpi("iwmo-termijnen-verstreken", "Verstreken iWmo-termijnen",
        "iWmo-termijnen die ongebruikt verstreken (antwoord op verzoek, definitief antwoord, "
        "start- of stopbericht), naar de laatste dag van de termijn", "termijnen",
        ("soort", "aanbieder"), thema="rechtmatigheid"),
    Kpi("iwmo-berichten-goedgekeurd", "Ontvangen iWmo-berichten goedgekeurd",
        "Aandeel berichten van aanbieders (start, stop, verzoek, declaratie) dat zonder "
        "afkeuring werd verwerkt", "procent", ("berichttype", "aanbieder"),
        thema="rechtmatigheid"),
]

# The depot's aids (rolstoelen, scootmobielen, other hulpmiddelen): the share issued again
# from the depot of all aids issued (an aid counts in the period it was issued), and the aids
# taken back, to the depot or written off (in the period they came back).
HULPMIDDEL = ("voorziening",)
HULPMIDDEL_KPIS = [
    Kpi("herverstrekkingspercentage", "Herverstrekkingspercentage hulpmiddelen",
        "Aandeel verstrekte hulpmiddelen dat uit het depot kwam (herverstrekking) van alle "
        "verstrekte hulpmiddelen", "procent", HULPMIDDEL, norm=NORM_HERVERSTREKKING,
        thema="doelmatigheid",
        bron="seed 002 L2459-2465: het herverstrekkingspercentage ligt op 85%"),
    Kpi("hulpmiddelen-terug-in-depot", "Hulpmiddelen terug in het depot",
        "Ingenomen hulpmiddelen die herbruikbaar in het depot kwamen", "hulpmiddelen",
        HULPMIDDEL, thema="doelmatigheid"),
    Kpi("hulpmiddelen-afgeschreven", "Hulpmiddelen afgeschreven",
        "Ingenomen hulpmiddelen die niet opnieuw te verstrekken waren", "hulpmiddelen",
        HULPMIDDEL, thema="doelmatigheid"),
]

WIJK = ("wijk",)
VOORZ = ("voorziening", "aanbieder")
OPV = ("voorziening", "gemeente")

KPIS: dict[str, Kpi] = {k.id: k for k in [
    Kpi("unieke-clienten", "Unieke cliënten buurtteam",
        "Cliënten met een lopende casus bij het buurtteam in de periode", "personen", WIJK),
    Kpi("casussen", "Casussen buurtteam", "Casussen die in de periode liepen", "casussen",
        WIJK),
    Kpi("nieuwe-casussen", "Nieuw gestarte casussen", "Meldingen bij het buurtteam",
        "casussen", WIJK),
    Kpi("terugkerende-clienten", "Terugkerende cliënten",
        "Cliënten met een nieuwe melding die eerder een melding hadden", "personen", WIJK),
    Kpi("wachttijd-eerste-contact", "Wachttijd eerste contact buurtteam",
        "Gemiddeld aantal werkdagen van melding tot eerste contact", "werkdagen", WIJK,
        norm=NORM_EERSTE_CONTACT, thema="beschikbaarheid"),
    Kpi("wachttijd-aanvullende-zorg", "Wachttijd aanvullende zorg",
        "Gemiddeld aantal dagen van verwijzing tot start ondersteuning", "dagen", VOORZ,
        norm=NORM_AANVULLENDE_ZORG, thema="beschikbaarheid"),
    Kpi("wachttijd-opname", "Wachttijd opname opvang en beschermd wonen",
        "Gemiddeld aantal dagen van verwijzing tot opname", "dagen", OPV,
        norm=NORM_OPNAME, thema="beschikbaarheid"),
    Kpi("wachtenden-opvang", "Gemiddeld aantal wachtenden per maand",
        "Wachtenden op een plek in opvang of beschermd wonen, gemiddeld over de maandeinden",
        "personen", OPV, thema="beschikbaarheid"),
    Kpi("onderzoek-binnen-termijn", "Onderzoek binnen 6 weken",
        "Aandeel onderzoeken afgerond binnen 6 weken na de melding", "procent", WIJK,
        norm=100, thema="rechtmatigheid"),
    Kpi("beschikking-binnen-termijn", "Beschikking binnen 2 weken",
        "Aandeel beschikkingen afgegeven binnen 2 weken na de aanvraag", "procent", (),
        norm=100, thema="rechtmatigheid"),
    Kpi("bezwaren", "Bezwaren", "Ingediende bezwaren; teller: (deels) gegrond", "bezwaren", (),
        thema="rechtmatigheid"),
    Kpi("bezwaar-binnen-termijn", "Beslissing op bezwaar binnen termijn",
        "Aandeel beslissingen op bezwaar binnen 6 (12) weken", "procent", (), norm=100,
        thema="rechtmatigheid"),
    Kpi("opgelost-buurtteam", "Opgelost door buurtteam (80/20)",
        "Aandeel gesloten casussen opgelost in basiszorg of sociale basis", "procent", WIJK,
        norm=80, thema="verhoudingen"),
    Kpi("groepsgericht", "Groepsgerichte ondersteuning (50/50)",
        "Aandeel afgeronde onderzoeken met groepsgerichte ondersteuning", "procent", WIJK,
        norm=50, thema="verhoudingen"),
    Kpi("instroom-aanbieder", "Instroom per aanbieder",
        "Gestarte leveringen (een herstart of vervolgtoewijzing telt niet als nieuwe start)",
        "leveringen", VOORZ, thema="stromen"),
    Kpi("uitstroom-aanbieder", "Uitstroom per aanbieder",
        "Beëindigde leveringen (een tijdelijke stop met herstart of een vervolgtoewijzing "
        "telt niet)", "leveringen", VOORZ, thema="stromen"),
    Kpi("in-zorg-aanbieder", "In zorg per aanbieder (doorstroom)",
        "Lopende leveringen op de laatste dag van de periode", "leveringen", VOORZ,
        thema="stromen"),
    Kpi("bezetting-opvang", "Bezetting opvang en beschermd wonen",
        "Bezette plekken op de laatste dag van de periode", "plekken", OPV, thema="stromen"),
    Kpi("uitstroom-opvang", "Uitstroom opvang en beschermd wonen",
        "Beëindigde plaatsingen in opvang en beschermd wonen", "plaatsingen", OPV,
        thema="stromen"),
    *IWMO_KPIS,
    *HULPMIDDEL_KPIS,
]}


# The KPIs that the read models hold per municipality of residence (the opvang and beschermd
# wonen figures, from opvang's events): the ones a U16 municipality reads of its own
# residents. Toegang, indicatie, iWmo, the aids and the spend are gemeente Utrecht's own Wmo
# and carry no resident's municipality.
PER_GEMEENTE = frozenset(k.id for k in KPIS.values() if "gemeente" in k.dimensies)


class UnknownDimension(ValueError):
    pass


class NotPerGemeente(ValueError):
    """A KPI asked for one municipality's residents that is not kept per municipality."""


def check_gemeente(kpi: Kpi, gemeente: str | None) -> None:
    """Refuse scoping a KPI to ``gemeente`` when it is not kept per municipality."""
    if gemeente is not None and kpi.id not in PER_GEMEENTE:
        raise NotPerGemeente(f"{kpi.id} is gemeente Utrecht's own and not kept per "
                             f"municipality; per municipality: {sorted(PER_GEMEENTE)}")


def check_dimension(kpi: Kpi, dimensie: str | None) -> None:
    """Refuse a dimension the KPI cannot be split by."""
    if dimensie is not None and dimensie not in kpi.dimensies:
        raise UnknownDimension(f"{kpi.id} has no dimension {dimensie!r}; "
                               f"choose from {sorted(kpi.dimensies) or 'none'}")

