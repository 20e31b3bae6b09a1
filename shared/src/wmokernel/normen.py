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

CAK_MELDTERMIJN_MAANDEN = 1
"""A provision in kind is reported to the CAK within 1 month of the beschikking
(``../shared/domain/DOMAIN.md`` §4, eigen bijdrage)."""

CAK_MELDTERMIJN_PGB_MAANDEN = 4
"""A PGB is reported to the CAK within 4 months (``../shared/domain/DOMAIN.md`` §4)."""

DWANGSOM_MAX_DAGEN = 42
"""A dwangsom for a late decision runs for at most 42 days: Awb 4:17 lid 2."""

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


def wachtnorm_opname_dagen(vorm: str) -> int:
    """The opname wait norm of an opvang or BW form (its code, e.g. ``living-lab``)."""
    return _OPNAME_NORM_PER_VORM.get(vorm, WACHTNORM_OPNAME_DAGEN)


_OPNAME_NORM_PER_VORM = MappingProxyType({"living-lab": WACHTNORM_OPNAME_LIVING_LAB_DAGEN})
