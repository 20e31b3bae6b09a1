"""Verdaging, hoorzitting and the beroepstermijn on calendar edge cases (pure, no I/O). Every
date is counted by hand from the statute: Awb 7:10 lid 3 (verdaging by at most 6 weeks, once),
Awb 6:7/6:8 (beroep within 6 weeks from the day after the besluit op bezwaar was sent), and
art. 1 Algemene termijnenwet (a term ending on a Saturday, Sunday or feestdag of art. 3 -
5 May every year included - runs on to the next day that is none of these)."""

from __future__ import annotations

from datetime import date

import pytest
from indicatie.domain.bezwaar_beroep import (
    AfzienVanHoren,
    ProcedureFout,
    beroep_mogelijk,
    beroep_tijdig,
    beroep_uiterlijk,
    nieuwe_beschikking_nodig,
    toets_horen,
    verdaag,
)
from wmokernel.events.indicatie import BeroepUitspraak, BezwaarUitkomst, VerdagingSoort


@pytest.mark.parametrize(("verzonden_op", "uiterlijk"), [
    # Tuesday 3 Nov 2026 + 42 days = Tuesday 15 December: a plain werkdag
    (date(2026, 11, 3), date(2026, 12, 15)),
    # sent on Saturday 7 Nov 2026: + 42 days = Saturday 19 December → Monday 21 December
    (date(2026, 11, 7), date(2026, 12, 21)),
    # Tuesday 16 March 2027: + 42 days = Tuesday 27 April, Koningsdag → Wednesday 28 April
    (date(2027, 3, 16), date(2027, 4, 28)),
    # Wednesday 24 March 2027: + 42 days = Wednesday 5 May (Bevrijdingsdag, a feestdag of the
    # Algemene termijnenwet every year), Thursday 6 May is Hemelvaartsdag → Friday 7 May
    (date(2027, 3, 24), date(2027, 5, 7)),
    # Friday 13 Nov 2026: + 42 days = Friday 25 December; 26 December (Saturday, Tweede
    # Kerstdag) and Sunday 27 December → Monday 28 December
    (date(2026, 11, 13), date(2026, 12, 28)),
    # Friday 20 Nov 2026: + 42 days = Friday 1 January 2027, Nieuwjaarsdag → Monday 4 January
    (date(2026, 11, 20), date(2027, 1, 4)),
    # Thursday 3 Dec 2026: across the new year, + 42 days = Thursday 14 January 2027
    (date(2026, 12, 3), date(2027, 1, 14)),
])
def test_beroepstermijn(verzonden_op: date, uiterlijk: date) -> None:
    assert beroep_uiterlijk(verzonden_op) == uiterlijk


def test_a_beroep_on_the_last_day_is_in_time_and_one_day_later_is_late() -> None:
    assert beroep_tijdig(date(2026, 11, 13), date(2026, 12, 28))
    assert not beroep_tijdig(date(2026, 11, 13), date(2026, 12, 29))


@pytest.mark.parametrize(("uiterlijk", "weken", "nieuw"), [
    # Tuesday 9 June 2026 + 6 weeks = Tuesday 21 July 2026
    (date(2026, 6, 9), 6, date(2026, 7, 21)),
    # Friday 13 Nov 2026 + 6 weeks = Christmas, then Saturday and Sunday → Monday 28 December
    (date(2026, 11, 13), 6, date(2026, 12, 28)),
    # Tuesday 16 March 2027 + 6 weeks = Koningsdag 27 April 2027 → Wednesday 28 April
    (date(2027, 3, 16), 6, date(2027, 4, 28)),
    # Wednesday 24 March 2027 + 6 weeks = 5 May, then Hemelvaartsdag → Friday 7 May 2027
    (date(2027, 3, 24), 6, date(2027, 5, 7)),
    # Friday 27 Nov 2026 + 5 weeks = Friday 1 January 2027 → Monday 4 January
    (date(2026, 11, 27), 5, date(2027, 1, 4)),
    # Tuesday 1 Dec 2026 + 1 week = Tuesday 8 December
    (date(2026, 12, 1), 1, date(2026, 12, 8)),
])
def test_verdaging_by_at_most_six_weeks(uiterlijk: date, weken: int, nieuw: date) -> None:
    v = verdaag(uiterlijk, weken, verzonden_op=uiterlijk, met_instemming=False,
                al_verdaagd=False)
    assert (v.soort, v.oude_uiterlijk, v.nieuwe_uiterlijk) == (
        VerdagingSoort.VERDAGING, uiterlijk, nieuw)


def test_verdaging_once_and_at_most_six_weeks_without_consent() -> None:
    with pytest.raises(ProcedureFout, match=r"Awb 7:10 lid 3.*only once"):
        verdaag(date(2026, 7, 21), 2, date(2026, 7, 1), met_instemming=False, al_verdaagd=True)
    with pytest.raises(ProcedureFout, match=r"Awb 7:10 lid 3.*at most 6 weeks"):
        verdaag(date(2026, 6, 9), 7, date(2026, 6, 1), met_instemming=False, al_verdaagd=False)


def test_further_postponement_with_consent_is_not_bounded_to_six_weeks() -> None:
    # Awb 7:10 lid 4: Tuesday 21 July 2026 + 8 weeks = Tuesday 15 September 2026
    v = verdaag(date(2026, 7, 21), 8, date(2026, 7, 10), met_instemming=True, al_verdaagd=True)
    assert (v.soort, v.nieuwe_uiterlijk) == (VerdagingSoort.UITSTEL_MET_INSTEMMING,
                                              date(2026, 9, 15))


def test_the_notice_of_postponement_is_sent_before_the_term_ends() -> None:
    with pytest.raises(ProcedureFout, match="before the term ends"):
        verdaag(date(2026, 6, 9), 6, date(2026, 6, 10), met_instemming=False,
                al_verdaagd=False)
    with pytest.raises(ProcedureFout, match="before the term ends"):
        verdaag(date(2026, 6, 9), 2, date(2026, 6, 10), met_instemming=True, al_verdaagd=True)


def test_a_bezwaar_is_decided_after_a_hearing_or_a_ground_to_waive_it() -> None:
    with pytest.raises(ProcedureFout, match="Awb 7:2"):
        toets_horen(BezwaarUitkomst.ONGEGROND, None, None)
    with pytest.raises(ProcedureFout, match="Awb 7:2"):
        toets_horen(BezwaarUitkomst.DEELS_GEGROND, None, None)
    toets_horen(BezwaarUitkomst.ONGEGROND, date(2026, 11, 24), None)
    toets_horen(BezwaarUitkomst.ONGEGROND, None, AfzienVanHoren.INDIENER_ZIET_AF)
    toets_horen(BezwaarUitkomst.NIET_ONTVANKELIJK, None,
                AfzienVanHoren.KENNELIJK_NIET_ONTVANKELIJK)
    # fully granted (Awb 7:3 sub e) or withdrawn: no hearing needed
    toets_horen(BezwaarUitkomst.GEGROND, None, None)
    toets_horen(BezwaarUitkomst.INGETROKKEN, None, None)


def test_a_waiver_on_the_merits_fits_only_the_outcome_it_foresaw() -> None:
    with pytest.raises(ProcedureFout, match="Awb 7:3"):
        toets_horen(BezwaarUitkomst.GEGROND, None, AfzienVanHoren.KENNELIJK_ONGEGROND)
    with pytest.raises(ProcedureFout, match="Awb 7:3"):
        toets_horen(BezwaarUitkomst.DEELS_GEGROND, None,
                    AfzienVanHoren.VOLLEDIG_TEGEMOETGEKOMEN)


def test_what_follows_a_beroep() -> None:
    assert not beroep_mogelijk(BezwaarUitkomst.INGETROKKEN)
    assert beroep_mogelijk(BezwaarUitkomst.ONGEGROND)
    assert nieuwe_beschikking_nodig(BeroepUitspraak.GEGROND)
    assert not any(nieuwe_beschikking_nodig(u) for u in (
        BeroepUitspraak.ONGEGROND, BeroepUitspraak.NIET_ONTVANKELIJK,
        BeroepUitspraak.INGETROKKEN))
