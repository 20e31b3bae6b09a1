"""Matching and wachtlijst arithmetic: pure domain logic, no database."""

from __future__ import annotations

from datetime import date

from opvang.domain.matching import Plek, PlekIndex, Wachtende, past, toewijzingsronde
from opvang.domain.wachtlijst import Wachtperiode, maandgemiddelden, prioriteit, wachttijd

BV = "beschermd-verblijf"


def plek(id: str, gemeente: str = "0344", cap: int = 2, bezet: int = 0, **kw: object) -> Plek:
    return Plek(id=id, vorm=kw.pop("vorm", BV), gemeente=gemeente,
                bovenregionaal=bool(kw.pop("bovenregionaal", False)), capaciteit=cap,
                bezet=bezet, **kw)


def client(id: str = "c1", gemeente: str | None = "0356", **kw: object) -> Wachtende:
    return Wachtende(id=id, vorm=BV, gemeente=gemeente,
                     verwezen_op=kw.pop("verwezen_op", date(2026, 1, 1)),
                     **kw)


def test_constraints_decide_whether_a_place_fits() -> None:
    assert past(plek("a"), client())
    assert not past(plek("a", bezet=2), client()), "full"
    assert not past(plek("a", vorm="living-lab"), client()), "other form"
    assert not past(plek("a", min_leeftijd=18, max_leeftijd=27), client(leeftijd=40))
    assert past(plek("a", min_leeftijd=18, max_leeftijd=27), client(leeftijd=20))
    assert not past(plek("a", geslacht="vrouw"), client(geslacht="man"))
    assert not past(plek("a", specialismen=frozenset({"lvb"})),
                    client(specialismen=frozenset({"verslaving"})))
    assert not past(plek("a", bovenregionaal=True), client()), "outside region: exception only"
    assert past(plek("a", bovenregionaal=True), client(bovenregionaal_toegestaan=True))


def test_proposal_ranks_own_municipality_then_spread_then_bovenregionaal() -> None:
    index = PlekIndex([
        plek("utrecht-vol", "0344", cap=10, bezet=9),
        plek("zeist-leeg", "0355", cap=10, bezet=1),
        plek("nieuwegein", "0356", cap=10, bezet=9),
        plek("elders", "0363", cap=10, bezet=0, bovenregionaal=True),
    ])
    ranked = [v.plek.id for v in index.voorstel(client(bovenregionaal_toegestaan=True))]
    assert ranked == ["nieuwegein", "zeist-leeg", "utrecht-vol", "elders"]
    assert [v.plek.id for v in index.voorstel(client())] == [
        "nieuwegein", "zeist-leeg", "utrecht-vol"]
    assert index.beste(client()) is not None and index.beste(client()).id == "nieuwegein"
    assert index.beste(client(gemeente="0363")).id == "zeist-leeg"


def test_allocation_round_by_priority_then_wait_never_overfills() -> None:
    plekken = [plek("a", "0344", cap=1), plek("b", "0355", cap=1)]
    wachtenden = [
        client("lang", verwezen_op=date(2025, 6, 1)),
        client("crisis", verwezen_op=date(2026, 3, 1), prioriteit=0),
        client("kort", verwezen_op=date(2026, 2, 1)),
    ]
    toegewezen = toewijzingsronde(wachtenden, plekken)
    assert [c for c, _ in toegewezen] == ["crisis", "lang"]
    assert all(p.bezet <= p.capaciteit for p in plekken)


def test_allocation_round_matches_the_best_single_proposal() -> None:
    plekken = [plek(f"p{i}", ["0344", "0355", "0356"][i % 3], cap=1 + i % 2) for i in range(9)]
    wachtenden = [client(f"c{i}", gemeente=["0344", "0356", None][i % 3],
                         verwezen_op=date(2026, 1, 1 + i)) for i in range(20)]
    index = PlekIndex([Plek(**{s: getattr(p, s) for s in Plek.__slots__}) for p in plekken])
    expected = []
    for w in sorted(wachtenden, key=lambda w: w.verwezen_op):
        voorstel = index.voorstel(w)
        if voorstel:
            expected.append((w.id, voorstel[0].plek.id))
            index.neem(index.plekken[voorstel[0].plek.id])
    assert toewijzingsronde(wachtenden, plekken) == expected
    assert len(expected) == sum(p.capaciteit for p in plekken)


def test_wait_against_the_norm_and_priority() -> None:
    assert prioriteit(crisis=True, urgent=True) == "crisis"
    assert prioriteit(crisis=False, urgent=True) == "urgent"
    w = wachttijd(BV, date(2026, 1, 1), date(2026, 4, 2))
    assert (w.wachtdagen, w.norm_dagen, w.over_norm) == (91, 91, False)
    assert wachttijd(BV, date(2026, 1, 1), date(2026, 4, 3)).over_norm
    assert wachttijd("living-lab", date(2026, 1, 1), date(2026, 1, 2)).over_norm, "norm 0"


def test_average_number_waiting_per_month() -> None:
    perioden = [
        Wachtperiode(BV, date(2025, 12, 1), None),  # waits the whole year so far
        Wachtperiode(BV, date(2026, 1, 17), date(2026, 2, 1)),  # half of January
        Wachtperiode("living-lab", date(2026, 2, 1), date(2026, 2, 15)),
    ]
    gem = maandgemiddelden(perioden, 2026, date(2026, 3, 10))
    assert gem[BV][0] == round(1 + 15 / 31, 2)
    assert gem[BV][1] == 1.0
    assert gem[BV][2] == 1.0 and gem[BV][3] is None
    assert gem["living-lab"][1] == 0.5
