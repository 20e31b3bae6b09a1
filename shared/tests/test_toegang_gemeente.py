"""The optional municipality of residence on toegang's melding events (pure, no I/O): a U16
municipality's resident carries its CBS code, an Utrecht resident (and every event of the
older shape) none."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import ValidationError
from wmokernel.catalogue import Kanaal, MeldingOntvangen, parse_payload
from wmokernel.events.toegang import EersteContactGelegd
from wmokernel.wire.envelope import CloudEvent


def melding(**extra: object) -> MeldingOntvangen:
    return MeldingOntvangen(
        melding_id=uuid.uuid4(), client_id="p-" + "0" * 32, kanaal=Kanaal.REGIONALE_TOEGANG,
        gemeld_op=date(2026, 3, 2), eerste_contact_uiterlijk=date(2026, 3, 9),
        onderzoek_uiterlijk=date(2026, 4, 13), **extra)


def test_a_u16_residents_melding_carries_its_municipality_over_the_wire() -> None:
    event = melding(gemeente="0355").to_cloudevent("/wmo/toegang")
    back = CloudEvent.from_record(event.to_headers(), event.body())
    payload = parse_payload(back)
    assert isinstance(payload, MeldingOntvangen)
    assert payload.gemeente == "0355"


def test_an_event_of_the_older_shape_without_gemeente_is_utrechts() -> None:
    body = melding().dump()
    del body["gemeente"]
    assert MeldingOntvangen.model_validate(body).gemeente is None
    contact = EersteContactGelegd.model_validate({
        "meldingId": str(uuid.uuid4()), "clientId": "p-" + "1" * 32,
        "contactOp": "2026-03-03", "eersteContactUiterlijk": "2026-03-09", "werkdagen": 1,
        "binnenNorm": True})
    assert contact.gemeente is None


@pytest.mark.parametrize("bad", ["355", "Zeist", "03551", ""])
def test_the_municipality_is_a_four_digit_cbs_code(bad: str) -> None:
    with pytest.raises(ValidationError):
        melding(gemeente=bad)
