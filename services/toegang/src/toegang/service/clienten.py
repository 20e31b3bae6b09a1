"""The client registry (BSN, name, address → wijk, buurt, buurtteam) and the consent
registry."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.catalogue import Kanaal
from wmokernel.grondslag import Grondslag
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import regio, routering
from ..domain.delen import EIGEN_INWONER
from ..domain.inzage import (
    ROLES_WITHOUT_CLIENT_DATA,
    SCOPE_BSN_LEZEN,
    is_u16,
    is_worker,
    may_read_bsn,
    ziet_inwoner,
)
from ..domain.reference import GEMEENTE_UTRECHT, normalize_postcode, wijk_code
from ..domain.routering import Route, Woonplek
from ..models import Client, Melding, Toestemming
from ..repository import clienten as clienten_repo
from ..repository import meldingen as meldingen_repo
from ..repository import toestemmingen as toestemmingen_repo
from ..schemas import Adres, ToestemmingIn


def parse_wijk(wijk: str) -> str:
    """The code of the buurtteam area named ``wijk``, or 422."""
    code = wijk_code(wijk)
    if code is None:
        raise Unprocessable(f"wijk: {wijk!r} is not one of Utrecht's buurtteam areas")
    return code


async def locate(uow: UnitOfWork, adres: Adres | None, wijk: str | None,
                 worker_team: str | None) -> Woonplek:
    """The resident's wijk and buurt from the address (postcode), else from the given wijk,
    else from the registering worker's team when that is a buurtteam area."""
    if adres is not None:
        try:
            postcode = normalize_postcode(adres.postcode)
        except ValueError as exc:
            raise Unprocessable(f"adres.postcode: {exc}") from exc
        area = await clienten_repo.postcode_area(uow.session, postcode[:4])
        if area is None:
            raise Unprocessable(f"adres: postcode {postcode} is not a known Utrecht address")
        return Woonplek(area[0], area[1], area[2], postcode)
    if wijk is not None:
        return Woonplek(parse_wijk(wijk), None, GEMEENTE_UTRECHT, None)
    code = wijk_code(worker_team) if worker_team else None
    return Woonplek(code, None, GEMEENTE_UTRECHT, None)


async def locate_regionaal(uow: UnitOfWork, principal: Principal, adres: Adres | None,
                           gemeente: str | None) -> Woonplek:
    """Where a U16 municipality's resident lives (``domain/regio.py``): its own municipality
    from the token (403 for a body naming another) and a Dutch postcode outside Utrecht
    (422 otherwise)."""
    try:
        eigen = regio.eigen_gemeente(principal.gemeente, gemeente)
    except regio.NietEigenGemeente as exc:
        uow.audit_refusal(principal, "melding", "*", None, "melding registreren")
        raise Forbidden(str(exc)) from exc
    postcode = None
    in_utrecht = False
    if adres is not None:
        try:
            postcode = normalize_postcode(adres.postcode)
        except ValueError as exc:
            raise Unprocessable(f"adres.postcode: {exc}") from exc
        in_utrecht = await clienten_repo.postcode_area(uow.session, postcode[:4]) is not None
    try:
        return regio.woonplek(eigen, postcode, in_utrecht)
    except regio.GeenRegionaleMelding as exc:
        raise Unprocessable(str(exc)) from exc


def route(kanaal: Kanaal, woonplek: Woonplek, worker_team: str | None) -> Route:
    """The team that takes the melding (``domain/routering.py``), or 422."""
    try:
        return routering.route(kanaal, woonplek, worker_team)
    except routering.GeenRoute as exc:
        raise Unprocessable(str(exc)) from exc


async def register_client(uow: UnitOfWork, client_id: str, bsn: str, naam: str | None,
                          adres: Adres | None, woonplek: Woonplek) -> bool:
    """Insert or update the registry entry; True when the client was known already (a client
    enters the registry only together with a melding, so: had a melding before)."""
    values: dict[str, object] = {"id": client_id, "bsn": bsn}
    if naam:
        values["naam"] = naam
    if adres is not None:
        values.update({"straat": adres.straat, "huisnummer": adres.huisnummer,
                       "huisnummertoevoeging": adres.huisnummertoevoeging,
                       "postcode": woonplek.postcode, "woonplaats": adres.woonplaats,
                       "gemeente": woonplek.gemeente, "wijk": woonplek.wijk,
                       "buurt": woonplek.buurt})
    updated = ((("naam",) if naam else ())
               + (clienten_repo.ADRES_COLUMNS if adres is not None else ()))
    return await clienten_repo.upsert_client(uow.session, values, updated)


def _grondslag_lezer(principal: Principal) -> Grondslag | None:
    """A U16 municipality reads its own resident on a legal basis (``domain/delen.py``); a
    worker of the casus under the activity's own."""
    return EIGEN_INWONER.grondslag if is_u16(principal) else None


async def _visible_client(uow: UnitOfWork, principal: Principal, client_id: str,
                          purpose: str, *, lezen: bool = False) -> Client:
    """A worker sees a client while assigned to one of the client's casussen (a team lead:
    while one of them belongs to their team); a U16 municipality reads (``lezen``) the entry
    of its own resident."""
    if lezen and is_u16(principal):
        client = await clienten_repo.get_client(uow.session, client_id)
        if client is None or not ziet_inwoner(principal, client.gemeente):
            uow.audit_refusal(principal, "client", client_id, client_id, purpose)
            raise NotFound(f"client {client_id}")
        return client
    if not (is_worker(principal)
            and await meldingen_repo.client_visible_to(uow.session, principal, client_id)):
        uow.audit_refusal(principal, "client", client_id, client_id, purpose)
        if principal.has_any(ROLES_WITHOUT_CLIENT_DATA):
            raise Forbidden("this role does not see client data")
        raise NotFound(f"client {client_id}")
    client = await clienten_repo.get_client(uow.session, client_id)
    if client is None:
        raise NotFound(f"client {client_id}")
    return client


async def read_client(uow: UnitOfWork, principal: Principal, client_id: str
                      ) -> tuple[Client, list[Melding]]:
    client = await _visible_client(uow, principal, client_id, "inzage cliëntgegevens",
                                   lezen=True)
    await uow.audit(principal, action="read", resource_type="client", resource_id=client_id,
                    client_id=client_id, purpose="inzage cliëntgegevens",
                    grondslag=_grondslag_lezer(principal))
    return client, await meldingen_repo.of_client(uow.session, client_id)


async def read_bsn(uow: UnitOfWork, principal: Principal, client_id: str, doel: str
                   ) -> tuple[str, str | None]:
    """The BSN and name for a system with the dedicated scope (indicatie, for iWmo and the
    CAK)."""
    if not may_read_bsn(principal):
        uow.audit_refusal(principal, "bsn", client_id, client_id, doel)
        raise Forbidden(f"reading a BSN needs the role systeem and the scope {SCOPE_BSN_LEZEN}")
    found = await clienten_repo.bsn_and_naam(uow.session, client_id)
    if found is None:
        raise NotFound(f"client {client_id}")
    await uow.audit(principal, action="read", resource_type="bsn", resource_id=client_id,
                    client_id=client_id, purpose=doel, grondslag=Grondslag.BSN_IWMO)
    return found


async def give_consent(uow: UnitOfWork, principal: Principal, client_id: str,
                       data: ToestemmingIn, today: date) -> Toestemming:
    await _visible_client(uow, principal, client_id, "toestemming vastleggen")
    gegeven_op = data.gegeven_op or today
    if gegeven_op > today:
        raise Unprocessable("gegevenOp: a consent cannot be dated in the future")
    consent = Toestemming(id=uuid.uuid4(), client_id=client_id, ontvanger=data.ontvanger,
                          doel=data.doel, gegeven_op=gegeven_op, vastgelegd_door=principal.subject)
    await toestemmingen_repo.add_toestemming(uow.session, consent)
    await uow.audit(principal, action="create", resource_type="toestemming",
                    resource_id=str(consent.id), client_id=client_id,
                    purpose="toestemming vastleggen")
    return consent


async def record_consent(uow: UnitOfWork, principal: Principal, client_id: str,
                         ontvanger: str, doel: str, gegeven_op: date) -> None:
    """Consent recorded as part of another act (a professional's signal)."""
    await toestemmingen_repo.add_toestemming(uow.session, Toestemming(
        id=uuid.uuid4(), client_id=client_id, ontvanger=ontvanger, doel=doel,
        gegeven_op=gegeven_op, vastgelegd_door=principal.subject), flush=False)


async def list_consents(uow: UnitOfWork, principal: Principal, client_id: str
                        ) -> list[Toestemming]:
    await _visible_client(uow, principal, client_id, "inzage toestemmingen", lezen=True)
    await uow.audit(principal, action="read", resource_type="toestemming",
                    resource_id=client_id, client_id=client_id, purpose="inzage toestemmingen",
                    grondslag=_grondslag_lezer(principal))
    return await toestemmingen_repo.of_client(uow.session, client_id)


async def withdraw_consent(uow: UnitOfWork, principal: Principal, client_id: str,
                           consent_id: uuid.UUID, op: date, today: date) -> Toestemming:
    await _visible_client(uow, principal, client_id, "toestemming intrekken")
    consent = await toestemmingen_repo.get_for_update(uow.session, consent_id)
    if consent is None or consent.client_id != client_id:
        raise NotFound(f"toestemming {consent_id}")
    if consent.ingetrokken_op is not None:
        raise Conflict(f"toestemming {consent_id} was withdrawn already")
    if op < consent.gegeven_op or op > today:
        raise Unprocessable("ingetrokkenOp must lie between the consent's date and today")
    consent.ingetrokken_op = op
    await uow.audit(principal, action="update", resource_type="toestemming",
                    resource_id=str(consent_id), client_id=client_id,
                    purpose="toestemming intrekken")
    return consent
