"""Reference data: the U16 region for which Utrecht is centrumgemeente (CBS codes)."""

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
CENTRUMGEMEENTE = "0344"
