"""Use cases of the toewijzing to a provider and its delivery: assign, start, stop, restart,
and withdrawing a start or stop (iWmo StatusAanlevering 3). Changes of a toewijzing by the
gemeente are in ``wijzigingen``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from wmokernel.auth import Principal, Role
from wmokernel.events.indicatie import (
    LeveringGestart,
    LeveringGestopt,
    LeveringsmeldingSoort,
    LeveringsmeldingVerwijderd,
    Leveringsvorm,
    Omvang,
    ToewijzingGedaan,
)
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import termijnen
from ..domain.iwmo import toewijzingbericht
from ..domain.iwmo.codes import TIJDELIJK_GESTOPT
from ..domain.leveringsperioden import Periode, stand
from ..domain.statussen import TOEWIJZING, OngeldigeOvergang
from ..models import Beschikking, BeschiktProduct, Leveringsperiode, Toewijzing
from ..repository import beschikkingen
from ..repository import toewijzingen as repo
from ..repository.opdrachten import plan_toewijzingbericht
from ..schemas import StartIn, StopIn, ToewijzingIn
from .aanvragen import get_aanvraag


def _omvang(t: Toewijzing, volume: int | None = None) -> Omvang:
    return Omvang(volume=volume if volume is not None else t.volume, eenheid=t.eenheid,
                  frequentie=t.frequentie)


def _transition(t: Toewijzing, action: str) -> None:
    try:
        t.status = TOEWIJZING.next(t.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


def snapshotregel(t: Toewijzing) -> toewijzingbericht.Snapshotregel:
    return toewijzingbericht.Snapshotregel(
        nummer=t.nummer, code=t.product_code, ingangsdatum=t.ingangsdatum,
        einddatum=t.einddatum, status=t.status, reden_beeindiging=t.reden_beeindiging,
        reden_wijziging=t.reden_wijziging, te_melden=t.te_melden)


async def _past_in_toewijzingbericht(uow: UnitOfWork, client_id: str, aanbieder: str,
                                     product_id: uuid.UUID, code: str,
                                     regel: Toewijzingsregel, vandaag: date) -> None:
    """Refuse what no valid WMO301 could carry: the same product twice with overlapping
    periods for one client at one provider (iWmo TR361)."""
    rows = {t.nummer: t for t in await repo.van_client(uow.session, client_id, aanbieder)}
    botst = toewijzingbericht.overlappende(
        code, regel.ingangsdatum, regel.einddatum,
        [snapshotregel(t) for t in rows.values()], vandaag)
    if botst is not None:
        t = rows[botst.nummer]
        if t.beschikt_product_id == product_id and t.status != "gestopt" and t.opvolger_id is None:
            raise Conflict(f"granted product {product_id} already has a running toewijzing "
                           f"({t.nummer}): one running toewijzing per granted product")
        periode = toewijzingbericht.periode_tekst
        raise Unprocessable(
            f"toewijzing {botst.nummer} ({rows[botst.nummer].id}) of product {code} for this "
            f"client at provider {aanbieder} runs {periode(botst.ingangsdatum, botst.einddatum)};"
            f" a new one for {periode(regel.ingangsdatum, regel.einddatum)} would overlap it, "
            "and a toewijzingbericht (WMO301) may not hold a product twice in overlapping "
            "periods (iWmo TR361, retourcode 9361). To let the newly granted product follow "
            f"it, change toewijzing {botst.nummer}: POST /toewijzingen/{rows[botst.nummer].id}"
            "/wijzigingen with this beschiktProductId and the ingangsdatum it takes over.")


async def toets_toewijzingbericht(uow: UnitOfWork, client_id: str, aanbieder: str,
                                  vandaag: date) -> None:
    """After a whole new situation was written (a verzoek om wijziging): refuse it, rolling
    back, when the client's next WMO301 would hold a product twice in overlapping periods."""
    await uow.session.flush()
    rows = {t.nummer: t for t in await repo.van_client(uow.session, client_id, aanbieder)}
    paar = toewijzingbericht.overlap_in([snapshotregel(t) for t in rows.values()], vandaag)
    if paar is not None:
        a, b = paar
        raise Unprocessable(
            f"toewijzingen {a.nummer} and {b.nummer} of product {a.code} would overlap "
            f"({toewijzingbericht.periode_tekst(a.ingangsdatum, a.einddatum)} and "
            f"{toewijzingbericht.periode_tekst(b.ingangsdatum, b.einddatum)}); a "
            "toewijzingbericht (WMO301) may not hold a product twice in overlapping periods "
            "(iWmo TR361, retourcode 9361)")


def sees(principal: Principal, t: Toewijzing) -> bool:
    """Need-to-know: a provider sees only its own toewijzingen (its AGB code in ``team``)."""
    if principal.has_any((Role.GEMEENTE, Role.SYSTEEM)):
        return True
    return principal.has_any((Role.AANBIEDER,)) and principal.team == t.aanbieder


async def toewijsbaar(uow: UnitOfWork, product_id: uuid.UUID,
                       ) -> tuple[BeschiktProduct, Beschikking]:
    product = await beschikkingen.product(uow.session, product_id)
    if product is None:
        raise NotFound(f"beschikt product {product_id}")
    beschikking = await beschikkingen.get(uow.session, product.beschikking_id, for_update=True)
    assert beschikking is not None
    if beschikking.status != "afgegeven":
        raise Conflict(f"the beschikking has status {beschikking.status!r}: only an issued "
                       "beschikking can be assigned to a provider")
    if product.leveringsvorm != Leveringsvorm.ZIN.value or product.aanbieder is None:
        raise Unprocessable("only care in kind (ZIN) is assigned to a provider; a PGB is paid "
                            "to the resident's budget")
    return product, beschikking


@dataclass(frozen=True)
class Toewijzingsregel:
    """What a toewijzing assigns of a granted product: a period and an omvang (or budget)."""

    ingangsdatum: date
    einddatum: date | None
    volume: int
    eenheid: str
    frequentie: str
    budget_cents: int | None = None


def regel_van(product: BeschiktProduct, budget_cents: int | None = None) -> Toewijzingsregel:
    return Toewijzingsregel(ingangsdatum=product.ingangsdatum, einddatum=product.einddatum,
                            volume=product.volume, eenheid=product.eenheid,
                            frequentie=product.frequentie, budget_cents=budget_cents)


async def nieuwe_toewijzing(uow: UnitOfWork, principal: Principal,
                            product: BeschiktProduct, beschikking: Beschikking,
                            regel: Toewijzingsregel, toegewezen_op: date,
                            herbeoordeling_op: date | None = None,
                            vorige: Toewijzing | None = None,
                            referentie_aanbieder: str | None = None,
                            toewijzing_id: uuid.UUID | None = None,
                            toets_overlap: bool = True) -> Toewijzing:
    """A new toewijzing (with a new ToewijzingNummer) of a granted product; ``vorige`` is the
    toewijzing it follows after a change of omvang. Plans the WMO301. ``toets_overlap``
    False: the caller checks the whole new situation itself (``toets_toewijzingbericht``)."""
    if regel.ingangsdatum < product.ingangsdatum or (
            product.einddatum is not None
            and (regel.einddatum is None or regel.einddatum > product.einddatum)):
        raise Unprocessable("the toewijzing lies outside the period of the granted product")
    if regel.einddatum is not None and regel.einddatum < regel.ingangsdatum:
        raise Unprocessable("the einddatum lies before the ingangsdatum")
    herbeoordeling = herbeoordeling_op or termijnen.herbeoordeling_op(
        regel.ingangsdatum, regel.einddatum)
    if herbeoordeling < regel.ingangsdatum:
        raise Unprocessable("herbeoordelingOp lies before the ingangsdatum")
    aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id)
    assert product.aanbieder is not None
    if toets_overlap:
        await _past_in_toewijzingbericht(uow, aanvraag.client_id, product.aanbieder,
                                         product.id, product.product_code, regel,
                                         toegewezen_op)
    toewijzing = Toewijzing(
        id=toewijzing_id or uuid.uuid4(), beschikt_product_id=product.id,
        beschikking_id=beschikking.id,
        aanvraag_id=aanvraag.id, client_id=aanvraag.client_id, aanbieder=product.aanbieder,
        product_code=product.product_code, productcategorie=product.productcategorie,
        volume=regel.volume, eenheid=regel.eenheid, frequentie=regel.frequentie,
        budget_cents=regel.budget_cents, ingangsdatum=regel.ingangsdatum,
        einddatum=regel.einddatum, herbeoordeling_op=herbeoordeling, toegewezen_op=toegewezen_op,
        verwezen_op=(vorige.verwezen_op if vorige is not None
                     else aanvraag.verwezen_op or aanvraag.ontvangen_op),
        status="toegewezen", vorige_toewijzing_id=vorige.id if vorige is not None else None,
        referentie_aanbieder=referentie_aanbieder, te_melden=False,
    )
    uow.session.add(toewijzing)
    await uow.session.flush()  # the partial unique index refuses a second running toewijzing: 409
    await uow.audit(principal, action="create", resource_type="toewijzing",
                          resource_id=str(toewijzing.id), client_id=toewijzing.client_id,
                          purpose="toewijzing aan aanbieder")
    await uow.publish(ToewijzingGedaan(
        toewijzing_id=toewijzing.id, aanvraag_id=aanvraag.id, beschikking_id=beschikking.id,
        client_id=aanvraag.client_id, product_code=product.product_code,
        productcategorie=product.productcategorie, aanbieder=product.aanbieder,
        beschikt_product_id=product.id, leveringsvorm=Leveringsvorm.ZIN, omvang=_omvang(toewijzing),
        tarief_cents=product.tarief_cents, toegewezen_op=toegewezen_op,
        ingangsdatum=toewijzing.ingangsdatum, einddatum=toewijzing.einddatum,
        herbeoordeling_op=herbeoordeling, verwezen_op=toewijzing.verwezen_op,
        vorige_toewijzing_id=toewijzing.vorige_toewijzing_id,
    ))
    # iWmo: a new WMO301 with the client's full set of toewijzingen at this provider.
    await plan_toewijzingbericht(uow.session, toewijzing.client_id, toewijzing.aanbieder)
    return toewijzing


async def assign(uow: UnitOfWork, principal: Principal,
                 data: ToewijzingIn, today: date,
                 referentie_aanbieder: str | None = None) -> Toewijzing:
    product, beschikking = await toewijsbaar(uow, data.beschikt_product_id)
    toegewezen_op = data.toegewezen_op or today
    if toegewezen_op > today or (beschikking.afgegeven_op is not None
                                 and toegewezen_op < beschikking.afgegeven_op):
        raise Unprocessable("toegewezenOp must lie between the beschikking date and today")
    if product.einddatum is not None and toegewezen_op > product.einddatum:
        raise Unprocessable("the granted period has already ended")
    return await nieuwe_toewijzing(uow, principal, product, beschikking,
                                   regel_van(product, data.budget_cents), toegewezen_op,
                                   data.herbeoordeling_op,
                                   referentie_aanbieder=referentie_aanbieder)


async def get_toewijzing(uow: UnitOfWork, principal: Principal, toewijzing_id: uuid.UUID,
                         for_update: bool = False) -> Toewijzing:
    t = await repo.get(uow.session, toewijzing_id, for_update)
    if t is None or not sees(principal, t):
        raise NotFound(f"toewijzing {toewijzing_id}")
    return t


async def list_toewijzingen(uow: UnitOfWork, principal: Principal,
                            aanvraag_id: uuid.UUID | None, client_id: str | None,
                            status: str | None,
                            page: PageRequest) -> tuple[list[Toewijzing], int]:
    """Newest first; a provider sees only its own."""
    aanbieder = (None if principal.has_any((Role.GEMEENTE, Role.SYSTEEM))
                 else principal.team or "")
    return await repo.list_(uow.session, aanbieder, aanvraag_id, client_id, status, page)


def _event_base(t: Toewijzing) -> dict[str, object]:
    return dict(toewijzing_id=t.id, aanvraag_id=t.aanvraag_id, beschikking_id=t.beschikking_id,
                client_id=t.client_id, product_code=t.product_code,
                productcategorie=t.productcategorie, aanbieder=t.aanbieder)


def als_periode(p: Leveringsperiode) -> Periode:
    return Periode(begindatum=p.begindatum, einddatum=p.einddatum,
                   reden_beeindiging=p.reden_beeindiging)


async def perioden_van(uow: UnitOfWork, toewijzing_id: uuid.UUID) -> tuple[Periode, ...]:
    return tuple(als_periode(p) for p in await repo.perioden(uow.session, toewijzing_id))


def _pas_toe(t: Toewijzing, perioden: list[Leveringsperiode]) -> None:
    s = stand([als_periode(p) for p in perioden if not p.verwijderd])
    t.status, t.startdatum, t.stopdatum, t.reden_beeindiging = (
        s.status, s.startdatum, s.stopdatum, s.reden_beeindiging)


async def start(uow: UnitOfWork, principal: Principal, toewijzing_id: uuid.UUID, data: StartIn,
                today: date) -> Toewijzing:
    """The provider's start message (iWmo WMO305); the wait is measured against 14 days.
    After a stop the care may restart (a new delivery period), unless the toewijzing was
    replaced or ended before any start."""
    t = await get_toewijzing(uow, principal, toewijzing_id, for_update=True)
    perioden = await repo.perioden(uow.session, t.id)
    vorige = perioden[-1] if perioden else None
    if t.status == "gestopt" and (vorige is None or t.opvolger_id is not None
                                  or await repo.ander_lopend(uow.session, t)):
        raise Conflict("this toewijzing ended or was replaced: it cannot restart")
    _transition(t, "starten")
    if data.startdatum > today:
        raise Unprocessable("startdatum lies in the future")
    if data.startdatum < t.ingangsdatum or (t.einddatum is not None
                                            and data.startdatum > t.einddatum):
        raise Unprocessable("startdatum lies outside the granted period")
    if vorige is not None and vorige.einddatum is not None and data.startdatum <= vorige.einddatum:
        raise Unprocessable("a restart lies after the stop of the previous delivery")
    periode = Leveringsperiode(id=uuid.uuid4(), toewijzing_id=t.id, begindatum=data.startdatum)
    uow.session.add(periode)
    _pas_toe(t, [*perioden, periode])
    await uow.session.flush()
    assert t.startdatum is not None
    await uow.audit(principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id, purpose="start levering")
    await uow.publish(LeveringGestart(
        **_event_base(t), startdatum=data.startdatum,
        verwezen_op=t.verwezen_op,
        wachtdagen=termijnen.wachtdagen(t.verwezen_op, t.startdatum),
        binnen_norm=termijnen.binnen_wachtnorm(t.verwezen_op, t.startdatum),
        vervolg=vorige is not None or t.vorige_toewijzing_id is not None, gemeld_op=today))
    return t


async def stop(uow: UnitOfWork, principal: Principal, toewijzing_id: uuid.UUID, data: StopIn,
               today: date) -> Toewijzing:
    """The stop message (iWmo WMO307) with its reden beëindiging (WMO588). A temporary stop
    (reden 20) may be followed by a definitive stop of the same delivery period."""
    t = await get_toewijzing(uow, principal, toewijzing_id, for_update=True)
    perioden = await repo.perioden(uow.session, t.id)
    huidig = perioden[-1] if perioden else None
    if t.status == "gestopt":
        if huidig is None or huidig.reden_beeindiging != TIJDELIJK_GESTOPT \
                or data.reden_beeindiging == TIJDELIJK_GESTOPT:
            raise Conflict("the delivery is stopped already; only a temporary stop is "
                           "followed by a definitive one")
        assert huidig.einddatum is not None
        if data.stopdatum < huidig.einddatum:
            raise Unprocessable("a definitive stop lies on or after the temporary stop")
        huidig.eerdere_stops = [*huidig.eerdere_stops, {
            "einddatum": huidig.einddatum.isoformat(),
            "redenBeeindiging": huidig.reden_beeindiging}]
    else:
        _transition(t, "stoppen")
    if data.stopdatum > today:
        raise Unprocessable("stopdatum lies in the future")
    if data.stopdatum < (huidig.begindatum if huidig is not None else t.toegewezen_op):
        raise Unprocessable("stopdatum lies before the start")
    if t.einddatum is not None and data.stopdatum > t.einddatum:
        raise Unprocessable("stopdatum lies after the einddatum of the toewijzing")
    if huidig is not None:
        huidig.einddatum, huidig.reden_beeindiging = data.stopdatum, data.reden_beeindiging
    t.status = "gestopt"
    t.stopdatum = data.stopdatum
    t.reden_beeindiging = data.reden_beeindiging
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id, purpose="stop levering")
    await uow.publish(LeveringGestopt(
        **_event_base(t), stopdatum=data.stopdatum,
        reden_beeindiging=data.reden_beeindiging, gestart=huidig is not None, gemeld_op=today))
    return t


async def verwijder_start(uow: UnitOfWork, principal: Principal, toewijzing_id: uuid.UUID,
                          begindatum: date, today: date) -> Toewijzing:
    """The provider withdraws a start (iWmo StatusAanlevering 3): only one not stopped yet."""
    t = await get_toewijzing(uow, principal, toewijzing_id, for_update=True)
    perioden = await repo.perioden(uow.session, t.id)
    periode = next((p for p in perioden if p.begindatum == begindatum), None)
    if periode is None:
        raise Conflict(f"there is no start on {begindatum} to withdraw")
    if periode.einddatum is not None:
        raise Conflict("that delivery was stopped: withdraw the stop first")
    periode.verwijderd = True
    _pas_toe(t, perioden)
    await uow.session.flush()
    await _verwijderd(uow, principal, t, LeveringsmeldingSoort.START, periode, today)
    return t


async def verwijder_stop(uow: UnitOfWork, principal: Principal, toewijzing_id: uuid.UUID,
                         begindatum: date, today: date) -> Toewijzing:
    """The provider withdraws a stop (iWmo StatusAanlevering 3): the stop it replaced (a
    temporary one) applies again, else the delivery runs again."""
    t = await get_toewijzing(uow, principal, toewijzing_id, for_update=True)
    perioden = await repo.perioden(uow.session, t.id)
    periode = next((p for p in perioden if p.begindatum == begindatum), None)
    if periode is None or periode.einddatum is None:
        raise Conflict(f"there is no stop of the delivery from {begindatum} to withdraw")
    if perioden[-1] is not periode:
        raise Conflict("the care restarted after this stop: withdraw that start first")
    if t.opvolger_id is not None and not periode.eerdere_stops:
        raise Conflict("this toewijzing was replaced: its delivery cannot run again")
    ingetrokken = Periode(periode.begindatum, periode.einddatum, periode.reden_beeindiging)
    if periode.eerdere_stops:
        *rest, vorige = periode.eerdere_stops
        periode.eerdere_stops = rest
        periode.einddatum = date.fromisoformat(vorige["einddatum"])
        periode.reden_beeindiging = vorige["redenBeeindiging"]
    else:
        periode.einddatum = periode.reden_beeindiging = None
    _pas_toe(t, perioden)
    await uow.session.flush()
    await _verwijderd(uow, principal, t, LeveringsmeldingSoort.STOP, ingetrokken, today)
    return t


async def _verwijderd(uow: UnitOfWork, principal: Principal, t: Toewijzing,
                      soort: LeveringsmeldingSoort, periode: Periode | Leveringsperiode,
                      today: date) -> None:
    await uow.audit(principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id,
                          purpose=f"{soort.value} levering verwijderen")
    await uow.publish(LeveringsmeldingVerwijderd(
        **_event_base(t), soort=soort, begindatum=periode.begindatum,
        einddatum=periode.einddatum if soort == LeveringsmeldingSoort.STOP else None,
        reden_beeindiging=(periode.reden_beeindiging
                           if soort == LeveringsmeldingSoort.STOP else None),
        verwijderd_op=today))
