"""The event catalogue: one pydantic model per event type, the only payloads allowed on the bus.

Each producing service's events live in ``wmokernel.events.<service>``; this module gathers them.
Payloads carry the pseudonymous client id, never a BSN, name or address.
"""

from __future__ import annotations

from typing import Any

from .events import indicatie, iwmo, opvang, toegang
from .events.base import (
    DOMAIN_TOPICS,
    TOPIC_INDICATIE,
    TOPIC_OPVANG,
    TOPIC_TOEGANG,
    ClientId,
    EventPayload,
)
from .events.indicatie import AanvraagOntvangen, BeschikkingAfgegeven, Besluit
from .events.toegang import Kanaal, MeldingOntvangen, VerwijzingGedaan
from .wire.envelope import CloudEvent

__all__ = [
    "CATALOGUE", "DOMAIN_TOPICS", "TOPIC_INDICATIE", "TOPIC_OPVANG", "TOPIC_TOEGANG",
    "AanvraagOntvangen", "BeschikkingAfgegeven", "Besluit", "ClientId", "EventPayload",
    "Kanaal", "MeldingOntvangen", "UnknownEventType", "VerwijzingGedaan", "json_schemas",
    "parse_payload",
]

CATALOGUE: dict[str, type[EventPayload]] = {
    m.event_type: m for module in (toegang, indicatie, iwmo, opvang) for m in module.EVENTS
}


class UnknownEventType(ValueError):
    pass


def parse_payload(event: CloudEvent) -> EventPayload:
    """Validate a CloudEvent's data against its catalogue model (raises on unknown or invalid)."""
    model = CATALOGUE.get(event.type)
    if model is None:
        raise UnknownEventType(f"event type {event.type!r} is not in the catalogue")
    return model.model_validate(event.data)


def json_schemas() -> dict[str, dict[str, Any]]:
    return {t: m.model_json_schema(by_alias=True) for t, m in CATALOGUE.items()}
