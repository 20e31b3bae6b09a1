"""Retention terms: when a record's term is over, counted by hand from Wmo 2015 art. 5.3.4
(15 years); the overrides an installation sets; rules that cannot work are refused."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from wmokernel.bewaartermijnen import Bewaarregel, Termijn, termijnen


def test_fifteen_years_from_the_start_the_record_is_kept_through_the_last_day() -> None:
    vijftien = Termijn(jaren=15)
    # A dossier closed on 1 March 2024: its term's last day is 1 March 2039. On that day a
    # record that started on 1 March 2024 is still kept; on 2 March 2039 it has expired.
    assert vijftien.grens(date(2039, 3, 1)) == date(2024, 3, 1)
    assert not date(2024, 3, 1) < vijftien.grens(date(2039, 3, 1))
    assert date(2024, 3, 1) < vijftien.grens(date(2039, 3, 2))


def test_a_day_the_month_lacks_becomes_its_last_day() -> None:
    # 29 February 2024 + 1 year: 28 February 2025 is the last day.
    jaar = Termijn(jaren=1)
    assert jaar.grens(date(2025, 2, 28)) == date(2024, 2, 28)
    assert not date(2024, 2, 29) < jaar.grens(date(2025, 2, 28))
    assert date(2024, 2, 29) < jaar.grens(date(2025, 3, 1))
    # 31 August minus 6 months: 29 February in a leap year.
    assert Termijn(maanden=6).grens(date(2024, 8, 31)) == date(2024, 2, 29)


def test_weeks_and_days_count_as_calendar_days() -> None:
    # 6 weeks back from Friday 12 April 2024 is Friday 1 March (no termijnenwet shift).
    assert Termijn(weken=6).grens(date(2024, 4, 12)) == date(2024, 3, 1)
    assert Termijn(jaren=1, dagen=1).grens(date(2025, 3, 2)) == date(2024, 3, 1)


@pytest.mark.parametrize(("text", "term"), [
    ("P15Y", Termijn(jaren=15)), ("p6w", Termijn(weken=6)), ("P1Y6M", Termijn(1, 6)),
    ("P30D", Termijn(dagen=30)), (" P7Y ", Termijn(jaren=7)),
])
def test_terms_are_written_as_iso_8601_durations(text: str, term: Termijn) -> None:
    assert Termijn.parse(text) == term
    assert Termijn.parse(str(term)) == term


@pytest.mark.parametrize("text", ["15", "P", "15Y", "P-1Y", "PT5H", "P1.5Y", ""])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        Termijn.parse(text)


metadata = sa.MetaData()
dossiers = sa.Table("dossiers", metadata, sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("client_id", sa.Text), sa.Column("gesloten_op", sa.Date))
stukken = sa.Table("stukken", metadata, sa.Column("id", sa.Integer, primary_key=True),
                   sa.Column("dossier_id", sa.ForeignKey("dossiers.id")))
los = sa.Table("los", metadata, sa.Column("id", sa.Integer, primary_key=True))


def test_an_installation_overrides_a_term_per_record_type() -> None:
    regel = Bewaarregel("dossiers", dossiers, dossiers.c.gesloten_op, Termijn(jaren=15), "test")
    # The logboek is every service's record type too (Wmo 2015 art. 5.3.4's 15 years).
    assert termijnen([regel]) == {"dossiers": Termijn(jaren=15), "logboek": Termijn(jaren=15)}
    assert termijnen([regel], {"dossiers": "P20Y", "meldingen": "P1Y", "logboek": "P7Y"}) == {
        "dossiers": Termijn(jaren=20), "logboek": Termijn(jaren=7)}, (
        "another service's record type is not this one's")
    with pytest.raises(ValueError, match="ISO 8601"):
        termijnen([regel], {"meldingen": "twintig jaar"})


def test_a_part_must_hang_from_the_record() -> None:
    Bewaarregel("dossiers", dossiers, dossiers.c.gesloten_op, Termijn(jaren=15), "test",
                onderdelen=(stukken,))
    with pytest.raises(ValueError, match="no foreign key"):
        Bewaarregel("dossiers", dossiers, dossiers.c.gesloten_op, Termijn(jaren=15), "test",
                    onderdelen=(los,))
