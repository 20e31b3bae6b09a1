"""Base of the event catalogue: payload base class, topics and shared value types."""

from __future__ import annotations

import uuid
from typing import Annotated, ClassVar

from pydantic import StringConstraints

from ..wire.apimodel import CamelModel
from ..wire.envelope import CloudEvent

ClientId = Annotated[str, StringConstraints(pattern=r"^p-[0-9a-f]{32}$")]

TOPIC_TOEGANG = "wmo.toegang.v1"
TOPIC_INDICATIE = "wmo.indicatie.v1"
TOPIC_OPVANG = "wmo.opvang.v1"
DOMAIN_TOPICS = (TOPIC_TOEGANG, TOPIC_INDICATIE, TOPIC_OPVANG)


class EventPayload(CamelModel):
    """Base of every catalogue entry; ``event_type`` is the CloudEvents ``type``."""

    event_type: ClassVar[str]
    topic: ClassVar[str]
    summary: ClassVar[str]

    def aggregate_id(self) -> str:
        raise NotImplementedError

    def to_cloudevent(self, source: str, event_id: str | None = None) -> CloudEvent:
        return CloudEvent(
            type=self.event_type,
            source=source,
            subject=self.aggregate_id(),
            data=self.dump(),
            id=event_id or str(uuid.uuid4()),
        )
