"""The pure rules of a casus: state machine, outcome, onderzoek and need-to-know."""

from __future__ import annotations

import pytest
from toegang.domain.casus import (
    Ondersteuningsvorm,
    Stap,
    StapNietToegestaan,
    Status,
    Uitkomst,
    VerwijzingNaar,
    check_ondersteuningsvorm,
    check_uitkomst,
    is_mantelzorger,
    ontbrekend_voor_verslag,
    volgende_status,
)
from toegang.domain.inzage import Toegang, beoordeel
from toegang.domain.reference import POSTCODES, WIJKEN, normalize_postcode, wijk_code
from wmokernel.auth import Principal


def test_the_happy_path_of_a_casus() -> None:
    status = Status.ONTVANGEN
    for stap, expected in [(Stap.EERSTE_CONTACT, Status.EERSTE_CONTACT),
                           (Stap.ONTVANGSTGESPREK, Status.ONTVANGSTGESPREK),
                           (Stap.ONDERZOEK_STARTEN, Status.IN_ONDERZOEK),
                           (Stap.ONDERZOEK_BIJWERKEN, Status.IN_ONDERZOEK),
                           (Stap.ONDERZOEK_AFRONDEN, Status.ONDERZOEK_AFGEROND),
                           (Stap.SIGNALEREN, Status.ONDERZOEK_AFGEROND),
                           (Stap.AFSLUITEN, Status.GESLOTEN)]:
        status = volgende_status(status, stap)
        assert status is expected


@pytest.mark.parametrize(("status", "stap"), [
    (Status.ONTVANGEN, Stap.ONTVANGSTGESPREK),  # no gesprek before the first contact
    (Status.ONTVANGEN, Stap.ONDERZOEK_STARTEN),
    (Status.EERSTE_CONTACT, Stap.EERSTE_CONTACT),  # only one first contact
    (Status.ONDERZOEK_AFGEROND, Stap.ONDERZOEK_BIJWERKEN),
    (Status.GESLOTEN, Stap.VERWIJZEN),
    (Status.GESLOTEN, Stap.AFSLUITEN),
])
def test_steps_out_of_order_are_refused(status: Status, stap: Stap) -> None:
    with pytest.raises(StapNietToegestaan):
        volgende_status(status, stap)


def test_a_referral_out_of_basiszorg_marks_the_casus_verwezen() -> None:
    assert volgende_status("ontvangen", Stap.VERWIJZEN, VerwijzingNaar.AANVULLENDE_ZORG) \
        is Status.VERWEZEN
    assert volgende_status("in-onderzoek", Stap.VERWIJZEN, VerwijzingNaar.WMO_LOKET) \
        is Status.IN_ONDERZOEK


def test_outcomes_must_match_the_referrals() -> None:
    check_uitkomst(Uitkomst.OPGELOST_BASISZORG, ["werk-en-inkomen", "wmo-loket"])
    check_uitkomst(Uitkomst.VERWEZEN_AANVULLENDE_ZORG, ["aanvullende-zorg"])
    with pytest.raises(ValueError, match="needs a verwijzing"):
        check_uitkomst(Uitkomst.VERWEZEN_REGIONALE_TOEGANG, ["aanvullende-zorg"])
    with pytest.raises(ValueError, match="cannot be closed as opgelost"):
        check_uitkomst(Uitkomst.OPGELOST_BASISZORG, ["aanvullende-zorg"])


def test_mantelzorg_is_eight_hours_a_week_for_three_months() -> None:
    assert is_mantelzorger(8, 3)
    assert not is_mantelzorger(7.5, 12)
    assert not is_mantelzorger(20, 2)


def test_individual_support_needs_a_reason_and_the_verslag_needs_findings() -> None:
    check_ondersteuningsvorm(Ondersteuningsvorm.GROEP, None)
    check_ondersteuningsvorm(Ondersteuningsvorm.INDIVIDUEEL, "groep past niet: angst")
    with pytest.raises(ValueError, match="reason"):
        check_ondersteuningsvorm(Ondersteuningsvorm.INDIVIDUEEL, "  ")
    assert ontbrekend_voor_verslag(domeinen_vastgelegd=False, perspectief=None,
                                   ondersteuningsvorm="groep") == [
        "bevindingen (domeinen van het onderzoek)", "perspectief"]


def p(*roles: str, subject: str = "w", team: str | None = "overvecht",
      scopes: frozenset[str] = frozenset()) -> Principal:
    return Principal(subject=subject, roles=frozenset(roles), team=team, scopes=scopes)


@pytest.mark.parametrize(("principal", "expected"), [
    (p("buurtteam", subject="assigned"), Toegang.ASSIGNED),
    (p("wmo-loket", subject="assigned", team="wmo-loket"), Toegang.ASSIGNED),
    (p("buurtteam", subject="colleague"), Toegang.NOT_VISIBLE),
    (p("buurtteam", subject="other", team="zuidwest"), Toegang.NOT_VISIBLE),
    (p("buurtteam", subject="lead", scopes=frozenset({"dossiers:toewijzen"})),
     Toegang.TEAMLEIDER),
    (p("buurtteam", subject="lead", team="west", scopes=frozenset({"dossiers:toewijzen"})),
     Toegang.NOT_VISIBLE),
    (p("aanbieder", subject="assigned"), Toegang.FORBIDDEN),
    (p("u16-gemeente"), Toegang.FORBIDDEN),
    (p("monitor-viewer"), Toegang.FORBIDDEN),
    (p("gemeente"), Toegang.FORBIDDEN),
    (p("systeem"), Toegang.FORBIDDEN),
])
def test_need_to_know(principal: Principal, expected: Toegang) -> None:
    assert beoordeel(principal, {"assigned"}, "overvecht") is expected


def test_reference_data_covers_the_nine_buurtteam_areas() -> None:
    assert len(WIJKEN) == 9
    assert {w.code for w in WIJKEN} == {wijk for wijk, _ in POSTCODES.values()}
    assert normalize_postcode(" 3563 ab") == "3563AB"
    with pytest.raises(ValueError):
        normalize_postcode("0563AB")
    assert wijk_code("Noordoost en Oost") == wijk_code("Oost") == "noordoost-en-oost"
    assert wijk_code("Overvecht") == "overvecht"
    assert wijk_code("Amsterdam-Noord") is None
