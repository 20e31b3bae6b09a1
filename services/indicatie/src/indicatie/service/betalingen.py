"""Paying the approved declaraties: a payment batch per provider with its SEPA credit transfer
file (pain.001), and the batch's way through the bank (verzonden → betaald | geweigerd)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import structlog
from wmokernel.auth import Principal
from wmokernel.events.iwmo import BetaalbatchAangemaakt, BetaalbatchBetaald, BetaalregelFeit
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, ProblemError, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import betalingen as regels
from ..domain.betalingen import Bankgegevens, Post
from ..domain.statussen import OngeldigeOvergang
from ..models import Aanbieder
from ..models.betalingen import Betaalbatch
from ..models.iwmo import IwmoPrestatie
from ..repository import betalingen as repo
from ..sepa import pain001

log = structlog.get_logger(__name__)

BESTAND_ONGELDIG = "betaalbestand-ongeldig"


@dataclass(frozen=True)
class Overgeslagen:
    """A provider with open prestaties that got no batch, and why."""

    aanbieder: str
    naam: str
    reden: str  # regels.GEEN_BANKGEGEVENS, regels.SALDO_NIET_POSITIEF, BESTAND_ONGELDIG
    toelichting: str
    saldo_cents: int
    aantal_prestaties: int


@dataclass
class Batchrun:
    batches: list[Betaalbatch] = field(default_factory=list)
    overgeslagen: list[Overgeslagen] = field(default_factory=list)


def _post(p: IwmoPrestatie, declaratienummer: str) -> Post:
    return Post(prestatie_id=p.id, declaratienummer=declaratienummer, referentie=p.referentie,
                productcategorie=p.productcategorie, product_code=p.product_code,
                begindatum=p.begindatum, bedrag_cents=p.bedrag_cents)


def _feiten(posten: Sequence[Post]) -> list[BetaalregelFeit]:
    return [BetaalregelFeit(productcategorie=r.productcategorie, product_code=r.product_code,
                            jaar=r.jaar, bedrag_cents=r.bedrag_cents,
                            aantal_prestaties=r.aantal_prestaties)
            for r in regels.regels(posten)]


def _overgeslagen(a: Aanbieder, posten: Sequence[Post], reden: str,
                  toelichting: str) -> Overgeslagen:
    log.warning("betaalbatch overgeslagen", aanbieder=a.code, reden=reden,
                toelichting=toelichting)
    return Overgeslagen(aanbieder=a.code, naam=a.naam, reden=reden, toelichting=toelichting,
                        saldo_cents=regels.saldo(posten), aantal_prestaties=len(posten))


def debiteur(uow: UnitOfWork) -> Bankgegevens:
    """The gemeente's own account (settings); a wrong one stops every batch run."""
    s = uow.settings
    rekening = regels.bankgegevens(s.betaal_iban, s.betaal_bic, s.betaal_naam)
    if isinstance(rekening, str):
        raise ProblemError(503, "Betaalrekening niet ingesteld",
                           f"the gemeente's paying account (WMO_BETAAL_*) is not usable: "
                           f"{rekening}")
    return rekening


async def maak_batches(uow: UnitOfWork, principal: Principal, aanbieder: str | None,
                       tot_en_met: date | None, uitvoeren_op: date | None,
                       vandaag: date) -> Batchrun:
    """A batch per provider of its approved prestaties not yet paid (ProductPeriode ending
    on or before ``tot_en_met``), paying their net. A provider without valid bank details,
    whose net is not positive, or whose file would not validate gets none and is reported."""
    gemeente = debiteur(uow)
    if uitvoeren_op is not None and uitvoeren_op < vandaag:
        raise Unprocessable(f"uitvoerenOp {uitvoeren_op} lies in the past")
    session = uow.session
    if aanbieder is not None and await repo.aanbieder(session, aanbieder) is None:
        raise NotFound(f"aanbieder {aanbieder}")
    run = Batchrun()
    for code in await repo.aanbieders_met_open_prestaties(session, aanbieder, tot_en_met):
        a = await repo.aanbieder(session, code, for_update=True)
        if a is None:  # a prestatie of a provider outside the catalogue
            continue
        posten = [_post(p, n) for p, n in await repo.open_prestaties(session, code, tot_en_met)]
        if not posten:  # paid by a run that held the lock before us
            continue
        rekening = regels.bankgegevens(a.iban, a.bic, a.rekeninghouder)
        if isinstance(rekening, str):
            run.overgeslagen.append(_overgeslagen(a, posten, regels.GEEN_BANKGEGEVENS,
                                                  rekening))
            continue
        totaal = regels.saldo(posten)
        if totaal <= 0:
            run.overgeslagen.append(_overgeslagen(
                a, posten, regels.SALDO_NIET_POSITIEF,
                f"the net is {regels.euro(totaal)} EUR: no transfer; the credit stays open "
                f"and is netted against the provider's next declaraties"))
            continue
        try:
            bestand = pain001.maak(gemeente, rekening, regels.overboekingen(posten),
                                   uitvoeren_op or vandaag)
        except pain001.OngeldigBetaalbestand as exc:
            log.error("pain.001 does not validate", aanbieder=code, error=str(exc))
            run.overgeslagen.append(_overgeslagen(a, posten, BESTAND_ONGELDIG, str(exc)))
            continue
        batch = Betaalbatch(
            id=uuid.uuid4(), aanbieder=code, iban=rekening.iban, bic=rekening.bic,
            rekeninghouder=rekening.naam, totaal_cents=totaal, aantal_prestaties=len(posten),
            status=regels.AANGEMAAKT, aangemaakt_op=vandaag,
            uitvoeren_op=uitvoeren_op or vandaag, msg_id=bestand.msg_id, pain001=bestand.xml,
            aangemaakt_door=principal.subject)
        await repo.add(session, batch, [p.prestatie_id for p in posten])
        await uow.publish(BetaalbatchAangemaakt(
            batch_id=batch.id, aanbieder=code, totaal_cents=totaal, regels=_feiten(posten),
            declaratie_ids=[p.prestatie_id for p in posten], aangemaakt_op=vandaag))
        run.batches.append(batch)
    return run


async def get_batch(uow: UnitOfWork, batch_id: uuid.UUID,
                    for_update: bool = False) -> Betaalbatch:
    batch = await repo.get(uow.session, batch_id, for_update)
    if batch is None:
        raise NotFound(f"betaalbatch {batch_id}")
    return batch


async def list_batches(uow: UnitOfWork, status: str | None, aanbieder: str | None,
                       page: PageRequest | None) -> tuple[list[Betaalbatch], int]:
    return await repo.list_(uow.session, status, aanbieder, page)


async def prestaties(uow: UnitOfWork, batch_id: uuid.UUID
                     ) -> list[tuple[IwmoPrestatie, str, int]]:
    return await repo.prestaties(uow.session, batch_id)


async def zet_status(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, status: str,
                     datum: date, reden: str | None) -> Betaalbatch:
    """verzonden: the file was handed to the bank; betaald: the bank executed it (its amounts
    are paid spend); geweigerd: the bank refused it (with the reason), its prestaties are
    open again for a later batch."""
    batch = await get_batch(uow, batch_id, for_update=True)
    try:
        nieuw = regels.BETAALBATCH.next(batch.status, status)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc
    if datum < batch.aangemaakt_op:
        raise Unprocessable(f"datum {datum} lies before the batch was made "
                            f"({batch.aangemaakt_op})")
    if nieuw == regels.GEWEIGERD and not (reden and reden.strip()):
        raise Unprocessable("a refused batch needs the bank's reason (reden)")
    batch.status = nieuw
    if nieuw == regels.VERZONDEN:
        batch.verzonden_op = datum
    elif nieuw == regels.BETAALD:
        batch.betaald_op = datum
        posten = [_post(p, d) for p, d, _ in await repo.prestaties(uow.session, batch.id)]
        await uow.publish(BetaalbatchBetaald(
            batch_id=batch.id, aanbieder=batch.aanbieder, totaal_cents=batch.totaal_cents,
            regels=_feiten(posten), declaratie_ids=[p.prestatie_id for p in posten],
            betaald_op=datum))
    else:
        batch.geweigerd_op = datum
        batch.reden_weigering = (reden or "").strip()
        await repo.geef_vrij(uow.session, batch.id)
    log.info("betaalbatch status", batch=str(batch.id), status=nieuw, door=principal.subject)
    await uow.session.flush()
    return batch


@dataclass(frozen=True)
class OpenSaldo:
    aanbieder: str
    naam: str
    saldo_cents: int
    aantal_prestaties: int
    reden: str | None  # why the next run gives no batch; None: it will pay
    toelichting: str | None


async def open_saldi(uow: UnitOfWork) -> list[OpenSaldo]:
    """The providers with approved prestaties not yet paid, and whether the next run pays
    them: the ops list of providers without valid bank details and of open credits."""
    out = []
    for a, saldo, aantal in await repo.open_saldi(uow.session):
        rekening = regels.bankgegevens(a.iban, a.bic, a.rekeninghouder)
        reden = toelichting = None
        if isinstance(rekening, str):
            reden, toelichting = regels.GEEN_BANKGEGEVENS, rekening
        elif saldo <= 0:
            reden = regels.SALDO_NIET_POSITIEF
            toelichting = (f"an open credit of {regels.euro(-saldo)} EUR, netted against the "
                           f"next declaraties")
        out.append(OpenSaldo(aanbieder=a.code, naam=a.naam, saldo_cents=saldo,
                             aantal_prestaties=aantal, reden=reden, toelichting=toelichting))
    return out
