"""The consumer of the three domain topics: each event becomes at most one notification, and
one delivery per subscription that asked for it and may receive it, in the consumer's batch
transaction (at-least-once: a delivery is persisted before the event counts as processed)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from wmokernel.auth import Principal, Role
from wmokernel.grondslag import DELEN, Grondslag
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..domain.aflevering import Status
from ..domain.kanalen import Notificatie, notificatie, past
from ..domain.reikwijdte import mag_ontvangen
from ..models import Abonnement
from ..repository import abonnementen, afleveringen

# Who hands the notifications over, in the logboek.
NOTIFICATIES = Principal(subject="notificaties", roles=frozenset({Role.SYSTEEM.value}))


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
    shared: dict[uuid.UUID, list[str]] = defaultdict(list)
    for event in events:
        n = _notificatie(event, uow.settings)
        if n is None:
            continue
        if subscribed is None:
            subscribed = await abonnementen.alle(uow.session)
        made = _deliveries(event, n, subscribed, now)
        rows.extend(made)
        if "clientId" in n.kenmerken:
            for row in made:
                shared[row["abonnement_id"]].append(n.kenmerken["clientId"])
    await afleveringen.add_all(uow.session, rows)
    await _log_shares(uow, {a.id: a for a in subscribed or ()}, shared)
    return len(rows)


async def _log_shares(uow: UnitOfWork, by_id: dict[uuid.UUID, Abonnement],
                      shared: dict[uuid.UUID, list[str]]) -> None:
    """A resident's (pseudonymous) id leaves for a subscriber: one logboek row per resident
    and subscriber. A municipality's subscription is confined to its own residents
    (``domain/reikwijdte.py``): the woongemeente's basis; the gemeente's own systems the Wmo
    task's."""
    for abonnement_id, client_ids in shared.items():
        a = by_id[abonnement_id]
        await uow.audit_clients(
            NOTIFICATIES, action="verstrekken", resource_type="notificatie",
            resource_id=str(abonnement_id), client_ids=client_ids,
            purpose=f"notificatie aan abonnee {a.eigenaar}", activity=DELEN.id,
            grondslag=(Grondslag.WOONGEMEENTE if a.reikwijdte_gemeente else Grondslag.WMO_TAAK))


async def on_domain_event(uow: UnitOfWork, event: CloudEvent, *,
                          now: datetime | None = None) -> int:
    """The deliveries made for ``event`` (0 when no kanaal carries it or nobody may get it)."""
    return await on_domain_events(uow, [event], now=now)
