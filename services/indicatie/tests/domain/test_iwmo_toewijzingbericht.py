"""What a WMO301 can carry, decided before a toewijzing is stored (OP087, TR361), and the
backoff of a message that waits."""

from __future__ import annotations

from datetime import date, timedelta

from indicatie.domain.iwmo.toewijzingbericht import Snapshotregel, in_snapshot, overlappende
from indicatie.domain.iwmo.wachtrij import volgende_poging_na

D = date(2026, 6, 1)


def regel(nummer: int, begin: date, eind: date | None, **kw: object) -> Snapshotregel:
    values: dict[str, object] = {"status": "toegewezen", **kw}
    return Snapshotregel(nummer=nummer, code=str(values.pop("code", "02A05")),
                         ingangsdatum=begin, einddatum=eind, **values)  # type: ignore[arg-type]


def test_the_same_product_in_an_overlapping_period_is_found() -> None:
    lopend = regel(7, date(2026, 1, 1), None)
    assert overlappende("02A05", date(2026, 7, 1), None, [lopend], D) == lopend
    assert overlappende("02A05", date(2025, 1, 1), date(2026, 1, 1), [lopend], D) == lopend, \
        "one shared day is an overlap"
    assert overlappende("01A03", date(2026, 7, 1), None, [lopend], D) is None, "another product"


def test_periods_that_touch_without_sharing_a_day_do_not_overlap() -> None:
    tot_juni = regel(7, date(2026, 1, 1), date(2026, 6, 30))
    assert overlappende("02A05", date(2026, 7, 1), None, [tot_juni], D) is None
    assert overlappende("02A05", date(2025, 1, 1), date(2025, 12, 31), [tot_juni], D) is None


def test_a_changed_ended_or_stopped_toewijzing_is_no_obstacle() -> None:
    veranderd = regel(7, date(2026, 1, 1), date(2026, 6, 30), reden_wijziging="05",
                      te_melden=True)
    verwijderd = regel(8, date(2026, 1, 1), date(2026, 1, 1), reden_wijziging="13")
    gestopt = regel(9, date(2026, 1, 1), None, status="gestopt", reden_beeindiging="19")
    voorbij = regel(10, date(2025, 1, 1), date(2026, 5, 31))
    for t in (veranderd, verwijderd, gestopt, voorbij):
        assert overlappende("02A05", date(2026, 1, 1), None, [t], D) is None, t


def test_a_temporarily_stopped_one_or_one_still_to_report_counts() -> None:
    tijdelijk = regel(9, date(2026, 1, 1), None, status="gestopt", reden_beeindiging="20")
    assert in_snapshot(tijdelijk, D)
    assert overlappende("02A05", date(2026, 8, 1), None, [tijdelijk], D) == tijdelijk
    gemeld = regel(10, date(2025, 1, 1), date(2026, 5, 31), te_melden=True)
    assert overlappende("02A05", date(2026, 5, 1), None, [gemeld], D) == gemeld, \
        "ended before today, but the next WMO301 still carries it"


def test_the_backoff_doubles_up_to_its_maximum() -> None:
    assert [volgende_poging_na(n, 300).total_seconds() for n in (1, 2, 3, 8, 9, 50)] == \
        [2, 4, 8, 256, 300, 300]
    assert volgende_poging_na(1, 0.5) == timedelta(seconds=0.5)


def test_a_whole_new_situation_is_checked_at_once() -> None:
    from indicatie.domain.iwmo.toewijzingbericht import overlap_in

    oud = regel(7, date(2026, 1, 1), date(2026, 6, 30), reden_wijziging="12", te_melden=True)
    nieuw = regel(8, date(2026, 7, 1), None)
    assert overlap_in([oud, nieuw], D) is None, "the changed one gave way to the new one"
    tweede = regel(9, date(2026, 9, 1), None)
    assert overlap_in([oud, nieuw, tweede], D) == (nieuw, tweede)
    assert overlap_in([nieuw, regel(10, date(2026, 9, 1), None, code="01A03")], D) is None
