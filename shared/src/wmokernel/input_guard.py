"""Input no service can store, refused before any handler sees it: a NUL character (U+0000)
in the path, a query parameter or the body. PostgreSQL text cannot hold it, so it would
otherwise end as a 500 deep in a query. The answer is a 422 problem+json naming the field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem_response

_NUL = "\x00"


def _nul_paths(value: Any, at: str) -> Iterator[str]:
    """Where in a parsed JSON document a NUL character occurs (in a key or a string)."""
    if isinstance(value, str):
        if _NUL in value:
            yield at
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{at}.{key}" if at else str(key)
            if _NUL in str(key):
                yield here
            yield from _nul_paths(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nul_paths(item, f"{at}[{i}]")


def nul_in_query(query_string: bytes) -> list[str]:
    """The query parameters whose name or value holds a NUL character."""
    if b"\x00" not in query_string and b"%00" not in query_string.lower():
        return []
    found = []
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if _NUL in name or _NUL in value:
            found.append(name.replace(_NUL, "\\u0000"))
    return found or ["query"]


def nul_in_body(body: bytes) -> list[str]:
    """Where the body holds a NUL character: JSON paths when it is JSON, else the body."""
    if b"\\u0000" not in body and b"\x00" not in body:
        return []
    try:
        document = json.loads(body)
    except ValueError:
        return ["body"] if b"\x00" in body else []
    return list(_nul_paths(document, ""))


class InputGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        where: list[str] = []
        if b"\x00" in unquote_to_bytes(raw_path):
            where.append("path")
        where += [f"query.{name}" for name in nul_in_query(scope.get("query_string", b""))]
        body_messages: list[Message] = []
        if not where and scope["method"] in ("POST", "PUT", "PATCH"):
            body, body_messages = await read_body(receive)
            where += [f"body.{p}" if p != "body" else p for p in nul_in_body(body)]
        if where:
            response = problem_response(
                422, "Ongeldige invoer",
                "; ".join(f"{w}: contains a NUL character (U+0000), which no text field can "
                          "hold" for w in where[:10]))
            await response(scope, receive, send)
            return
        if body_messages:
            receive = replay_body(body_messages, receive)
        await self.app(scope, receive, send)


async def read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def replay_body(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
