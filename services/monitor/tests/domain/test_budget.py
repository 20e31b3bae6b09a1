"""The budget view's rules per voorziening: categories roll up into doelstelling IV (01–14) or
V (15–18), realised and paid are exact cent sums, the forecast rests on realised spend once
there is any, and a suppressed reader does not see a category of few clients, nor one that
would give it away by subtraction."""

from __future__ import annotations

from datetime import date
from typing import Any

from monitor.domain.budget import Begroting, Uitgaven, doelstelling, overzicht, withheld

BEGROTING = [Begroting("I", "Meedoen", 27610), Begroting("IV", "Aanvullende zorg", 85500),
             Begroting("V", "Opvang en verblijf", 127594)]


def uitgaven(**kw: object) -> Uitgaven:
    base: dict[str, object] = dict(
        committed={"01": 2_000_000.0, "02": 6_000_000.0, "15": 9_000_000.0},
        committed_to_date={"01": 1_000_000.0, "02": 3_000_000.0, "15": 4_500_000.0},
        realised={"01": 123_456, "02": -1_000, "11": 180_001, "15": 700_000},
        realised_to_date={"01": 100_000, "02": -1_000, "11": 180_001, "15": 350_000},
        paid={"01": 100_000, "15": 350_000},
        clienten={"01": 40, "02": 12, "11": 1, "15": 9})
    base.update(kw)
    return Uitgaven(**base)  # type: ignore[arg-type]


def regel(view: dict[str, Any], doel: str) -> dict[str, Any]:
    return next(r for r in view["regels"] if r["doelstelling"] == doel)


def test_categories_roll_up_into_iv_and_v() -> None:
    assert [doelstelling(c) for c in ("01", "11", "14", "15", "18", "00")] == [
        "IV", "IV", "IV", "V", "V", "IV"]


def test_realised_and_paid_are_exact_cent_sums_per_doelstelling_and_category() -> None:
    view = overzicht(2025, date(2025, 12, 31), BEGROTING, uitgaven(), None)
    iv, v = regel(view, "IV"), regel(view, "V")
    assert iv["gerealiseerdCents"] == 123_456 - 1_000 + 180_001
    assert iv["betaaldCents"] == 100_000 and v["betaaldCents"] == 350_000
    assert v["gerealiseerdCents"] == 700_000 and v["gerealiseerdK"] == 7.0
    assert iv["gecommitteerdK"] == 80.0 and v["gecommitteerdK"] == 90.0
    # I–III are algemene voorzieningen: nothing granted or declared per category
    assert regel(view, "I")["gerealiseerdK"] is None and regel(view, "I")["betaaldK"] is None
    per = {x["productcategorie"]: x for x in view["voorzieningen"]}
    assert list(per) == ["01", "02", "11", "15"]
    assert per["11"]["omschrijving"] == "Rolstoelen" and per["11"]["gecommitteerdK"] is None
    assert per["02"]["gerealiseerdCents"] == -1_000 and per["02"]["betaaldCents"] == 0
    assert per["15"]["doelstelling"] == "V" and per["15"]["omschrijving"] == "Beschermd wonen"


def test_a_doelstelling_without_categories_shows_nothing_rather_than_zero() -> None:
    u = uitgaven(committed={"01": 1.0}, realised={"01": 5}, paid={"01": 5},
                 clienten={"01": 9})
    v = regel(overzicht(2025, date(2025, 12, 31), BEGROTING, u, None), "V")
    assert (v["gecommitteerdK"], v["gerealiseerdCents"], v["betaaldCents"], v["prognoseK"]) == (
        None, None, None, None)


def test_forecast_extrapolates_realised_care_up_to_the_peildatum() -> None:
    peil = date(2025, 7, 2)  # day 183 of 365
    view = overzicht(2025, peil, BEGROTING, uitgaven(), None)
    assert view["prognoseBasis"] == "gerealiseerd"
    assert regel(view, "IV")["prognoseK"] == round((100_000 - 1_000 + 180_001) * 365 / 183
                                                   / 100_000, 1)
    without = overzicht(2025, peil, BEGROTING, uitgaven(realised=None, paid=None), None)
    assert without["prognoseBasis"] == "gecommitteerd"
    assert regel(without, "V")["prognoseK"] == round(4_500_000 * 365 / 183 / 100_000, 1)
    assert regel(without, "IV")["gerealiseerdK"] is None
    assert regel(without, "IV")["betaaldCents"] is None


def test_a_category_of_few_clients_is_withheld_with_the_next_smallest() -> None:
    # 11 has one client; alone it could be found as IV minus 01 and 02: 02 (12) goes too
    assert withheld({"01": 40, "02": 12, "11": 1, "15": 9}, ["01", "02", "11", "15"]) == (
        {"11", "02"}, set())
    view = overzicht(2025, date(2025, 12, 31), BEGROTING, uitgaven(), None, suppressed=True)
    per = {x["productcategorie"]: x for x in view["voorzieningen"]}
    assert per["11"]["clienten"] is None and per["11"]["gerealiseerdCents"] is None
    assert per["02"]["onderdrukt"] and per["02"]["clienten"] == 12
    assert per["01"]["gerealiseerdCents"] == 123_456 and not per["01"]["onderdrukt"]
    assert regel(view, "IV")["gerealiseerdCents"] == 123_456 - 1_000 + 180_001
    exact = overzicht(2025, date(2025, 12, 31), BEGROTING, uitgaven(), None)
    assert not any(x["onderdrukt"] for x in exact["voorzieningen"])


def test_a_doelstelling_of_only_few_clients_loses_its_totals() -> None:
    assert withheld({"15": 2, "16": 1, "01": 30}, ["01", "15", "16"]) == ({"15", "16"}, {"V"})
    u = uitgaven(committed={"15": 1.0e6, "01": 2.0e6}, committed_to_date={},
                 realised={"15": 5, "16": 7, "01": 11}, realised_to_date={}, paid=None,
                 clienten={"15": 2, "16": 1, "01": 30})
    view = overzicht(2025, date(2025, 12, 31), BEGROTING, u, None, suppressed=True)
    v = regel(view, "V")
    assert v["gerealiseerdCents"] is None and v["gecommitteerdK"] is None
    assert v["prognoseK"] is None
    assert regel(view, "IV")["gerealiseerdCents"] == 11, "IV keeps its totals"
    assert regel(overzicht(2025, date(2025, 12, 31), BEGROTING, u, None), "V")[
        "gerealiseerdCents"] == 12
