"""Idempotency-Key on POST (IETF draft-ietf-httpapi-idempotency-key-header): a client that
retries after a timeout gets the answer of its first request instead of a second effect.

- the same key (per caller) with the same request: the first answer, status and body,
  replayed (header ``Idempotency-Replayed: true``);
- the same key with another request: 422;
- the same key while the first request is still being served: 409;
- a first request that fails (4xx, 5xx) keeps nothing, so it can be retried as new.

The answer is stored before it is sent, so a retry right after it finds it.

Keys expire after ``idempotency_key_ttl_s`` (24 hours by default), counted from the first
request; an expired key counts as new.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .input_guard import read_body, replay_body
from .problems import problem_response

if TYPE_CHECKING:
    from .runtime import ServiceRuntime
    from .unit_of_work import UnitOfWork

HEADER = b"idempotency-key"
MAX_KEY_LENGTH = 200


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class IdempotencyKeys:
    """ASGI middleware around the service's API; needs the runtime (its tables, its sessions
    and its token validator, to keep one caller's keys apart from another's)."""

    def __init__(self, app: ASGIApp, runtime: ServiceRuntime) -> None:
        self.app = app
        self.runtime = runtime
        self.table = runtime.tables.idempotency_keys
        self._ttl_s = runtime.settings.idempotency_key_ttl_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if len(key) > MAX_KEY_LENGTH:
            await problem_response(
                422, "Ongeldige invoer",
                f"Idempotency-Key: at most {MAX_KEY_LENGTH} characters")(scope, receive, send)
            return
        caller = self._caller(scope)
        if caller is None or not key:
            await self.app(scope, receive, send)  # the handler answers 401
            return
        body, messages = await read_body(receive)
        fingerprint = hashlib.sha256(
            scope["path"].encode() + b"\n" + scope.get("query_string", b"") + b"\n" + body
        ).hexdigest()
        stored = await self._claim(caller, key, fingerprint)
        if stored is not None:
            await self._answer_again(stored, fingerprint, scope, receive, send)
            return
        captured = _Captured()
        try:
            await self.app(scope, replay_body(messages, receive), captured.send)
        except BaseException:
            await self._settle(caller, key, captured)
            raise
        # Stored before the client has the answer: a retry that follows it at once must find
        # it, not the request still "in progress".
        await self._settle(caller, key, captured)
        for message in captured.messages:
            await send(message)

    def _caller(self, scope: Scope) -> str | None:
        authorization = _header(scope, b"authorization") or ""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            return self.runtime.tokens.validate(token).subject
        except Exception:
            return None

    async def _claim(self, caller: str, key: str, fingerprint: str) -> sa.Row[Any] | None:
        """Record the key as in progress; return the stored row when it was there already."""
        t = self.table
        now = datetime.now(UTC)
        async with self.runtime.sessions() as session, session.begin():
            await session.execute(sa.delete(t).where(
                t.c.caller == caller, t.c.key == key, t.c.expires_at < now))
            inserted = await session.execute(
                pg_insert(t).values(
                    caller=caller, key=key, fingerprint=fingerprint,
                    expires_at=now + timedelta(seconds=self._ttl_s))
                .on_conflict_do_nothing().returning(t.c.key))
            if inserted.first() is not None:
                return None
            row = (await session.execute(sa.select(t).where(
                t.c.caller == caller, t.c.key == key))).first()
            return row

    async def _answer_again(self, stored: sa.Row[Any], fingerprint: str,
                            scope: Scope, receive: Receive, send: Send) -> None:
        if stored.fingerprint != fingerprint:
            response = problem_response(
                422, "Ongeldige invoer",
                "Idempotency-Key: this key was used for another request; use a new key for "
                "a new request")
        elif stored.status is None:
            response = problem_response(
                409, "Conflict",
                "Idempotency-Key: the first request with this key is still being served; "
                "retry in a moment")
        else:
            await send({"type": "http.response.start", "status": stored.status,
                        "headers": [
                            (b"content-type", str(stored.content_type or "").encode()),
                            *([(b"location", str(stored.location).encode())]
                              if stored.location else []),
                            (b"idempotency-replayed", b"true"),
                            (b"content-length", str(len(stored.body or b"")).encode())]})
            await send({"type": "http.response.body", "body": stored.body or b""})
            return
        await response(scope, receive, send)

    async def _settle(self, caller: str, key: str, captured: _Captured) -> None:
        """Keep a success for replay; forget a failure so that a retry is served anew."""
        t = self.table
        where = sa.and_(t.c.caller == caller, t.c.key == key)
        async with self.runtime.sessions() as session, session.begin():
            if captured.status is not None and 200 <= captured.status < 300:
                await session.execute(sa.update(t).where(where).values(
                    status=captured.status, content_type=captured.header(b"content-type"),
                    location=captured.header(b"location"), body=b"".join(captured.body)))
            else:
                await session.execute(sa.delete(t).where(where))


class _Captured:
    """Keeps the response, to be stored before it is passed on."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.messages: list[Message] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = list(message.get("headers", ()))
        elif message["type"] == "http.response.body":
            self.body.append(message.get("body", b""))
        self.messages.append(message)

    def header(self, name: bytes) -> str | None:
        for key, value in self.headers:
            if key.lower() == name:
                return str(value.decode("latin-1"))
        return None


async def purge_expired(uow: UnitOfWork) -> int:
    """Forget expired keys (a kernel job)."""
    t = uow.runtime.tables.idempotency_keys
    result = await uow.session.execute(sa.delete(t).where(t.c.expires_at < sa.func.now()))
    return int(getattr(result, "rowcount", 0) or 0)
