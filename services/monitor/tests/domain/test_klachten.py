"""Klachten per organisation: the counts on a peildatum and their suppression for readers
other than the gemeente (pure, no I/O)."""

from __future__ import annotations

from datetime import date

from monitor.domain.klachten import Klacht, rij, te_verbergen, tellingen

PEIL = date(2026, 6, 30)
NUL = {"gegrond": 0, "deels-gegrond": 0, "ongegrond": 0, "ingetrokken": 0,
       "niet-in-behandeling": 0}


def waarden(ontvangen: int, afgehandeld: int, tijdig: int, verstreken: int,
            **uitkomsten: int) -> dict[str, int]:
    """A row's counts, the unshown parts (late, open within the term) derived."""
    open_ = ontvangen - afgehandeld
    uit = {**NUL, **{k.replace("_", "-"): v for k, v in uitkomsten.items()}}
    assert sum(uit.values()) == afgehandeld
    return {"ontvangen": ontvangen, "afgehandeld": afgehandeld, "tijdig": tijdig,
            "laat": afgehandeld - tijdig, "open": open_, "open_termijn_verstreken": verstreken,
            "open_binnen_termijn": open_ - verstreken, **uit}


def test_counts_on_the_peildatum() -> None:
    a = ("aanbieder", "75750102")
    klachten = [
        Klacht(*a, date(2026, 4, 28), date(2026, 4, 20), "gegrond", True),
        Klacht(*a, date(2026, 4, 28), date(2026, 5, 4), "ongegrond", False),
        Klacht(*a, date(2026, 5, 26), None),  # open, past its term
        Klacht(*a, date(2026, 6, 30), None),  # open, its last day is the peildatum
        Klacht(*a, date(2026, 5, 26), date(2026, 7, 1), "ingetrokken", True),  # handled later
        Klacht("gemeente", "0344", date(2026, 5, 6), date(2026, 5, 6), "niet-in-behandeling",
               False),
    ]
    got = tellingen(klachten, PEIL)
    assert list(got) == [("aanbieder", "75750102"), ("gemeente", "0344")]
    assert got[a] == waarden(5, 2, 1, 2, gegrond=1, ongegrond=1)
    assert got[("gemeente", "0344")] == waarden(1, 1, 0, 0, niet_in_behandeling=1)


def test_small_counts_and_what_would_give_them_away_are_hidden() -> None:
    # 20 received: 14 handled (10 on time, 4 late: hidden, so "on time" goes), 6 open (5 past
    # the term, 1 within: hidden, so "past the term" goes), outcomes 5 / 6 / 3 (3 hidden, so
    # the smallest shown, gegrond 5, goes)
    w = waarden(20, 14, 10, 5, gegrond=5, ongegrond=6, ingetrokken=3)
    assert te_verbergen(w) - {"laat", "open_binnen_termijn"} == {
        "tijdig", "open_termijn_verstreken", "gegrond", "ingetrokken"}
    r = rij("aanbieder", "75750102", w, onderdrukken=True)
    assert (r["ontvangen"], r["afgehandeld"], r["tijdig"], r["aandeelTijdig"], r["open"],
            r["openTermijnVerstreken"]) == (20, 14, None, None, 6, None)
    assert r["uitkomsten"] == {"gegrond": None, "deelsGegrond": 0, "ongegrond": 6,
                               "ingetrokken": None, "nietInBehandeling": 0}
    assert r["onderdrukt"] is True
    exact = rij("aanbieder", "75750102", w, onderdrukken=False)
    assert (exact["tijdig"], exact["aandeelTijdig"], exact["uitkomsten"]["ingetrokken"]) == (
        10, 71.4, 3)
    assert exact["onderdrukt"] is False


def test_hidden_parts_that_add_up_to_five_or_more_may_stay_hidden_together() -> None:
    # open 7: 3 past the term (hidden) and 4 within (not shown): 7 together, nothing goes
    w = waarden(12, 5, 5, 3, ongegrond=5)
    assert te_verbergen(w) - {"laat", "open_binnen_termijn"} == {"open_termijn_verstreken"}


def test_a_part_or_else_the_total_goes_until_nothing_is_given_away() -> None:
    # handled 6, all on time; outcomes 2 gegrond, 4 ongegrond: both hidden, but together 6 ≥ 5:
    # they stay hidden and the total stays shown
    assert te_verbergen(waarden(6, 6, 6, 0, gegrond=2, ongegrond=4)) - {
        "laat", "open_binnen_termijn"} == {"gegrond", "ongegrond"}
    # received 7 = handled 5 + open 2 would give the open count away; hiding "handled" does
    # not help (its outcomes, 5 ongegrond, tell it), so the total "received" goes
    assert te_verbergen(waarden(7, 5, 5, 2, ongegrond=5)) - {
        "laat", "open_binnen_termijn"} == {"open", "open_termijn_verstreken", "ontvangen"}


def test_a_row_of_one_to_four_shows_only_its_zeros() -> None:
    r = rij("buurtteam", "overvecht", waarden(3, 2, 2, 0, gegrond=1, ongegrond=1), True)
    assert [r[k] for k in ("ontvangen", "afgehandeld", "tijdig", "open",
                           "openTermijnVerstreken")] == [None, None, None, None, 0]
    assert r["uitkomsten"] == {"gegrond": None, "deelsGegrond": 0, "ongegrond": None,
                               "ingetrokken": 0, "nietInBehandeling": 0}
