"""Deadline arithmetic of toegang on real calendar cases (pure, no database)."""

from __future__ import annotations

from datetime import date

import pytest
from toegang.domain.termijnen import Signaal, scan_horizon, schort_op, signaal, termijnen, verleng


@pytest.mark.parametrize(("gemeld_op", "eerste_contact", "why"), [
    (date(2026, 4, 23), date(2026, 5, 1), "Koningsdag (Monday 27 April 2026) is skipped"),
    (date(2023, 4, 24), date(2023, 5, 2), "Koningsdag on Thursday 27 April 2023 is skipped"),
    (date(2026, 4, 2), date(2026, 4, 10), "Goede Vrijdag counts, Tweede Paasdag does not"),
    (date(2025, 12, 22), date(2025, 12, 31), "both Kerstdagen are skipped"),
    (date(2026, 5, 11), date(2026, 5, 19), "Hemelvaartsdag (14 May 2026) is skipped"),
    (date(2026, 5, 4), date(2026, 5, 12), "5 mei is a feestdag every year"),
    (date(2025, 12, 31), date(2026, 1, 8), "a melding on 31 December: Nieuwjaarsdag skipped"),
    (date(2026, 3, 1), date(2026, 3, 6), "a melding on a Sunday: Monday is the first werkdag"),
])
def test_first_contact_is_five_werkdagen_after_the_melding(
        gemeld_op: date, eerste_contact: date, why: str) -> None:
    assert termijnen(gemeld_op).eerste_contact_uiterlijk == eerste_contact, why


@pytest.mark.parametrize(("gemeld_op", "onderzoek", "why"), [
    (date(2026, 4, 23), date(2026, 6, 4), "six weeks, a plain Thursday"),
    (date(2026, 2, 23), date(2026, 4, 7), "ends on Tweede Paasdag → Tuesday"),
    (date(2026, 4, 2), date(2026, 5, 15), "ends on Hemelvaartsdag → Friday"),
    (date(2026, 3, 1), date(2026, 4, 13), "ends on a Sunday → Monday"),
    (date(2025, 11, 14), date(2025, 12, 29), "ends on Boxing Day (Fri) → after the weekend"),
    (date(2025, 12, 31), date(2026, 2, 11), "a melding on 31 December runs into the new year"),
    (date(2026, 3, 24), date(2026, 5, 6), "ends on 5 mei → 6 mei"),
])
def test_the_onderzoek_ends_six_weeks_after_the_melding(
        gemeld_op: date, onderzoek: date, why: str) -> None:
    assert termijnen(gemeld_op).onderzoek_uiterlijk == onderzoek, why


@pytest.mark.parametrize(("gemeld_op", "plan", "why"), [
    (date(2026, 4, 23), date(2026, 4, 30), "seven days"),
    (date(2026, 3, 1), date(2026, 3, 9), "ends on a Sunday → Monday"),
    (date(2025, 12, 18), date(2025, 12, 29), "ends on Eerste Kerstdag → after Tweede and weekend"),
    (date(2025, 12, 31), date(2026, 1, 7), "a melding on 31 December"),
    (date(2026, 4, 20), date(2026, 4, 28), "ends on Koningsdag → Tuesday"),
])
def test_the_persoonlijk_plan_term_is_seven_days(gemeld_op: date, plan: date, why: str) -> None:
    assert termijnen(gemeld_op).persoonlijk_plan_uiterlijk == plan, why


def test_an_extension_counts_whole_weeks_from_the_old_deadline() -> None:
    assert verleng(date(2026, 6, 4), weken=2) == date(2026, 6, 18)
    # 2 April + 6 weeks lands on Hemelvaartsdag: extended to the Friday.
    assert verleng(date(2026, 4, 2), weken=6) == date(2026, 5, 15)
    with pytest.raises(ValueError, match="at least one week"):
        verleng(date(2026, 6, 4), weken=0)


def test_a_suspension_moves_the_deadline_by_its_days() -> None:
    # 10 days of suspension (1–10 May) on a deadline of Thursday 4 June → Sunday 14 June → 15th.
    assert schort_op(date(2026, 6, 4), date(2026, 5, 1), date(2026, 5, 10)) == date(2026, 6, 15)
    # Days after the deadline do not count: 3–10 June adds 2 days (3 and 4 June).
    assert schort_op(date(2026, 6, 4), date(2026, 6, 3), date(2026, 6, 10)) == date(2026, 6, 8)
    with pytest.raises(ValueError):
        schort_op(date(2026, 6, 4), date(2026, 5, 10), date(2026, 5, 1))
    with pytest.raises(ValueError):
        schort_op(date(2026, 6, 4), date(2026, 6, 5), date(2026, 6, 10))


@pytest.mark.parametrize(("vandaag", "expected"), [
    (date(2026, 4, 27), None),  # Koningsdag: Tue, Wed, Thu, Fri still to go
    (date(2026, 4, 28), None),  # three werkdagen to go
    (date(2026, 4, 29), Signaal.NADERT),  # two werkdagen to go
    (date(2026, 5, 1), Signaal.NADERT),  # the deadline day itself
    (date(2026, 5, 2), Signaal.VERSTREKEN),
])
def test_a_deadline_is_near_within_two_werkdagen_and_passed_the_day_after(
        vandaag: date, expected: Signaal | None) -> None:
    assert signaal(date(2026, 5, 1), vandaag, nadert_werkdagen=2) is expected


def test_the_scan_horizon_is_the_last_deadline_that_can_be_near() -> None:
    start = date(2026, 4, 1).toordinal()
    for vandaag in (date.fromordinal(start + k) for k in range(60)):
        horizon = scan_horizon(vandaag, 2)
        near = [d for d in (date.fromordinal(vandaag.toordinal() + k) for k in range(12))
                if signaal(d, vandaag, 2) is Signaal.NADERT]
        assert max(near) == horizon, vandaag
