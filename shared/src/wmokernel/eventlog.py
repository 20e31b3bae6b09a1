"""The service's durable event log (its outbox) seen from outside: how much of it the broker
holds, and a request to publish it again. Every service has these operations endpoints; the
monitor's rebuild uses them to read a complete history after the broker lost its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import Field

from .auth import Principal, Role, require_roles
from .problems import ProblemError
from .wire.apimodel import CamelModel

if TYPE_CHECKING:
    from .runtime import ServiceRuntime

Beheer = Annotated[Principal, Depends(require_roles(Role.SYSTEEM))]


class TopicLog(CamelModel):
    topic: str
    gepubliceerd: int = Field(ge=0, description="events of the log published to this topic")
    wachtend: int = Field(ge=0, description="events waiting to be published")
    in_broker: int | None = Field(
        ge=0, description="offsets the broker's topic holds; null when it cannot be asked")
    compleet: bool = Field(description="the broker holds at least every published event")


class EventLog(CamelModel):
    dienst: str
    topics: list[TopicLog]


class HerpublicatieIn(CamelModel):
    topics: list[str] | None = Field(
        default=None, max_length=20,
        description="the topics to publish again (default: every topic of the log)")


class HerpublicatieOut(CamelModel):
    topics: list[str]
    events: int = Field(ge=0, description="events that will be published again, in order")


def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def read_log(runtime: ServiceRuntime) -> EventLog:
    t = runtime.tables.outbox
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(
            sa.select(t.c.topic,
                      sa.func.count().filter(t.c.published_at.is_not(None)),
                      sa.func.count().filter(t.c.published_at.is_(None)))
            .group_by(t.c.topic).order_by(t.c.topic))).all()
    ends: dict[str, int] = {}
    if runtime.log_probe is not None and rows:
        try:
            ends = await runtime.log_probe.log_ends([r[0] for r in rows])
        except Exception:  # the broker is away: say so per topic
            ends = {}
    return EventLog(dienst=runtime.settings.service_name, topics=[
        TopicLog(topic=topic, gepubliceerd=published, wachtend=waiting,
                 in_broker=ends.get(topic), compleet=ends.get(topic, -1) >= published)
        for topic, published, waiting in rows])


router = APIRouter(tags=["beheer"])


@router.get("/beheer/eventlog", response_model=EventLog, summary="Read the event log's state")
async def get_eventlog(request: Request, _: Beheer) -> EventLog:
    """Per topic: how many events the service published and has waiting, how many the broker
    holds, and whether that is all of them."""
    return await read_log(_runtime(request))


@router.post("/beheer/eventlog/herpublicaties", status_code=202,
             response_model=HerpublicatieOut, summary="Publish the event log again",
             responses={503: {"description": "The broker cannot be reached"}})
async def post_herpublicatie(request: Request, _: Beheer,
                             data: HerpublicatieIn | None = None) -> HerpublicatieOut:
    """Marks the log's events (of the given topics, or all) to be published again in their
    order, for a broker that lost them; consumers skip the ones they already applied."""
    runtime = _runtime(request)
    try:
        # A broker that lost its topics may take records for them and keep nothing.
        await runtime.ensure_topics()
    except Exception as exc:
        raise ProblemError(503, "Broker niet bereikbaar",
                           f"the topics cannot be made sure of: {type(exc).__name__}") from exc
    t = runtime.tables.outbox
    condition: sa.ColumnElement[bool] = t.c.published_at.is_not(None)
    if data is not None and data.topics is not None:
        condition = sa.and_(condition, t.c.topic.in_(data.topics))
    async with runtime.unit_of_work() as uow:
        counts = (await uow.session.execute(
            sa.select(t.c.topic, sa.func.count()).where(condition).group_by(t.c.topic)
            .order_by(t.c.topic))).all()
        await uow.session.execute(sa.update(t).where(condition).values(published_at=None))
    if runtime.relay is not None:
        runtime.relay.forget_counts()
    return HerpublicatieOut(topics=[topic for topic, _ in counts],
                            events=sum(n for _, n in counts))
