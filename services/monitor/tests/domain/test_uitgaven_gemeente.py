"""The pure rules of the spend per municipality: the latest municipality an event named wins
whatever the order, and which municipalities' amounts a suppressed reader does not see."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from monitor.domain.uitgaven_gemeente import (
    Woongemeente,
    laatste,
    toegang_gemeente,
    verborgen,
)


def test_the_latest_event_wins_in_any_order_and_a_tie_goes_to_the_greater_id() -> None:
    jan, mrt = datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC)
    facts = [Woongemeente("p-1", "0344", jan, "e-9"), Woongemeente("p-1", "0355", mrt, "e-1"),
             Woongemeente("p-1", "0321", jan, "e-5"), Woongemeente("p-2", "0321", mrt, "e-2"),
             Woongemeente("p-2", "0312", mrt, "e-3")]
    for order in itertools.permutations(facts):
        found = {f.client_id: f.gemeente for f in laatste([*order, *order[:2]])}
        assert found == {"p-1": "0355", "p-2": "0312"}


def test_toegang_names_a_municipality_only_where_it_is_not_utrecht() -> None:
    assert toegang_gemeente(None) == "0344"
    assert toegang_gemeente("0355") == "0355"


def test_small_ones_are_withheld_with_the_smallest_others_until_they_hold_five() -> None:
    assert verborgen({"0355": 8, "0321": 12}) == set()
    assert verborgen({"0355": 8, "0321": 4, "0344": 20}) == {"0321", "0355"}
    # 2 + 2: the smallest other with clients (5, not the one without any) goes too
    assert verborgen({"0355": 8, "0321": 2, "onbekend": 2, "0344": 5, "0312": 0}) == {
        "0321", "onbekend", "0344"}
    # small ones that hold 5 together need no other
    assert verborgen({"0355": 8, "0321": 3, "0312": 2}) == {"0321", "0312"}
    # none left to withhold with it: all that have clients go
    assert verborgen({"0321": 3, "0312": 0}) == {"0321"}
