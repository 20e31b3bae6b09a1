"""The U16 reference locations against the seeds they come from (pure)."""

from __future__ import annotations

import re

from opvang.domain.referentielocaties import REFERENTIELOCATIES, te_laden
from opvang.domain.vormen import BW_VORMEN, MO_VORMEN

# shared/domain/seeds/002_6c2f9cc48cd1343a.txt L5055-5057 (blank lines between them dropped).
SEED_002_L5055 = ("Wel weten we dat het aantal RIBW-plekken van SBWU, Tussenvoorziening en Leger "
                  "des Heils op een kleine 800 uit komt.")
# shared/domain/seeds/002_6c2f9cc48cd1343a.txt L4948.
SEED_002_L4948 = ("Daarnaast zijn er circa 200 mensen die nu AWBZ-begeleiding in de stedelijke "
                  "opvangvoorzieningen krijgen")
# shared/domain/DOMAIN.md §5: the 16 U16 municipalities (CBS codes).
U16 = {"0312", "0310", "0736", "0321", "0353", "0331", "0335", "0356", "0589", "1904", "0344",
       "1581", "1961", "0352", "0632", "0355"}
UTRECHT = "0344"

BW = [r for r in REFERENTIELOCATIES if r.vorm in BW_VORMEN]
MO = [r for r in REFERENTIELOCATIES if r.vorm in MO_VORMEN]


def _getal(tekst: str, voor: str) -> int:
    match = re.search(rf"{voor} (\d+)", tekst)
    assert match, tekst
    return int(match.group(1))


def test_the_bw_places_are_the_seeds_little_under_800_ribw_places_of_its_three_providers() -> None:
    totaal = _getal(SEED_002_L5055, "een kleine")
    assert totaal == 800
    # "een kleine 800": fewer than 800, and not by more than one percent.
    assert totaal * 0.99 <= sum(r.capaciteit for r in BW) < totaal
    assert {r.aanbieder for r in BW} == {"sbwu", "tussenvoorziening", "leger-des-heils"}


def test_the_mo_places_are_the_seeds_200_in_the_city_shelters_all_in_utrecht() -> None:
    assert sum(r.capaciteit for r in MO) == _getal(SEED_002_L4948, "circa") == 200
    # "stedelijk georganiseerde ondersteuning" (seed 002 L2729).
    assert {r.gemeente for r in MO} == {UTRECHT}
    assert {r.vorm for r in MO} == set(MO_VORMEN), "every MO form has a place to go"


def test_most_bw_places_are_in_utrecht_and_some_spread_over_the_region() -> None:
    in_utrecht = sum(r.capaciteit for r in BW if r.gemeente == UTRECHT)
    elders = {r.gemeente for r in BW if r.gemeente != UTRECHT}
    assert in_utrecht > sum(r.capaciteit for r in BW) / 2
    assert len(elders) >= 3, "evenwichtige spreiding van voorzieningen (seed 000 L1142-1143)"


def test_keys_and_ids_are_unique_and_every_gemeente_is_a_u16_municipality() -> None:
    keys = [r.referentie for r in REFERENTIELOCATIES]
    assert len(keys) == len(set(keys)) == len({r.id for r in REFERENTIELOCATIES})
    assert len({r.naam for r in REFERENTIELOCATIES}) == len(keys)
    assert {r.gemeente for r in REFERENTIELOCATIES} <= U16
    assert all(r.capaciteit > 0 for r in REFERENTIELOCATIES)


def test_every_entry_cites_its_seed_line_and_says_it_is_illustrative() -> None:
    # The seeds name no single location, only totals: every entry is a distribution.
    for r in REFERENTIELOCATIES:
        assert re.search(r"seed 00\d L\d+", r.bron), r
        assert r.illustratief, r
    assert te_laden(met_illustratief=True) == REFERENTIELOCATIES
    assert te_laden(met_illustratief=False) == ()
