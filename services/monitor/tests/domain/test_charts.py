"""The dashboard's SVG charts: axis ticks (whole numbers on a count axis), every axis titled
with its unit, Dutch numbers with a non-breaking space before a unit."""

from __future__ import annotations

import itertools
import re

import pytest
from monitor.domain.charts import NBSP, bar_chart, getal, line_chart, nice_ticks, procent


@pytest.mark.parametrize("vmax", [1, 2, 3, 5, 7, 9, 10, 11, 13, 23, 99, 101, 1234, 0, 0.4])
def test_count_axis_ticks_are_whole_cover_the_data_and_rise_evenly(vmax: float) -> None:
    ticks = nice_ticks(vmax, whole=True)
    assert all(float(t).is_integer() for t in ticks), ticks
    assert ticks[0] == 0 and ticks[-1] >= vmax and 2 <= len(ticks) <= 9
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() >= 1


def test_a_small_count_axis_does_not_step_by_halves() -> None:
    assert nice_ticks(5, whole=True) == [0, 2, 4, 6]
    assert nice_ticks(10, whole=False) == [0, 2.5, 5, 7.5, 10]
    assert nice_ticks(10, whole=True) == [0, 5, 10]
    assert nice_ticks(3, whole=True) == [0, 1, 2, 3]


def test_share_and_amount_axes() -> None:
    assert nice_ticks(100) == [0, 25, 50, 75, 100]
    assert nice_ticks(0.9)[-1] >= 0.9 and any(not float(t).is_integer() for t in nice_ticks(0.9))


def test_numbers_read_the_dutch_way_and_a_unit_never_wraps() -> None:
    assert getal(1234.5) == "1.234,5" and getal(12.0) == "12" and getal(3, 1) == "3,0"
    assert procent(100, 0) == f"100{NBSP}%" and " " not in procent(85.25)


def _axes(svg: str) -> dict[str, tuple[str, str, list[str]]]:
    """Axis (x/y) → (whether whole, its title, its tick labels)."""
    out = {}
    for which, whole, body in re.findall(
            r'<g class="as" data-as="(\w)" data-geheel="(\w+)">(.*?)</g>', svg):
        title = re.search(r'class="as-titel"[^>]*>([^<]+)<', body)
        assert title, body
        out[which] = (whole, title.group(1), re.findall(r'class="tick"[^>]*>([^<]+)<', body))
    return out


def test_line_chart_has_both_axes_titled_and_whole_ticks_for_counts() -> None:
    svg = str(line_chart("g", "t", "d", ["jan", "feb", "mrt"],
                         [("Bezette plekken", [3, 5, None]), ("Wachtenden", [1, 0, 2])],
                         y_title="aantal (plekken, personen)", y_whole=True))
    axes = _axes(svg)
    assert axes["y"][:2] == ("ja", "aantal (plekken, personen)")
    assert axes["y"][2] == ["0", "2", "4", "6"]
    assert axes["x"][:2] == ("nee", "maand") and axes["x"][2] == ["jan", "feb", "mrt"]


def test_share_chart_runs_to_100_percent_with_its_unit() -> None:
    svg = str(line_chart("g", "t", "d", ["jan"], [("a", [40.0])],
                         y_title="Aandeel binnen de norm (%)", y_whole=False, y_max=100,
                         norm=100, norm_label=f"100{NBSP}%"))
    assert _axes(svg)["y"][1:] == ("Aandeel binnen de norm (%)",
                                   ["0", "25", "50", "75", "100"])


def test_bar_chart_value_axis_carries_the_unit_and_hidden_values_read_lt5() -> None:
    svg = str(bar_chart("g", "t", "d", ["Melding", "Aanvraag"], [("Aantal", [7, None])],
                        value_title="aantal", value_whole=True, label_title="Stap"))
    axes = _axes(svg)
    assert axes["x"][:2] == ("ja", "aantal") and axes["x"][2] == ["0", "2", "4", "6", "8"]
    assert axes["y"][1:] == ("Stap", ["Melding", "Aanvraag"])
    assert "&lt;5" in svg
    money = _axes(str(bar_chart("g", "t", "d", ["I"], [("Begroting", [1234.5])],
                                value_title="bedrag (× €1.000)", value_whole=False,
                                label_title="Doelstelling", missing="–")))
    assert money["x"][1] == "bedrag (× €1.000)" and money["x"][2][-1] == "1.500"
