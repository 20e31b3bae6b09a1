"""iWmo verzoeken om toewijzing (VOT) and om wijziging (VOW): the gemeente answers them
(WMO319) or honours them with a toewijzing (WMO301): a verzoek om toewijzing with the
toewijzing of a granted product, a verzoek om wijziging as a whole."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..schemas import GewijzigdeToewijzingen, ToewijzingIn, ToewijzingOut
from ..schemas.iwmo import AntwoordIn, VerzoekList, VerzoekOut, WijzigingToekenningIn
from ..service.iwmo import verzoeken, wijzigingsverzoeken
from .dependencies import Gemeente, Iwmo
from .presenters import toewijzing_out, verzoek_out

router = APIRouter(tags=["verzoeken"])


@router.get("/verzoeken", response_model=VerzoekList,
            summary="List verzoeken om toewijzing and om wijziging")
async def list_verzoeken(
    uow: UnitOfWorkDep, principal: Gemeente, paging: Paging,
    status: Annotated[Literal["ontvangen", "in-onderzoek", "afgewezen", "toegewezen"] | None,
                      Query()] = None,
) -> VerzoekList:
    """Received VOT (one per product) and VOW, oldest first, with their answer terms."""
    rows, total = await verzoeken.lees_verzoeken(uow, principal, status, paging)
    return VerzoekList.of([verzoek_out(v) for v in rows], total, paging)


@router.get("/verzoeken/{verzoek_id}", response_model=VerzoekOut, summary="Read a verzoek")
async def get_verzoek(verzoek_id: uuid.UUID, uow: UnitOfWorkDep,
                      principal: Gemeente) -> VerzoekOut:
    """One verzoek with its status and terms."""
    return verzoek_out(await verzoeken.lees_verzoek(uow, principal, verzoek_id))


@router.post("/verzoeken/{verzoek_id}/antwoorden", status_code=201,
             response_model=VerzoekOut, summary="Answer a verzoek (WMO319)")
async def post_antwoord(verzoek_id: uuid.UUID, data: AntwoordIn, uow: UnitOfWorkDep, ctx: Iwmo,
                        principal: Gemeente, today: Today) -> VerzoekOut:
    """'in-onderzoek' (the final answer is then due within 8 weeks) or 'afgewezen' with its
    reden (WJ759); the WMO319 goes to the provider's mailbox."""
    return verzoek_out(await verzoeken.beantwoord(uow, ctx, principal, verzoek_id,
                                                  data.uitkomst, data.reden_afwijzing, today))


@router.post("/verzoeken/{verzoek_id}/wijzigingen", status_code=201,
             response_model=GewijzigdeToewijzingen,
             summary="Honour a verzoek om wijziging (WMO301)")
async def post_verzoek_wijziging(verzoek_id: uuid.UUID, data: WijzigingToekenningIn,
                                 uow: UnitOfWorkDep, principal: Gemeente,
                                 today: Today) -> GewijzigdeToewijzingen:
    """Grants the whole verzoek: a product to change keeps its toewijzing with a new
    einddatum, or, with another omvang, ends the day before the gewenste ingangsdatum and a
    new toewijzing follows; a new product gets a toewijzing of the granted product named for
    it. The answer lists the changed and new toewijzingen; the WMO301 with the client's full
    set (RedenWijziging 12 on the changed ones) follows in the provider's mailbox."""
    rows = await wijzigingsverzoeken.honoreer_wijziging(uow, principal, verzoek_id,
                                                        data.beschikt_product_ids, today)
    return GewijzigdeToewijzingen(items=[toewijzing_out(t) for t in rows])


@router.post("/verzoeken/{verzoek_id}/toewijzingen", status_code=201,
             response_model=ToewijzingOut,
             summary="Honour a verzoek om toewijzing (WMO301)")
async def post_verzoek_toewijzing(verzoek_id: uuid.UUID, data: ToewijzingIn,
                                  uow: UnitOfWorkDep, principal: Gemeente, today: Today,
                                  response: Response) -> ToewijzingOut:
    """Assigns the client's granted product to the provider that asked; the WMO301 with all
    the client's toewijzingen at that provider follows in its mailbox."""
    t = await verzoeken.wijs_toe(uow, principal, verzoek_id, data, today)
    response.headers["Location"] = f"/api/v1/toewijzingen/{t.id}"
    return toewijzing_out(t)
