"""The herbeoordeling signal window and the end of Wmo care at the Wlz start (pure, no I/O).
Dates worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from indicatie.domain import herbeoordeling as h
from indicatie.domain.herbeoordeling import HERBEOORDELING, Soort, WlzActie, WlzEinde
from indicatie.domain.statussen import OngeldigeOvergang
from indicatie.settings import IndicatieSettings

# Ambulante begeleiding from Monday 12 Oct 2026 to Monday 11 Oct 2027: its herbeoordeling
# date is 8 weeks before the end, Monday 16 Aug 2027.
HERBEOORDELING_OP, EINDDATUM = date(2027, 8, 16), date(2027, 10, 11)


def test_the_default_window_fits_an_onderzoek_and_a_beschikking() -> None:
    # 6 weeks of onderzoek (Wmo 2015 art. 2.3.2) + 2 weeks to decide (art. 2.3.5).
    assert IndicatieSettings().herbeoordeling_signaal_weken == 8


@pytest.mark.parametrize(("peildatum", "binnen"), [
    (date(2027, 6, 20), False),  # 8 weeks before 16 Aug is Monday 21 June: the day before
    (date(2027, 6, 21), True),   # the first day of the window
    (date(2027, 8, 16), True),   # the herbeoordeling date itself
    (date(2027, 9, 1), True),    # passed: still on the worklist
])
def test_the_window_opens_eight_weeks_before(peildatum: date, binnen: bool) -> None:
    assert h.in_venster(HERBEOORDELING_OP, peildatum, 8) is binnen
    assert h.in_venster(None, peildatum, 8) is False


def test_the_window_follows_the_setting() -> None:
    # 4 weeks before 16 Aug 2027 is Monday 19 July.
    assert not h.in_venster(HERBEOORDELING_OP, date(2027, 7, 18), 4)
    assert h.in_venster(HERBEOORDELING_OP, date(2027, 7, 19), 4)
    assert h.horizon(date(2027, 7, 19), 4) == date(2027, 8, 16)


def test_each_date_signals_when_its_window_opens() -> None:
    assert h.signalen(HERBEOORDELING_OP, EINDDATUM, date(2027, 6, 20), 8) == []
    assert h.signalen(HERBEOORDELING_OP, EINDDATUM, date(2027, 6, 21), 8) == [
        (Soort.HERBEOORDELING, HERBEOORDELING_OP)]
    # 8 weeks before 11 Oct 2027 is 16 Aug: the einddatum's window opens on the review date.
    assert h.signalen(HERBEOORDELING_OP, EINDDATUM, date(2027, 8, 15), 8) == [
        (Soort.HERBEOORDELING, HERBEOORDELING_OP)]
    assert h.signalen(HERBEOORDELING_OP, EINDDATUM, date(2027, 8, 16), 8) == [
        (Soort.HERBEOORDELING, HERBEOORDELING_OP), (Soort.EINDDATUM, EINDDATUM)]
    # open-ended care: only its herbeoordeling date
    assert h.signalen(date(2027, 6, 1), None, date(2027, 6, 1), 8) == [
        (Soort.HERBEOORDELING, date(2027, 6, 1))]


def test_due_date_expiry_and_timeliness() -> None:
    assert h.uiterlijk(HERBEOORDELING_OP, EINDDATUM) == date(2027, 8, 16)
    assert h.uiterlijk(date(2027, 12, 1), EINDDATUM) == date(2027, 10, 11)
    assert h.uiterlijk(date(2027, 6, 1), None) == date(2027, 6, 1)
    with pytest.raises(ValueError):
        h.uiterlijk(None, None)
    assert not h.verlopen(EINDDATUM, date(2027, 10, 11)), "the einddatum is a day of care"
    assert h.verlopen(EINDDATUM, date(2027, 10, 12))
    assert not h.verlopen(None, date(2030, 1, 1))
    assert h.tijdig(date(2027, 8, 16), HERBEOORDELING_OP)
    assert not h.tijdig(date(2027, 8, 17), HERBEOORDELING_OP)


def test_a_review_is_decided_once() -> None:
    assert HERBEOORDELING.next("open", "voortzetten") == "voortgezet"
    assert HERBEOORDELING.next("open", "verlopen") == "verlopen"
    for status in ("voortgezet", "beeindigd", "verlopen", "vervallen"):
        with pytest.raises(OngeldigeOvergang):
            HERBEOORDELING.next(status, "beeindigen")


def test_wmo_care_ends_the_day_before_the_wlz() -> None:
    assert h.laatste_wmo_dag(date(2027, 3, 1)) == date(2027, 2, 28)
    assert h.laatste_wmo_dag(date(2028, 3, 1)) == date(2028, 2, 29)  # a leap year
    assert h.laatste_wmo_dag(date(2027, 1, 1)) == date(2026, 12, 31)


@pytest.mark.parametrize(("ingang", "eind", "uitkomst"), [
    # running open-ended: ends on the last day before the Wlz (Sunday 28 Feb 2027)
    (date(2026, 5, 11), None, WlzEinde(WlzActie.BEEINDIGEN, date(2027, 2, 28))),
    # running past the Wlz start: shortened to the same day
    (date(2026, 5, 11), date(2027, 5, 10), WlzEinde(WlzActie.BEEINDIGEN, date(2027, 2, 28))),
    # already ends the day before: left alone
    (date(2026, 5, 11), date(2027, 2, 28), WlzEinde(WlzActie.ONGEMOEID, date(2027, 2, 28))),
    # ends earlier: left alone (a gap the monitor shows)
    (date(2026, 5, 11), date(2027, 1, 31), WlzEinde(WlzActie.ONGEMOEID, date(2027, 1, 31))),
    # would only begin in the Wlz: withdrawn, einddatum = ingangsdatum (iWmo reden 13)
    (date(2027, 3, 1), date(2027, 8, 31), WlzEinde(WlzActie.INTREKKEN, date(2027, 3, 1))),
])
def test_what_becomes_of_each_toewijzing(ingang: date, eind: date | None,
                                         uitkomst: WlzEinde) -> None:
    assert h.wmo_einde_bij_wlz(ingang, eind, date(2027, 3, 1)) == uitkomst


def test_no_gap_and_no_overlap() -> None:
    wlz = date(2027, 3, 1)
    assert h.aansluitend(date(2027, 2, 28), wlz)
    assert not h.aansluitend(date(2027, 2, 27), wlz), "a day without care"
    assert not h.aansluitend(date(2027, 3, 1), wlz), "a day paid by both"
    assert not h.aansluitend(None, wlz), "no Wmo care in kind to hand over"
