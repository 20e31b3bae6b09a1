"""Which team takes a melding: a resident of another U16 municipality goes to the Regionale
toegang (Utrecht is centrumgemeente for opvang and beschermd wonen; there is no Utrecht
buurtteam for them); else the specialised teams (Wmo-loket, Regionale toegang, Stadsteam
Back Up) for their own channels, else the buurtteam of the resident's home wijk."""

from __future__ import annotations

from dataclasses import dataclass

from wmokernel.catalogue import Kanaal

from .reference import (
    GEMEENTE_UTRECHT,
    TEAM_REGIONALE_TOEGANG,
    TEAM_STADSTEAM_BACK_UP,
    TEAM_WMO_LOKET,
)

_TEAM_BY_KANAAL = {
    Kanaal.WMO_LOKET: TEAM_WMO_LOKET,
    Kanaal.REGIONALE_TOEGANG: TEAM_REGIONALE_TOEGANG,
    Kanaal.STADSTEAM_BACK_UP: TEAM_STADSTEAM_BACK_UP,
}


@dataclass(frozen=True)
class Woonplek:
    """Where the resident lives, as far as routing needs it."""

    wijk: str | None  # wijk code
    buurt: str | None
    gemeente: str
    postcode: str | None


@dataclass(frozen=True)
class Route:
    woonplek: Woonplek
    team: str | None


class GeenRoute(ValueError):
    """Neither the channel, the address nor the registering worker's team names a team."""


def route(kanaal: Kanaal, woonplek: Woonplek, worker_team: str | None) -> Route:
    """The team that takes the melding; raises GeenRoute when there is none."""
    if woonplek.gemeente != GEMEENTE_UTRECHT:
        return Route(woonplek, TEAM_REGIONALE_TOEGANG)
    team = _TEAM_BY_KANAAL.get(kanaal) or woonplek.wijk or worker_team
    if team is None:
        raise GeenRoute("adres: an address (or wijk) is needed to route the melding to the "
                        "buurtteam of the resident's home buurt")
    return Route(woonplek, team)
