"""Rows to API shapes; a beschikking is assembled with its granted products."""

from __future__ import annotations

import uuid

from wmokernel.events.indicatie import Omvang
from wmokernel.unit_of_work import UnitOfWork

from ..domain import termijnen
from ..domain.document import BeschikkingView, ProductRegelView
from ..models import (
    Aanvraag,
    Beroep,
    Beschikking,
    BeschiktProduct,
    Bezwaar,
    CakMelding,
    Toewijzing,
)
from ..models.iwmo import IwmoBericht, IwmoVerzoek
from ..schemas import (
    AanvraagOut,
    BeschikkingOut,
    BeschiktProductOut,
    BezwaarOut,
    CakMeldingOut,
    PgbVoorwaardenOut,
    ToewijzingOut,
)
from ..schemas.bezwaar_beroep import BeroepOut, VerdagingOut
from ..schemas.iwmo import BerichtOut, RetourOut, VerzoekOut
from ..service.beschikkingen import producten_van


def aanvraag_out(a: Aanvraag) -> AanvraagOut:
    return AanvraagOut(
        id=a.id, client_id=a.client_id, melding_id=a.melding_id, ontvangen_op=a.ontvangen_op,
        beslissen_uiterlijk=a.beslissen_uiterlijk, status=a.status, grond=a.grond,
        verwezen_op=a.verwezen_op, wijk=a.wijk, opgeschorte_dagen=a.opgeschorte_dagen,
        spoed=a.spoed, tijdelijke_voorziening_code=a.tijdelijke_voorziening_code,
        tijdelijke_voorziening_van=a.tijdelijke_voorziening_van)


def _product_out(p: BeschiktProduct) -> BeschiktProductOut:
    pgb = None
    if p.pgb_motivering is not None:
        pgb = PgbVoorwaardenOut(motivering_zin_past_niet=p.pgb_motivering,
                                budget_beheerbaar=bool(p.pgb_budget_beheerbaar),
                                kwaliteit_gewaarborgd=bool(p.pgb_kwaliteit_gewaarborgd))
    return BeschiktProductOut(
        id=p.id, product_code=p.product_code, product_naam=p.product_naam,
        productcategorie=p.productcategorie, leveringsvorm=p.leveringsvorm,
        omvang=Omvang(volume=p.volume, eenheid=p.eenheid, frequentie=p.frequentie),
        ingangsdatum=p.ingangsdatum, einddatum=p.einddatum, aanbieder=p.aanbieder,
        tarief_cents=p.tarief_cents, eigen_bijdrage_cents=p.eigen_bijdrage_cents, pgb=pgb)


async def beschikking_out(uow: UnitOfWork, b: Beschikking) -> BeschikkingOut:
    producten = await producten_van(uow, b.id)
    return BeschikkingOut(
        id=b.id, aanvraag_id=b.aanvraag_id, status=b.status,
        besluit=b.besluit,
        motivering=b.motivering, afgegeven_op=b.afgegeven_op,
        bezwaar_uiterlijk=b.bezwaar_uiterlijk, afgegeven_door=b.afgegeven_door,
        eenvoudig_maatwerk_reden=b.afwijking_reden,
        afwijkingen=b.afwijkingen.split("\n") if b.afwijkingen else [],
        goedgekeurd_door=b.goedgekeurd_door, eigen_bijdrage_per_maand_cents=b.eigen_bijdrage_cents,
        vervangt_beschikking_id=b.vervangt_beschikking_id,
        producten=[_product_out(p) for p in producten])


async def beschikking_view(uow: UnitOfWork, b: Beschikking, a: Aanvraag) -> BeschikkingView:
    producten = await producten_van(uow, b.id)
    return BeschikkingView(
        kenmerk=str(b.id), client_id=a.client_id, ontvangen_op=a.ontvangen_op,
        afgegeven_op=b.afgegeven_op, besluit=b.besluit, motivering=b.motivering,
        producten=[ProductRegelView(
            naam=p.product_naam, code=p.product_code, productcategorie=p.productcategorie,
            volume=p.volume, eenheid=p.eenheid, frequentie=p.frequentie,
            leveringsvorm=p.leveringsvorm, ingangsdatum=p.ingangsdatum, einddatum=p.einddatum,
            aanbieder=p.aanbieder) for p in producten],
        eigen_bijdrage_cents=b.eigen_bijdrage_cents, bezwaar_uiterlijk=b.bezwaar_uiterlijk,
        concept=b.status != "afgegeven")


def toewijzing_out(t: Toewijzing) -> ToewijzingOut:
    return ToewijzingOut(
        id=t.id, beschikt_product_id=t.beschikt_product_id, beschikking_id=t.beschikking_id,
        aanvraag_id=t.aanvraag_id, client_id=t.client_id, aanbieder=t.aanbieder,
        product_code=t.product_code, productcategorie=t.productcategorie,
        omvang=Omvang(volume=t.volume, eenheid=t.eenheid, frequentie=t.frequentie),
        ingangsdatum=t.ingangsdatum, einddatum=t.einddatum, herbeoordeling_op=t.herbeoordeling_op,
        toegewezen_op=t.toegewezen_op, verwezen_op=t.verwezen_op,
        status=t.status,
        startdatum=t.startdatum, stopdatum=t.stopdatum, reden_beeindiging=t.reden_beeindiging,
        wachtdagen=(termijnen.wachtdagen(t.verwezen_op, t.startdatum)
                    if t.startdatum and t.vorige_toewijzing_id is None else None),
        nummer=t.nummer, reden_wijziging=t.reden_wijziging,
        vorige_toewijzing_id=t.vorige_toewijzing_id, opvolger_id=t.opvolger_id,
        budget_cents=t.budget_cents)


def bezwaar_out(b: Bezwaar) -> BezwaarOut:
    return BezwaarOut(
        id=b.id, beschikking_id=b.beschikking_id, aanvraag_id=b.aanvraag_id,
        client_id=b.client_id, ingediend_op=b.ingediend_op, ingediend_door=b.ingediend_door,
        binnen_termijn=b.binnen_termijn, adviescommissie=b.adviescommissie,
        oorspronkelijk_beslissen_uiterlijk=b.oorspronkelijk_beslissen_uiterlijk,
        beslissen_uiterlijk=b.beslissen_uiterlijk,
        verdagingen=[VerdagingOut(
            id=v.id, soort=v.soort, weken=v.weken, reden=v.reden, verzonden_op=v.verzonden_op,
            oude_uiterlijk=v.oude_uiterlijk, nieuwe_uiterlijk=v.nieuwe_uiterlijk)
            for v in b.verdagingen],
        gehoord_op=b.gehoord_op, horen_afgezien=b.horen_afgezien, status=b.status,
        uitkomst=b.uitkomst, besloten_op=b.besloten_op, verzonden_op=b.verzonden_op,
        beroep_uiterlijk=b.beroep_uiterlijk)


def beroep_out(b: Beroep, nieuwe_beschikking_id: uuid.UUID | None) -> BeroepOut:
    return BeroepOut(
        id=b.id, bezwaar_id=b.bezwaar_id, beschikking_id=b.beschikking_id,
        aanvraag_id=b.aanvraag_id, client_id=b.client_id, rechtbank=b.rechtbank,
        zaaknummer=b.zaaknummer, ingesteld_op=b.ingesteld_op,
        beroep_uiterlijk=b.beroep_uiterlijk, binnen_termijn=b.binnen_termijn, status=b.status,
        uitspraak=b.uitspraak, uitspraak_op=b.uitspraak_op,
        nieuwe_beschikking_nodig=b.te_vervangen_beschikking_id is not None,
        te_vervangen_beschikking_id=b.te_vervangen_beschikking_id,
        nieuwe_beschikking_id=nieuwe_beschikking_id)


def cak_out(m: CakMelding) -> CakMeldingOut:
    return CakMeldingOut(
        id=m.id, beschikking_id=m.beschikking_id, aanvraag_id=m.aanvraag_id,
        client_id=m.client_id, product_code=m.product_code, productcategorie=m.productcategorie,
        leveringsvorm=m.leveringsvorm,
        omvang=Omvang(volume=m.volume, eenheid=m.eenheid, frequentie=m.frequentie),
        ingangsdatum=m.ingangsdatum, einddatum=m.einddatum,
        eigen_bijdrage_cents=m.eigen_bijdrage_cents, melden_uiterlijk=m.melden_uiterlijk,
        status=m.status, gemeld_op=m.gemeld_op)


def bericht_out(b: IwmoBericht) -> BerichtOut:
    return BerichtOut(
        id=b.id, richting=b.richting, berichttype=b.berichttype,
        afzender=b.afzender, ontvanger=b.ontvanger, aanbieder=b.aanbieder,
        identificatie=b.identificatie, dagtekening=b.dagtekening, client_id=b.client_id,
        status=b.status, retour=[RetourOut(**r) for r in b.retour], verzoek_id=b.verzoek_id,
        opgehaald_op=b.opgehaald_op, aangemaakt_op=b.created_at,
        xml=f"/api/v1/berichten/{b.id}")


def verzoek_out(v: IwmoVerzoek) -> VerzoekOut:
    return VerzoekOut(
        id=v.id, soort=v.soort, bericht_id=v.bericht_id,
        aanbieder=v.aanbieder, client_id=v.client_id,
        referentie_aanbieder=v.referentie_aanbieder, productcategorie=v.productcategorie,
        product_code=v.product_code, ingangsdatum=v.ingangsdatum, einddatum=v.einddatum,
        inhoud=v.inhoud, ontvangen_op=v.ontvangen_op, antwoord_uiterlijk=v.antwoord_uiterlijk,
        status=v.status, definitief_uiterlijk=v.definitief_uiterlijk,
        beantwoord_op=v.beantwoord_op, reden_afwijzing=v.reden_afwijzing,
        toewijzing_id=v.toewijzing_id)
