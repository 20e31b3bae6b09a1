"""Structured JSON logs and HTTP metrics."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import MutableMapping
from typing import Any

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .tracing import request_trace, trace_ids

HTTP_REQUESTS = Counter("wmo_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "wmo_http_request_duration_seconds", "HTTP request latency", ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


def _add_trace_ids(_: Any, __: str, event: MutableMapping[str, Any]
                   ) -> MutableMapping[str, Any]:
    event.update(trace_ids())
    return event


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    logging.basicConfig(stream=sys.stdout, level=level, format="%(message)s")
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    renderer: Any = (structlog.processors.JSONRenderer() if json
                     else structlog.dev.ConsoleRenderer(colors=False))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_trace_ids,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        cache_logger_on_first_use=True,
    )


_TRACE_HEADERS = (b"traceparent", b"tracestate")


class HttpMiddleware:
    """Adds the API-Version header to every response and records request metrics.

    Server spans come from FastAPI's own OpenTelemetry support, which continues an incoming
    ``traceparent``; the outbox copies the current context into the events it stages. Without
    an SDK (no exporter) the request still runs under a trace id (``request_trace``): the
    caller's, or a new one, for the logboek and the events.
    """

    def __init__(self, app: ASGIApp, api_version: str) -> None:
        self.app = app
        self.version = api_version.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"api-version", self.version)]
            await send(message)

        try:
            headers = {k.decode("latin-1"): v.decode("latin-1")
                       for k, v in scope.get("headers", ()) if k in _TRACE_HEADERS}
            with request_trace(headers):
                await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = (getattr(route, "path_format", None) or getattr(route, "path", None)
                        or "other")
            if scope.get("root_path"):
                template = scope["root_path"] + template
            method = scope.get("method", "")
            HTTP_REQUESTS.labels(method, template, str(status)).inc()
            HTTP_LATENCY.labels(method, template).observe(time.perf_counter() - start)
