"""The life of a melding (casus) as a pure state machine, with the rules of triage, onderzoek
and outcome. No I/O: the use cases call these and turn ``StapNietToegestaan`` into 409."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from wmokernel.events.toegang import Ondersteuningsvorm, Uitkomst


class Status(StrEnum):
    ONTVANGEN = "ontvangen"
    EERSTE_CONTACT = "eerste-contact"
    ONTVANGSTGESPREK = "ontvangstgesprek-gevoerd"
    IN_ONDERZOEK = "in-onderzoek"
    ONDERZOEK_AFGEROND = "onderzoek-afgerond"
    VERWEZEN = "verwezen"
    GESLOTEN = "gesloten"


class Stap(StrEnum):
    EERSTE_CONTACT = "eerste contact"
    ONTVANGSTGESPREK = "ontvangstgesprek"
    ONDERZOEK_STARTEN = "onderzoek starten"
    ONDERZOEK_BIJWERKEN = "onderzoek bijwerken"
    ONDERZOEK_AFRONDEN = "onderzoek afronden"
    VERWIJZEN = "verwijzen"
    SIGNALEREN = "signaleren"
    AFSLUITEN = "afsluiten"


class VerwijzingNaar(StrEnum):
    AANVULLENDE_ZORG = "aanvullende-zorg"
    WMO_LOKET = "wmo-loket"
    REGIONALE_TOEGANG = "regionale-toegang"
    WERK_EN_INKOMEN = "werk-en-inkomen"


class ZrmDomein(StrEnum):
    """The domains of the Zelfredzaamheid-matrix (scores 1 = acute problemen … 5 = volledig
    zelfredzaam)."""

    FINANCIEN = "financien"
    WERK_EN_OPLEIDING = "werk-en-opleiding"
    TIJDSBESTEDING = "tijdsbesteding"
    HUISVESTING = "huisvesting"
    HUISELIJKE_RELATIES = "huiselijke-relaties"
    GEESTELIJKE_GEZONDHEID = "geestelijke-gezondheid"
    LICHAMELIJKE_GEZONDHEID = "lichamelijke-gezondheid"
    MIDDELENGEBRUIK = "middelengebruik"
    BASALE_ADL = "basale-adl"
    INSTRUMENTELE_ADL = "instrumentele-adl"
    SOCIAAL_NETWERK = "sociaal-netwerk"
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke-participatie"
    JUSTITIE = "justitie"


class StapNietToegestaan(ValueError):
    """A step that the casus's current status does not allow."""


OPEN = frozenset(Status) - {Status.GESLOTEN}

_ALLOWED: dict[Stap, frozenset[Status]] = {
    Stap.EERSTE_CONTACT: frozenset({Status.ONTVANGEN}),
    Stap.ONTVANGSTGESPREK: frozenset({Status.EERSTE_CONTACT}),
    Stap.ONDERZOEK_STARTEN: frozenset({Status.EERSTE_CONTACT, Status.ONTVANGSTGESPREK}),
    Stap.ONDERZOEK_BIJWERKEN: frozenset({Status.IN_ONDERZOEK}),
    Stap.ONDERZOEK_AFRONDEN: frozenset({Status.IN_ONDERZOEK}),
    # A verwijzing may come before a full onderzoek (the resident may file an aanvraag anyway).
    Stap.VERWIJZEN: OPEN,
    Stap.SIGNALEREN: OPEN,
    Stap.AFSLUITEN: OPEN,
}

_NEXT: dict[Stap, Status] = {
    Stap.EERSTE_CONTACT: Status.EERSTE_CONTACT,
    Stap.ONTVANGSTGESPREK: Status.ONTVANGSTGESPREK,
    Stap.ONDERZOEK_STARTEN: Status.IN_ONDERZOEK,
    Stap.ONDERZOEK_AFRONDEN: Status.ONDERZOEK_AFGEROND,
    Stap.AFSLUITEN: Status.GESLOTEN,
}

# Referrals after which the casus leaves basiszorg's hands (the onderzoek clock stops).
VERWIJZINGEN_UIT_BASISZORG = frozenset({VerwijzingNaar.AANVULLENDE_ZORG,
                                        VerwijzingNaar.REGIONALE_TOEGANG})


def volgende_status(status: str, stap: Stap, naar: VerwijzingNaar | None = None) -> Status:
    """The status after ``stap``; raises StapNietToegestaan when ``status`` does not allow it."""
    current = Status(status)
    if current not in _ALLOWED[stap]:
        raise StapNietToegestaan(f"{stap.value} is not possible while the melding is "
                                 f"{current.value}")
    if stap is Stap.VERWIJZEN and naar in VERWIJZINGEN_UIT_BASISZORG:
        return Status.VERWEZEN
    return _NEXT.get(stap, current)


_UITKOMST_VEREIST: dict[Uitkomst, VerwijzingNaar] = {
    Uitkomst.VERWEZEN_AANVULLENDE_ZORG: VerwijzingNaar.AANVULLENDE_ZORG,
    Uitkomst.VERWEZEN_REGIONALE_TOEGANG: VerwijzingNaar.REGIONALE_TOEGANG,
    Uitkomst.VERWEZEN_WMO_LOKET: VerwijzingNaar.WMO_LOKET,
}


def check_uitkomst(uitkomst: Uitkomst, verwijzingen: Collection[str]) -> None:
    """An outcome 'verwezen-…' needs that verwijzing; 'opgelost-…' cannot follow a referral out
    of basiszorg. Raises ValueError with the reason."""
    needed = _UITKOMST_VEREIST.get(uitkomst)
    if needed is not None and needed.value not in verwijzingen:
        raise ValueError(f"uitkomst {uitkomst.value} needs a verwijzing naar {needed.value}")
    if uitkomst in (Uitkomst.OPGELOST_BASISZORG, Uitkomst.OPGELOST_SOCIALE_BASIS) and any(
            v in verwijzingen for v in VERWIJZINGEN_UIT_BASISZORG):
        raise ValueError("a casus referred out of basiszorg cannot be closed as opgelost")


MANTELZORG_MIN_UREN_PER_WEEK = 8
MANTELZORG_MIN_MAANDEN = 3


def is_mantelzorger(uren_per_week: float, maanden: float) -> bool:
    """A mantelzorger gives at least 8 hours a week for at least 3 months
    (../shared/domain/DOMAIN.md §3)."""
    return uren_per_week >= MANTELZORG_MIN_UREN_PER_WEEK and maanden >= MANTELZORG_MIN_MAANDEN


def check_ondersteuningsvorm(vorm: Ondersteuningsvorm | None, reden: str | None) -> None:
    """Group support is the default; individual support needs a recorded reason."""
    if vorm is Ondersteuningsvorm.INDIVIDUEEL and not (reden and reden.strip()):
        raise ValueError("individual support needs a reason (redenIndividueel)")


def ontbrekend_voor_verslag(*, domeinen_vastgelegd: bool, perspectief: str | None,
                            ondersteuningsvorm: str | None) -> list[str]:
    """What an onderzoek still lacks before its verslag can be written."""
    missing = []
    if not domeinen_vastgelegd:
        missing.append("bevindingen (domeinen van het onderzoek)")
    if perspectief is None:
        missing.append("perspectief")
    if ondersteuningsvorm is None:
        missing.append("ondersteuningsvorm")
    return missing
