"""Aanmeldingen: registration from every channel, BW indicatie, MO intake, the assessment of
where the trajectory has the best chance and the warme overdracht. The caller owns the
transaction; every read of personal data is audit-logged."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.events.opvang import (
    AanmeldingOntvangen,
    IndicatieBwGezet,
    IntakeMoGedaan,
    OpWachtlijstGeplaatst,
    RegiobindingBeoordeeld,
    WarmeOverdrachtGedaan,
)
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from .domain.reference import U16_GEMEENTEN
from .domain.vormen import BW_VORMEN, MO_VORMEN, is_bw, norm_dagen
from .domain.wachtlijst import prioriteit, wachttijd
from .domain.zichtbaarheid import Scope, mag_aanmelden_voor, scope_of, ziet_aanmelding
from .models import Aanmelding, Locatie, Plaatsing
from .schemas import AanmeldingIn, AanmeldingOut, BeoordelingIn, IndicatieBwIn, IntakeMoIn

# Aanmeldingen from toegang get an id derived from toegang's id: a replay opens no second one.
_AANMELDING_NS = uuid.UUID("2d0f4c7e-93a1-4b8e-a4f5-7c1e0b6d5a21")

OPEN_STATUSES = ("aangemeld", "wachtend")


def aanmelding_out(a: Aanmelding, today: date | None = None) -> AanmeldingOut:
    peil = a.wachtlijst_tot or today or date.today()
    w = wachttijd(a.vorm, a.verwezen_op, peil)
    return AanmeldingOut(
        id=a.id, client_id=a.client_id, gemeente=a.gemeente, buiten_regio=a.buiten_regio,
        kanaal=a.kanaal, vorm=a.vorm, status=a.status, urgent=a.urgent, crisis=a.crisis,
        prioriteit=prioriteit(crisis=a.crisis, urgent=a.urgent), verwezen_op=a.verwezen_op,
        wachtdagen=w.wachtdagen, norm_dagen=w.norm_dagen, beschermd=a.beschermd,
        doelgroep=a.doelgroep, financiering=a.financiering, indicatie_bw_op=a.indicatie_bw_op,
        bovenregionaal_toegestaan=a.bovenregionaal_toegestaan, intake_mo_op=a.intake_mo_op,
        beste_kans_gemeente=a.beste_kans_gemeente, overgedragen_aan=a.overgedragen_aan,
    )


def _financiering(data: AanmeldingIn) -> str:
    if data.doelgroep == "wmo":
        return data.financiering or "wmo"
    if not data.financiering:
        raise Unprocessable("a non-Wmo target group needs its funding source (financiering)")
    return data.financiering


async def open_aanmelding(session: AsyncSession, rt: ServiceRuntime, data: AanmeldingIn, *,
                          team: str | None, bron_id: str | None = None) -> Aanmelding | None:
    """Registers an aanmelding; None when ``bron_id`` was seen before (a replay).

    MO goes onto the wachtlijst at once (first shelter is never refused for regiobinding);
    BW waits for the Regionale toegang's indicatie."""
    aanmelding_id = uuid.uuid5(_AANMELDING_NS, bron_id) if bron_id else uuid.uuid4()
    status = "aangemeld" if is_bw(data.vorm) else "wachtend"
    values = dict(
        id=aanmelding_id, client_id=data.client_id, gemeente=data.gemeente,
        buiten_regio=data.gemeente not in U16_GEMEENTEN, kanaal=data.kanaal.value, team=team,
        melding_id=data.melding_id, bron_id=bron_id, vorm=data.vorm.value, status=status,
        urgent=data.urgent, crisis=data.crisis, verwezen_op=data.verwezen_op,
        leeftijd=data.leeftijd, geslacht=data.geslacht.value if data.geslacht else None,
        specialismen=sorted(set(data.specialismen)), beschermd=data.beschermd,
        doelgroep=data.doelgroep.value, financiering=_financiering(data),
    )
    inserted = await session.execute(
        pg_insert(Aanmelding).values(**values).on_conflict_do_nothing().returning(Aanmelding.id)
    )
    if inserted.first() is None:
        return None
    aanmelding = await session.get(Aanmelding, aanmelding_id)
    assert aanmelding is not None
    await rt.outbox.add(session, AanmeldingOntvangen(
        aanmelding_id=aanmelding.id, client_id=aanmelding.client_id, gemeente=aanmelding.gemeente,
        vorm=data.vorm, kanaal=aanmelding.kanaal, verwezen_op=aanmelding.verwezen_op,
        urgent=aanmelding.urgent, crisis=aanmelding.crisis, buiten_regio=aanmelding.buiten_regio,
        doelgroep=aanmelding.doelgroep, financiering=aanmelding.financiering,
    ))
    if status == "wachtend":
        await _op_wachtlijst(session, rt, aanmelding)
    return aanmelding


async def _op_wachtlijst(session: AsyncSession, rt: ServiceRuntime, a: Aanmelding) -> None:
    a.status = "wachtend"
    await rt.outbox.add(session, OpWachtlijstGeplaatst(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=a.vorm,
        verwezen_op=a.verwezen_op, prioriteit=prioriteit(crisis=a.crisis, urgent=a.urgent),
        norm_dagen=norm_dagen(a.vorm),
    ))


async def create(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                 data: AanmeldingIn) -> Aanmelding:
    if not mag_aanmelden_voor(principal, data.gemeente):
        raise Forbidden("a municipality registers only its own residents")
    aanmelding = await open_aanmelding(session, rt, data, team=principal.team)
    assert aanmelding is not None
    await rt.audit.record(session, principal, action="create", resource_type="aanmelding",
                          resource_id=str(aanmelding.id), client_id=aanmelding.client_id,
                          purpose="aanmelding opvang")
    return aanmelding


async def _aanbieders_van(session: AsyncSession, aanmelding_id: uuid.UUID) -> set[str]:
    rows = await session.scalars(
        sa.select(Locatie.aanbieder).join(Plaatsing, Plaatsing.locatie_id == Locatie.id)
        .where(Plaatsing.aanmelding_id == aanmelding_id))
    return set(rows.all())


async def get_visible(session: AsyncSession, scope: Scope, aanmelding_id: uuid.UUID, *,
                      for_update: bool = False) -> Aanmelding:
    """The aanmelding if the caller may see it; 404 otherwise (no hint that it exists)."""
    aanmelding = await session.get(Aanmelding, aanmelding_id, with_for_update=for_update)
    if aanmelding is None:
        raise NotFound(f"aanmelding {aanmelding_id}")
    aanbieders = set() if scope.alles or scope.aanbieder is None else \
        await _aanbieders_van(session, aanmelding_id)
    if not ziet_aanmelding(scope, gemeente=aanmelding.gemeente, team=aanmelding.team,
                           aanbieders=aanbieders):
        raise NotFound(f"aanmelding {aanmelding_id}")
    return aanmelding


def scope_filter(scope: Scope) -> sa.ColumnElement[bool]:
    """The SQL form of :func:`access.ziet_aanmelding` on the aanmeldingen table."""
    if scope.alles:
        return sa.true()
    clauses: list[sa.ColumnElement[bool]] = []
    if scope.gemeente is not None:
        clauses.append(Aanmelding.gemeente == scope.gemeente)
    if scope.team is not None:
        clauses.append(Aanmelding.team == scope.team)
    if scope.aanbieder is not None:
        clauses.append(Aanmelding.id.in_(
            sa.select(Plaatsing.aanmelding_id).join(Locatie, Locatie.id == Plaatsing.locatie_id)
            .where(Locatie.aanbieder == scope.aanbieder)))
    return sa.or_(*clauses) if clauses else sa.false()


async def read(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
               aanmelding_id: uuid.UUID) -> Aanmelding:
    aanmelding = await get_visible(session, scope_of(principal), aanmelding_id)
    await rt.audit.record(session, principal, action="read", resource_type="aanmelding",
                          resource_id=str(aanmelding.id), client_id=aanmelding.client_id,
                          purpose="aanmelding inzien")
    return aanmelding


async def list_visible(session: AsyncSession, rt: ServiceRuntime, principal: Principal, *,
                       status: str | None, vorm: str | None, client_id: str | None,
                       melding_id: uuid.UUID | None, limit: int) -> list[Aanmelding]:
    query = (sa.select(Aanmelding).where(scope_filter(scope_of(principal)))
             .order_by(Aanmelding.created_at.desc(), Aanmelding.id).limit(limit))
    if status is not None:
        query = query.where(Aanmelding.status == status)
    if vorm is not None:
        query = query.where(Aanmelding.vorm == vorm)
    if client_id is not None:
        query = query.where(Aanmelding.client_id == client_id)
    if melding_id is not None:
        query = query.where(Aanmelding.melding_id == melding_id)
    rows = list((await session.scalars(query)).all())
    for a in rows:
        await rt.audit.record(session, principal, action="read", resource_type="aanmelding",
                              resource_id=str(a.id), client_id=a.client_id,
                              purpose="aanmeldingen inzien")
    return rows


async def set_indicatie_bw(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                           aanmelding_id: uuid.UUID, data: IndicatieBwIn) -> Aanmelding:
    """Only the Regionale toegang sets the BW indicatie (the endpoint checks the role)."""
    if data.vorm not in BW_VORMEN:
        raise Unprocessable(f"{data.vorm} is not a form of beschermd wonen")
    a = await get_visible(session, scope_of(principal), aanmelding_id, for_update=True)
    if a.status not in OPEN_STATUSES:
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}; no indicatie can be set")
    if data.gezet_op < a.verwezen_op:
        raise Unprocessable("gezetOp lies before the verwijzing")
    a.vorm = data.vorm.value
    a.indicatie_bw_op = data.gezet_op
    a.indicatie_bw_door = principal.subject
    a.bovenregionaal_toegestaan = data.bovenregionaal_toegestaan
    await rt.audit.record(session, principal, action="update", resource_type="aanmelding",
                          resource_id=str(a.id), client_id=a.client_id,
                          purpose="indicatie beschermd wonen")
    await rt.outbox.add(session, IndicatieBwGezet(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=data.vorm,
        gezet_op=data.gezet_op, bovenregionaal_toegestaan=data.bovenregionaal_toegestaan))
    if a.status == "aangemeld":
        await _op_wachtlijst(session, rt, a)
    return a


async def intake_mo(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                    aanmelding_id: uuid.UUID, data: IntakeMoIn) -> Aanmelding:
    a = await get_visible(session, scope_of(principal), aanmelding_id, for_update=True)
    if a.vorm not in MO_VORMEN or (data.vorm is not None and data.vorm not in MO_VORMEN):
        raise Unprocessable("an MO intake is for maatschappelijke opvang only")
    if a.status not in (*OPEN_STATUSES, "geplaatst", "opgenomen"):
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}")
    if data.vorm is not None and a.status == "wachtend":
        a.vorm = data.vorm.value
    a.intake_mo_op = data.intake_op
    await rt.audit.record(session, principal, action="update", resource_type="aanmelding",
                          resource_id=str(a.id), client_id=a.client_id, purpose="intake MO")
    await rt.outbox.add(session, IntakeMoGedaan(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=a.vorm,
        intake_op=data.intake_op))
    return a


async def beoordeel(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                    aanmelding_id: uuid.UUID, data: BeoordelingIn) -> Aanmelding:
    """Records where the trajectory has the best chance. Outside the U16 region the outcome is
    a warme overdracht to that municipality: the aanmelding leaves the wachtlijst (any place
    already given as first shelter stays until the handover is complete)."""
    a = await get_visible(session, scope_of(principal), aanmelding_id, for_update=True)
    if a.status in ("uitgestroomd", "overgedragen"):
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}")
    overdracht = data.beste_kans_gemeente not in U16_GEMEENTEN
    a.beste_kans_gemeente = data.beste_kans_gemeente
    a.beoordeling_toelichting = data.toelichting
    await rt.audit.record(session, principal, action="update", resource_type="aanmelding",
                          resource_id=str(a.id), client_id=a.client_id,
                          purpose="beoordeling regiobinding")
    await rt.outbox.add(session, RegiobindingBeoordeeld(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente,
        beste_kans_gemeente=data.beste_kans_gemeente, beoordeeld_op=data.beoordeeld_op,
        warme_overdracht=overdracht))
    if overdracht:
        a.overgedragen_aan = data.beste_kans_gemeente
        a.overgedragen_op = data.beoordeeld_op
        if a.status in OPEN_STATUSES:
            a.status = "overgedragen"
            a.wachtlijst_tot = data.beoordeeld_op
        await rt.outbox.add(session, WarmeOverdrachtGedaan(
            aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente,
            naar_gemeente=data.beste_kans_gemeente, overgedragen_op=data.beoordeeld_op))
    return a
