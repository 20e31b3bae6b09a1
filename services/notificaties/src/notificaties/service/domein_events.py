"""The consumer of the three domain topics: each event becomes at most one notification, and
one delivery per subscription that asked for it and may receive it, in the consumer's batch
transaction (at-least-once: a delivery is persisted before the event counts as processed)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..domain.aflevering import Status
from ..domain.kanalen import Notificatie, notificatie, past
from ..domain.reikwijdte import mag_ontvangen
from ..models import Abonnement
from ..repository import abonnementen, afleveringen


def notificatie_id(event: CloudEvent) -> uuid.UUID:
    """Stable per event, so a receiver can recognise a notification delivered twice."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{event.source}#{event.id}")


def _notificatie(event: CloudEvent, settings: Any) -> Notificatie | None:
    if not isinstance(event.data, dict):
        return None
    return notificatie(event.type, event.data, api_url=settings.public_url,
                       eigen_gemeente=settings.notificaties_eigen_gemeente,
                       aanmaakdatum=event.time)


def _deliveries(event: CloudEvent, n: Notificatie, subscribed: list[Abonnement],
                now: datetime) -> list[dict[str, Any]]:
    body = json.dumps(n.as_json(), separators=(",", ":"), ensure_ascii=False).encode()
    nid = notificatie_id(event)
    return [
        {"id": uuid.uuid4(), "abonnement_id": a.id, "notificatie_id": nid, "kanaal": n.kanaal,
         "hoofd_object": n.hoofd_object, "body": body, "status": Status.WACHTEND.value,
         "pogingen": 0, "volgende_poging": now, "termijn_start": now, "aangemaakt_op": now}
        for a in subscribed
        if mag_ontvangen(a.reikwijdte_gemeente, n.gemeente) and past(n, a.kanalen)
    ]


async def on_domain_events(uow: UnitOfWork, events: list[CloudEvent], *,
                           now: datetime | None = None) -> int:
    """The deliveries made for ``events`` (none for an event no kanaal carries or nobody may
    receive), written together; the subscriptions are read once per batch."""
    now = now or datetime.now(UTC)
    subscribed: list[Abonnement] | None = None
    rows: list[dict[str, Any]] = []
    for event in events:
        n = _notificatie(event, uow.settings)
        if n is None:
            continue
        if subscribed is None:
            subscribed = await abonnementen.alle(uow.session)
        rows.extend(_deliveries(event, n, subscribed, now))
    await afleveringen.add_all(uow.session, rows)
    return len(rows)


async def on_domain_event(uow: UnitOfWork, event: CloudEvent, *,
                          now: datetime | None = None) -> int:
    """The deliveries made for ``event`` (0 when no kanaal carries it or nobody may get it)."""
    return await on_domain_events(uow, [event], now=now)
