"""The klacht events (Awb chapter 9) as read-model facts, one per klacht and event kind;
``projections.facts`` hands them here."""

from __future__ import annotations

from typing import Any

from wmokernel.events import klachten as kl

from ..models.klachten import KlachtAfhandelingFeit, KlachtFeit, KlachtVerdagingFeit

KlachtEvent = kl.KlachtOntvangen | kl.KlachtVerdaagd | kl.KlachtAfgehandeld


def klacht_facts(p: KlachtEvent) -> list[tuple[type[Any], dict[str, Any]]]:
    if isinstance(p, kl.KlachtOntvangen):
        return [(KlachtFeit, dict(
            klacht_id=p.klacht_id, betreft=p.betreft.value, organisatie_code=p.organisatie_code,
            ontvangen_op=p.ontvangen_op, klachtadviescommissie=p.klachtadviescommissie,
            beslissen_uiterlijk=p.beslissen_uiterlijk))]
    if isinstance(p, kl.KlachtVerdaagd):
        return [(KlachtVerdagingFeit, dict(klacht_id=p.klacht_id, mededeling_op=p.mededeling_op,
                                           beslissen_uiterlijk=p.beslissen_uiterlijk))]
    return [(KlachtAfhandelingFeit, dict(
        klacht_id=p.klacht_id, uitkomst=p.uitkomst.value, afgehandeld_op=p.afgehandeld_op,
        binnen_termijn=p.binnen_termijn))]
