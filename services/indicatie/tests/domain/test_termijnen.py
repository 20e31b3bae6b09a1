"""Legal terms of indicatie on calendar edge cases (pure, no I/O)."""

from __future__ import annotations

from datetime import date

import pytest
from indicatie.domain import termijnen


@pytest.mark.parametrize(("ontvangen", "opgeschort", "uiterlijk"), [
    (date(2026, 5, 1), 0, date(2026, 5, 15)),   # plain two weeks
    (date(2026, 4, 30), 0, date(2026, 5, 15)),  # Hemelvaartsdag 14 May → Friday
    (date(2026, 3, 20), 0, date(2026, 4, 3)),   # Goede Vrijdag is no feestdag: stays
    (date(2026, 4, 21), 0, date(2026, 5, 6)),   # 5 May (every year) → 6 May
    (date(2025, 12, 11), 0, date(2025, 12, 29)),  # Christmas + weekend → Monday
    (date(2026, 5, 1), 10, date(2026, 5, 26)),  # +10 suspended days = 25 May, Pinkstermaandag
])
def test_beslistermijn(ontvangen: date, opgeschort: int, uiterlijk: date) -> None:
    assert termijnen.beslissen_uiterlijk(ontvangen, opgeschort) == uiterlijk


def test_suspension_days_are_inclusive_and_ordered() -> None:
    assert termijnen.opschorting_dagen(date(2026, 5, 4), date(2026, 5, 13)) == 10
    with pytest.raises(ValueError):
        termijnen.opschorting_dagen(date(2026, 5, 4), date(2026, 5, 3))


def test_bezwaartermijn_and_its_decision_term() -> None:
    # 16 March 2026 + 6 weeks = Koningsdag, Monday 27 April → Tuesday 28 April.
    assert termijnen.bezwaar_uiterlijk(date(2026, 3, 16)) == date(2026, 4, 28)
    # 24 March 2026 + 6 weeks = 5 May (Bevrijdingsdag, every year) → 6 May.
    assert termijnen.bezwaar_uiterlijk(date(2026, 3, 24)) == date(2026, 5, 6)
    assert termijnen.bezwaar_tijdig(date(2026, 3, 16), date(2026, 4, 28))
    assert not termijnen.bezwaar_tijdig(date(2026, 3, 16), date(2026, 4, 29))
    # Awb 7:10: from the day after the bezwaartermijn ended (28 April): 6 weeks = 9 June,
    # 12 weeks with an advisory committee = 21 July.
    assert termijnen.bezwaar_beslissen_uiterlijk(
        date(2026, 3, 16), date(2026, 4, 1), adviescommissie=False) == date(2026, 6, 9)
    assert termijnen.bezwaar_beslissen_uiterlijk(
        date(2026, 3, 16), date(2026, 4, 1), adviescommissie=True) == date(2026, 7, 21)
    # A late bezwaar: from the day after it was received (Friday 8 May → Friday 19 June).
    assert termijnen.bezwaar_beslissen_uiterlijk(
        date(2026, 3, 16), date(2026, 5, 8), adviescommissie=False) == date(2026, 6, 19)


def test_cak_term_is_one_month_or_four_for_a_pgb() -> None:
    # 25 Nov 2025 + 1 month = Eerste Kerstdag; Tweede Kerstdag, weekend → Monday 29 Dec.
    assert termijnen.cak_melden_uiterlijk(date(2025, 11, 25), pgb=False) == date(2025, 12, 29)
    # 31 Oct 2025 + 4 months: no 31 February → 28 Feb 2026 (Saturday) → Monday 2 March.
    assert termijnen.cak_melden_uiterlijk(date(2025, 10, 31), pgb=True) == date(2026, 3, 2)


def test_deadline_signals_count_werkdagen() -> None:
    uiterlijk = date(2026, 5, 15)  # Friday after Hemelvaartsdag
    assert termijnen.signaal(uiterlijk, date(2026, 5, 11)) is None  # 12, 13, 15: three left
    assert termijnen.signaal(uiterlijk, date(2026, 5, 12)) == "nadert"  # 13 and 15
    assert termijnen.signaal(uiterlijk, date(2026, 5, 15)) == "nadert"
    assert termijnen.signaal(uiterlijk, date(2026, 5, 16)) == "verstreken"


def test_wait_norm_and_herbeoordeling() -> None:
    assert termijnen.wachtdagen(date(2026, 5, 1), date(2026, 5, 15)) == 14
    assert termijnen.binnen_wachtnorm(date(2026, 5, 1), date(2026, 5, 15))
    assert not termijnen.binnen_wachtnorm(date(2026, 5, 1), date(2026, 5, 16))
    # A year after 1 June 2026 → Tuesday 1 June 2027; with an end date, 8 weeks before it.
    assert termijnen.herbeoordeling_op(date(2026, 6, 1), None) == date(2027, 6, 1)
    assert termijnen.herbeoordeling_op(date(2026, 6, 1), date(2026, 12, 31)) == date(2026, 11, 5)
