"""Use cases of the beschikking: issue, eenvoudig maatwerk with a second approver, and the
records that follow an issued decision (CAK)."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.catalogue import BeschikkingAfgegeven, Besluit
from wmokernel.events.indicatie import (
    BeschikkingAfgekeurd,
    BeschikkingTerGoedkeuring,
    BeschiktProductFeit,
    Leveringsvorm,
    Omvang,
)
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import termijnen
from ..domain.beschikkingsregels import (
    GekeurdeRegel,
    PgbVoorwaarden,
    ProductRegel,
    RegelOvertreding,
    keur_besluit,
    keur_regel,
)
from ..domain.catalogus import ZONDER_ABONNEMENTSTARIEF, eigen_bijdrage_per_maand
from ..domain.statussen import BESCHIKKING, OngeldigeOvergang
from ..models import Aanvraag, Beschikking, BeschiktProduct, CakMelding
from ..repository import beschikkingen as repo
from ..repository.catalogus import abonnementstarieven, product_dossier
from ..schemas import BeoordelingIn, BeschikkingIn, ProductRegelIn
from . import dwangsommen
from .aanvragen import get_aanvraag, transition


def _regel(r: ProductRegelIn, aanvraag: Aanvraag) -> ProductRegel:
    pgb = (PgbVoorwaarden(r.pgb.motivering_zin_past_niet, r.pgb.budget_beheerbaar,
                          r.pgb.kwaliteit_gewaarborgd) if r.pgb is not None else None)
    wijk = (r.wijk or aanvraag.wijk or "").lower() or None
    return ProductRegel(product_code=r.product_code, leveringsvorm=r.leveringsvorm,
                        ingangsdatum=r.ingangsdatum, einddatum=r.einddatum, volume=r.volume,
                        aanbieder=r.aanbieder, wijk=wijk, pgb=pgb)


async def _keur(uow: UnitOfWork, aanvraag: Aanvraag,
                data: BeschikkingIn) -> tuple[list[GekeurdeRegel], int]:
    try:
        keur_besluit(data.besluit, len(data.producten))
        gekeurd = [keur_regel(_regel(r, aanvraag),
                              await product_dossier(uow.session, r.product_code))
                   for r in data.producten]
        if not gekeurd:
            return gekeurd, 0
        eerste = min(g.regel.ingangsdatum for g in gekeurd)
        try:
            bijdrage = eigen_bijdrage_per_maand([g.product.productcategorie for g in gekeurd],
                                                eerste, await abonnementstarieven(uow.session))
        except LookupError as exc:
            raise RegelOvertreding(str(exc)) from exc
    except RegelOvertreding as exc:
        raise Unprocessable(str(exc)) from exc
    return gekeurd, bijdrage


async def issue_beschikking(uow: UnitOfWork, principal: Principal, aanvraag_id: uuid.UUID,
                            data: BeschikkingIn, today: date) -> Beschikking:
    # The row lock serialises two clerks deciding at once: the second sees the new status.
    session = uow.session
    aanvraag = await get_aanvraag(uow, aanvraag_id, for_update=True)
    eenvoudig_maatwerk = data.eenvoudig_maatwerk is not None
    transition(aanvraag, "ter-goedkeuring-aanbieden" if eenvoudig_maatwerk else "besluiten")
    afgegeven_op = data.afgegeven_op or today
    if afgegeven_op < aanvraag.ontvangen_op or afgegeven_op > today:
        raise Unprocessable("afgegevenOp must lie between the aanvraag date and today")
    gekeurd, bijdrage = await _keur(uow, aanvraag, data)
    afwijkingen = [a for g in gekeurd for a in g.afwijkingen]
    if afwijkingen and not eenvoudig_maatwerk:
        raise Unprocessable("the decision deviates from the rules: " + "; ".join(afwijkingen)
                            + ". Issue it as eenvoudig maatwerk with a reason and a second "
                            "approver")
    beschikking = Beschikking(
        id=uuid.uuid4(), aanvraag_id=aanvraag_id, ronde=aanvraag.beslisronde,
        status="ter-goedkeuring" if eenvoudig_maatwerk else "afgegeven",
        besluit=data.besluit.value, motivering=data.motivering,
        afgegeven_op=None, bezwaar_uiterlijk=None, afgegeven_door=principal.subject,
        afwijking_reden=data.eenvoudig_maatwerk.reden if data.eenvoudig_maatwerk else None,
        afwijkingen="\n".join(afwijkingen) or None, eigen_bijdrage_cents=bijdrage,
    )
    session.add(beschikking)
    await session.flush()
    for g in gekeurd:
        pgb = g.regel.pgb
        session.add(BeschiktProduct(
            id=uuid.uuid4(), beschikking_id=beschikking.id, product_code=g.product.code,
            product_naam=g.product.naam, productcategorie=g.product.productcategorie,
            leveringsvorm=g.regel.leveringsvorm.value, volume=g.volume,
            eenheid=g.product.eenheid, frequentie=g.product.frequentie,
            ingangsdatum=g.regel.ingangsdatum, einddatum=g.regel.einddatum,
            aanbieder=g.aanbieder, wijk=g.regel.wijk, tarief_cents=g.tarief_cents,
            eigen_bijdrage_cents=(0 if g.product.productcategorie in ZONDER_ABONNEMENTSTARIEF
                                  else bijdrage),
            pgb_motivering=pgb.motivering_zin_past_niet if pgb else None,
            pgb_budget_beheerbaar=pgb.budget_beheerbaar if pgb else None,
            pgb_kwaliteit_gewaarborgd=pgb.kwaliteit_gewaarborgd if pgb else None,
        ))
    await session.flush()
    await uow.audit(principal, action="create", resource_type="beschikking",
                          resource_id=str(beschikking.id), client_id=aanvraag.client_id,
                          purpose="beschikking afgeven")
    if eenvoudig_maatwerk:
        await uow.publish(BeschikkingTerGoedkeuring(
            beschikking_id=beschikking.id, aanvraag_id=aanvraag_id,
            client_id=aanvraag.client_id, besluit=data.besluit, aangeboden_op=afgegeven_op))
    else:
        await _afgeven(uow, aanvraag, beschikking, afgegeven_op)
    return beschikking


def product_feit(p: BeschiktProduct) -> BeschiktProductFeit:
    return BeschiktProductFeit(
        beschikt_product_id=p.id, product_code=p.product_code,
        productcategorie=p.productcategorie, leveringsvorm=Leveringsvorm(p.leveringsvorm),
        omvang=Omvang(volume=p.volume, eenheid=p.eenheid, frequentie=p.frequentie),
        ingangsdatum=p.ingangsdatum, einddatum=p.einddatum, aanbieder=p.aanbieder,
        tarief_cents=p.tarief_cents, eigen_bijdrage_cents=p.eigen_bijdrage_cents)


async def _afgeven(uow: UnitOfWork, aanvraag: Aanvraag, beschikking: Beschikking,
                   afgegeven_op: date) -> None:
    """The decision is issued: bezwaar term, the beschikking it replaces, CAK records, event."""
    session = uow.session
    beschikking.status = "afgegeven"
    beschikking.afgegeven_op = afgegeven_op
    beschikking.bezwaar_uiterlijk = termijnen.bezwaar_uiterlijk(afgegeven_op)
    await dwangsommen.beschikking_gegeven(uow, aanvraag.id, afgegeven_op)  # ends a dwangsom
    vorige = await repo.vorige_afgegeven(session, aanvraag.id, beschikking.id)
    if vorige is not None:
        vorige.status = BESCHIKKING.next(vorige.status, "herzien")
        beschikking.vervangt_beschikking_id = vorige.id
    producten = await repo.producten_van(session, beschikking.id)
    for p in producten:
        if p.eigen_bijdrage_cents > 0:
            session.add(CakMelding(
                id=uuid.uuid4(), beschikt_product_id=p.id, beschikking_id=beschikking.id,
                aanvraag_id=aanvraag.id, client_id=aanvraag.client_id,
                product_code=p.product_code, productcategorie=p.productcategorie,
                leveringsvorm=p.leveringsvorm, volume=p.volume, eenheid=p.eenheid,
                frequentie=p.frequentie, ingangsdatum=p.ingangsdatum, einddatum=p.einddatum,
                eigen_bijdrage_cents=p.eigen_bijdrage_cents,
                melden_uiterlijk=termijnen.cak_melden_uiterlijk(
                    afgegeven_op, pgb=p.leveringsvorm == Leveringsvorm.PGB.value),
                status="klaar", version=1))
    await session.flush()
    eerste_ronde = beschikking.ronde == 1
    await uow.publish(BeschikkingAfgegeven(
        beschikking_id=beschikking.id, aanvraag_id=aanvraag.id, melding_id=aanvraag.melding_id,
        client_id=aanvraag.client_id, besluit=Besluit(beschikking.besluit),
        afgegeven_op=afgegeven_op, bezwaar_uiterlijk=beschikking.bezwaar_uiterlijk,
        ontvangen_op=aanvraag.ontvangen_op, beslissen_uiterlijk=aanvraag.beslissen_uiterlijk,
        binnen_termijn=(afgegeven_op <= aanvraag.beslissen_uiterlijk) if eerste_ronde else None,
        eenvoudig_maatwerk=beschikking.afwijking_reden is not None,
        eigen_bijdrage_per_maand_cents=beschikking.eigen_bijdrage_cents,
        vervangt_beschikking_id=beschikking.vervangt_beschikking_id,
        producten=[product_feit(p) for p in producten],
    ))


async def get_beschikking(uow: UnitOfWork, beschikking_id: uuid.UUID,
                          for_update: bool = False) -> Beschikking:
    beschikking = await repo.get(uow.session, beschikking_id, for_update)
    if beschikking is None:
        raise NotFound(f"beschikking {beschikking_id}")
    return beschikking


async def lees_document(uow: UnitOfWork, principal: Principal,
                        beschikking_id: uuid.UUID) -> tuple[Beschikking, Aanvraag]:
    """The beschikking and its aanvraag for the resident's document; reading it is
    audit-logged."""
    b = await get_beschikking(uow, beschikking_id)
    a = await get_aanvraag(uow, b.aanvraag_id)
    await uow.audit(principal, action="read", resource_type="beschikking",
                    resource_id=str(b.id), client_id=a.client_id,
                    purpose="beschikking als document")
    return b, a


async def list_beschikkingen(uow: UnitOfWork, aanvraag_id: uuid.UUID) -> list[Beschikking]:
    """Every beschikking of the aanvraag, one per decision round."""
    await get_aanvraag(uow, aanvraag_id)
    return await repo.list_(uow.session, aanvraag_id)


async def producten_van(uow: UnitOfWork, beschikking_id: uuid.UUID) -> list[BeschiktProduct]:
    return await repo.producten_van(uow.session, beschikking_id)


async def beoordeel(uow: UnitOfWork, principal: Principal, beschikking_id: uuid.UUID,
                    data: BeoordelingIn, goedkeuren: bool, today: date) -> Beschikking:
    """The second approver of eenvoudig maatwerk: a different gemeente user than the author."""
    beschikking = await get_beschikking(uow, beschikking_id, for_update=True)
    aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id, for_update=True)
    action = "goedkeuren" if goedkeuren else "afkeuren"
    try:
        beschikking.status = BESCHIKKING.next(beschikking.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc
    if principal.subject == beschikking.afgegeven_door:
        raise Conflict("eenvoudig maatwerk needs a second approver: the author of the "
                       "beschikking cannot approve or refuse it")
    op = data.beoordeeld_op or today
    if op > today or op < aanvraag.ontvangen_op:
        raise Unprocessable("beoordeeldOp must lie between the aanvraag date and today")
    transition(aanvraag, action)
    beschikking.goedgekeurd_door = principal.subject
    beschikking.beoordeeld_op = op
    await uow.audit(principal, action="update", resource_type="beschikking",
                          resource_id=str(beschikking.id), client_id=aanvraag.client_id,
                          purpose=f"eenvoudig maatwerk {action}")
    if goedkeuren:
        await _afgeven(uow, aanvraag, beschikking, op)
    else:
        aanvraag.beslisronde += 1
        await uow.publish(BeschikkingAfgekeurd(
            beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
            client_id=aanvraag.client_id, afgekeurd_op=op))
    await uow.session.flush()
    return beschikking
