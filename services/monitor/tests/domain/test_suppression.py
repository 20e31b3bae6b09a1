"""Small-number suppression: the one pure function every public figure goes through."""

from monitor.domain.suppression import is_small, label, suppress_cell, suppress_count


def test_counts_of_one_to_four_are_hidden_zero_and_five_stay() -> None:
    assert [suppress_count(n) for n in (0, 1, 4, 5, 120)] == [0, None, None, 5, 120]
    assert suppress_count(None) is None
    assert not is_small(0) and is_small(1) and is_small(4) and not is_small(5)


def test_a_figure_derived_from_a_hidden_count_is_withheld() -> None:
    cell = {"periode": "2022", "groep": "West", "aantal": 3, "teller": 2, "waarde": 66.7}
    assert suppress_cell(cell) == {"periode": "2022", "groep": "West", "aantal": None,
                                   "teller": None, "waarde": None}
    big_but_small_part = {"aantal": 40, "teller": 3, "waarde": 7.5}
    assert suppress_cell(big_but_small_part) == {"aantal": 40, "teller": None, "waarde": None}


def test_a_small_complement_would_give_the_hidden_part_away() -> None:
    assert suppress_cell({"aantal": 40, "teller": 38, "waarde": 95.0}) == {
        "aantal": 40, "teller": None, "waarde": None}


def test_large_cells_pass_unchanged_and_labels_read_dutch() -> None:
    cell = {"aantal": 1200, "teller": 900, "waarde": 75.0, "groep": "Zuid"}
    assert suppress_cell(cell) == cell
    assert suppress_cell({"aantal": 0, "teller": None, "waarde": None})["aantal"] == 0
    assert label(None) == "<5" and label(12213) == "12.213"
