"""JSON on the wire is read as it is written: a date as YYYY-MM-DD, a number as a number
(pydantic would read a number as a Unix time and true as 1; schemathesis found both)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from wmokernel.wire.apimodel import CamelModel


class Wijziging(CamelModel):
    capaciteit: int
    aandeel: float | None = None
    ingangsdatum: date | None = None


@pytest.mark.parametrize("body", [
    {"capaciteit": False}, {"capaciteit": True}, {"capaciteit": 3, "aandeel": True},
    {"capaciteit": 3, "ingangsdatum": 1733356800}, {"capaciteit": 3, "ingangsdatum": "5-12-2026"},
])
def test_booleans_for_numbers_and_numbers_for_dates_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Wijziging.model_validate(body)


def test_numbers_and_dates_as_written_are_read() -> None:
    w = Wijziging.model_validate({"capaciteit": 0, "aandeel": 0.5, "ingangsdatum": "2026-12-05"})
    assert (w.capaciteit, w.aandeel, w.ingangsdatum) == (0, 0.5, date(2026, 12, 5))
    assert Wijziging.model_validate({"capaciteit": 3, "aandeel": None}).aandeel is None
