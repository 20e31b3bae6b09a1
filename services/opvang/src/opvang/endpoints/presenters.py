"""Responses assembled from several sources: a plaatsing from its placement, aanmelding,
location and the caller's reach; a proposal from the ranking and the locations' names; the
Location header of a created resource."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol, TypeVar

from fastapi import Response

from ..domain.matching import Voorstel
from ..domain.zichtbaarheid import Scope, ziet_locatie_van
from ..repository.plaatsingen import PlaatsingRij
from ..schemas import PlaatsingOut, VoorstelItem, VoorstelOut


class _HeeftId(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


_Out = TypeVar("_Out", bound=_HeeftId)


def aangemaakt(response: Response, collectie: str, out: _Out) -> _Out:
    """``out`` as the body of a 201, with the new resource's URL in the Location header."""
    response.headers["Location"] = f"/api/v1/{collectie}/{out.id}"
    return out


def plaatsing_out(rij: PlaatsingRij, scope: Scope) -> PlaatsingOut:
    """The location stays hidden from whoever may not know where a protected client stays."""
    p, a, loc = rij
    toon = ziet_locatie_van(scope, beschermd=a.beschermd, aanbieder=loc.aanbieder)
    verblijf = None
    if p.opgenomen_op is not None:
        verblijf = ((p.uitgestroomd_op or date.today()) - p.opgenomen_op).days
    return PlaatsingOut(
        id=p.id, aanmelding_id=a.id, client_id=a.client_id, vorm=loc.vorm, status=p.status,
        locatie_id=loc.id if toon else None, locatie_gemeente=loc.gemeente if toon else None,
        gereserveerd_op=p.gereserveerd_op, opgenomen_op=p.opgenomen_op,
        uitgestroomd_op=p.uitgestroomd_op, bestemming=p.bestemming,
        uitstroom_geblokkeerd_reden=p.uitstroom_geblokkeerd_reden, verblijfsdagen=verblijf)


def voorstel_out(aanmelding_id: uuid.UUID, voorstel: list[Voorstel],
                 namen: dict[str, str]) -> VoorstelOut:
    return VoorstelOut(aanmelding_id=aanmelding_id, items=[
        VoorstelItem(rang=v.rang, locatie_id=uuid.UUID(v.plek.id),
                     locatie_naam=namen.get(v.plek.id, ""), gemeente=v.plek.gemeente,
                     bovenregionaal=v.plek.bovenregionaal, eigen_gemeente=v.eigen_gemeente,
                     vrij=v.plek.vrij, gemeente_bezettingsgraad=v.gemeente_bezettingsgraad)
        for v in voorstel])
