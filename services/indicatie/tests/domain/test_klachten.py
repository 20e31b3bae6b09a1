"""The klacht's terms (Awb 9:8, 9:11) on the Algemene termijnenwet calendar and the rules of
its steps (Awb 9:6, 9:10, 9:11 lid 2). Pure, no I/O; every date counted by hand.

The calendar (``wmokernel.calendar``) holds 5 May (Bevrijdingsdag) as a feestdag in every
year, not only every fifth: art. 3 lid 1 Algemene termijnenwet names "de vijfde mei" without
condition. Goede Vrijdag is not one. Koningsdag is 27 April, or Saturday 26 April when the
27th is a Sunday.
"""

from __future__ import annotations

from datetime import date

import pytest
from indicatie.domain import klachten
from indicatie.domain.klachten import AfzienGrond, KlachtRegel
from wmokernel.calendar import feestdag_name, is_feestdag
from wmokernel.events.klachten import KlachtBetreft, KlachtUitkomst

U = KlachtUitkomst


@pytest.mark.parametrize(("ontvangen", "uiterlijk"), [
    # Saturday 7 March 2026 + 6 weeks = Saturday 18 April → Monday 20 April
    (date(2026, 3, 7), date(2026, 4, 20)),
    # Monday 16 March 2026 + 6 weeks = Koningsdag, Monday 27 April → Tuesday 28 April
    (date(2026, 3, 16), date(2026, 4, 28)),
    # Saturday 15 March 2031 + 6 weeks = Saturday 26 April, Koningsdag that year (27 April is
    # a Sunday) → Monday 28 April
    (date(2031, 3, 15), date(2031, 4, 28)),
    # Tuesday 24 March 2026 + 6 weeks = 5 May, Bevrijdingsdag in a year that is no lustrum
    # → Wednesday 6 May
    (date(2026, 3, 24), date(2026, 5, 6)),
    # Friday 13 November 2026 + 6 weeks = Christmas Day, Friday 25 December; Saturday is
    # Tweede Kerstdag, then Sunday → Monday 28 December
    (date(2026, 11, 13), date(2026, 12, 28)),
    # Friday 20 November 2026 + 6 weeks = New Year's Day, Friday 1 January 2027 → Monday 4
    # January 2027
    (date(2026, 11, 20), date(2027, 1, 4)),
    # Thursday 19 November 2026 + 6 weeks = Thursday 31 December: a werkdag, it stays
    (date(2026, 11, 19), date(2026, 12, 31)),
    # Friday 20 February 2026 + 6 weeks = Goede Vrijdag 3 April: no feestdag, it stays
    (date(2026, 2, 20), date(2026, 4, 3)),
])
def test_a_klacht_is_handled_within_six_weeks_of_receipt(ontvangen: date, uiterlijk: date
                                                         ) -> None:
    assert klachten.beslissen_uiterlijk(ontvangen, adviescommissie=False) == uiterlijk


def test_koningsdag_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert feestdag_name(date(2031, 4, 26)) == "Koningsdag"
    assert not is_feestdag(date(2031, 4, 27))
    assert feestdag_name(date(2026, 4, 27)) == "Koningsdag"
    assert feestdag_name(date(2026, 5, 5)) == "Bevrijdingsdag"
    assert not is_feestdag(date(2026, 4, 3))  # Goede Vrijdag


@pytest.mark.parametrize(("ontvangen", "uiterlijk"), [
    # Friday 23 October 2026 + 10 weeks = Friday 1 January 2027 → Monday 4 January 2027
    (date(2026, 10, 23), date(2027, 1, 4)),
    # Monday 16 March 2026 + 10 weeks = Tweede Pinksterdag, Monday 25 May → Tuesday 26 May
    (date(2026, 3, 16), date(2026, 5, 26)),
    # Thursday 19 November 2026 + 10 weeks = Thursday 28 January 2027
    (date(2026, 11, 19), date(2027, 1, 28)),
])
def test_ten_weeks_when_a_klachtadviescommissie_advises(ontvangen: date, uiterlijk: date
                                                        ) -> None:
    assert klachten.beslissen_uiterlijk(ontvangen, adviescommissie=True) == uiterlijk


@pytest.mark.parametrize(("ontvangen", "commissie", "uiterlijk"), [
    # 6 weeks end Monday 28 December 2026 (moved from Christmas); 4 weeks from the day after
    # = Monday 25 January 2027
    (date(2026, 11, 13), False, date(2027, 1, 25)),
    # 6 weeks end Monday 4 January 2027 (moved from New Year's Day) → Monday 1 February 2027
    (date(2026, 11, 20), False, date(2027, 2, 1)),
    # 6 weeks end Thursday 31 December 2026 → Thursday 28 January 2027, across the new year
    (date(2026, 11, 19), False, date(2027, 1, 28)),
    # 10 weeks end Thursday 28 January 2027 → Thursday 25 February 2027
    (date(2026, 11, 19), True, date(2027, 2, 25)),
    # 6 weeks end Monday 30 March 2026; + 4 weeks = Koningsdag, Monday 27 April → Tuesday 28
    (date(2026, 2, 16), False, date(2026, 4, 28)),
])
def test_postponed_once_by_four_weeks(ontvangen: date, commissie: bool, uiterlijk: date
                                      ) -> None:
    assert klachten.beslissen_uiterlijk(ontvangen, commissie, verdaagd=True) == uiterlijk
    assert klachten.verdagen(ontvangen, commissie, al_verdaagd=False,
                             mededeling_op=ontvangen) == uiterlijk


def test_the_notice_of_postponement_is_sent_within_the_term_and_only_once() -> None:
    # received Saturday 7 March 2026: the term ends Monday 20 April; a notice sent that day
    # postpones it to Monday 18 May (20 April + 4 weeks)
    assert klachten.verdagen(date(2026, 3, 7), False, False, date(2026, 4, 20)) == date(
        2026, 5, 18)
    with pytest.raises(KlachtRegel) as late:
        klachten.verdagen(date(2026, 3, 7), False, False, date(2026, 4, 21))
    assert late.value.artikel == "Awb 9:11 lid 2" and "2026-04-20" in str(late.value)
    with pytest.raises(KlachtRegel) as twice:
        klachten.verdagen(date(2026, 3, 7), False, True, date(2026, 3, 20))
    assert twice.value.artikel == "Awb 9:11 lid 2" and "once" in str(twice.value)


@pytest.mark.parametrize(("ontvangen", "uiterlijk"), [
    # Monday 30 March 2026 + 4 weeks = Koningsdag, Monday 27 April → Tuesday 28 April
    (date(2026, 3, 30), date(2026, 4, 28)),
    # Monday 9 March 2026 + 4 weeks = Tweede Paasdag, Monday 6 April → Tuesday 7 April
    (date(2026, 3, 9), date(2026, 4, 7)),
    # Friday 27 November 2026 + 4 weeks = Christmas Day → Monday 28 December
    (date(2026, 11, 27), date(2026, 12, 28)),
])
def test_niet_in_behandeling_is_notified_within_four_weeks(ontvangen: date, uiterlijk: date
                                                           ) -> None:
    assert klachten.niet_in_behandeling_uiterlijk(ontvangen) == uiterlijk
    # judged against those 4 weeks, not the 6 of a handled klacht (20 May 2026 for 30 March)
    assert klachten.toetsingsdatum(U.NIET_IN_BEHANDELING, ontvangen,
                                   date(2026, 5, 20)) == uiterlijk
    assert klachten.toetsingsdatum(U.GEGROND, ontvangen, date(2026, 5, 20)) == date(2026, 5, 20)


def test_a_klacht_is_acknowledged_before_it_is_handled() -> None:
    with pytest.raises(KlachtRegel) as exc:
        klachten.toets_afhandeling(U.INGETROKKEN, None, gehoord=False, afzien_grond=None)
    assert exc.value.artikel == "Awb 9:6"
    klachten.toets_afhandeling(U.INGETROKKEN, date(2026, 3, 9), False, None)
    klachten.toets_afhandeling(U.NIET_IN_BEHANDELING, date(2026, 3, 9), False, None)


@pytest.mark.parametrize("uitkomst", [U.GEGROND, U.DEELS_GEGROND, U.ONGEGROND])
def test_a_klacht_is_judged_only_after_hearing_or_waiving_it(uitkomst: KlachtUitkomst) -> None:
    ack = date(2026, 3, 9)
    with pytest.raises(KlachtRegel) as exc:
        klachten.toets_afhandeling(uitkomst, ack, gehoord=False, afzien_grond=None)
    assert exc.value.artikel == "Awb 9:10"
    klachten.toets_afhandeling(uitkomst, ack, gehoord=True, afzien_grond=None)
    klachten.toets_afhandeling(uitkomst, ack, False, AfzienGrond.KLAGER_WIL_NIET)


def test_waived_as_kennelijk_ongegrond_it_can_only_be_ongegrond() -> None:
    ack = date(2026, 3, 9)
    klachten.toets_afhandeling(U.ONGEGROND, ack, False, AfzienGrond.KENNELIJK_ONGEGROND)
    with pytest.raises(KlachtRegel) as exc:
        klachten.toets_afhandeling(U.GEGROND, ack, False, AfzienGrond.KENNELIJK_ONGEGROND)
    assert exc.value.artikel == "Awb 9:10 lid 2 sub a"


def test_term_exceeded_while_open_or_when_handled_late() -> None:
    uiterlijk = date(2026, 4, 20)
    assert not klachten.termijn_overschreden("in-behandeling", uiterlijk, None, date(2026, 4, 20))
    assert klachten.termijn_overschreden("in-behandeling", uiterlijk, None, date(2026, 4, 21))
    assert klachten.termijn_overschreden("afgehandeld", uiterlijk, False, date(2026, 4, 1))
    assert not klachten.termijn_overschreden("afgehandeld", uiterlijk, True, date(2027, 1, 1))


def test_the_organisation_a_klacht_is_about() -> None:
    assert klachten.organisatie(KlachtBetreft.GEMEENTE, None) == ("0344", "Utrecht")
    assert klachten.organisatie(KlachtBetreft.GEMEENTE, "0355") == ("0355", "Zeist")
    assert klachten.organisatie(KlachtBetreft.BUURTTEAM, "overvecht") == ("overvecht", None)
    for soort, code in [(KlachtBetreft.GEMEENTE, "0363"), (KlachtBetreft.BUURTTEAM, None),
                        (KlachtBetreft.AANBIEDER, "overvecht"), (KlachtBetreft.AANBIEDER, None)]:
        with pytest.raises(klachten.OngeldigeOrganisatie):
            klachten.organisatie(soort, code)
