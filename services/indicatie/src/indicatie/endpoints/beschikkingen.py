"""Beschikkingen: read, eenvoudig maatwerk approved or refused, and the document for the
resident."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response
from wmokernel.dependencies import Today, UnitOfWorkDep
from wmokernel.problems import ProblemError

from ..domain.document import render_beschikking_pdf, render_html
from ..schemas import BeoordelingIn, BeschikkingOut
from ..service import beschikkingen, lezen
from .dependencies import Gemeente, Reader
from .presenters import beschikking_out, beschikking_view

router = APIRouter(tags=["beschikkingen"])


@router.get("/beschikkingen/{beschikking_id}", response_model=BeschikkingOut,
            summary="Read a beschikking")
async def get_beschikking(beschikking_id: uuid.UUID, uow: UnitOfWorkDep,
                          principal: Reader) -> BeschikkingOut:
    """One beschikking with its products, eigen bijdrage and bezwaar term."""
    return await beschikking_out(uow, await lezen.beschikking(uow, principal, beschikking_id))


@router.post("/beschikkingen/{beschikking_id}/goedkeuring", response_model=BeschikkingOut,
             summary="Approve eenvoudig maatwerk")
async def post_goedkeuring(beschikking_id: uuid.UUID, data: BeoordelingIn, uow: UnitOfWorkDep,
                           principal: Gemeente, today: Today) -> BeschikkingOut:
    """A second gemeente user, not the author, approves the deviation; the beschikking is then
    issued on the approval date."""
    b = await beschikkingen.beoordeel(uow, principal, beschikking_id, data, True, today)
    return await beschikking_out(uow, b)


@router.post("/beschikkingen/{beschikking_id}/afkeuring", response_model=BeschikkingOut,
             summary="Refuse eenvoudig maatwerk")
async def post_afkeuring(beschikking_id: uuid.UUID, data: BeoordelingIn, uow: UnitOfWorkDep,
                         principal: Gemeente, today: Today) -> BeschikkingOut:
    """A second gemeente user refuses the deviation; the aanvraag is open for a new decision."""
    b = await beschikkingen.beoordeel(uow, principal, beschikking_id, data, False, today)
    return await beschikking_out(uow, b)


_DOCUMENT_TYPES = {
    "text/html": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}


@router.get(
    "/beschikkingen/{beschikking_id}/document", response_class=Response,
    summary="The beschikking as a document for the resident",
    responses={200: {"description": "HTML or PDF, by the Accept header",
                     "content": _DOCUMENT_TYPES},
               406: {"description": "Neither HTML nor PDF is acceptable"}})
async def get_document(beschikking_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader,
                       accept: Annotated[str, Header()] = "text/html") -> Response:
    """The readable beschikking: HTML (Accept: text/html, the default) or PDF
    (Accept: application/pdf). Reading it is audit-logged."""
    wants_pdf = "application/pdf" in accept
    if not wants_pdf and not any(t in accept for t in ("text/html", "*/*", "text/*")):
        raise ProblemError(406, "Niet aanvaardbaar",
                           "this document is available as text/html or application/pdf")
    b, a = await beschikkingen.lees_document(uow, principal, beschikking_id)
    view = await beschikking_view(uow, b, a)
    if wants_pdf:
        return Response(render_beschikking_pdf(view), media_type="application/pdf",
                        headers={"Content-Disposition":
                                 f'inline; filename="beschikking-{b.id}.pdf"'})
    return Response(render_html(view), media_type="text/html; charset=utf-8")
