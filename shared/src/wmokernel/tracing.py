"""OpenTelemetry tracing across HTTP and Kafka.

HTTP requests continue a W3C ``traceparent`` they bring; events carry the trace context as the
CloudEvents distributed-tracing extension (``ce_traceparent``), so a consumer's span continues
the trace of the request that wrote the event. Spans are exported over OTLP when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from .wire.envelope import CloudEvent

tracer = trace.get_tracer("wmokernel")


def configure_tracing(service_name: str) -> None:
    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


def current_trace_headers() -> dict[str, str]:
    """The current trace context as W3C headers (empty outside a recorded span)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return {k: v for k, v in carrier.items() if k in ("traceparent", "tracestate")}


def context_from_headers(headers: Mapping[str, str]) -> otel_context.Context:
    return propagate.extract(dict(headers))


@contextmanager
def consume_spans(group_id: str, events: list[CloudEvent]) -> Iterator[None]:
    """One consumer span per event, each a child of the span that wrote the event."""
    spans = []
    for event in events:
        parent = context_from_headers(event.extensions)
        span = tracer.start_span(
            f"consume {event.type}", context=parent, kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "messaging.consumer.group.name": group_id,
                        "messaging.message.id": event.id, "cloudevents.event_type": event.type},
        )
        spans.append(span)
    try:
        yield
    except BaseException as exc:
        for span in spans:
            span.record_exception(exc)
            span.set_status(trace.Status(trace.StatusCode.ERROR, str(exc)))
        raise
    finally:
        for span in spans:
            span.end()


def trace_ids() -> dict[str, str]:
    """For log lines: the ids of the current span, if any."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return {}
    return {"trace_id": format(ctx.trace_id, "032x"), "span_id": format(ctx.span_id, "016x")}
