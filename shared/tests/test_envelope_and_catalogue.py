"""CloudEvents binary mode and the event catalogue (pure, no I/O)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from pydantic import ValidationError
from wmokernel.asyncapi import asyncapi_document
from wmokernel.catalogue import (
    CATALOGUE,
    Kanaal,
    MeldingOntvangen,
    UnknownEventType,
    json_schemas,
    parse_payload,
)
from wmokernel.wire.envelope import CloudEvent, EnvelopeError


def melding() -> MeldingOntvangen:
    return MeldingOntvangen(
        melding_id=uuid.uuid4(), client_id="p-" + "0" * 32, kanaal=Kanaal.WMO_LOKET,
        gemeld_op=date(2026, 12, 31), eerste_contact_uiterlijk=date(2027, 1, 8),
        onderzoek_uiterlijk=date(2027, 2, 11),
    )


def test_binary_mode_round_trip() -> None:
    payload = melding()
    event = payload.to_cloudevent("/wmo/toegang")
    headers = dict(event.to_headers())
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_type"] == b"nl.utrecht.wmo.toegang.melding-ontvangen"
    assert headers["ce_subject"] == str(payload.melding_id).encode()
    assert headers["content-type"] == b"application/json"
    assert json.loads(event.body())["meldingId"] == str(payload.melding_id)
    back = CloudEvent.from_record(event.to_headers(), event.body())
    assert back.id == event.id and back.time == event.time
    assert parse_payload(back) == payload


@pytest.mark.parametrize("headers,body", [
    ([], b"{}"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"/x")], b"{}"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"/x"), ("ce_type", b"t")],
     b"[1, 2]"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"/x"), ("ce_type", b"t")],
     b"\xff not json"),
])
def test_records_that_are_not_cloudevents_are_refused(headers: list, body: bytes) -> None:
    with pytest.raises(EnvelopeError):
        CloudEvent.from_record(headers, body)


def test_unknown_types_and_invalid_payloads_are_refused() -> None:
    with pytest.raises(UnknownEventType):
        parse_payload(CloudEvent(type="nl.example.iets", source="/x", subject="s", data={}))
    bad = melding().to_cloudevent("/x")
    with pytest.raises(ValidationError):
        parse_payload(CloudEvent(type=bad.type, source="/x", subject="s",
                                 data={**bad.data, "kanaal": "fax"}))


def test_a_bsn_can_never_be_the_client_id_of_an_event() -> None:
    with pytest.raises(ValidationError):
        MeldingOntvangen.model_validate({**melding().dump(), "clientId": "111222333"})


# A payment batch is about a provider and its total, not about one resident.
ABOUT_NO_RESIDENT = {"nl.utrecht.wmo.indicatie.betaalbatch-aangemaakt",
                     "nl.utrecht.wmo.indicatie.betaalbatch-betaald",
                     # klachten are counted per organisation; the klager stays in indicatie
                     "nl.utrecht.wmo.indicatie.klacht-ontvangen",
                     "nl.utrecht.wmo.indicatie.klacht-verdaagd",
                     "nl.utrecht.wmo.indicatie.klacht-afgehandeld"}


def test_no_catalogue_schema_has_a_field_for_personal_data() -> None:
    forbidden = {"bsn", "naam", "name", "adres", "address", "geboortedatum", "postcode"}
    for event_type, schema in json_schemas().items():
        fields = {f.lower() for f in schema["properties"]}
        assert not fields & forbidden, event_type
        if event_type in ABOUT_NO_RESIDENT:
            assert "clientId" not in schema["properties"], event_type
            continue
        assert schema["properties"]["clientId"]["pattern"] == "^p-[0-9a-f]{32}$"


def test_asyncapi_document_lists_every_event_on_its_topic() -> None:
    doc = asyncapi_document()
    assert doc["asyncapi"].startswith("3.")
    messages = doc["components"]["messages"]
    assert {m["name"] for m in messages.values()} == set(CATALOGUE)
    addresses = {c["address"] for c in doc["channels"].values()}
    assert addresses == {m.topic for m in CATALOGUE.values()}
    for operation in doc["operations"].values():
        assert operation["action"] == "send"
