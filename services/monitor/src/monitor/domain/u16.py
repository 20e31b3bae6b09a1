"""The U16 municipalities (CBS code → name) for which Utrecht is centrumgemeente for opvang
and beschermd wonen (``../shared/domain/DOMAIN.md`` §5). The same list as opvang's
``domain/reference.py``: the monitor imports no other service, and the opvang events name a
resident's municipality by this code."""

from __future__ import annotations

U16_GEMEENTEN: dict[str, str] = {
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
}
ALLE = "alle"  # the dashboard's choice for the whole region, no municipality


def gemeente_naam(code: str) -> str:
    return U16_GEMEENTEN[code]
