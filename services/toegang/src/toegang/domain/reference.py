"""Reference data of Utrecht: the nine buurtteam areas and a postcode → wijk/buurt mapping.

Pure data, no I/O. Migration 0002 loads it into the tables ``wijken`` and ``postcodegebieden``;
the service reads the tables, so ops can refine the mapping without a release.

The postcode mapping is a **subset** of Utrecht's 4-digit postcode areas (3511–3585, plus the
345x areas of Vleuten-De Meern so that all nine buurtteam areas are reachable), each mapped to
the wijk where most of its addresses lie. A 4-digit area can straddle a wijk border; production
replaces this table with the BAG/CBS buurtcodes per address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wmokernel.regio import CENTRUMGEMEENTE

GEMEENTE_UTRECHT = CENTRUMGEMEENTE



@dataclass(frozen=True)
class Wijk:
    code: str  # also the buurtteam's team claim
    naam: str
    fte_min: int
    fte_max: int


# ../shared/domain/DOMAIN.md §3: the nine buurtteam areas with their formation (fte).
WIJKEN: tuple[Wijk, ...] = (
    Wijk("west", "West", 12, 14),
    Wijk("noordwest", "Noordwest", 32, 36),
    Wijk("overvecht", "Overvecht", 50, 57),
    Wijk("noordoost-en-oost", "Noordoost en Oost", 32, 37),
    Wijk("binnenstad", "Binnenstad", 9, 10),
    Wijk("zuid", "Zuid", 15, 17),
    Wijk("zuidwest", "Zuidwest", 33, 38),
    Wijk("leidsche-rijn", "Leidsche Rijn", 11, 12),
    Wijk("vleuten-de-meern", "Vleuten-De Meern", 16, 18),
)

# Names a caller may send for a wijk (case and spacing are ignored).
WIJK_ALIASES: dict[str, str] = {
    "noordoost": "noordoost-en-oost",
    "oost": "noordoost-en-oost",
    "vleuten": "vleuten-de-meern",
    "de-meern": "vleuten-de-meern",
}

# postcode (4 digits) → (wijk code, buurt). A subset; see the module docstring.
POSTCODES: dict[str, tuple[str, str]] = {
    "3511": ("binnenstad", "Binnenstad-West"),
    "3512": ("binnenstad", "Museumkwartier"),
    "3513": ("binnenstad", "Wijk C"),
    "3514": ("noordoost-en-oost", "Wittevrouwen"),
    "3521": ("zuidwest", "Dichterswijk"),
    "3522": ("zuidwest", "Rivierenwijk"),
    "3523": ("zuid", "Hoograven"),
    "3524": ("zuid", "Lunetten"),
    "3525": ("zuid", "Tolsteeg"),
    "3526": ("zuidwest", "Kanaleneiland"),
    "3527": ("zuidwest", "Transwijk"),
    "3528": ("zuidwest", "Papendorp"),
    "3531": ("west", "Lombok"),
    "3532": ("west", "Oog in Al"),
    "3533": ("west", "Welgelegen"),
    "3534": ("west", "Majellapark"),
    "3541": ("leidsche-rijn", "Parkwijk"),
    "3542": ("leidsche-rijn", "Lage Weide"),
    "3543": ("leidsche-rijn", "Terwijde"),
    "3544": ("leidsche-rijn", "Langerak"),
    "3545": ("leidsche-rijn", "Leidsche Rijn Centrum"),
    "3551": ("noordwest", "Zuilen"),
    "3552": ("noordwest", "Ondiep"),
    "3553": ("noordwest", "Pijlsweerd"),
    "3554": ("noordwest", "Elinkwijk"),
    "3555": ("noordwest", "Zuilen-Noord"),
    "3561": ("overvecht", "Tigrisdreef"),
    "3562": ("overvecht", "Overvecht-Zuid"),
    "3563": ("overvecht", "Overvecht-Noord"),
    "3564": ("overvecht", "Taagdreef"),
    "3565": ("noordoost-en-oost", "Voordorp"),
    "3571": ("noordoost-en-oost", "Votulast"),
    "3572": ("noordoost-en-oost", "Tuindorp"),
    "3573": ("noordoost-en-oost", "Tuinwijk"),
    "3581": ("noordoost-en-oost", "Oudwijk"),
    "3582": ("noordoost-en-oost", "Buiten Wittevrouwen"),
    "3583": ("noordoost-en-oost", "Abstede"),
    "3584": ("noordoost-en-oost", "Rijnsweerd"),
    "3585": ("noordoost-en-oost", "Utrecht Science Park"),
    "3451": ("vleuten-de-meern", "Vleuten"),
    "3452": ("vleuten-de-meern", "Vleuterweide"),
    "3453": ("vleuten-de-meern", "De Meern-Noord"),
    "3454": ("vleuten-de-meern", "De Meern-Zuid"),
    "3455": ("vleuten-de-meern", "Haarzuilens"),
}

# Teams that are not a buurtteam area, as they appear in the team claim.
TEAM_WMO_LOKET = "wmo-loket"
TEAM_REGIONALE_TOEGANG = "regionale-toegang"
TEAM_STADSTEAM_BACK_UP = "stadsteam-back-up"

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
_WIJK_BY_CODE = {w.code: w for w in WIJKEN}


def normalize_postcode(value: str) -> str:
    """``"3563 ab"`` → ``"3563AB"``; raises ValueError for anything else."""
    m = _POSTCODE.match(value.strip())
    if m is None:
        raise ValueError("a Dutch postcode is four digits and two letters, e.g. 3563 AB")
    return m.group(1) + m.group(2).upper()


def wijk_code(name: str) -> str | None:
    """The wijk code for a name or code as a caller may write it; None when unknown."""
    slug = re.sub(r"[\s_]+", "-", name.strip().lower())
    slug = WIJK_ALIASES.get(slug, slug)
    return slug if slug in _WIJK_BY_CODE else None


def wijk_naam(code: str) -> str:
    return _WIJK_BY_CODE[code].naam
