"""Sharing a resident's personal data with another party: on the resident's consent for that
recipient and purpose, or on a legal basis the code names; otherwise refused.

Buurtteam workers give no information to third parties without the resident's explicit
consent (the privacy rules of the buurtteams, notes/002 items 19 and 82). The exceptions are
the shares the Wmo 2015 itself makes the gemeente's: its own decision on an aanvraag, the
Wmo-loket's part in the onderzoek, the centrumgemeente's opvang and beschermd wonen, the
resident's own municipality reading its resident, the BSN in iWmo. Each share here names its
recipient and purpose; the consent registry is searched for exactly that pair (case and
spacing aside), valid on the day of the share.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from wmokernel.grondslag import Grondslag

from .casus import VerwijzingNaar
from .reference import TEAM_REGIONALE_TOEGANG, TEAM_WMO_LOKET


class Toestemming(Protocol):
    """A consent as the registry holds it."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def ontvanger(self) -> str: ...
    @property
    def doel(self) -> str: ...
    @property
    def gegeven_op(self) -> date: ...
    @property
    def ingetrokken_op(self) -> date | None: ...


@dataclass(frozen=True)
class Deling:
    """A share: to ``ontvanger`` for ``doel``; ``grondslag`` the legal basis that makes it
    lawful without consent, None where only consent does."""

    ontvanger: str
    doel: str
    grondslag: Grondslag | None = None


@dataclass(frozen=True)
class Toegestaan:
    grondslag: Grondslag
    toestemming_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Geweigerd:
    """No legal basis and no valid consent for this recipient and purpose."""

    ontvanger: str
    doel: str

    def uitleg(self, client_id: str) -> str:
        return (f"sharing this resident's data with '{self.ontvanger}' for '{self.doel}' "
                f"needs the resident's consent, and none is recorded: record it with POST "
                f"/api/v1/clienten/{client_id}/toestemmingen and the body "
                f'{{"ontvanger": "{self.ontvanger}", "doel": "{self.doel}"}}')


# The recipients and purposes of the shares toegang makes (a consent names them as here).
WERK_EN_INKOMEN = Deling("werk-en-inkomen", "schuldhulpverlening")
AANVULLENDE_ZORG = Deling("indicatie", "aanvraag maatwerkvoorziening", Grondslag.WMO_BESLUIT)
WMO_LOKET = Deling(TEAM_WMO_LOKET, "onderzoek Wmo-loket", Grondslag.WMO_ONDERZOEK)
REGIONALE_TOEGANG = Deling(TEAM_REGIONALE_TOEGANG, "aanmelding opvang of beschermd wonen",
                           Grondslag.CENTRUMGEMEENTE_OPVANG)
EIGEN_INWONER = Deling("woongemeente", "inzage eigen inwoner", Grondslag.WOONGEMEENTE)
DOEL_CASUS = "deelname aan de casus"

_BIJ_VERWIJZING = {
    VerwijzingNaar.AANVULLENDE_ZORG: AANVULLENDE_ZORG,
    VerwijzingNaar.WMO_LOKET: WMO_LOKET,
    VerwijzingNaar.REGIONALE_TOEGANG: REGIONALE_TOEGANG,
    VerwijzingNaar.WERK_EN_INKOMEN: WERK_EN_INKOMEN,
}


def bij_verwijzing(naar: VerwijzingNaar) -> Deling:
    """The share a verwijzing makes."""
    return _BIJ_VERWIJZING[naar]


def bij_medewerker(team: str | None, casus_team: str | None) -> Deling | None:
    """Assigning a worker of ``team`` to a casus of ``casus_team``: None within the team (no
    share); the Wmo-loket and the Regionale toegang take part on their legal basis; any other
    team's professional only on consent."""
    if team is None or team == casus_team:
        return None
    for deling in (WMO_LOKET, REGIONALE_TOEGANG):
        if team == deling.ontvanger:
            return deling
    return Deling(f"team {team}", DOEL_CASUS)


def _normaal(text: str) -> str:
    return " ".join(text.split()).casefold()


def geldig_op(toestemming: Toestemming, op: date) -> bool:
    return toestemming.gegeven_op <= op and (
        toestemming.ingetrokken_op is None or toestemming.ingetrokken_op > op)


def beoordeel(deling: Deling, toestemmingen: Iterable[Toestemming], op: date
              ) -> Toegestaan | Geweigerd:
    """Whether ``deling`` may happen on ``op``: by its legal basis, else by the newest
    consent for its recipient and purpose valid that day, else refused."""
    if deling.grondslag is not None:
        return Toegestaan(deling.grondslag)
    ontvanger, doel = _normaal(deling.ontvanger), _normaal(deling.doel)
    passend = [t for t in toestemmingen
               if _normaal(t.ontvanger) == ontvanger and _normaal(t.doel) == doel
               and geldig_op(t, op)]
    if not passend:
        return Geweigerd(deling.ontvanger, deling.doel)
    return Toegestaan(Grondslag.TOESTEMMING, max(passend, key=lambda t: t.gegeven_op).id)
