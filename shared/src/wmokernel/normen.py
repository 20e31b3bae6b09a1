"""The legal terms and policy norms of the platform, each with its source.

One home for every number a deadline, a signal or a KPI is measured against: toegang,
indicatie, opvang, the monitor's reference data and the year generator all read them here.
Statutes are cited by article; a norm that is Utrecht's or the U16's policy rather than law
says so, with the line of ``../shared/domain/DOMAIN.md`` that gives it.
"""

from __future__ import annotations

from types import MappingProxyType

# --- Toegang: melding, first contact, onderzoek ----------------------------------------------
EERSTE_CONTACT_WERKDAGEN = 5
"""First contact by the buurtteam within 5 werkdagen of the melding: Utrecht's norm, not law
(``../shared/domain/DOMAIN.md`` §3 step 2)."""

ONDERZOEK_WEKEN = 6
"""The onderzoek is finished within 6 weeks of the melding: Wmo 2015 art. 2.3.2 lid 1."""

PERSOONLIJK_PLAN_DAGEN = 7
"""The resident may hand in a persoonlijk plan within 7 days of the melding:
Wmo 2015 art. 2.3.2 lid 2."""

# --- Indicatie: aanvraag, beschikking, bezwaar, CAK ------------------------------------------
BESLISTERMIJN_WEKEN = 2
"""The beschikking within 2 weeks of the aanvraag: Wmo 2015 art. 2.3.5 lid 1."""

BEZWAARTERMIJN_WEKEN = 6
"""A bezwaar is filed within 6 weeks of the day after the beschikking was sent: Awb 6:7, 6:8."""

BEZWAAR_BESLISTERMIJN_WEKEN = 6
"""The decision on a bezwaar within 6 weeks after the bezwaartermijn: Awb 7:10 lid 1."""

BEZWAAR_BESLISTERMIJN_ADVIESCOMMISSIE_WEKEN = 12
"""The same with an advisory committee (Awb 7:13): 12 weeks, Awb 7:10 lid 1."""

BEZWAAR_VERDAGING_MAX_WEKEN = 6
"""The decision on a bezwaar may be postponed once, by at most 6 weeks: Awb 7:10 lid 3
(further postponement only with the consent of the indiener, Awb 7:10 lid 4)."""

BEROEPSTERMIJN_WEKEN = 6
"""Beroep at the rechtbank within 6 weeks (Awb 6:7, 8:1), from the day after the besluit op
bezwaar was sent (Awb 6:8 lid 1)."""

CAK_MELDTERMIJN_MAANDEN = 1
"""A provision in kind is reported to the CAK within 1 month of the beschikking
(``../shared/domain/DOMAIN.md`` §4, eigen bijdrage)."""

CAK_MELDTERMIJN_PGB_MAANDEN = 4
"""A PGB is reported to the CAK within 4 months (``../shared/domain/DOMAIN.md`` §4)."""

DWANGSOM_MAX_DAGEN = 42
"""A dwangsom for a late decision runs for at most 42 days, counted as calendar days (the
Algemene termijnenwet does not apply to them): Awb 4:17 lid 1."""

DWANGSOM_TREDEN_CENTS: tuple[tuple[int, int], ...] = ((14, 2300), (14, 3500), (14, 4500))
"""(days, cents per day): EUR 23 a day for the first 14 days, EUR 35 for the next 14, EUR 45
for the remaining days: Awb 4:17 lid 2. Over the 42 days at most EUR 1,442."""

DWANGSOM_INGANG_WEKEN = 2
"""The first day of the dwangsom is the day on which 2 weeks have passed since the
bestuursorgaan received the ingebrekestelling, given after the decision term passed:
Awb 4:17 lid 3."""

DWANGSOM_VASTSTELLING_WEKEN = 2
"""The bestuursorgaan sets the dwangsom by beschikking within 2 weeks after the last day for
which it was owed: Awb 4:18."""

# --- Klachten: Awb chapter 9 -----------------------------------------------------------------
# The gemeente applies these terms to every klacht it registers, also about a buurtteam or a
# provider, whose klachtenregeling the seeds require (002 L1682-1688).
KLACHT_AFHANDELTERMIJN_WEKEN = 6
"""A klacht is handled within 6 weeks of receiving the klaagschrift: Awb 9:11 lid 1."""

KLACHT_AFHANDELTERMIJN_ADVIESCOMMISSIE_WEKEN = 10
"""...within 10 weeks when a klachtadviescommissie advises (Awb afdeling 9.1.3, 9:14 lid 1):
Awb 9:11 lid 1."""

KLACHT_VERDAGING_WEKEN = 4
"""The handling may be postponed once, by at most 4 weeks, with written notice to the klager:
Awb 9:11 lid 2 (further delay only with the klager's written consent, lid 3)."""

KLACHT_NIET_IN_BEHANDELING_WEKEN = 4
"""A klacht not taken into handling (Awb 9:8 lid 1 and 2) is notified to the klager within 4
weeks of receipt: Awb 9:8 lid 3."""

# --- Waits: from verwijzing to the start of support ------------------------------------------
WACHTNORM_AANVULLENDE_ZORG_DAGEN = 14
"""From verwijzing to the start of aanvullende zorg within 14 days: Utrecht's norm
(``../shared/domain/DOMAIN.md`` §4, wait norm)."""

WACHTNORM_OPNAME_DAGEN = 91
"""From verwijzing to opname in opvang or beschermd wonen within 91 days: the U16 norm
(``../shared/domain/DOMAIN.md`` §5, wait norm)."""

WACHTNORM_OPNAME_LIVING_LAB_DAGEN = 0
"""Living Lab places have no wait norm (0 days): ``../shared/domain/DOMAIN.md`` §5."""

# --- iWmo 3.2 process: answer and message terms ----------------------------------------------
IWMO_ANTWOORD_WERKDAGEN = 5
"""A verzoek om toewijzing (WMO315) or om wijziging (WMO317) is answered within 5 werkdagen:
iWmo 3.2 procesbeschrijving (``../shared/iwmo``), ``../shared/domain/DOMAIN.md`` §4."""

IWMO_DEFINITIEF_WEKEN = 8
"""After "aanvraag in onderzoek" the final answer follows within 8 weeks: iWmo 3.2
procesbeschrijving, ``../shared/domain/DOMAIN.md`` §4."""

IWMO_REGIEBERICHT_WERKDAGEN = 5
"""A start (WMO305) or stop (WMO307) message arrives within 5 werkdagen of the fact: iWmo 3.2
procesbeschrijving."""

# --- Review and signals: the platform's own rules --------------------------------------------
HERBEOORDELING_MAANDEN = 12
"""A beschikking is reviewed a year after it starts: periodic review is a duty the seeds name
(``../shared/domain/DOMAIN.md`` §4); the interval is the platform's default."""

HERBEOORDELING_WEKEN_VOOR_EINDE = 8
"""...or 8 weeks before its einddatum when that is sooner: the platform's default."""

NADERT_WERKDAGEN = 2
"""A "termijn nadert" signal is given from 2 werkdagen before the last day: the platform's
default (toegang makes it a setting)."""

# --- Retention of personal data (wmokernel.bewaartermijnen) ----------------------------------
BEWAARTERMIJN_WMO_JAREN = 15
"""Personal data processed under the Wmo 2015 are kept 15 years from the moment they were
received or made, or as much longer as careful execution of the Wmo reasonably needs:
Wmo 2015 art. 5.3.4 lid 1. The Selectielijst gemeenten en intergemeentelijke organen 2020
(Stcrt. 2020, 11143) takes this statutory term over for its Wmo results (3.1.5, the
ondersteuningsplan; 8.1.1, the voorziening granted: "V 15 jaar"), as the VNG's Handreiking
and VHIC's archive helpdesk read it; the list's own table was not at hand to confirm the
result numbers. The platform starts the term at a record's last date (a dossier's end, not
its opening) and keeps a record another kept record refers to: the "as much longer".

Not applied, for want of a source confirming them: the Selectielijst's shorter terms for an
ondersteuningsplan not adopted (3.2, "V 5 jaar") and for an aanvraag withdrawn before the
decision (8.4.1, "V 6 weken"), both read second-hand. Where a term could not be confirmed the
platform keeps the 15 years, the longer (conservative) choice: a record destroyed too early
cannot be had back; an installation shortens a term per record type (WMO_BEWAARTERMIJNEN)."""


def wachtnorm_opname_dagen(vorm: str) -> int:
    """The opname wait norm of an opvang or BW form (its code, e.g. ``living-lab``)."""
    return _OPNAME_NORM_PER_VORM.get(vorm, WACHTNORM_OPNAME_DAGEN)


_OPNAME_NORM_PER_VORM = MappingProxyType({"living-lab": WACHTNORM_OPNAME_LIVING_LAB_DAGEN})
