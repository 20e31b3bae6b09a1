"""CloudEvents 1.0 in Kafka binary content mode: ``ce_*`` headers, JSON body."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


class EnvelopeError(ValueError):
    """A Kafka record that is not a valid CloudEvent in binary mode."""


@dataclass(frozen=True)
class CloudEvent:
    type: str
    source: str
    subject: str
    data: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    extensions: dict[str, str] = field(default_factory=dict)

    def to_headers(self) -> list[tuple[str, bytes]]:
        headers = [
            ("ce_specversion", SPEC_VERSION.encode()),
            ("ce_id", self.id.encode()),
            ("ce_source", self.source.encode()),
            ("ce_type", self.type.encode()),
            ("ce_subject", self.subject.encode()),
            ("ce_time", self.time.isoformat().encode()),
            ("content-type", CONTENT_TYPE.encode()),
        ]
        headers += [(f"ce_{k}", v.encode()) for k, v in self.extensions.items()]
        return headers

    def body(self) -> bytes:
        return json.dumps(self.data, separators=(",", ":"), default=str).encode()

    @classmethod
    def from_record(cls, headers: Any, value: bytes | None) -> CloudEvent:
        attrs: dict[str, str] = {}
        for k, v in headers or ():
            if k.startswith("ce_") and v is not None:
                attrs[k[3:]] = v.decode("utf-8", errors="replace")
        if attrs.get("specversion") != SPEC_VERSION:
            raise EnvelopeError(f"not a CloudEvents {SPEC_VERSION} record (specversion missing)")
        for required in ("id", "source", "type"):
            if not attrs.get(required):
                raise EnvelopeError(f"CloudEvent attribute {required!r} missing")
        try:
            data = json.loads(value or b"null")
            time = datetime.fromisoformat(attrs["time"]) if "time" in attrs else datetime.now(UTC)
        except ValueError as exc:
            raise EnvelopeError(f"unreadable CloudEvent: {exc}") from exc
        if not isinstance(data, dict):
            raise EnvelopeError("CloudEvent data must be a JSON object")
        known = {"specversion", "id", "source", "type", "subject", "time"}
        return cls(
            type=attrs["type"],
            source=attrs["source"],
            subject=attrs.get("subject", ""),
            data=data,
            id=attrs["id"],
            time=time,
            extensions={k: v for k, v in attrs.items() if k not in known},
        )
