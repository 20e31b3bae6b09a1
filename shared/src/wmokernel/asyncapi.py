"""AsyncAPI 3 document generated from the event catalogue."""

from __future__ import annotations

from typing import Any

from .catalogue import CATALOGUE

CE_HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "format": "uuid"},
        "ce_source": {"type": "string"},
        "ce_type": {"type": "string"},
        "ce_subject": {"type": "string", "description": "aggregate id, also the Kafka key"},
        "ce_time": {"type": "string", "format": "date-time"},
        "content-type": {"type": "string", "const": "application/json"},
    },
}


def asyncapi_document(version: str = "1.0.0") -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type, model in CATALOGUE.items():
        name = model.__name__
        messages[name] = {
            "name": event_type,
            "title": name,
            "summary": model.summary,
            "contentType": "application/json",
            "headers": CE_HEADERS_SCHEMA,
            "payload": model.model_json_schema(by_alias=True),
            "bindings": {"kafka": {"key": {"type": "string", "description": "aggregate id"}}},
        }
        channel = channels.setdefault(
            model.topic.replace(".", "-"),
            {"address": model.topic, "messages": {}},
        )
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
    for channel_id, channel in channels.items():
        operations[f"publish-{channel_id}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "messages": [
                {"$ref": f"#/channels/{channel_id}/messages/{m}"} for m in channel["messages"]
            ],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Wmo platform events",
            "version": version,
            "description": "CloudEvents 1.0 in Kafka binary mode; key = aggregate id.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }
