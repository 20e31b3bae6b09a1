"""Incoming iWmo messages: read, validate, store once, check against the iWmo rules and
answer with retourcodes per part, in JSON and as a retourbericht in the provider's mailbox
(``retour``). The start (WMO305) and stop (WMO307) messages are handled here, by one code
path; verzoeken (WMO315/317) in ``verzoeken``, declaraties (WMO323) in ``declaraties``; the
provider's retour on our messages (WMO302/320) in ``retour``."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

import pydantic
from sqlalchemy.exc import IntegrityError
from wmokernel.auth import Principal
from wmokernel.events.iwmo import BerichtOntvangen, IwmoBerichttype, IwmoTermijnSoort
from wmokernel.problems import Conflict, Forbidden, ProblemError
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import berichten, regels
from ...domain.iwmo.berichten import Bericht, StartRegel, StopRegel
from ...domain.iwmo.codes import EERSTE, GEWIJZIGD, INKOMEND, RETOUR_INKOMEND, VERWIJDEREN
from ...iwmo.xsd import lees_xml
from ...models import Toewijzing
from ...models.iwmo import IwmoBericht
from ...repository import berichten as repo
from ...schemas import StartIn, StopIn
from .. import toewijzingen
from . import declaraties, stand, verzoeken
from . import retour as retouren
from .context import GOED, IwmoContext, Retour, retour
from .termijnen import regiebericht_termijn


@dataclass(frozen=True)
class Verwerking:
    bericht: IwmoBericht
    duplicaat: bool


async def ontvang(uow: UnitOfWork, ctx: IwmoContext, principal: Principal, raw: bytes,
                  vandaag: date) -> Verwerking:
    """Read, validate and process one incoming message. Raises OngeldigeXml (not well-formed
    or not an incoming iWmo type) and SchemaOvertreding (XSD-invalid); neither is stored.
    A message that breaks a rule is stored and answered with retourcodes (and our
    retourbericht). The same message again (sender + BerichtIdentificatie, same content)
    returns the stored outcome. A provider's retour on our message goes to ``retour``."""
    berichttype, root = lees_xml(raw, (*INKOMEND, *RETOUR_INKOMEND))
    if berichttype in RETOUR_INKOMEND:
        ontvangen, duplicaat = await retouren.ontvang(uow, ctx, principal, raw, root)
        return Verwerking(ontvangen, duplicaat)
    ctx.schemas.validate(berichttype, root)
    b = (berichten.lees_declaratie(root) if berichttype == "WMO323"
         else berichten.lees(berichttype, ctx.schemas.to_dict(berichttype, root)))
    if principal.team != b.kop.afzender:
        raise Forbidden(f"Afzender {b.kop.afzender} is not your AGB code (team claim)")
    sha = hashlib.sha256(raw).hexdigest()
    bestaand = await repo.inkomend(uow.session, b.kop.afzender, b.kop.identificatie)
    if bestaand is not None:
        return _eerder(bestaand, b, sha)
    client_ids = list(dict.fromkeys(uow.pseudonymize(bsn) for bsn in b.bsns))
    bericht = IwmoBericht(
        id=uuid.uuid4(), richting="in", berichttype=b.kop.berichttype,
        afzender=b.kop.afzender, ontvanger=b.kop.ontvanger, aanbieder=b.kop.afzender,
        identificatie=b.kop.identificatie, dagtekening=b.kop.dagtekening, sha256=sha,
        xml=raw.decode("utf-8", errors="replace"),
        client_id=client_ids[0] if len(client_ids) == 1 else None, status="ontvangen",
        retour=[])
    try:
        async with uow.session.begin_nested():
            uow.session.add(bericht)
            await uow.session.flush()
    except IntegrityError:
        # The same message arrived twice at the same moment: the other delivery won.
        bestaand = await repo.inkomend(uow.session, b.kop.afzender, b.kop.identificatie)
        if bestaand is not None and bestaand.sha256 == sha:
            return Verwerking(bestaand, True)
        raise
    codes = [retour(c, "Header") for c in regels.kop(b.kop, ctx.gemeentecode, vandaag)]
    if not codes:
        codes = await _HANDLERS[b.kop.berichttype](uow, principal, b, bericht, vandaag)
    fout = [r for r in codes if r["code"] not in GOED]
    bericht.status = ("goedgekeurd" if not fout
                      else "deels-afgekeurd" if len(fout) < len(codes) else "afgekeurd")
    bericht.retour = codes
    await retouren.beantwoord(uow, ctx, principal, bericht, root, b, codes, vandaag)
    await uow.audit_clients(principal, action="create", resource_type="iwmo-bericht",
                            resource_id=str(bericht.id), client_ids=client_ids,
                            purpose="iWmo-bericht")
    await uow.publish(BerichtOntvangen(
        bericht_id=bericht.id, berichttype=IwmoBerichttype(b.kop.berichttype),
        identificatie=b.kop.identificatie, aanbieder=b.kop.afzender,
        client_id=client_ids[0], client_ids=client_ids,
        ontvangen_op=vandaag, goedgekeurd=not fout,
        retourcodes=sorted({r["code"] for r in codes})))
    return Verwerking(bericht, False)


def _eerder(bestaand: IwmoBericht, b: Bericht, sha: str) -> Verwerking:
    if bestaand.sha256 == sha:
        return Verwerking(bestaand, True)
    raise Conflict(f"BerichtIdentificatie {b.kop.identificatie} was used before for "
                   "another message (iWmo retourcode 9056: identificatie moet uniek zijn)")


# --- start and stop (WMO305, WMO307) ---------------------------------------------------------

R = TypeVar("R", bound=StartRegel)


@dataclass(frozen=True)
class _Regiebericht(Generic[R]):
    """What differs between a start and a stop message."""

    onderdeel: str
    toets: Callable[[R, regels.ToewijzingStand | None, str, str, date], list[regels.Code]]
    verwerk: Callable[[UnitOfWork, Principal, Toewijzing, R, date], Awaitable[object]]
    termijn: IwmoTermijnSoort
    feit: Callable[[R], date]


async def _start(uow: UnitOfWork, principal: Principal, t: Toewijzing, r: StartRegel,
                 vandaag: date) -> None:
    """A (re)start (StatusAanlevering 1), the withdrawal of an earlier start (3), or a
    changed delivery of one that exists (2: nothing in it can change)."""
    if r.status_aanlevering == VERWIJDEREN:
        await toewijzingen.verwijder_start(uow, principal, t.id, r.begindatum, vandaag)
    elif r.status_aanlevering != GEWIJZIGD:
        await toewijzingen.start(uow, principal, t.id, StartIn(startdatum=r.begindatum),
                                 vandaag)


async def _stop(uow: UnitOfWork, principal: Principal, t: Toewijzing, r: StopRegel,
                vandaag: date) -> None:
    """A stop (StatusAanlevering 1, or 2 for a changed one: a definitive stop after a
    temporary one) or the withdrawal of an earlier stop (3)."""
    if r.status_aanlevering == VERWIJDEREN:
        await toewijzingen.verwijder_stop(uow, principal, t.id, r.begindatum, vandaag)
    else:
        data = StopIn(stopdatum=r.einddatum, reden_beeindiging=r.reden_beeindiging)
        await toewijzingen.stop(uow, principal, t.id, data, vandaag)


START = _Regiebericht[StartRegel]("StartProduct", regels.start, _start,
                                  IwmoTermijnSoort.STARTBERICHT, lambda r: r.begindatum)
STOP = _Regiebericht[StopRegel]("StopProduct", regels.stop, _stop,
                                IwmoTermijnSoort.STOPBERICHT, lambda r: r.einddatum)


async def _regieberichten(uow: UnitOfWork, principal: Principal, b: Bericht,
                          producten: Sequence[R], soort: _Regiebericht[R],
                          vandaag: date) -> list[Retour]:
    """Each StartProduct or StopProduct: checked against its toewijzing, then applied in a
    savepoint, so a refused one leaves the others standing."""
    out = []
    client_id = uow.pseudonymize(b.bsns[0])
    for i, r in enumerate(producten, 1):
        onderdeel = f"{soort.onderdeel} {i}"
        t = await stand.met_nummer(uow, r.toewijzingnummer)
        codes = soort.toets(r, await stand.stand(uow, t), client_id, b.kop.afzender, vandaag)
        if codes or t is None:
            out += [retour(c, onderdeel, klasse=soort.onderdeel, nummer=i) for c in codes]
            continue
        try:
            async with uow.session.begin_nested():
                await soort.verwerk(uow, principal, t, r, vandaag)
        except (ProblemError, pydantic.ValidationError) as exc:
            out.append(retour("0001", onderdeel, getattr(exc, "detail", str(exc)),
                              klasse=soort.onderdeel, nummer=i))
            continue
        out.append(retour("0200", onderdeel, klasse=soort.onderdeel, nummer=i))
        if r.status_aanlevering == EERSTE:
            await regiebericht_termijn(uow, t, soort.termijn, soort.feit(r), vandaag)
    return out


async def _wmo305(uow: UnitOfWork, principal: Principal, b: Bericht, bericht: IwmoBericht,
                  vandaag: date) -> list[Retour]:
    return await _regieberichten(uow, principal, b, b.starts, START, vandaag)


async def _wmo307(uow: UnitOfWork, principal: Principal, b: Bericht, bericht: IwmoBericht,
                  vandaag: date) -> list[Retour]:
    return await _regieberichten(uow, principal, b, b.stops, STOP, vandaag)


Handler = Callable[[UnitOfWork, Principal, Bericht, IwmoBericht, date],
                   Awaitable[list[Retour]]]

_HANDLERS: dict[str, Handler] = {
    "WMO305": _wmo305, "WMO307": _wmo307, "WMO315": verzoeken.ontvang_vot,
    "WMO317": verzoeken.ontvang_vow, "WMO323": declaraties.ontvang,
}
