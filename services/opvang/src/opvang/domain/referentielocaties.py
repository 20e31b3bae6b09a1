"""Reference data: the U16 MO and BW locations a fresh system starts with (pure data).

Sources are the seeds in ``../shared/domain/seeds`` (line ``Lnnn`` of the seed file; the
English extraction is in ``../shared/domain/notes``). The seeds give totals only, never a
concrete location, so every entry below is ILLUSTRATIVE (``illustratief=True``): the totals
per form equal the seeds' numbers, the split over locations, names and municipalities is ours.
Replace an entry by a sourced one (``illustratief=False``) when the register is known.

- BW: "het aantal RIBW-plekken van SBWU, Tussenvoorziening en Leger des Heils [komt] op een
  kleine 800 uit" (seed 002 L5055-5057; the Utrechtse Hostels count as RIBW, L3259). "Een
  kleine 800" is read as 795. RIBW places are in a woonvoorziening (L3259): beschermd
  verblijf. Spread over the region: "evenwichtige spreiding van voorzieningen" in the U16
  (seed 000 L1142-1143), so about a third lies outside Utrecht.
- MO: "stedelijk georganiseerde" (seed 002 L2729), so every MO location is in Utrecht. The
  only number is "circa 200 mensen die nu AWBZ-begeleiding in de stedelijke
  opvangvoorzieningen krijgen" (seed 002 L4948): people staying, not places, used as the MO
  total for want of a capacity figure. Forms: laagdrempelige (nacht)opvang, crisisopvang,
  24-uursopvang (seed 002 L2729-2731), zwerfjongeren (seed 003 L5321-5323). The MO providers
  are not named in the seeds (Leger des Heils and Tussenvoorziening are outside knowledge).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .vormen import Vorm

# Stable ids: the same reference location has the same id in every environment.
_NAMESPACE = uuid.UUID("5f0c7d8e-3b1a-5c2e-9a57-000000000016")

BRON_BW = ("seed 002 L5055-5057: RIBW-plekken van SBWU, Tussenvoorziening en Leger des Heils:"
           " 'een kleine 800'")
BRON_HOSTEL = f"{BRON_BW}; seed 002 L3259: 'Ook de Utrechtse Hostels behoren tot de RIBW's'"
BRON_MO = "seed 002 L4948: 'circa 200 mensen ... in de stedelijke opvangvoorzieningen'"
BRON_JONGEREN = f"{BRON_MO}; zwerfjongeren: seed 003 L5321-5323"

# The seeds' totals the entries add up to (tests check them against the seed text).
BW_RIBW_PLAATSEN = 795
MO_PLAATSEN = 200


@dataclass(frozen=True, slots=True)
class Referentielocatie:
    referentie: str  # the stable key of the upsert; never reused for another location
    naam: str
    aanbieder: str
    gemeente: str  # CBS code, a U16 municipality
    vorm: Vorm
    capaciteit: int
    bron: str
    illustratief: bool = True
    geheim_adres: bool = False

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, self.referentie)


def _bw(referentie: str, naam: str, aanbieder: str, gemeente: str, capaciteit: int,
        bron: str = BRON_BW) -> Referentielocatie:
    return Referentielocatie(referentie, naam, aanbieder, gemeente, Vorm.BESCHERMD_VERBLIJF,
                             capaciteit, bron)


def _mo(referentie: str, naam: str, aanbieder: str, vorm: Vorm, capaciteit: int,
        bron: str = BRON_MO) -> Referentielocatie:
    return Referentielocatie(referentie, naam, aanbieder, "0344", vorm, capaciteit, bron)


REFERENTIELOCATIES: tuple[Referentielocatie, ...] = (
    # Beschermd wonen (RIBW), Utrecht: 525 of 795.
    _bw("u16-bw-sbwu-utrecht-a", "SBWU beschermd verblijf Utrecht A", "sbwu", "0344", 120),
    _bw("u16-bw-sbwu-utrecht-b", "SBWU beschermd verblijf Utrecht B", "sbwu", "0344", 110),
    _bw("u16-bw-tv-utrecht-a", "Tussenvoorziening beschermd verblijf Utrecht A",
        "tussenvoorziening", "0344", 100),
    _bw("u16-bw-tv-hostel-utrecht", "Tussenvoorziening hostel Utrecht", "tussenvoorziening",
        "0344", 40, BRON_HOSTEL),
    _bw("u16-bw-ldh-utrecht-a", "Leger des Heils beschermd verblijf Utrecht A",
        "leger-des-heils", "0344", 110),
    _bw("u16-bw-ldh-hostel-utrecht", "Leger des Heils hostel Utrecht", "leger-des-heils",
        "0344", 45, BRON_HOSTEL),
    # Beschermd wonen (RIBW), elsewhere in the U16: 270 of 795.
    _bw("u16-bw-sbwu-nieuwegein", "SBWU beschermd verblijf Nieuwegein", "sbwu", "0356", 60),
    _bw("u16-bw-ldh-zeist", "Leger des Heils beschermd verblijf Zeist", "leger-des-heils",
        "0355", 55),
    _bw("u16-bw-tv-woerden", "Tussenvoorziening beschermd verblijf Woerden",
        "tussenvoorziening", "0632", 40),
    _bw("u16-bw-sbwu-houten", "SBWU beschermd verblijf Houten", "sbwu", "0321", 35),
    _bw("u16-bw-tv-stichtse-vecht", "Tussenvoorziening beschermd verblijf Stichtse Vecht",
        "tussenvoorziening", "1904", 30),
    _bw("u16-bw-ldh-heuvelrug", "Leger des Heils beschermd verblijf Utrechtse Heuvelrug",
        "leger-des-heils", "1581", 30),
    _bw("u16-bw-sbwu-de-bilt", "SBWU beschermd verblijf De Bilt", "sbwu", "0310", 20),
    # Maatschappelijke opvang, all in Utrecht: 200.
    _mo("u16-mo-ldh-nachtopvang", "Leger des Heils nachtopvang Utrecht", "leger-des-heils",
        Vorm.MO_NACHTOPVANG, 50),
    _mo("u16-mo-ldh-24-uurs", "Leger des Heils 24-uursopvang Utrecht", "leger-des-heils",
        Vorm.MO_24_UURS, 40),
    _mo("u16-mo-tv-24-uurs", "Tussenvoorziening 24-uursopvang Utrecht", "tussenvoorziening",
        Vorm.MO_24_UURS, 40),
    _mo("u16-mo-ldh-crisis", "Leger des Heils crisisopvang Utrecht", "leger-des-heils",
        Vorm.MO_CRISIS, 30),
    _mo("u16-mo-tv-jongeren", "Tussenvoorziening jongerenopvang Utrecht", "tussenvoorziening",
        Vorm.MO_JONGEREN, 40, BRON_JONGEREN),
)


def te_laden(*, met_illustratief: bool) -> tuple[Referentielocatie, ...]:
    """The entries to load; production may skip the illustrative ones."""
    return tuple(r for r in REFERENTIELOCATIES if met_illustratief or not r.illustratief)
