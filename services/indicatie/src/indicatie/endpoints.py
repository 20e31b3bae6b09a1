"""Aanvragen and beschikkingen."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response
from wmokernel.problems import ProblemError

from . import aanvragen, beschikkingen
from .deps import Gemeente, Reader, Registrar, Runtime, Today
from .domain.document import render_beschikking_pdf, render_html
from .presenters import aanvraag_out, beschikking_out, beschikking_view
from .schemas import (
    AanvraagIn,
    AanvraagList,
    AanvraagOut,
    BeoordelingIn,
    BeschikkingIn,
    BeschikkingList,
    BeschikkingOut,
    OpschortingIn,
    OpschortingOut,
)

router = APIRouter(tags=["aanvragen"])
beschikking_router = APIRouter(tags=["beschikkingen"])

AanvraagStatus = Literal["ontvangen", "ter-goedkeuring", "besloten", "heroverweging"]


@router.get("/aanvragen", response_model=AanvraagList, summary="List aanvragen")
async def list_aanvragen(
    rt: Runtime, principal: Reader,
    melding_id: Annotated[uuid.UUID | None, Query(alias="meldingId")] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
    status: Annotated[AanvraagStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AanvraagList:
    """Aanvragen, newest first, optionally for one melding, one (pseudonymous) client or one
    status."""
    async with rt.transaction() as session:
        rows = await aanvragen.list_aanvragen(session, melding_id, client_id, status, limit)
    return AanvraagList(items=[aanvraag_out(a) for a in rows])


@router.post("/aanvragen", status_code=201, response_model=AanvraagOut,
             summary="File an aanvraag")
async def post_aanvraag(data: AanvraagIn, rt: Runtime, principal: Registrar, today: Today,
                        response: Response) -> AanvraagOut:
    """Registers an aanvraag filed by the resident: after the onderzoek, after 6 weeks without
    one (gemeldOp required), or urgent with the temporary provision given at once. The decision
    term of 2 weeks starts."""
    async with rt.transaction() as session:
        aanvraag = await aanvragen.register_aanvraag(session, rt, principal, data, today)
        out = aanvraag_out(aanvraag)
    response.headers["Location"] = f"/api/v1/aanvragen/{out.id}"
    return out


@router.get("/aanvragen/{aanvraag_id}", response_model=AanvraagOut, summary="Read an aanvraag")
async def get_aanvraag(aanvraag_id: uuid.UUID, rt: Runtime, principal: Reader) -> AanvraagOut:
    """One aanvraag with its decision deadline (2 weeks, Algemene termijnenwet applied)."""
    async with rt.transaction() as session:
        return aanvraag_out(await aanvragen.get_aanvraag(session, aanvraag_id))


@router.post("/aanvragen/{aanvraag_id}/opschortingen", status_code=201,
             response_model=OpschortingOut, summary="Suspend the decision term")
async def post_opschorting(aanvraag_id: uuid.UUID, data: OpschortingIn, rt: Runtime,
                           principal: Gemeente) -> OpschortingOut:
    """Suspends the decision term for the given days with a reason (Awb 4:15); the deadline
    moves by those days and is extended per the Algemene termijnenwet."""
    async with rt.transaction() as session:
        o, a = await aanvragen.suspend(session, rt, principal, aanvraag_id, data)
        return OpschortingOut(id=o.id, aanvraag_id=a.id, van=o.van, tot_en_met=o.tot_en_met,
                              reden=o.reden, beslissen_uiterlijk=a.beslissen_uiterlijk)


@router.get("/aanvragen/{aanvraag_id}/beschikkingen", response_model=BeschikkingList,
            summary="List the beschikkingen of an aanvraag")
async def list_beschikkingen(aanvraag_id: uuid.UUID, rt: Runtime,
                             principal: Reader) -> BeschikkingList:
    """Every beschikking of the aanvraag, one per decision round (a bezwaar can add one)."""
    async with rt.transaction() as session:
        await aanvragen.get_aanvraag(session, aanvraag_id)
        rows = await beschikkingen.list_beschikkingen(session, aanvraag_id)
        return BeschikkingList(items=[await beschikking_out(session, b) for b in rows])


@router.post("/aanvragen/{aanvraag_id}/beschikkingen", status_code=201,
             response_model=BeschikkingOut, summary="Issue the beschikking")
async def post_beschikking(aanvraag_id: uuid.UUID, data: BeschikkingIn, rt: Runtime,
                           principal: Gemeente, today: Today,
                           response: Response) -> BeschikkingOut:
    """Issues the formal decision with its products. Only the gemeente role may; a second
    decision on the same aanvraag gets 409. With eenvoudigMaatwerk the beschikking waits for
    a second gemeente user's approval (status ter-goedkeuring)."""
    async with rt.transaction() as session:
        b = await beschikkingen.issue_beschikking(session, rt, principal, aanvraag_id, data,
                                                  today)
        out = await beschikking_out(session, b)
    response.headers["Location"] = f"/api/v1/beschikkingen/{out.id}"
    return out


@beschikking_router.get("/beschikkingen/{beschikking_id}", response_model=BeschikkingOut,
                        summary="Read a beschikking")
async def get_beschikking(beschikking_id: uuid.UUID, rt: Runtime,
                          principal: Reader) -> BeschikkingOut:
    """One beschikking with its products, eigen bijdrage and bezwaar term."""
    async with rt.transaction() as session:
        return await beschikking_out(
            session, await beschikkingen.get_beschikking(session, beschikking_id))


@beschikking_router.post("/beschikkingen/{beschikking_id}/goedkeuring",
                         response_model=BeschikkingOut, summary="Approve eenvoudig maatwerk")
async def post_goedkeuring(beschikking_id: uuid.UUID, data: BeoordelingIn, rt: Runtime,
                           principal: Gemeente, today: Today) -> BeschikkingOut:
    """A second gemeente user, not the author, approves the deviation; the beschikking is then
    issued on the approval date."""
    async with rt.transaction() as session:
        b = await beschikkingen.beoordeel(session, rt, principal, beschikking_id, data, True,
                                          today)
        return await beschikking_out(session, b)


@beschikking_router.post("/beschikkingen/{beschikking_id}/afkeuring",
                         response_model=BeschikkingOut, summary="Refuse eenvoudig maatwerk")
async def post_afkeuring(beschikking_id: uuid.UUID, data: BeoordelingIn, rt: Runtime,
                         principal: Gemeente, today: Today) -> BeschikkingOut:
    """A second gemeente user refuses the deviation; the aanvraag is open for a new decision."""
    async with rt.transaction() as session:
        b = await beschikkingen.beoordeel(session, rt, principal, beschikking_id, data, False,
                                          today)
        return await beschikking_out(session, b)


_DOCUMENT_TYPES = {
    "text/html": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}


@beschikking_router.get(
    "/beschikkingen/{beschikking_id}/document", response_class=Response,
    summary="The beschikking as a document for the resident",
    responses={200: {"description": "HTML or PDF, by the Accept header",
                     "content": _DOCUMENT_TYPES},
               406: {"description": "Neither HTML nor PDF is acceptable"}})
async def get_document(beschikking_id: uuid.UUID, rt: Runtime, principal: Reader,
                       accept: Annotated[str, Header()] = "text/html") -> Response:
    """The readable beschikking: HTML (Accept: text/html, the default) or PDF
    (Accept: application/pdf). Reading it is audit-logged."""
    wants_pdf = "application/pdf" in accept
    if not wants_pdf and not any(t in accept for t in ("text/html", "*/*", "text/*")):
        raise ProblemError(406, "Niet aanvaardbaar",
                           "this document is available as text/html or application/pdf")
    async with rt.transaction() as session:
        b = await beschikkingen.get_beschikking(session, beschikking_id)
        a = await aanvragen.get_aanvraag(session, b.aanvraag_id)
        view = await beschikking_view(session, b, a)
        await rt.audit.record(session, principal, action="read", resource_type="beschikking",
                              resource_id=str(b.id), client_id=a.client_id,
                              purpose="beschikking als document")
    if wants_pdf:
        return Response(render_beschikking_pdf(view), media_type="application/pdf",
                        headers={"Content-Disposition":
                                 f'inline; filename="beschikking-{b.id}.pdf"'})
    return Response(render_html(view), media_type="text/html; charset=utf-8")
