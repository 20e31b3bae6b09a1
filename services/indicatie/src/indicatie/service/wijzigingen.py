"""Changes of a toewijzing by the gemeente (iWmo WMO301 with a RedenWijziging, WMO002).

Within one toewijzing only its Einddatum may change. Another omvang ends it (Einddatum the
day before the change, with the RedenWijziging) and a new toewijzing with a new
ToewijzingNummer follows it. A change from its very first day withdraws it instead
(RedenWijziging 13, Einddatum = Ingangsdatum), which is refused once it was started or has
approved declaratieregels (iWmo 9385). Every change is marked for the next WMO301, which
carries the client's full set.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta

from wmokernel.auth import Principal, Role
from wmokernel.events.indicatie import IntensiteitGewijzigd, Omvang, ToewijzingGewijzigd
from wmokernel.problems import Conflict, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.iwmo.codes import OP_VERZOEK_AANBIEDER, VERKORTING, VERWIJDERD
from ..models import Beschikking, BeschiktProduct, IntensiteitWijziging, Toewijzing
from ..repository import beschikkingen, declaraties
from ..repository.catalogus import product_versie_op
from ..repository.opdrachten import plan_toewijzingbericht
from ..schemas import IntensiteitIn, ToewijzingWijzigingIn
from .aanvragen import get_aanvraag
from .toewijzingen import (
    Toewijzingsregel,
    _event_base,
    _omvang,
    _transition,
    get_toewijzing,
    nieuwe_toewijzing,
    toewijsbaar,
)


async def heeft_declaraties(uow: UnitOfWork, toewijzing_id: uuid.UUID) -> bool:
    """Approved declaratieregels that were not credited again."""
    saldo: Counter[str] = Counter()
    for p in await declaraties.prestaties_van(uow.session, toewijzing_id):
        saldo[p.referentie] += 1 if p.debet_credit == "D" else -1
    return any(n > 0 for n in saldo.values())


async def past_in_beschikking(uow: UnitOfWork, product: BeschiktProduct, volume: int,
                              eenheid: str, frequentie: str, op: date) -> None:
    """An omvang within the granted product: its eenheid and frequentie, at most its volume,
    or up to the catalogue maximum for a product whose intensity may change (ambulante
    begeleiding). More needs a new beschikking."""
    if (eenheid, frequentie) != (product.eenheid, product.frequentie):
        raise Unprocessable(f"product {product.product_code} was granted in eenheid "
                            f"{product.eenheid} per frequentie {product.frequentie}; another "
                            "needs a new beschikking")
    if volume <= product.volume:
        return
    versie = await product_versie_op(uow.session, product.product_code, op)
    if versie is None or not versie.intensiteit_wijzigbaar or (
            versie.max_volume is not None and volume > versie.max_volume):
        raise Unprocessable(f"volume {volume} exceeds what was granted for "
                            f"{product.product_code}; that needs a new beschikking")


async def _gewijzigd(uow: UnitOfWork, principal: Principal, t: Toewijzing, today: date,
                     purpose: str) -> None:
    assert t.reden_wijziging is not None
    await uow.audit(principal, action="update", resource_type="toewijzing",
                          resource_id=str(t.id), client_id=t.client_id, purpose=purpose)
    await uow.publish(ToewijzingGewijzigd(
        **_event_base(t), einddatum=t.einddatum, reden_wijziging=t.reden_wijziging,
        opvolger_id=t.opvolger_id, gewijzigd_op=today))
    await plan_toewijzingbericht(uow.session, t.client_id, t.aanbieder)


async def wijzig_einddatum(uow: UnitOfWork, principal: Principal,
                           t: Toewijzing, einddatum: date | None, reden: str, today: date,
                           referentie_aanbieder: str | None = None) -> None:
    """A new Einddatum within the toewijzing (shorter or longer), within the granted product."""
    product = await beschikkingen.product(uow.session, t.beschikt_product_id)
    assert product is not None
    if einddatum is not None and einddatum < t.ingangsdatum:
        raise Unprocessable("the einddatum lies before the ingangsdatum")
    if product.einddatum is not None and (einddatum is None or einddatum > product.einddatum):
        raise Unprocessable("the einddatum lies after the end of the granted product")
    t.einddatum, t.reden_wijziging, t.te_melden = einddatum, reden, True
    if referentie_aanbieder is not None:
        t.referentie_aanbieder = referentie_aanbieder
    await uow.session.flush()
    await _gewijzigd(uow, principal, t, today, "toewijzing wijzigen")


async def vervang(uow: UnitOfWork, principal: Principal,
                  t: Toewijzing, product: BeschiktProduct, beschikking: Beschikking,
                  regel: Toewijzingsregel, reden: str, today: date,
                  referentie_aanbieder: str | None = None) -> Toewijzing:
    """End ``t`` before ``regel.ingangsdatum`` (or withdraw it when that is its first day)
    and let a new toewijzing of ``product`` with the new omvang follow it."""
    if t.opvolger_id is not None:
        raise Conflict("this toewijzing was replaced already: change the one that follows it")
    if regel.ingangsdatum < t.ingangsdatum or (t.einddatum is not None
                                               and regel.ingangsdatum > t.einddatum):
        raise Unprocessable("the change lies outside the period of the toewijzing")
    if regel.ingangsdatum == t.ingangsdatum:
        if t.startdatum is not None or await heeft_declaraties(uow, t.id):
            raise Unprocessable("a toewijzing that was started or has approved declaratieregels "
                                "(iWmo 9385) cannot be withdrawn: change it from a later date")
        einde, reden = t.ingangsdatum, VERWIJDERD
    else:
        if t.startdatum is not None and regel.ingangsdatum <= t.startdatum:
            raise Unprocessable("the change lies on or before the start of the delivery")
        einde = regel.ingangsdatum - timedelta(days=1)
    opvolger_id = uuid.uuid4()
    t.einddatum, t.reden_wijziging, t.opvolger_id, t.te_melden = einde, reden, opvolger_id, True
    if referentie_aanbieder is not None:
        t.referentie_aanbieder = referentie_aanbieder
    await uow.session.flush()  # the replaced one leaves the "one running per product" index first
    herbeoordeling = (t.herbeoordeling_op if t.herbeoordeling_op is not None
                      and t.herbeoordeling_op >= regel.ingangsdatum
                      and product.id == t.beschikt_product_id else None)
    nieuw = await nieuwe_toewijzing(uow, principal, product, beschikking, regel, today,
                                    herbeoordeling, vorige=t,
                                    referentie_aanbieder=referentie_aanbieder,
                                    toewijzing_id=opvolger_id)
    await _gewijzigd(uow, principal, t, today, "toewijzing vervangen")
    return nieuw


async def change_intensity(uow: UnitOfWork, principal: Principal,
                           toewijzing_id: uuid.UUID, data: IntensiteitIn,
                           today: date) -> Toewijzing:
    """Ambulante begeleiding: a new volume without a new beschikking or provider change, up
    to the product's maximum. Returns the new toewijzing that follows the changed one."""
    t = await get_toewijzing(uow, principal, toewijzing_id, for_update=True)
    _transition(t, "wijzigen")
    versie = await product_versie_op(uow.session, t.product_code, data.ingangsdatum)
    if versie is None or not versie.intensiteit_wijzigbaar:
        raise Unprocessable(f"the intensity of product {t.product_code} cannot change without "
                            "a new beschikking")
    if versie.max_volume is not None and data.volume > versie.max_volume:
        raise Unprocessable(f"volume {data.volume} exceeds the maximum {versie.max_volume}; "
                            "that needs a new beschikking")
    if data.volume == t.volume:
        raise Unprocessable("the volume is unchanged")
    product, beschikking = await toewijsbaar(uow, t.beschikt_product_id)
    oud = _omvang(t)
    regel = Toewijzingsregel(ingangsdatum=data.ingangsdatum, einddatum=t.einddatum,
                             volume=data.volume, eenheid=t.eenheid, frequentie=t.frequentie)
    door_aanbieder = not principal.has_any((Role.GEMEENTE, Role.SYSTEEM))
    nieuw = await vervang(uow, principal, t, product, beschikking, regel,
                          OP_VERZOEK_AANBIEDER if door_aanbieder else VERKORTING, today)
    uow.session.add(IntensiteitWijziging(id=uuid.uuid4(), toewijzing_id=t.id, oud_volume=oud.volume,
                                     nieuw_volume=data.volume, ingangsdatum=data.ingangsdatum,
                                     reden=data.reden, door=principal.subject))
    await uow.publish(IntensiteitGewijzigd(
        **_event_base(t), oude_omvang=oud, nieuwe_omvang=_omvang(nieuw),
        ingangsdatum=data.ingangsdatum, nieuwe_toewijzing_id=nieuw.id))
    return nieuw


async def wijzig(uow: UnitOfWork, principal: Principal,
                 toewijzing_id: uuid.UUID, data: ToewijzingWijzigingIn,
                 today: date) -> Toewijzing:
    """The gemeente changes the omvang, e.g. after a new beschikking (``beschiktProductId``):
    returns the new toewijzing that follows the changed one."""
    t = await get_toewijzing(uow, principal, toewijzing_id, for_update=True)
    _transition(t, "wijzigen")
    product, beschikking = await toewijsbaar(
        uow, data.beschikt_product_id or t.beschikt_product_id)
    if product.id != t.beschikt_product_id:
        aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id)
        if (aanvraag.client_id, product.aanbieder, product.product_code) != (
                t.client_id, t.aanbieder, t.product_code):
            raise Unprocessable("the granted product is not this client's product with this "
                                "provider")
        einddatum = product.einddatum
    else:
        einddatum = t.einddatum
    volume = data.volume or product.volume
    await past_in_beschikking(uow, product, volume, product.eenheid, product.frequentie,
                              data.ingangsdatum)
    regel = Toewijzingsregel(ingangsdatum=data.ingangsdatum, einddatum=einddatum,
                             volume=volume, eenheid=product.eenheid,
                             frequentie=product.frequentie, budget_cents=t.budget_cents)
    if _omvang(t) == Omvang(volume=volume, eenheid=product.eenheid,
                            frequentie=product.frequentie) and einddatum == t.einddatum:
        raise Unprocessable("nothing changes: the omvang and the einddatum are the same")
    return await vervang(uow, principal, t, product, beschikking, regel,
                         data.reden_wijziging, today)
