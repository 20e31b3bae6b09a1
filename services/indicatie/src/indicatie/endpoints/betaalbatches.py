"""Paying the providers: payment batches (betaalbatches) of approved declaraties, each one
SEPA credit transfer file (pain.001) for the bank, their status, the finance export (CSV),
and the open saldi per provider (what the next run will and will not pay, and why)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..domain.betalingen import as_csv, euro
from ..models.betalingen import Betaalbatch
from ..schemas.betalingen import (
    BetaalbatchDetailOut,
    BetaalbatchList,
    BetaalbatchOut,
    BetaaldePrestatieOut,
    BetaalrunIn,
    BetaalrunOut,
    BetaalstatusIn,
    OpenSaldoList,
    OpenSaldoOut,
    OvergeslagenOut,
)
from ..service import betalingen

router = APIRouter(tags=["betaalbatches"])

Financien = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.FINANCIEN))]

XML = "application/xml"
CSV = "text/csv"
_503: dict[int | str, dict[str, Any]] = {
    503: {"description": "The gemeente's paying account (WMO_BETAAL_*) is not usable"}}


def _out(b: Betaalbatch) -> dict[str, Any]:
    return {
        "id": b.id, "nummer": b.nummer, "aanbieder": b.aanbieder, "iban": b.iban, "bic": b.bic,
        "rekeninghouder": b.rekeninghouder, "totaal_cents": b.totaal_cents,
        "aantal_prestaties": b.aantal_prestaties, "status": b.status,
        "aangemaakt_op": b.aangemaakt_op, "uitvoeren_op": b.uitvoeren_op,
        "verzonden_op": b.verzonden_op, "betaald_op": b.betaald_op,
        "geweigerd_op": b.geweigerd_op, "reden_weigering": b.reden_weigering,
        "msg_id": b.msg_id, "pain001": f"/api/v1/betaalbatches/{b.id}/pain001"}


def _csv_rij(b: Betaalbatch) -> list[object]:
    return [b.nummer, b.aanbieder, b.rekeninghouder, b.iban, euro(b.totaal_cents),
            b.aantal_prestaties, b.status, b.aangemaakt_op, b.uitvoeren_op, b.verzonden_op,
            b.betaald_op, b.geweigerd_op, b.reden_weigering, b.id]


@router.post("/betaalbatches", status_code=201, response_model=BetaalrunOut,
             summary="Put the approved prestaties not yet paid in payment batches",
             responses={200: {"model": BetaalrunOut,
                              "description": "Nothing was left to pay: no batch was made "
                                             "(skipped providers are still listed)"},
                        404: {"description": "The aanbieder does not exist"},
                        422: {"description": "Invalid input (e.g. uitvoerenOp in the past)"},
                        **_503})
async def post_betaalbatches(data: BetaalrunIn, uow: UnitOfWorkDep, principal: Financien,
                             today: Today, response: Response) -> BetaalrunOut:
    """A batch per provider of its approved prestaties not yet paid (optionally one provider,
    optionally those whose ProductPeriode ends by `totEnMet`), paying the net: credit
    prestaties are netted against the debet ones. Each batch holds one pain.001 file that
    validated against the XSD. Providers without valid bank details, with a net of zero or
    less (the credit stays open), or whose file did not validate get no batch and are
    listed under `overgeslagen`. 201 when batches were made; 200 when none (run again when
    nothing is open: an empty list, nothing paid twice)."""
    run = await betalingen.maak_batches(uow, principal, data.aanbieder, data.tot_en_met,
                                        data.uitvoeren_op, today)
    if not run.batches:
        response.status_code = 200
    return BetaalrunOut(
        batches=[BetaalbatchOut(**_out(b)) for b in run.batches],
        overgeslagen=[OvergeslagenOut(aanbieder=o.aanbieder, naam=o.naam,
                                      reden=o.reden,
                                      toelichting=o.toelichting, saldo_cents=o.saldo_cents,
                                      aantal_prestaties=o.aantal_prestaties)
                      for o in run.overgeslagen])


@router.get("/betaalbatches", response_model=BetaalbatchList,
            summary="List or export payment batches",
            responses={200: {"description": "JSON, or the finance export as CSV "
                                            "(Accept: text/csv)",
                             "content": {CSV: {"schema": {"type": "string"}}}}})
async def list_betaalbatches(
    uow: UnitOfWorkDep, principal: Financien, paging: Paging,
    status: Annotated[Literal["aangemaakt", "verzonden", "betaald", "geweigerd"] | None,
                      Query()] = None,
    aanbieder: Annotated[str | None, Query(pattern=r"^[0-9]{8}$",
                                           description="AGB code")] = None,
    accept: Annotated[str, Header()] = "application/json",
) -> BetaalbatchList | Response:
    """Newest first. With Accept: text/csv the export for finance (every matching batch, not
    paged): batch, aanbieder, account holder, IBAN, amount in euro, count, status, dates."""
    if CSV in accept:
        everything, _ = await betalingen.list_batches(uow, status, aanbieder, None)
        return Response(as_csv(_csv_rij(b) for b in everything),
                        media_type="text/csv; charset=utf-8")
    rows, total = await betalingen.list_batches(uow, status, aanbieder, paging)
    return BetaalbatchList.of([BetaalbatchOut(**_out(b)) for b in rows], total, paging)


@router.get("/betaalbatches/{batch_id}", response_model=BetaalbatchDetailOut,
            summary="Read a payment batch with its prestaties",
            responses={404: {"description": "No such batch"}})
async def get_betaalbatch(batch_id: uuid.UUID, uow: UnitOfWorkDep,
                          principal: Financien) -> BetaalbatchDetailOut:
    """The batch and the prestaties it pays (a credit with a negative amount)."""
    batch = await betalingen.get_batch(uow, batch_id)
    prestaties = [BetaaldePrestatieOut(
        id=p.id, declaratienummer=d, product_referentie=p.referentie,
        toewijzing_id=p.toewijzing_id, toewijzing_nummer=n,
        productcategorie=p.productcategorie, product_code=p.product_code,
        begindatum=p.begindatum, einddatum=p.einddatum,
        debet_credit=p.debet_credit,
        bedrag_cents=p.bedrag_cents)
        for p, d, n in await betalingen.prestaties(uow, batch_id)]
    return BetaalbatchDetailOut(**_out(batch), prestaties=prestaties)


@router.get("/betaalbatches/{batch_id}/pain001", summary="Download a batch's SEPA file",
            response_class=Response,
            responses={200: {"content": {XML: {"schema": {"type": "string", "format": "xml"}}},
                             "description": "The pain.001.001.03 credit transfer file"},
                       404: {"description": "No such batch"}})
async def get_pain001(batch_id: uuid.UUID, uow: UnitOfWorkDep,
                      principal: Financien) -> Response:
    """The stored SEPA credit transfer initiation (pain.001.001.03) to hand to the bank;
    it validated against the XSD when the batch was made."""
    batch = await betalingen.get_batch(uow, batch_id)
    return Response(content=batch.pain001.encode(), media_type=XML, headers={
        "Content-Disposition": f'attachment; filename="betaalbatch-{batch.nummer}.xml"'})


@router.post("/betaalbatches/{batch_id}/statussen", status_code=201,
             response_model=BetaalbatchOut, summary="Record a batch's next status",
             responses={404: {"description": "No such batch"},
                        409: {"description": "The batch's status does not allow this one"},
                        422: {"description": "Invalid input (a refusal without reden, a date "
                                             "before the batch)"}})
async def post_status(batch_id: uuid.UUID, data: BetaalstatusIn, uow: UnitOfWorkDep,
                      principal: Financien, today: Today) -> BetaalbatchOut:
    """aangemaakt → verzonden (the file was handed to the bank) → betaald (executed) or
    geweigerd (refused, with the bank's reason; its prestaties are open again for the next
    run). Anything else is a 409."""
    batch = await betalingen.zet_status(uow, principal, batch_id, data.status,
                                        data.statusdatum or today, data.reden)
    return BetaalbatchOut(**_out(batch))


@router.get("/openstaande-saldi", response_model=OpenSaldoList,
            summary="List providers with approved prestaties not yet paid")
async def list_open_saldi(uow: UnitOfWorkDep, principal: Financien,
                          paging: Paging) -> OpenSaldoList:
    """Per provider the net of its approved prestaties not yet paid and whether the next
    batch run pays it: `reden` names why not (no valid bank details; a net of zero or less,
    i.e. an open credit netted against its next declaraties)."""
    items = [OpenSaldoOut(aanbieder=s.aanbieder, naam=s.naam, saldo_cents=s.saldo_cents,
                          aantal_prestaties=s.aantal_prestaties,
                          reden=s.reden,
                          toelichting=s.toelichting)
             for s in await betalingen.open_saldi(uow)]
    return OpenSaldoList.from_all(items, paging)
