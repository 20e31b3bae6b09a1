"""The rule for sharing a resident's data: a legal basis, else a consent for exactly that
recipient and purpose, valid on the day of the share; else refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from toegang.domain.casus import VerwijzingNaar
from toegang.domain.delen import (
    Deling,
    Geweigerd,
    Toegestaan,
    beoordeel,
    bij_medewerker,
    bij_verwijzing,
)
from wmokernel.grondslag import Grondslag

SIGNAAL = Deling("werk-en-inkomen", "schuldhulpverlening")


@dataclass
class Consent:
    ontvanger: str
    doel: str
    gegeven_op: date
    ingetrokken_op: date | None = None
    id: uuid.UUID = field(default_factory=lambda: uuid.UUID(int=1))


def test_without_consent_the_share_is_refused_naming_what_to_record() -> None:
    besluit = beoordeel(SIGNAAL, [], date(2026, 5, 4))
    assert besluit == Geweigerd("werk-en-inkomen", "schuldhulpverlening")
    assert isinstance(besluit, Geweigerd)
    uitleg = besluit.uitleg("p-" + "a" * 32)
    assert "/api/v1/clienten/p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/toestemmingen" in uitleg
    assert '{"ontvanger": "werk-en-inkomen", "doel": "schuldhulpverlening"}' in uitleg


def test_a_consent_counts_for_its_recipient_and_purpose_from_its_day_until_withdrawn() -> None:
    given = Consent(" Werk-en-Inkomen", "Schuldhulpverlening ", date(2026, 5, 4),
                    ingetrokken_op=date(2026, 6, 1), id=uuid.UUID(int=7))
    assert beoordeel(SIGNAAL, [given], date(2026, 5, 4)) == Toegestaan(
        Grondslag.TOESTEMMING, uuid.UUID(int=7))
    assert beoordeel(SIGNAAL, [given], date(2026, 5, 31)) == Toegestaan(
        Grondslag.TOESTEMMING, uuid.UUID(int=7))
    # Before it was given, and from the day it was withdrawn, it does not count.
    assert isinstance(beoordeel(SIGNAAL, [given], date(2026, 5, 3)), Geweigerd)
    assert isinstance(beoordeel(SIGNAAL, [given], date(2026, 6, 1)), Geweigerd)
    # Another recipient or purpose is no consent for this share.
    for other in (Consent("werk-en-inkomen", "re-integratie", date(2026, 1, 1)),
                  Consent("corporatie", "schuldhulpverlening", date(2026, 1, 1))):
        assert isinstance(beoordeel(SIGNAAL, [other], date(2026, 5, 4)), Geweigerd)


def test_the_newest_valid_consent_is_the_one_named() -> None:
    old = Consent("werk-en-inkomen", "schuldhulpverlening", date(2025, 1, 6), id=uuid.UUID(int=1))
    new = Consent("werk-en-inkomen", "schuldhulpverlening", date(2026, 3, 2), id=uuid.UUID(int=2))
    assert beoordeel(SIGNAAL, [new, old], date(2026, 5, 4)) == Toegestaan(
        Grondslag.TOESTEMMING, uuid.UUID(int=2))


def test_the_gemeentes_own_shares_rest_on_a_legal_basis_without_consent() -> None:
    expected = {VerwijzingNaar.AANVULLENDE_ZORG: Grondslag.WMO_BESLUIT,
                VerwijzingNaar.WMO_LOKET: Grondslag.WMO_ONDERZOEK,
                VerwijzingNaar.REGIONALE_TOEGANG: Grondslag.CENTRUMGEMEENTE_OPVANG,
                VerwijzingNaar.WERK_EN_INKOMEN: None}
    for naar, grondslag in expected.items():
        deling = bij_verwijzing(naar)
        assert deling.grondslag is grondslag
        besluit = beoordeel(deling, [], date(2026, 5, 4))
        assert (besluit == Toegestaan(grondslag)) if grondslag else isinstance(besluit,
                                                                             Geweigerd)
    assert "Wmo 2015 art. 2.3.5" in Grondslag.WMO_BESLUIT.wet
    assert "AVG art. 6 lid 1 onder a" in Grondslag.TOESTEMMING.wet


def test_a_worker_of_another_team_is_a_share_the_own_team_is_not() -> None:
    assert bij_medewerker("overvecht", "overvecht") is None
    assert bij_medewerker(None, "overvecht") is None
    assert bij_medewerker("zuid", "overvecht") == Deling("team zuid", "deelname aan de casus")
    loket = bij_medewerker("wmo-loket", "overvecht")
    assert loket is not None and loket.grondslag is Grondslag.WMO_ONDERZOEK
