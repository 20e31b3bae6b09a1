"""The seeds' Bijlage 3 ("Ontwikkelingen in vraag naar zorg & ondersteuning", 000 L2018-2140)
as a yearly report computed from the read models: the same tables, rows and columns (the
report year and the two years before it).

Definitions (the generator's truth uses the same ones):
- buurtteam casus: a melding via buurtteam, signaal-professional or online; it counts in a year
  when it was gemeld before the year's end and not closed before the year's start;
- buurtteam wait: the average werkdagen to first contact, over first contacts in the year;
- clients per provision: distinct clients with a granted product of that provision whose
  ingangsdatum–einddatum overlaps the year (read from the union of those periods per client
  and provision that the projections keep);
- wait per provision: the average wachtdagen of deliveries started in the year (new starts
  only: a restart or the start of a follow-up toewijzing continues care, it has no wait);
- BW/MO clients: distinct clients with a placement (opname → uitstroom) overlapping the year;
  Stadsteam Backup rows: aanmeldingen via the Stadsteam Back Up (jongerenopvang = jongvolwassenen);
- BW waiting per month: the waiting list at each month's last day (verwezen, not yet opgenomen),
  averaged over the 12 months.

The report's tables (ids, titles, whether they carry a norm), their norms and the report's
shape; the queries that fill them are in ``repository/bijlage3.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .reference import BW_NORM, NORM_AANVULLENDE_ZORG, NORM_EERSTE_CONTACT

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


def count_cell(n: int) -> Cell:
    return {"aantal": n, "waarde": n}


def avg_cell(n: int, total: float, digits: int) -> Cell:
    return {"aantal": n, "waarde": None if n == 0 else round(total / n, digits)}


def norm_of(tabel: str, rij: str) -> float | None:
    if tabel == "buurtteam-wachttijd":
        return float(NORM_EERSTE_CONTACT)
    if tabel == "aanvullende-zorg-wachttijd":
        return float(NORM_AANVULLENDE_ZORG)
    if tabel == "bw-wachttijd":
        return float(BW_NORM[rij])
    return None


def rapport(jaar: int, years: list[int], per_year: dict[int, dict[str, dict[str, Cell]]]
            ) -> dict[str, Any]:
    """The report: per table its rows, a norm where the seed has one, and per year a cell."""
    tabellen = []
    for tid, titel, met_norm in TABELLEN:
        rows = []
        for rij in per_year[jaar][tid]:
            rows.append({"omschrijving": rij, "norm": norm_of(tid, rij) if met_norm else None,
                         "cellen": {str(y): per_year[y][tid][rij] for y in years}})
        tabellen.append({"id": tid, "titel": titel, "metNorm": met_norm,
                         "jaren": [str(y) for y in years], "rijen": rows})
    return {"jaar": jaar, "tabellen": tabellen}


def product_periode(ingang: date, eind: date | None) -> tuple[date, date | None] | None:
    """The days (inclusive; None = open) over which Bijlage 3 counts a granted product: its
    ingangsdatum to its einddatum. An einddatum before the ingangsdatum (indicatie does not
    send one) counts in their year when both lie in one, as the overlap test on the raw dates
    did, else nowhere."""
    if eind is None or eind >= ingang:
        return ingang, eind
    return (eind, ingang) if eind.year == ingang.year else None
