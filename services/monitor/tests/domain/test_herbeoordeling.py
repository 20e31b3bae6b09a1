"""Suppressing a total and its parts so no hidden part can be read back (pure, no I/O)."""

from __future__ import annotations

from monitor.domain.herbeoordeling import onderdruk, onderdruk_verdeling


def test_the_gemeente_sees_every_count() -> None:
    assert onderdruk_verdeling(7, {"a": 3, "b": 4}, False) == (7, {"a": 3, "b": 4})
    assert onderdruk(3, False) == 3


def test_small_counts_are_hidden_and_zero_stays() -> None:
    assert onderdruk_verdeling(12, {"a": 0, "b": 12}, True) == (12, {"a": 0, "b": 12})
    assert onderdruk(4, True) is None and onderdruk(5, True) == 5 and onderdruk(0, True) == 0


def test_one_hidden_part_takes_the_smallest_other_with_it() -> None:
    # 20 = 3 + 8 + 9: with 3 hidden alone it would be 20 - 8 - 9.
    assert onderdruk_verdeling(20, {"a": 3, "b": 8, "c": 9}, True) == (
        20, {"a": None, "b": None, "c": 9})
    # two hidden parts already keep each other secret
    assert onderdruk_verdeling(20, {"a": 3, "b": 2, "c": 15}, True) == (
        20, {"a": None, "b": None, "c": 15})
    # a hidden total: the parts cannot be subtracted from it
    assert onderdruk_verdeling(4, {"a": 1, "b": 3}, True) == (None, {"a": None, "b": None})
