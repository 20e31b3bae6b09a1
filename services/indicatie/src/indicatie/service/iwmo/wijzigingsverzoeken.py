"""A verzoek om wijziging (VOW) honoured as a whole: it describes the whole new situation,
so every product to change and every new product gets its toewijzing at once."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from wmokernel.auth import Principal
from wmokernel.events.iwmo import VerzoekSoort, VerzoekUitkomst
from wmokernel.problems import Conflict, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo.codes import OP_VERZOEK_AANBIEDER
from ...models import Beschikking, BeschiktProduct, Toewijzing
from ...models.iwmo import IwmoVerzoek
from ...repository import beschikkingen
from ...repository.opdrachten import plan_toewijzingbericht
from .. import toewijzingen, wijzigingen
from ..aanvragen import get_aanvraag
from . import stand
from .verzoeken import beantwoord_event, binnen_termijn, open_verzoek

Genoemd = dict[str, tuple[BeschiktProduct, Beschikking]]


async def _gevraagd_product(uow: UnitOfWork, v: IwmoVerzoek,
                            product_id: uuid.UUID) -> tuple[BeschiktProduct, Beschikking]:
    product, beschikking = await toewijzingen.toewijsbaar(uow, product_id)
    aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id)
    if aanvraag.client_id != v.client_id or product.aanbieder != v.aanbieder:
        raise Unprocessable(f"granted product {product_id} is not this client's product with "
                            "the provider of the verzoek")
    return product, beschikking


def _omvang_van(r: dict[str, Any], product: BeschiktProduct) -> tuple[int, str, str]:
    o = r.get("omvang")
    if not o:
        return product.volume, product.eenheid, product.frequentie
    return int(o["volume"]), str(o["eenheid"]), str(o["frequentie"])


def _datum(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


async def _nieuw_product(uow: UnitOfWork, principal: Principal, v: IwmoVerzoek,
                         r: dict[str, Any], genoemd: Genoemd, vandaag: date) -> Toewijzing:
    """A NieuwProduct of a granted VOW: a toewijzing of the granted product named for it."""
    gevonden = genoemd.pop(str(r.get("code")), None)
    if gevonden is None:
        raise Unprocessable(f"name the granted product for {r.get('code')} (a new product of "
                            "the verzoek needs a beschikking)")
    product, beschikking = gevonden
    volume, eenheid, frequentie = _omvang_van(r, product)
    ingang = date.fromisoformat(r["gewenste_ingangsdatum"])
    await wijzigingen.past_in_beschikking(uow, product, volume, eenheid, frequentie, ingang)
    return await toewijzingen.nieuwe_toewijzing(
        uow, principal, product, beschikking,
        toewijzingen.Toewijzingsregel(ingang, _datum(r.get("einddatum")), volume, eenheid,
                                      frequentie),
        vandaag, referentie_aanbieder=v.referentie_aanbieder,
        toets_overlap=False)  # the products it may follow end later in the same verzoek


async def _te_wijzigen_product(uow: UnitOfWork, principal: Principal, v: IwmoVerzoek,
                               r: dict[str, Any], genoemd: Genoemd,
                               vandaag: date) -> Toewijzing:
    """A TeWijzigenProduct of a granted VOW: the same omvang from the same ingangsdatum is
    a new einddatum within the toewijzing; anything else a new toewijzing that follows it."""
    t = await stand.met_nummer(uow, int(r["toewijzingnummer"]))
    if t is None or (t.client_id, t.aanbieder) != (v.client_id, v.aanbieder) \
            or t.opvolger_id is not None or not stand.geldig(t, vandaag):
        raise Conflict(f"toewijzing {r['toewijzingnummer']} changed since the verzoek: refuse "
                       "the verzoek so the provider asks again")
    staand: Beschikking | None = None
    if t.product_code in genoemd:
        product, staand = genoemd.pop(t.product_code)
    else:
        eigen = await beschikkingen.product(uow.session, t.beschikt_product_id)
        assert eigen is not None
        product = eigen
    volume, eenheid, frequentie = _omvang_van(r, product)
    ingang = date.fromisoformat(r["gewenste_ingangsdatum"])
    eind = _datum(r.get("einddatum"))
    if product.id == t.beschikt_product_id and ingang == t.ingangsdatum and (
            volume, eenheid, frequentie) == (t.volume, t.eenheid, t.frequentie):
        if eind != t.einddatum:
            await wijzigingen.wijzig_einddatum(uow, principal, t, eind, OP_VERZOEK_AANBIEDER,
                                               vandaag, v.referentie_aanbieder)
        return t
    if staand is None:  # another omvang: a new toewijzing of a standing beschikking
        product, staand = await toewijzingen.toewijsbaar(uow, product.id)
    await wijzigingen.past_in_beschikking(uow, product, volume, eenheid, frequentie, ingang)
    return await wijzigingen.vervang(
        uow, principal, t, product, staand,
        toewijzingen.Toewijzingsregel(ingang, eind, volume, eenheid, frequentie,
                                      t.budget_cents),
        OP_VERZOEK_AANBIEDER, vandaag, v.referentie_aanbieder)


async def honoreer_wijziging(uow: UnitOfWork, principal: Principal, verzoek_id: uuid.UUID,
                             beschikt_product_ids: list[uuid.UUID],
                             vandaag: date) -> list[Toewijzing]:
    """Grant a verzoek om wijziging as a whole (it describes the whole new situation): a
    product to change gets its new Einddatum within its toewijzing, or, with another omvang,
    a new toewijzing from the GewensteIngangsdatum while the old one ends the day before;
    a new product gets a toewijzing of the granted product named for it. Changed toewijzingen
    carry RedenWijziging 12 (geïnitieerd door de aanbieder) and, with the new ones, the
    verzoek's ReferentieAanbieder; the WMO301 with the full set follows. Returns the changed
    and new toewijzingen."""
    v = await open_verzoek(uow, verzoek_id)
    if v.soort != VerzoekSoort.VOW.value:
        raise Unprocessable("only a verzoek om wijziging is honoured here; honour a verzoek "
                            "om toewijzing with a toewijzing")
    binnen = binnen_termijn(v, vandaag)
    genoemd: Genoemd = {}
    for product_id in dict.fromkeys(beschikt_product_ids):
        product, beschikking = await _gevraagd_product(uow, v, product_id)
        genoemd[product.product_code] = (product, beschikking)
    uitkomst: list[Toewijzing] = []
    # The new products first: each needs a granted product of its own; what is left may
    # widen a product to change beyond its beschikking.
    for r in v.inhoud.get("nieuw", []):
        uitkomst.append(await _nieuw_product(uow, principal, v, r, genoemd, vandaag))
    for r in v.inhoud.get("teWijzigen", []):
        uitkomst.append(await _te_wijzigen_product(uow, principal, v, r, genoemd, vandaag))
    if genoemd:
        raise Unprocessable("granted products the verzoek does not ask for: "
                            + ", ".join(sorted(genoemd)))
    await toewijzingen.toets_toewijzingbericht(uow, v.client_id, v.aanbieder, vandaag)
    v.status, v.beantwoord_op = "toegewezen", vandaag
    v.toewijzing_id = uitkomst[0].id if uitkomst else None
    await uow.audit(principal, action="update", resource_type="iwmo-verzoek",
                    resource_id=str(v.id), client_id=v.client_id,
                    purpose="iWmo-verzoek honoreren")
    await uow.publish(beantwoord_event(v, VerzoekUitkomst.TOEGEWEZEN, binnen, vandaag,
                                       v.toewijzing_id))
    # The answer is a toewijzingbericht, also when nothing but the reference changes.
    await plan_toewijzingbericht(uow.session, v.client_id, v.aanbieder)
    await uow.session.flush()
    for t in uitkomst:
        await uow.session.refresh(t)
    return uitkomst
