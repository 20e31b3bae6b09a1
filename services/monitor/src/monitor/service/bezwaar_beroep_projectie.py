"""The projection behind the bezwaar and beroep compliance figures: the events of a bezwaar's
term, its postponements, the beroep and its uitspraak, and each replacing beschikking become
facts (``models/bezwaar_beroep.py``), inserted once by their own id like every other fact, so
a replay, a duplicate or another order changes nothing. Called by ``projections.project`` for
every batch, in the batch's unit of work."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from wmokernel.catalogue import EventPayload, parse_payload
from wmokernel.events import indicatie as ind
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..models.bezwaar_beroep import (
    BeroepFeit,
    BeroepUitspraakFeit,
    BeschikkingVervangingFeit,
    BezwaarTermijnFeit,
    BezwaarVerdagingFeit,
)
from ..repository.projections import insert_facts

Fact = tuple[type[Any], dict[str, Any]]

_TYPES = frozenset(m.event_type for m in (
    ind.BezwaarIngediend, ind.BezwaarVerdaagd, ind.BeroepIngesteld, ind.BeroepUitspraakGedaan,
    ind.BeschikkingAfgegeven))


def facts(payload: EventPayload) -> list[Fact]:
    p: Any = payload
    match payload:
        case ind.BezwaarIngediend():
            return [(BezwaarTermijnFeit, dict(
                bezwaar_id=p.bezwaar_id, ingediend_op=p.ingediend_op,
                beslissen_uiterlijk=p.beslissen_uiterlijk, ingediend_door=p.ingediend_door.value))]
        case ind.BezwaarVerdaagd():
            return [(BezwaarVerdagingFeit, dict(
                verdaging_id=p.verdaging_id, bezwaar_id=p.bezwaar_id, soort=p.soort.value,
                verzonden_op=p.verzonden_op, beslissen_uiterlijk=p.beslissen_uiterlijk))]
        case ind.BeroepIngesteld():
            return [(BeroepFeit, dict(
                beroep_id=p.beroep_id, bezwaar_id=p.bezwaar_id, rechtbank=p.rechtbank.value,
                ingesteld_op=p.ingesteld_op, binnen_termijn=p.binnen_termijn))]
        case ind.BeroepUitspraakGedaan():
            return [(BeroepUitspraakFeit, dict(
                beroep_id=p.beroep_id, uitspraak=p.uitspraak.value, uitspraak_op=p.uitspraak_op,
                te_vervangen_beschikking_id=p.te_vervangen_beschikking_id))]
        case ind.BeschikkingAfgegeven() if p.vervangt_beschikking_id is not None:
            return [(BeschikkingVervangingFeit, dict(
                beschikking_id=p.beschikking_id, vervangt_beschikking_id=p.vervangt_beschikking_id,
                afgegeven_op=p.afgegeven_op))]
    return []


async def project_bezwaar_beroep(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    rows: dict[type[Any], dict[Any, dict[str, Any]]] = defaultdict(dict)
    for event in events:
        if event.type not in _TYPES:
            continue
        for model, values in facts(parse_payload(event)):
            key = tuple(values[c.name] for c in model.__table__.primary_key.columns)
            rows[model].setdefault(key, values)
    for model, by_key in rows.items():
        await insert_facts(uow.session, model, list(by_key.values()))
