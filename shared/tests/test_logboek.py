"""The audit log as the Logboek dataverwerkingen (real PostgreSQL, a service's migrations):
append-only, shortened only by its purge, relinked only in its client ids, read per data
subject; every row with activity, legal basis and the trace it was written in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from wmokernel.audit import AuditLog
from wmokernel.auth import Principal
from wmokernel.grondslag import Grondslag
from wmokernel.logboek import allow_relink, logboek_voor, purge_logboek
from wmokernel.tables import kernel_tables
from wmokernel.tracing import event_trace, request_trace, tracing_configured
from wmokernel.wire.envelope import CloudEvent

KERNEL = kernel_tables(sa.MetaData())
AUDIT = AuditLog(KERNEL)
LOG = KERNEL.audit_log
WORKER = Principal(subject="worker-1", roles=frozenset({"buurtteam"}), team="overvecht")
ANNA, BOB = "p-" + "a" * 32, "p-" + "b" * 32
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


@pytest.fixture
async def engine(make_database: MakeDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(await make_database("logboek", "notificaties"))
    yield engine
    await engine.dispose()


async def _write(engine: AsyncEngine, **values: object) -> None:
    async with engine.begin() as conn:
        await conn.execute(sa.insert(LOG).values(
            actor="worker-1", roles="buurtteam", action="read", resource_type="melding",
            resource_id="m-1", purpose="inzage", **values))


async def _refused(engine: AsyncEngine, statement: str) -> str:
    with pytest.raises(DBAPIError) as caught:
        async with engine.begin() as conn:
            await conn.execute(sa.text(statement))
    return str(caught.value)


async def test_rows_can_be_added_but_never_changed_deleted_or_truncated(
        engine: AsyncEngine) -> None:
    await _write(engine, client_id=ANNA)
    for statement in ("UPDATE audit_log SET purpose = 'anders'",
                      "UPDATE audit_log SET client_id = NULL",
                      "DELETE FROM audit_log",
                      "TRUNCATE audit_log"):
        assert "append-only" in await _refused(engine, statement), statement
    async with engine.connect() as conn:
        assert (await conn.execute(sa.text("SELECT client_id, purpose FROM audit_log"))
                ).all() == [(ANNA, "inzage")]


async def test_the_purge_deletes_only_rows_before_its_cut_off(engine: AsyncEngine) -> None:
    now = datetime.now(UTC)
    await _write(engine, client_id=ANNA, at=now - timedelta(days=3 * 365))
    await _write(engine, client_id=ANNA, at=now - timedelta(days=10))
    await _write(engine, client_id=BOB, at=now - timedelta(days=2 * 365))
    async with AsyncSession(engine) as session, session.begin():
        assert await purge_logboek(session, now - timedelta(days=365)) == 2
        # Closed again right after: the same transaction deletes nothing else.
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(sa.text("DELETE FROM audit_log"))
    async with AsyncSession(engine) as session:
        left = await logboek_voor(session, ANNA)
    assert [row["at"].date() for row in left] == [(now - timedelta(days=10)).date()]
    with pytest.raises(ValueError, match="timezone"):
        async with AsyncSession(engine) as session:
            await purge_logboek(session, datetime(2026, 1, 1))


async def test_a_pseudonym_relink_changes_the_client_id_and_nothing_else(
        engine: AsyncEngine) -> None:
    await _write(engine, client_id=ANNA)
    async with engine.begin() as conn:
        await allow_relink(conn)
        await conn.execute(sa.text("UPDATE audit_log SET client_id = :n"), {"n": BOB})
    with pytest.raises(DBAPIError, match="append-only"):
        async with engine.begin() as conn:
            await allow_relink(conn)
            await conn.execute(sa.text("UPDATE audit_log SET purpose = 'anders'"))
    async with AsyncSession(engine) as session:
        assert [r["purpose"] for r in await logboek_voor(session, BOB)] == ["inzage"]
        assert await logboek_voor(session, ANNA) == []


@contextmanager
def _caller_trace() -> Iterator[None]:
    """The current context as a request from a caller with a ``traceparent`` has it (without an
    SDK the kernel's middleware attaches it; with one, FastAPI's server span)."""
    caller = NonRecordingSpan(SpanContext(int(TRACE, 16), int(CALLER_SPAN, 16), is_remote=True,
                                          trace_flags=TraceFlags(1)))
    token = otel_context.attach(trace.set_span_in_context(caller))
    try:
        yield
    finally:
        otel_context.detach(token)


async def test_every_row_names_activity_legal_basis_and_the_callers_trace(
        engine: AsyncEngine) -> None:
    async with AsyncSession(engine) as session, session.begin():
        with _caller_trace():
            await AUDIT.record(session, WORKER, action="read", resource_type="melding",
                               resource_id="m-1", client_id=ANNA, purpose="inzage")
            await AUDIT.record_clients(session, WORKER, action="read", resource_type="bsn",
                                       resource_id="*", client_ids=[ANNA, BOB],
                                       purpose="iWmo", grondslag=Grondslag.BSN_IWMO)
        # Outside any request: a trace of its own.
        await AUDIT.record(session, WORKER, action="read", resource_type="iets-nieuws",
                           resource_id="x", client_id=ANNA, purpose="test",
                           toestemming_id="c-1")
    async with AsyncSession(engine) as session:
        rows = await logboek_voor(session, ANNA)
    assert [(r["resource_type"], r["activity"], r["grondslag"], r["toestemming_id"])
            for r in rows] == [
        ("melding", "wmo/toegang", "wmo-onderzoek", None),
        ("bsn", "wmo/bsn-verstrekking", "bsn-iwmo", None),
        ("iets-nieuws", "wmo/maatschappelijke-ondersteuning", "wmo-taak", "c-1")]
    assert [(r["trace_id"], r["parent_span_id"]) for r in rows[:2]] == [
        (TRACE, CALLER_SPAN), (TRACE, CALLER_SPAN)]
    assert rows[2]["trace_id"] not in (None, TRACE) and rows[2]["parent_span_id"] is None
    async with engine.connect() as conn:
        spans = (await conn.execute(sa.select(LOG.c.span_id))).scalars().all()
    assert len(set(spans)) == 4 and all(len(s) == 16 for s in spans)
    assert set(rows[0]) >= {"id", "at", "actor", "roles", "action", "resource_id",
                            "client_id", "purpose", "span_id"}


async def test_an_event_is_handled_under_the_trace_of_the_request_that_wrote_it(
        engine: AsyncEngine) -> None:
    event = CloudEvent(type="nl.utrecht.wmo.toegang.x", source="/wmo/toegang", subject=ANNA,
                       data={}, extensions={"traceparent": f"00-{TRACE}-{CALLER_SPAN}-01"})
    async with AsyncSession(engine) as session, session.begin():
        with event_trace(event):
            await AUDIT.record(session, WORKER, action="create", resource_type="aanmelding",
                               resource_id="a-1", client_id=ANNA, purpose="aanmelding")
    async with AsyncSession(engine) as session:
        [row] = await logboek_voor(session, ANNA)
    assert (row["trace_id"], row["activity"], row["grondslag"]) == (
        TRACE, "wmo/opvang-en-beschermd-wonen", "centrumgemeente-opvang")


async def test_a_request_without_an_sdk_runs_under_the_callers_trace_or_a_new_one() -> None:
    if tracing_configured():
        pytest.skip("an SDK tracer is installed: FastAPI's server span carries the trace")
    with request_trace({"traceparent": f"00-{TRACE}-{CALLER_SPAN}-01"}):
        ctx = trace.get_current_span().get_span_context()
        assert (format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")) == (
            TRACE, CALLER_SPAN)
    with request_trace({}):
        first = trace.get_current_span().get_span_context()
    with request_trace({"traceparent": "nonsense"}):
        second = trace.get_current_span().get_span_context()
    assert first.is_valid and second.is_valid and first.trace_id != second.trace_id
    assert not trace.get_current_span().get_span_context().is_valid, "detached after"
