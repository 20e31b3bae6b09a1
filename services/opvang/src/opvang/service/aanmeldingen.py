"""Aanmeldingen: registration from every channel, BW indicatie, MO intake, the assessment of
where the trajectory has the best chance and the warme overdracht. Every read of personal data
is audit-logged."""

from __future__ import annotations

import uuid

from wmokernel.auth import Principal
from wmokernel.events.opvang import (
    AanmeldingOntvangen,
    IndicatieBwGezet,
    IntakeMoGedaan,
    OpWachtlijstGeplaatst,
    RegiobindingBeoordeeld,
    WarmeOverdrachtGedaan,
)
from wmokernel.grondslag import grondslag_van_lezer
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.reference import U16_GEMEENTEN
from ..domain.vormen import BW_VORMEN, MO_VORMEN, is_bw, norm_dagen
from ..domain.wachtlijst import prioriteit
from ..domain.zichtbaarheid import Scope, mag_aanmelden_voor, scope_of, ziet_aanmelding
from ..models import Aanmelding
from ..repository import aanmeldingen as repo
from ..schemas import AanmeldingIn, BeoordelingIn, IndicatieBwIn, IntakeMoIn

# Aanmeldingen from toegang get an id derived from toegang's id: a replay opens no second one.
_AANMELDING_NS = uuid.UUID("2d0f4c7e-93a1-4b8e-a4f5-7c1e0b6d5a21")

OPEN_STATUSES = ("aangemeld", "wachtend")


def _financiering(data: AanmeldingIn) -> str:
    if data.doelgroep == "wmo":
        return data.financiering or "wmo"
    if not data.financiering:
        raise Unprocessable("a non-Wmo target group needs its funding source (financiering)")
    return data.financiering


async def _audit(uow: UnitOfWork, principal: Principal, a: Aanmelding, *, action: str,
                 purpose: str) -> None:
    await uow.audit(principal, action=action, resource_type="aanmelding",
                    resource_id=str(a.id), client_id=a.client_id, purpose=purpose,
                    grondslag=grondslag_van_lezer(principal.roles))


async def open_aanmelding(uow: UnitOfWork, data: AanmeldingIn, *, team: str | None,
                          bron_id: str | None = None) -> Aanmelding | None:
    """Registers an aanmelding; None when ``bron_id`` was seen before (a replay).

    MO goes onto the wachtlijst at once (first shelter is never refused for regiobinding);
    BW waits for the Regionale toegang's indicatie."""
    aanmelding_id = uuid.uuid5(_AANMELDING_NS, bron_id) if bron_id else uuid.uuid4()
    status = "aangemeld" if is_bw(data.vorm) else "wachtend"
    aanmelding = await repo.insert_new(uow.session, dict(
        id=aanmelding_id, client_id=data.client_id, gemeente=data.gemeente,
        buiten_regio=data.gemeente not in U16_GEMEENTEN, kanaal=data.kanaal.value, team=team,
        melding_id=data.melding_id, bron_id=bron_id, vorm=data.vorm.value, status=status,
        urgent=data.urgent, crisis=data.crisis, verwezen_op=data.verwezen_op,
        leeftijd=data.leeftijd, geslacht=data.geslacht.value if data.geslacht else None,
        specialismen=sorted(set(data.specialismen)), beschermd=data.beschermd,
        doelgroep=data.doelgroep.value, financiering=_financiering(data),
    ))
    if aanmelding is None:
        return None
    await uow.publish(AanmeldingOntvangen(
        aanmelding_id=aanmelding.id, client_id=aanmelding.client_id, gemeente=aanmelding.gemeente,
        vorm=data.vorm, kanaal=aanmelding.kanaal, verwezen_op=aanmelding.verwezen_op,
        urgent=aanmelding.urgent, crisis=aanmelding.crisis, buiten_regio=aanmelding.buiten_regio,
        doelgroep=aanmelding.doelgroep, financiering=aanmelding.financiering,
    ))
    if status == "wachtend":
        await _op_wachtlijst(uow, aanmelding)
    return aanmelding


async def _op_wachtlijst(uow: UnitOfWork, a: Aanmelding) -> None:
    a.status = "wachtend"
    await uow.publish(OpWachtlijstGeplaatst(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=a.vorm,
        verwezen_op=a.verwezen_op, prioriteit=prioriteit(crisis=a.crisis, urgent=a.urgent),
        norm_dagen=norm_dagen(a.vorm),
    ))


async def create(uow: UnitOfWork, principal: Principal, data: AanmeldingIn) -> Aanmelding:
    if not mag_aanmelden_voor(principal, data.gemeente):
        raise Forbidden("a municipality registers only its own residents")
    aanmelding = await open_aanmelding(uow, data, team=principal.team)
    assert aanmelding is not None
    await _audit(uow, principal, aanmelding, action="create", purpose="aanmelding opvang")
    return aanmelding


async def get_visible(uow: UnitOfWork, scope: Scope, aanmelding_id: uuid.UUID, *,
                      for_update: bool = False) -> Aanmelding:
    """The aanmelding if the caller may see it; 404 otherwise (no hint that it exists)."""
    aanmelding = await repo.get(uow.session, aanmelding_id, for_update=for_update)
    if aanmelding is None:
        raise NotFound(f"aanmelding {aanmelding_id}")
    aanbieders = set() if scope.alles or scope.aanbieder is None else \
        await repo.aanbieders_van(uow.session, aanmelding_id)
    if not ziet_aanmelding(scope, gemeente=aanmelding.gemeente, team=aanmelding.team,
                           aanbieders=aanbieders):
        raise NotFound(f"aanmelding {aanmelding_id}")
    return aanmelding


async def read(uow: UnitOfWork, principal: Principal, aanmelding_id: uuid.UUID) -> Aanmelding:
    aanmelding = await get_visible(uow, scope_of(principal), aanmelding_id)
    await _audit(uow, principal, aanmelding, action="read", purpose="aanmelding inzien")
    return aanmelding


async def list_visible(uow: UnitOfWork, principal: Principal, *, status: str | None,
                       vorm: str | None, client_id: str | None, melding_id: uuid.UUID | None,
                       page: PageRequest) -> tuple[list[Aanmelding], int]:
    rows, total = await repo.list_visible(uow.session, scope_of(principal), status=status,
                                          vorm=vorm, client_id=client_id,
                                          melding_id=melding_id, page=page)
    for a in rows:
        await _audit(uow, principal, a, action="read", purpose="aanmeldingen inzien")
    return rows, total


async def set_indicatie_bw(uow: UnitOfWork, principal: Principal, aanmelding_id: uuid.UUID,
                           data: IndicatieBwIn) -> Aanmelding:
    """Only the Regionale toegang sets the BW indicatie (the endpoint checks the role)."""
    if data.vorm not in BW_VORMEN:
        raise Unprocessable(f"{data.vorm} is not a form of beschermd wonen")
    a = await get_visible(uow, scope_of(principal), aanmelding_id, for_update=True)
    if a.status not in OPEN_STATUSES:
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}; no indicatie can be set")
    if data.gezet_op < a.verwezen_op:
        raise Unprocessable("gezetOp lies before the verwijzing")
    a.vorm = data.vorm.value
    a.indicatie_bw_op = data.gezet_op
    a.indicatie_bw_door = principal.subject
    a.bovenregionaal_toegestaan = data.bovenregionaal_toegestaan
    await _audit(uow, principal, a, action="update", purpose="indicatie beschermd wonen")
    await uow.publish(IndicatieBwGezet(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=data.vorm,
        gezet_op=data.gezet_op, bovenregionaal_toegestaan=data.bovenregionaal_toegestaan))
    if a.status == "aangemeld":
        await _op_wachtlijst(uow, a)
    return a


async def intake_mo(uow: UnitOfWork, principal: Principal, aanmelding_id: uuid.UUID,
                    data: IntakeMoIn) -> Aanmelding:
    a = await get_visible(uow, scope_of(principal), aanmelding_id, for_update=True)
    if a.vorm not in MO_VORMEN or (data.vorm is not None and data.vorm not in MO_VORMEN):
        raise Unprocessable("an MO intake is for maatschappelijke opvang only")
    if a.status not in (*OPEN_STATUSES, "geplaatst", "opgenomen"):
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}")
    if data.vorm is not None and a.status == "wachtend":
        a.vorm = data.vorm.value
    a.intake_mo_op = data.intake_op
    await _audit(uow, principal, a, action="update", purpose="intake MO")
    await uow.publish(IntakeMoGedaan(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=a.vorm,
        intake_op=data.intake_op))
    return a


async def beoordeel(uow: UnitOfWork, principal: Principal, aanmelding_id: uuid.UUID,
                    data: BeoordelingIn) -> Aanmelding:
    """Records where the trajectory has the best chance. Outside the U16 region the outcome is
    a warme overdracht to that municipality: the aanmelding leaves the wachtlijst (any place
    already given as first shelter stays until the handover is complete)."""
    a = await get_visible(uow, scope_of(principal), aanmelding_id, for_update=True)
    if a.status in ("uitgestroomd", "overgedragen"):
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}")
    overdracht = data.beste_kans_gemeente not in U16_GEMEENTEN
    a.beste_kans_gemeente = data.beste_kans_gemeente
    a.beoordeling_toelichting = data.toelichting
    await _audit(uow, principal, a, action="update", purpose="beoordeling regiobinding")
    await uow.publish(RegiobindingBeoordeeld(
        aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente,
        beste_kans_gemeente=data.beste_kans_gemeente, beoordeeld_op=data.beoordeeld_op,
        warme_overdracht=overdracht))
    if overdracht:
        a.overgedragen_aan = data.beste_kans_gemeente
        a.overgedragen_op = data.beoordeeld_op
        if a.status in OPEN_STATUSES:
            a.status = "overgedragen"
            a.wachtlijst_tot = data.beoordeeld_op
        await uow.publish(WarmeOverdrachtGedaan(
            aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente,
            naar_gemeente=data.beste_kans_gemeente, overgedragen_op=data.beoordeeld_op))
    return a
