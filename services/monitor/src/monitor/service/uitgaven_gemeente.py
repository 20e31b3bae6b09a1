"""Spend per municipality of residence (``domain/uitgaven_gemeente.py``): the projection that
keeps each client's municipality and the prestaties each payment batch pays, and the read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from wmokernel.catalogue import CATALOGUE, parse_payload
from wmokernel.events import iwmo
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..domain.uitgaven_gemeente import Woongemeente, laatste, overzicht, toegang_gemeente
from ..repository.uitgaven_gemeente import (
    bewaar_batch_declaraties,
    bewaar_woongemeenten,
    uitgaven_per_gemeente,
)

# toegang's events of a melding (absent municipality: Utrecht), opvang's of an aanmelding
# (absent: not known), the payment batches (the prestaties they pay)
_TOEGANG = (tg.MeldingOntvangen, tg.VerwijzingGedaan, tg._MeldingEvent)
_OPVANG = (opv._AanmeldingEvent,)
_BATCH = (iwmo.BetaalbatchAangemaakt, iwmo.BetaalbatchBetaald)
TYPES = frozenset(t for t, m in CATALOGUE.items() if issubclass(m, _TOEGANG + _OPVANG + _BATCH))


def _tijd(event: CloudEvent) -> datetime:
    t = event.time
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def woongemeente(event: CloudEvent, payload: Any) -> Woongemeente | None:
    """The municipality an event names for its client, if any."""
    if isinstance(payload, _TOEGANG):
        gemeente: str | None = toegang_gemeente(payload.gemeente)
    elif isinstance(payload, _OPVANG):
        gemeente = payload.gemeente
    else:
        return None
    if gemeente is None:
        return None
    return Woongemeente(client_id=payload.client_id, gemeente=gemeente,
                        bekend_op=_tijd(event), event_id=event.id)


async def project_woongemeenten(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    """A batch's municipalities of residence and batch prestaties into their read models
    (called by ``service/projections.project`` for every batch)."""
    feiten: list[Woongemeente] = []
    links: dict[tuple[Any, str], dict[str, Any]] = {}
    for event in events:
        if event.type not in TYPES:
            continue
        payload = parse_payload(event)
        if isinstance(payload, _BATCH):
            for d in payload.declaratie_ids:
                links[(payload.batch_id, str(d))] = dict(batch_id=payload.batch_id,
                                                         declaratie_id=str(d))
        elif (f := woongemeente(event, payload)) is not None:
            feiten.append(f)
    await bewaar_woongemeenten(uow.session, laatste(feiten))
    await bewaar_batch_declaraties(uow.session, list(links.values()))


async def uitgaven(uow: UnitOfWork, jaar: int, suppressed: bool, gemeente: str | None = None
                   ) -> dict[str, Any]:
    """The spend of ``jaar`` per municipality (``gemeente``'s only when given); small
    amounts withheld when ``suppressed``."""
    return overzicht(jaar, await uitgaven_per_gemeente(uow.session, jaar), suppressed,
                     gemeente)
