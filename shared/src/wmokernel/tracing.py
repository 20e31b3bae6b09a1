"""OpenTelemetry tracing across HTTP and Kafka.

HTTP requests continue a W3C ``traceparent`` they bring; events carry the trace context as the
CloudEvents distributed-tracing extension (``ce_traceparent``), so a consumer's span continues
the trace of the request that wrote the event. Spans are exported over OTLP when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

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


def tracing_configured() -> bool:
    """Whether an OpenTelemetry SDK records spans (an exporter, or a test's provider). Without
    one FastAPI starts no server span and the API's tracer makes no ids of its own."""
    return not isinstance(trace.get_tracer_provider(),
                          (trace.ProxyTracerProvider, trace.NoOpTracerProvider))


def _new_root() -> trace.Span:
    return NonRecordingSpan(SpanContext(
        trace_id=int.from_bytes(secrets.token_bytes(16), "big") or 1,
        span_id=_new_span_id(), is_remote=False, trace_flags=TraceFlags(0)))


def _new_span_id() -> int:
    return int.from_bytes(secrets.token_bytes(8), "big") or 1


@contextmanager
def _current(span: trace.Span) -> Iterator[None]:
    token = otel_context.attach(trace.set_span_in_context(span))
    try:
        yield
    finally:
        otel_context.detach(token)


@contextmanager
def request_trace(headers: Mapping[str, str]) -> Iterator[None]:
    """Every request processes under a trace id, also without an SDK (the logboek needs one
    for every row, and the events it stages carry it on): the caller's ``traceparent`` is
    continued, else a trace starts. With an SDK FastAPI's server span does this (a context
    attached here would become the parent of FastAPI's operation spans instead of its server
    span)."""
    if tracing_configured():
        yield
        return
    caller = trace.get_current_span(context_from_headers(headers))
    with _current(caller if caller.get_span_context().is_valid else _new_root()):
        yield


@contextmanager
def new_trace(name: str) -> Iterator[None]:
    """A trace of its own for work no request started (a background job's round)."""
    if tracing_configured():
        with tracer.start_as_current_span(name, context=otel_context.Context()):
            yield
        return
    with _current(_new_root()):
        yield


@contextmanager
def event_trace(event: CloudEvent) -> Iterator[None]:
    """Handling one event of a batch under the trace of the request that wrote it."""
    span = (_EVENT_SPANS.get() or {}).get(event.id)
    if span is None:
        span = trace.get_current_span(context_from_headers(event.extensions))
    if not span.get_span_context().is_valid:
        yield
        return
    with _current(span):
        yield


# The consumer spans of the batch being handled, by event id.
_EVENT_SPANS: ContextVar[dict[str, trace.Span] | None] = ContextVar("wmo_event_spans",
                                                                   default=None)


def logboek_trace() -> tuple[str, str | None]:
    """(trace id, span id) of the current span for a logboek row, as hex; outside any trace a
    fresh trace id and no span."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return secrets.token_hex(16), None
    return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")


@contextmanager
def consume_spans(group_id: str, events: list[CloudEvent]) -> Iterator[None]:
    """One consumer span per event, each a child of the span that wrote the event. A single
    event's span is the current one while it is handled; in a batch, :func:`event_trace`
    makes an event's span current."""
    spans = []
    for event in events:
        parent = context_from_headers(event.extensions)
        span = tracer.start_span(
            f"consume {event.type}", context=parent, kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "messaging.consumer.group.name": group_id,
                        "messaging.message.id": event.id, "cloudevents.event_type": event.type},
        )
        spans.append(span)
    by_event = _EVENT_SPANS.set({e.id: s for e, s in zip(events, spans, strict=True)})
    try:
        if len(spans) == 1:
            with _current(spans[0]):
                yield
        else:
            yield
    except BaseException as exc:
        for span in spans:
            span.record_exception(exc)
            span.set_status(trace.Status(trace.StatusCode.ERROR, str(exc)))
        raise
    finally:
        _EVENT_SPANS.reset(by_event)
        for span in spans:
            span.end()


def trace_ids() -> dict[str, str]:
    """For log lines: the ids of the current span, if any."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return {}
    return {"trace_id": format(ctx.trace_id, "032x"), "span_id": format(ctx.span_id, "016x")}
