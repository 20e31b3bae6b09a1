"""The U16 region: the sixteen municipalities (CBS code → name) for which Utrecht is
centrumgemeente for maatschappelijke opvang and beschermd wonen (``../shared/domain/DOMAIN.md``
§5). Shared reference data: toegang registers their residents, opvang places them, the
monitor reports per municipality, and events name a resident's municipality by this code."""

from __future__ import annotations

from types import MappingProxyType

CENTRUMGEMEENTE = "0344"  # Utrecht

U16_GEMEENTEN = MappingProxyType({
    "0312": "Bunnik",
    "0310": "De Bilt",
    "0736": "De Ronde Venen",
    "0321": "Houten",
    "0353": "IJsselstein",
    "0331": "Lopik",
    "0335": "Montfoort",
    "0356": "Nieuwegein",
    "0589": "Oudewater",
    "1904": "Stichtse Vecht",
    "0344": "Utrecht",
    "1581": "Utrechtse Heuvelrug",
    "1961": "Vijfheerenlanden",
    "0352": "Wijk bij Duurstede",
    "0632": "Woerden",
    "0355": "Zeist",
})
