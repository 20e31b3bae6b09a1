"""The dwangsom bij niet tijdig beslissen (Awb 4:17-4:18), pure. Every amount and date below
is worked out by hand from the statute:

- the first day is the day two weeks after the ingebrekestelling was received (4:17 lid 3);
- EUR 23 a day for days 1-14, EUR 35 for days 15-28, EUR 45 for days 29-42, nothing after
  the 42nd (4:17 lid 1 and 2): 14 x 23 + 14 x 35 + 14 x 45 = 322 + 490 + 630 = EUR 1,442;
- the day of the decision is no day in default; the dwangsom days are calendar days;
- the vaststelling within two weeks after the last day owed (4:18), a term the Algemene
  termijnenwet extends past a Saturday, Sunday or feestdag.
"""

from __future__ import annotations

from datetime import date

import pytest
from indicatie.domain import dwangsom, termijnen
from indicatie.domain.dwangsom import DwangsomRegel, GeenDwangsomGrond

# Received Monday 2 March 2026: the first dwangsom day is Monday 16 March 2026.
ONTVANGEN = date(2026, 3, 2)
EERSTE = date(2026, 3, 16)


def test_the_first_day_is_two_weeks_after_receipt() -> None:
    assert dwangsom.eerste_dag(ONTVANGEN) == EERSTE
    # 42 days from 16 March: 16-31 March is 16 days, 1-26 April 26 more.
    assert dwangsom.laatste_mogelijke_dag(EERSTE) == date(2026, 4, 26)


@pytest.mark.parametrize(("op", "dagen", "cents"), [
    (date(2026, 3, 15), 0, 0),            # the day before the first: nothing yet
    (date(2026, 3, 16), 1, 2300),         # day 1: 23
    (date(2026, 3, 29), 14, 32200),       # day 14: 14 x 23 = 322
    (date(2026, 3, 30), 15, 35700),       # day 15: 322 + 35 = 357
    (date(2026, 4, 12), 28, 81200),       # day 28: 322 + 14 x 35 = 812
    (date(2026, 4, 13), 29, 85700),       # day 29: 812 + 45 = 857
    (date(2026, 4, 26), 42, 144200),      # day 42: 812 + 14 x 45 = 1,442
    (date(2026, 4, 27), 42, 144200),      # day 43 (Koningsdag): capped at 1,442
    (date(2026, 12, 31), 42, 144200),     # months later: still 1,442
])
def test_what_is_owed_on_a_day_without_a_decision(op: date, dagen: int, cents: int) -> None:
    assert dwangsom.dagen_verschuldigd(EERSTE, op) == dagen
    assert dwangsom.verschuldigd_cents(EERSTE, op) == cents


@pytest.mark.parametrize(("dagen", "cents"), [
    (0, 0), (1, 2300), (14, 32200), (15, 35700), (28, 81200), (29, 85700), (41, 139700),
    (42, 144200), (43, 144200), (365, 144200),
])
def test_the_three_daily_rates_and_the_cap(dagen: int, cents: int) -> None:
    assert dwangsom.bedrag_cents(dagen) == cents


def test_the_maximum_is_1442_euro_and_negative_days_are_refused() -> None:
    assert dwangsom.MAXIMUM_CENTS == 144200
    with pytest.raises(ValueError):
        dwangsom.bedrag_cents(-1)


@pytest.mark.parametrize(("beslist_op", "dagen", "cents", "stand"), [
    (date(2026, 3, 10), 0, 0, "gestopt-door-beschikking"),    # within the two weeks
    (date(2026, 3, 16), 0, 0, "gestopt-door-beschikking"),    # on the first day
    (date(2026, 3, 17), 1, 2300, "gestopt-door-beschikking"),  # on day 2: day 1 owed
    (date(2026, 3, 31), 15, 35700, "gestopt-door-beschikking"),  # on day 16: 15 owed
    (date(2026, 4, 26), 41, 139700, "gestopt-door-beschikking"),  # on day 42: 812 + 13 x 45
    (date(2026, 4, 27), 42, 144200, "maximum-bereikt"),        # on day 43: all 42 owed
    (date(2026, 6, 1), 42, 144200, "maximum-bereikt"),
])
def test_the_decision_stops_the_dwangsom(beslist_op: date, dagen: int, cents: int,
                                         stand: str) -> None:
    later = date(2026, 7, 1)
    assert dwangsom.dagen_verschuldigd(EERSTE, later, beslist_op) == dagen
    assert dwangsom.verschuldigd_cents(EERSTE, later, beslist_op) == cents
    assert dwangsom.status(EERSTE, later, beslist_op, None) == stand


def test_where_it_stands_on_a_day() -> None:
    beslist = date(2026, 3, 31)
    # Before the decision it runs (also before its first day); from the decision on it stopped.
    assert dwangsom.status(EERSTE, date(2026, 3, 5), beslist, None) == "lopend"
    assert dwangsom.status(EERSTE, date(2026, 3, 30), beslist, None) == "lopend"
    assert dwangsom.status(EERSTE, date(2026, 3, 31), beslist, None) == "gestopt-door-beschikking"
    # Without a decision: the 42nd day is still running, the 43rd ends it.
    assert dwangsom.status(EERSTE, date(2026, 4, 26), None, None) == "lopend"
    assert dwangsom.status(EERSTE, date(2026, 4, 27), None, None) == "maximum-bereikt"
    assert dwangsom.status(EERSTE, date(2026, 4, 20), beslist, date(2026, 4, 2)) == "vastgesteld"
    assert dwangsom.status(EERSTE, date(2026, 4, 1), beslist, date(2026, 4, 2)) == (
        "gestopt-door-beschikking")


def test_the_dwangsom_days_are_calendar_days_through_koningsdag_and_5_may() -> None:
    # First day Monday 20 April 2026; Koningsdag (27 April) and Bevrijdingsdag (5 May, a
    # feestdag every year in wmokernel.calendar) count like any day: 20 April - 5 May is 16
    # days = 322 + 2 x 35 = 392.
    eerste = dwangsom.eerste_dag(date(2026, 4, 6))  # Tweede Paasdag: no matter either
    assert eerste == date(2026, 4, 20)
    assert dwangsom.verschuldigd_cents(eerste, date(2026, 5, 5)) == 39200


def test_across_new_year() -> None:
    # Received Monday 14 December 2026: first day Monday 28 December; 28 December - 10
    # January is 14 days (322), 11 January the 15th (357); the 42nd day is 7 February 2027.
    eerste = dwangsom.eerste_dag(date(2026, 12, 14))
    assert eerste == date(2026, 12, 28)
    assert dwangsom.verschuldigd_cents(eerste, date(2027, 1, 10)) == 32200
    assert dwangsom.verschuldigd_cents(eerste, date(2027, 1, 11)) == 35700
    assert dwangsom.laatste_mogelijke_dag(eerste) == date(2027, 2, 7)
    # 4:18: 7 February + 2 weeks = Sunday 21 February 2027 → Monday 22 February.
    assert dwangsom.vaststellen_uiterlijk(eerste, None) == date(2027, 2, 22)


def test_the_vaststelling_is_due_two_weeks_after_the_last_day_owed() -> None:
    # The maximum: last day Sunday 26 April 2026; + 2 weeks = Sunday 10 May → Monday 11 May.
    assert dwangsom.laatste_dag(EERSTE, None) == date(2026, 4, 26)
    assert dwangsom.vaststellen_uiterlijk(EERSTE, None) == date(2026, 5, 11)
    # Decided on 31 March: last day owed 30 March, + 2 weeks = Monday 13 April 2026.
    assert dwangsom.vaststellen_uiterlijk(EERSTE, date(2026, 3, 31)) == date(2026, 4, 13)
    # Decided on the first day: nothing owed, nothing to set.
    assert dwangsom.laatste_dag(EERSTE, EERSTE) is None
    assert dwangsom.vaststellen_uiterlijk(EERSTE, EERSTE) is None


def test_a_vaststelling_term_ending_at_christmas_moves_past_it() -> None:
    # Received Monday 16 November 2026: first day 30 November; decided Saturday 12 December:
    # 30 November - 11 December is 12 days = 12 x 23 = 276. 11 December + 2 weeks = Friday 25
    # December (Eerste Kerstdag), 26 (Tweede Kerstdag, Saturday), 27 (Sunday) → Monday 28.
    eerste = dwangsom.eerste_dag(date(2026, 11, 16))
    assert eerste == date(2026, 11, 30)
    assert dwangsom.verschuldigd_cents(eerste, date(2026, 12, 31), date(2026, 12, 12)) == 27600
    assert dwangsom.vaststellen_uiterlijk(eerste, date(2026, 12, 12)) == date(2026, 12, 28)


VANDAAG = date(2026, 12, 1)


@pytest.mark.parametrize(("aanvraag", "uiterlijk", "te_vroeg", "eerste_geldige", "eerste_dag"), [
    # Received Saturday 7 March 2026: 2 weeks end on Saturday 21 March → Monday 23 March. A
    # notice on the Sunday or the Monday is premature; Tuesday 24 March counts.
    (date(2026, 3, 7), date(2026, 3, 23), [date(2026, 3, 22), date(2026, 3, 23)],
     date(2026, 3, 24), date(2026, 4, 7)),
    # Received Monday 13 April 2026: 2 weeks end on Koningsdag 27 April → Tuesday 28 April.
    (date(2026, 4, 13), date(2026, 4, 28), [date(2026, 4, 27), date(2026, 4, 28)],
     date(2026, 4, 29), date(2026, 5, 13)),
    # Received Tuesday 21 April 2026: the term ends on 5 May (Bevrijdingsdag) → 6 May.
    (date(2026, 4, 21), date(2026, 5, 6), [date(2026, 5, 5), date(2026, 5, 6)],
     date(2026, 5, 7), date(2026, 5, 21)),
    # Received Friday 18 December 2026: 1 January 2027 (Nieuwjaarsdag, a Friday), the
    # weekend → Monday 4 January 2027.
    (date(2026, 12, 18), date(2027, 1, 4), [date(2027, 1, 1), date(2027, 1, 4)],
     date(2027, 1, 5), date(2027, 1, 19)),
])
def test_an_ingebrekestelling_counts_only_after_the_decision_term(
    aanvraag: date, uiterlijk: date, te_vroeg: list[date], eerste_geldige: date,
    eerste_dag: date,
) -> None:
    assert termijnen.beslissen_uiterlijk(aanvraag) == uiterlijk
    vandaag = date(2027, 2, 1)
    for ontvangen in te_vroeg:
        with pytest.raises(DwangsomRegel, match="Awb 4:17 lid 3"):
            dwangsom.toets_ingebrekestelling(ontvangen, uiterlijk, None, vandaag)
    assert dwangsom.toets_ingebrekestelling(eerste_geldige, uiterlijk, None,
                                            vandaag) == eerste_dag


def test_an_ingebrekestelling_after_the_decision_or_in_the_future_is_refused() -> None:
    uiterlijk = date(2026, 3, 23)
    with pytest.raises(DwangsomRegel, match="Awb 4:17 lid 1"):
        dwangsom.toets_ingebrekestelling(date(2026, 3, 30), uiterlijk, date(2026, 3, 27),
                                         VANDAAG)
    with pytest.raises(DwangsomRegel, match="Awb 4:17 lid 1"):  # decided that same day
        dwangsom.toets_ingebrekestelling(date(2026, 3, 30), uiterlijk, date(2026, 3, 30),
                                         VANDAAG)
    with pytest.raises(DwangsomRegel, match="future"):
        dwangsom.toets_ingebrekestelling(date(2026, 12, 2), uiterlijk, None, VANDAAG)
    # Registered after a later decision: it counted when received, and runs until then.
    assert dwangsom.toets_ingebrekestelling(date(2026, 3, 30), uiterlijk, date(2026, 5, 1),
                                            VANDAAG) == date(2026, 4, 13)


def test_the_vaststelling_takes_exactly_the_amount_owed_once_the_dwangsom_ended() -> None:
    beslist = date(2026, 3, 31)  # 15 days owed: 357
    v = dwangsom.toets_vaststelling(EERSTE, beslist, date(2026, 4, 2), 35700, None, VANDAAG)
    assert (v.dagen, v.bedrag_cents, v.uiterlijk, v.tijdig) == (15, 35700, date(2026, 4, 13),
                                                                True)
    late = dwangsom.toets_vaststelling(EERSTE, beslist, date(2026, 4, 14), 35700, None, VANDAAG)
    assert late.tijdig is False
    with pytest.raises(DwangsomRegel, match="15 days owed come to EUR 357,00"):
        dwangsom.toets_vaststelling(EERSTE, beslist, date(2026, 4, 2), 32200, None, VANDAAG)
    # Still running on the day asked (decided later, or not at all before the 43rd day).
    with pytest.raises(DwangsomRegel, match="Awb 4:18"):
        dwangsom.toets_vaststelling(EERSTE, beslist, date(2026, 3, 30), 32200, None, VANDAAG)
    with pytest.raises(DwangsomRegel, match="Awb 4:18"):
        dwangsom.toets_vaststelling(EERSTE, None, date(2026, 4, 26), 144200, None, VANDAAG)
    v = dwangsom.toets_vaststelling(EERSTE, None, date(2026, 4, 27), 144200, None, VANDAAG)
    assert (v.dagen, v.bedrag_cents, v.uiterlijk) == (42, 144200, date(2026, 5, 11))


def test_no_dwangsom_on_a_ground_of_lid_6() -> None:
    grond = GeenDwangsomGrond.KENNELIJK_NIET_ONTVANKELIJK_OF_ONGEGROND
    v = dwangsom.toets_vaststelling(EERSTE, date(2026, 3, 31), date(2026, 4, 2), 0, grond,
                                    VANDAAG)
    assert (v.dagen, v.bedrag_cents) == (0, 0)
    with pytest.raises(DwangsomRegel, match="lid 6"):
        dwangsom.toets_vaststelling(EERSTE, date(2026, 3, 31), date(2026, 4, 2), 35700, grond,
                                    VANDAAG)
