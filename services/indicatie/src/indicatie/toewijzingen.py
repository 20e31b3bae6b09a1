"""Use cases of the toewijzing to a provider and its delivery: start, change of intensity
(ambulante begeleiding), stop. The caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal, Role
from wmokernel.events.indicatie import (
    IntensiteitGewijzigd,
    LeveringGestart,
    LeveringGestopt,
    Leveringsvorm,
    Omvang,
    ToewijzingGedaan,
)
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from . import termijnen
from .aanvragen import get_aanvraag
from .catalogus_repository import product_versie_op
from .iwmo.opdrachten import plan_toewijzingbericht
from .models import Beschikking, BeschiktProduct, IntensiteitWijziging, Toewijzing
from .schemas import IntensiteitIn, StartIn, StopIn, ToewijzingIn
from .statussen import TOEWIJZING, OngeldigeOvergang


def _omvang(t: Toewijzing, volume: int | None = None) -> Omvang:
    return Omvang(volume=volume if volume is not None else t.volume, eenheid=t.eenheid,
                  frequentie=t.frequentie)


def _transition(t: Toewijzing, action: str) -> None:
    try:
        t.status = TOEWIJZING.next(t.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


def sees(principal: Principal, t: Toewijzing) -> bool:
    """Need-to-know: a provider sees only its own toewijzingen (its AGB code in ``team``)."""
    if principal.has_any((Role.GEMEENTE, Role.SYSTEEM)):
        return True
    return principal.has_any((Role.AANBIEDER,)) and principal.team == t.aanbieder


async def assign(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                 data: ToewijzingIn, today: date) -> Toewijzing:
    product = await session.get(BeschiktProduct, data.beschikt_product_id)
    if product is None:
        raise NotFound(f"beschikt product {data.beschikt_product_id}")
    beschikking = await session.get(Beschikking, product.beschikking_id, with_for_update=True)
    assert beschikking is not None
    if beschikking.status != "afgegeven":
        raise Conflict(f"the beschikking has status {beschikking.status!r}: only an issued "
                       "beschikking can be assigned to a provider")
    if product.leveringsvorm != Leveringsvorm.ZIN.value or product.aanbieder is None:
        raise Unprocessable("only care in kind (ZIN) is assigned to a provider; a PGB is paid "
                            "to the resident's budget")
    toegewezen_op = data.toegewezen_op or today
    if toegewezen_op > today or (beschikking.afgegeven_op is not None
                                 and toegewezen_op < beschikking.afgegeven_op):
        raise Unprocessable("toegewezenOp must lie between the beschikking date and today")
    if product.einddatum is not None and toegewezen_op > product.einddatum:
        raise Unprocessable("the granted period has already ended")
    herbeoordeling = data.herbeoordeling_op or termijnen.herbeoordeling_op(
        product.ingangsdatum, product.einddatum)
    if herbeoordeling < product.ingangsdatum:
        raise Unprocessable("herbeoordelingOp lies before the ingangsdatum")
    aanvraag = await get_aanvraag(session, beschikking.aanvraag_id)
    toewijzing = Toewijzing(
        id=uuid.uuid4(), beschikt_product_id=product.id, beschikking_id=beschikking.id,
        aanvraag_id=aanvraag.id, client_id=aanvraag.client_id, aanbieder=product.aanbieder,
        product_code=product.product_code, productcategorie=product.productcategorie,
        volume=product.volume, eenheid=product.eenheid, frequentie=product.frequentie,
        ingangsdatum=product.ingangsdatum, einddatum=product.einddatum,
        herbeoordeling_op=herbeoordeling, toegewezen_op=toegewezen_op,
        verwezen_op=aanvraag.verwezen_op or aanvraag.ontvangen_op, status="toegewezen",
    )
    session.add(toewijzing)
    await session.flush()  # the partial unique index refuses a second running toewijzing: 409
    await rt.audit.record(session, principal, action="create", resource_type="toewijzing",
                          resource_id=str(toewijzing.id), client_id=toewijzing.client_id,
                          purpose="toewijzing aan aanbieder")
    await rt.outbox.add(session, ToewijzingGedaan(
        toewijzing_id=toewijzing.id, aanvraag_id=aanvraag.id, beschikking_id=beschikking.id,
        client_id=aanvraag.client_id, product_code=product.product_code,
        productcategorie=product.productcategorie, aanbieder=product.aanbieder,
        beschikt_product_id=product.id, leveringsvorm=Leveringsvorm.ZIN, omvang=_omvang(toewijzing),
        tarief_cents=product.tarief_cents, toegewezen_op=toegewezen_op,
        ingangsdatum=product.ingangsdatum, einddatum=product.einddatum,
        herbeoordeling_op=herbeoordeling, verwezen_op=toewijzing.verwezen_op,
    ))
    # iWmo: a new WMO301 with the client's full set of toewijzingen at this provider.
    await plan_toewijzingbericht(session, toewijzing.client_id, toewijzing.aanbieder)
    return toewijzing


async def get_toewijzing(session: AsyncSession, principal: Principal, toewijzing_id: uuid.UUID,
                         for_update: bool = False) -> Toewijzing:
    t = await session.get(Toewijzing, toewijzing_id, with_for_update=for_update)
    if t is None or not sees(principal, t):
        raise NotFound(f"toewijzing {toewijzing_id}")
    return t


async def list_toewijzingen(session: AsyncSession, principal: Principal,
                            aanvraag_id: uuid.UUID | None, client_id: str | None,
                            status: str | None, limit: int) -> list[Toewijzing]:
    query = sa.select(Toewijzing).order_by(Toewijzing.created_at.desc()).limit(limit)
    if not principal.has_any((Role.GEMEENTE, Role.SYSTEEM)):
        query = query.where(Toewijzing.aanbieder == (principal.team or ""))
    if aanvraag_id is not None:
        query = query.where(Toewijzing.aanvraag_id == aanvraag_id)
    if client_id is not None:
        query = query.where(Toewijzing.client_id == client_id)
    if status is not None:
        query = query.where(Toewijzing.status == status)
    return list((await session.scalars(query)).all())


def _event_base(t: Toewijzing) -> dict[str, object]:
    return dict(toewijzing_id=t.id, aanvraag_id=t.aanvraag_id, beschikking_id=t.beschikking_id,
                client_id=t.client_id, product_code=t.product_code,
                productcategorie=t.productcategorie, aanbieder=t.aanbieder)


async def start(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                toewijzing_id: uuid.UUID, data: StartIn, today: date) -> Toewijzing:
    """The provider's start message (iWmo WMO305); the wait is measured against 14 days."""
    t = await get_toewijzing(session, principal, toewijzing_id, for_update=True)
    _transition(t, "starten")
    if data.startdatum > today:
        raise Unprocessable("startdatum lies in the future")
    if data.startdatum < t.ingangsdatum or (t.einddatum is not None
                                            and data.startdatum > t.einddatum):
        raise Unprocessable("startdatum lies outside the granted period")
    t.startdatum = data.startdatum
    await session.flush()
    await rt.audit.record(session, principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id, purpose="start levering")
    await rt.outbox.add(session, LeveringGestart(
        **_event_base(t), startdatum=data.startdatum,
        verwezen_op=t.verwezen_op,
        wachtdagen=termijnen.wachtdagen(t.verwezen_op, data.startdatum),
        binnen_norm=termijnen.binnen_wachtnorm(t.verwezen_op, data.startdatum)))
    return t


async def change_intensity(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                           toewijzing_id: uuid.UUID, data: IntensiteitIn) -> Toewijzing:
    """Ambulante begeleiding: a new volume without a new beschikking or provider change."""
    t = await get_toewijzing(session, principal, toewijzing_id, for_update=True)
    _transition(t, "wijzigen")
    product = await product_versie_op(session, t.product_code, data.ingangsdatum)
    if product is None or not product.intensiteit_wijzigbaar:
        raise Unprocessable(f"the intensity of product {t.product_code} cannot change without "
                            "a new beschikking")
    if product.max_volume is not None and data.volume > product.max_volume:
        raise Unprocessable(f"volume {data.volume} exceeds the maximum {product.max_volume}; "
                            "that needs a new beschikking")
    if data.ingangsdatum < (t.startdatum or t.ingangsdatum) or (
            t.einddatum is not None and data.ingangsdatum > t.einddatum):
        raise Unprocessable("ingangsdatum lies outside the running delivery")
    if data.volume == t.volume:
        raise Unprocessable("the volume is unchanged")
    oud = _omvang(t)
    session.add(IntensiteitWijziging(id=uuid.uuid4(), toewijzing_id=t.id, oud_volume=t.volume,
                                     nieuw_volume=data.volume, ingangsdatum=data.ingangsdatum,
                                     reden=data.reden, door=principal.subject))
    t.volume = data.volume
    await session.flush()
    await rt.audit.record(session, principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id,
                          purpose="intensiteit wijzigen")
    await rt.outbox.add(session, IntensiteitGewijzigd(
        **_event_base(t), oude_omvang=oud, nieuwe_omvang=_omvang(t),
        ingangsdatum=data.ingangsdatum))
    await plan_toewijzingbericht(session, t.client_id, t.aanbieder)
    return t


async def stop(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
               toewijzing_id: uuid.UUID, data: StopIn, today: date) -> Toewijzing:
    """The stop message (iWmo WMO307) with its reden beëindiging (WMO588)."""
    t = await get_toewijzing(session, principal, toewijzing_id, for_update=True)
    gestart = t.status == "gestart"
    _transition(t, "stoppen")
    if data.stopdatum > today:
        raise Unprocessable("stopdatum lies in the future")
    if data.stopdatum < (t.startdatum or t.toegewezen_op):
        raise Unprocessable("stopdatum lies before the start")
    t.stopdatum = data.stopdatum
    t.reden_beeindiging = data.reden_beeindiging
    await session.flush()
    await rt.audit.record(session, principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id, purpose="stop levering")
    await rt.outbox.add(session, LeveringGestopt(
        **_event_base(t), stopdatum=data.stopdatum,
        reden_beeindiging=data.reden_beeindiging, gestart=gestart))
    return t
