from datetime import date

import pytest
from wmokernel.calendar import (
    add_werkdagen,
    extend_to_werkdag,
    feestdag_name,
    feestdagen,
    is_feestdag,
    is_werkdag,
    term_end,
    werkdagen_between,
)

# Expected dates below were worked out by hand (Gregorian computus: Easter 2025 = 20 April,
# Easter 2026 = 5 April, Easter 2027 = 28 March), not taken from the implementation.


@pytest.mark.parametrize(
    ("d", "name"),
    [
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2025, 4, 21), "Tweede Paasdag"),
        (date(2026, 4, 6), "Tweede Paasdag"),
        (date(2025, 4, 26), "Koningsdag"),  # Saturday: the 27th is a Sunday
        (date(2026, 4, 27), "Koningsdag"),  # Monday
        (date(2025, 5, 29), "Hemelvaartsdag"),
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2025, 6, 9), "Tweede Pinksterdag"),
        (date(2025, 5, 5), "Bevrijdingsdag"),  # lustrum year
        (date(2026, 5, 5), "Bevrijdingsdag"),  # not a lustrum year, still a feestdag
        (date(2027, 5, 5), "Bevrijdingsdag"),
        (date(2026, 12, 25), "Eerste Kerstdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),
    ],
)
def test_feestdagen(d: date, name: str) -> None:
    assert is_feestdag(d)
    assert feestdag_name(d) == name
    assert not is_werkdag(d)


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 4, 3),  # Goede Vrijdag
        date(2025, 4, 18),  # Goede Vrijdag
        date(2025, 4, 27),  # the Sunday Koningsdag was moved away from
        date(2026, 12, 24),
        date(2026, 12, 31),
    ],
)
def test_not_feestdagen(d: date) -> None:
    assert not is_feestdag(d)
    assert feestdag_name(d) is None


def test_goede_vrijdag_is_werkdag() -> None:
    assert date(2026, 4, 3).weekday() == 4
    assert is_werkdag(date(2026, 4, 3))


def test_sundays_from_library_are_dropped() -> None:
    # Eerste Paasdag / Eerste Pinksterdag are not art. 3 feestdagen (they are Sundays anyway).
    assert not is_feestdag(date(2026, 4, 5))
    assert not is_feestdag(date(2026, 5, 24))
    assert not is_werkdag(date(2026, 4, 5))


def test_exact_set_2026() -> None:
    assert set(feestdagen(2026)) == {
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 5),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_coinciding_feestdagen_keep_both_names() -> None:
    # Ascension 2016 fell on 5 May (Easter 2016 = 27 March).
    name = feestdag_name(date(2016, 5, 5))
    assert name is not None
    assert "Hemelvaartsdag" in name
    assert "Bevrijdingsdag" in name


def test_unsupported_year() -> None:
    with pytest.raises(ValueError):
        feestdagen(1900)


def test_weekend_is_not_werkdag() -> None:
    assert not is_werkdag(date(2026, 1, 10))  # Saturday
    assert not is_werkdag(date(2026, 1, 11))  # Sunday
    assert is_werkdag(date(2026, 1, 12))  # Monday


def test_add_werkdagen_across_koningsdag() -> None:
    # Thu 23 Apr 2026: Fri 24, (Sat, Sun, Koningsdag Mon 27), Tue 28, Wed 29, Thu 30, Fri 1 May.
    assert add_werkdagen(date(2026, 4, 23), 5) == date(2026, 5, 1)
    assert werkdagen_between(date(2026, 4, 23), date(2026, 5, 1)) == 5


def test_add_werkdagen_across_christmas_and_new_year() -> None:
    # Wed 24 Dec 2025: (25, 26, weekend) Mon 29, Tue 30, Wed 31, (1 Jan) Fri 2, (weekend) Mon 5.
    assert add_werkdagen(date(2025, 12, 24), 5) == date(2026, 1, 5)
    assert werkdagen_between(date(2025, 12, 24), date(2026, 1, 5)) == 5


def test_add_werkdagen_edges() -> None:
    assert add_werkdagen(date(2026, 1, 9), 0) == date(2026, 1, 9)
    assert add_werkdagen(date(2026, 1, 9), 1) == date(2026, 1, 12)  # Fri -> Mon
    with pytest.raises(ValueError):
        add_werkdagen(date(2026, 1, 9), -1)


def test_werkdagen_between_empty() -> None:
    assert werkdagen_between(date(2026, 1, 12), date(2026, 1, 12)) == 0
    assert werkdagen_between(date(2026, 1, 12), date(2026, 1, 5)) == 0
    assert werkdagen_between(date(2026, 1, 9), date(2026, 1, 11)) == 0  # only a weekend


def test_extend_to_werkdag() -> None:
    assert extend_to_werkdag(date(2026, 1, 12)) == date(2026, 1, 12)
    assert extend_to_werkdag(date(2026, 1, 10)) == date(2026, 1, 12)
    assert extend_to_werkdag(date(2026, 4, 5)) == date(2026, 4, 7)  # Easter Sun + Mon
    assert extend_to_werkdag(date(2026, 12, 25)) == date(2026, 12, 28)


def test_term_ending_on_sunday_moves_to_monday() -> None:
    # Thu 8 Jan 2026 + 3 days = Sun 11 Jan.
    assert term_end(date(2026, 1, 8), days=3) == date(2026, 1, 12)


def test_term_ending_on_easter_sunday_moves_to_tuesday() -> None:
    # Wed 1 Apr 2026 + 4 days = Easter Sunday 5 Apr; Mon 6 Apr is Tweede Paasdag.
    assert term_end(date(2026, 4, 1), days=4) == date(2026, 4, 7)


def test_term_ending_on_whit_sunday_moves_to_tuesday() -> None:
    # Wed 20 May 2026 + 4 days = Whit Sunday 24 May; Mon 25 May is Tweede Pinksterdag.
    assert term_end(date(2026, 5, 20), days=4) == date(2026, 5, 26)


def test_six_week_term_from_new_years_eve() -> None:
    # 31 Dec 2025 + 42 days = Wed 11 Feb 2026, a werkdag.
    assert term_end(date(2025, 12, 31), weeks=6) == date(2026, 2, 11)


def test_two_week_term_ending_on_ascension() -> None:
    # Thu 30 Apr 2026 + 14 days = Hemelvaartsdag Thu 14 May -> Fri 15 May.
    assert term_end(date(2026, 4, 30), weeks=2) == date(2026, 5, 15)


def test_one_month_from_31_january() -> None:
    assert term_end(date(2025, 1, 31), months=1) == date(2025, 2, 28)  # Friday
    assert term_end(date(2028, 1, 31), months=1) == date(2028, 2, 29)  # leap year, Tuesday
    # 28 Feb 2026 is a Saturday -> Monday 2 March.
    assert term_end(date(2026, 1, 31), months=1) == date(2026, 3, 2)


def test_month_terms() -> None:
    assert term_end(date(2026, 3, 15), months=1) == date(2026, 4, 15)  # Wednesday
    # 30 Nov 2025 + 3 months clamps to Sat 28 Feb 2026 -> Mon 2 March.
    assert term_end(date(2025, 11, 30), months=3) == date(2026, 3, 2)
    assert term_end(date(2025, 12, 15), months=1) == date(2026, 1, 15)  # across year end


def test_art2_three_day_term_before_christmas() -> None:
    # Thu 24 Dec 2026 + 3 days = Sun 27 Dec -> art. 1: Mon 28 Dec. Only one werkdag
    # (28 Dec) lies in 25..28 Dec, so art. 2 extends to Tue 29 Dec.
    assert term_end(date(2026, 12, 24), days=3) == date(2026, 12, 29)


def test_art2_not_applied_to_shorter_terms() -> None:
    # Fri 9 Jan 2026 + 2 days = Sun 11 Jan -> Mon 12 Jan; art. 2 does not apply (< 3 days).
    assert term_end(date(2026, 1, 9), days=2) == date(2026, 1, 12)
    # Same event with 3 days: 12 Jan has only one werkdag in the term -> Tue 13 Jan.
    assert term_end(date(2026, 1, 9), days=3) == date(2026, 1, 13)


def test_term_on_werkdag_unchanged() -> None:
    assert term_end(date(2026, 1, 12), days=10) == date(2026, 1, 22)  # Thursday


def test_term_validation() -> None:
    with pytest.raises(ValueError):
        term_end(date(2026, 1, 12))
    with pytest.raises(ValueError):
        term_end(date(2026, 1, 12), days=-1)
