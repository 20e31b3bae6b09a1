"""iWmo 3.2 berichtenverkeer over REST: a mailbox per provider.

Providers hand in WMO305/307/315/317/323 as XML (``POST /berichten``) and collect WMO301/319
and our retourberichten (WMO306/308/316/318/325) from their mailbox
(``GET /aanbieders/{agbCode}/berichten``, then ``GET /berichten/{id}`` with
``Accept: application/xml`` and ``POST /berichten/{id}/ontvangstbevestigingen``); their retour
on a WMO301/319 (WMO302/320) is handed in at ``POST /berichten`` too. An adapter to the
national exchange (GGk/VECOZO) can use the same resources later. The verzoeken are in
``verzoeken``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep
from wmokernel.problems import ProblemError, Unprocessable

from ..iwmo.xsd import OngeldigeXml, SchemaOvertreding
from ..models.iwmo import IwmoBericht
from ..schemas.iwmo import (
    BerichtList,
    BerichtOut,
    BerichtVerwerkingOut,
    DeclaratieToekenningOut,
)
from ..service.iwmo import berichten, inkomend
from .dependencies import Aanbieder, Iwmo, Levering
from .presenters import bericht_out

router = APIRouter(tags=["berichten"])

XML = "application/xml"
MAX_BERICHT_BYTES = 10 * 1024 * 1024

_XML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "An iWmo 3.2 message: WMO305, WMO307, WMO315, WMO317 or WMO323, or "
                       "the retour on ours: WMO302 or WMO320",
        "content": {XML: {"schema": {"type": "string", "format": "xml"}}},
    },
}


@router.post("/berichten", status_code=201, response_model=BerichtVerwerkingOut,
             summary="Hand in an iWmo message", openapi_extra=_XML_BODY,
             responses={200: {"model": BerichtVerwerkingOut,
                              "description": "Received before: the stored outcome"},
                        400: {"description": "Not well-formed XML or not an iWmo message"},
                        403: {"description": "The Afzender (Ontvanger of a retour) is not "
                                             "the caller's AGB code"},
                        404: {"description": "A retour on a message that was not sent to the "
                                             "caller"},
                        409: {"description": "The identificatie was used for another message, "
                                             "or the message was answered by another retour"},
                        413: {"description": "The message is too large"},
                        415: {"description": "The body is not application/xml"},
                        422: {"description": "The message does not validate against its XSD, "
                                             "or a retour lacks what it needs"}})
async def post_bericht(request: Request, uow: UnitOfWorkDep, ctx: Iwmo, principal: Aanbieder,
                       today: Today, response: Response) -> BerichtVerwerkingOut:
    """A provider's message (WMO305 start, WMO307 stop, WMO315 verzoek om toewijzing, WMO317
    verzoek om wijziging, WMO323 declaratie) as XML; the Afzender must be the provider's own
    AGB code. Malformed XML is refused (400), an XSD-invalid message too (422, listing the
    violations). A valid message is stored and checked against the iWmo rules: the answer
    lists the WJ001 retourcodes per part (0200: approved) and links the retourbericht
    (`retourBerichtId`: WMO306/308/316/318/325 in the provider's mailbox). A retour on our
    message (WMO302 on a WMO301, WMO320 on a WMO319) is recorded on that message (its
    `retour` and status `retour-ontvangen` or `retour-afgekeurd`). The same message again
    returns the stored outcome (200) without a new effect."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in (XML, "text/xml"):
        raise ProblemError(415, "Mediatype niet ondersteund",
                           "send the iWmo message as application/xml")
    raw = await request.body()
    if len(raw) > MAX_BERICHT_BYTES:
        raise ProblemError(413, "Bericht te groot",
                           f"an iWmo message is at most {MAX_BERICHT_BYTES} bytes")
    try:
        verwerking = await inkomend.ontvang(uow, ctx, principal, raw, today)
    except OngeldigeXml as exc:
        raise ProblemError(400, "Ongeldige XML", str(exc)) from exc
    except SchemaOvertreding as exc:
        raise Unprocessable(str(exc)) from exc
    if verwerking.duplicaat:
        response.status_code = 200
    b = verwerking.bericht
    response.headers["Location"] = f"/api/v1/berichten/{b.id}"
    return BerichtVerwerkingOut(
        **_out(b).model_dump(), duplicaat=verwerking.duplicaat,
        verzoek_ids=await berichten.verzoeken_van(uow, b.id),
        declaratie=DeclaratieToekenningOut(**b.toekenning) if b.toekenning else None)


def _out(b: IwmoBericht) -> BerichtOut:
    return bericht_out(b).model_copy(update={
        "retour_bericht_id": b.retour_bericht_id, "origineel_bericht_id": b.origineel_id,
        "retour_bericht": f"/api/v1/berichten/{b.retour_bericht_id}"
        if b.retour_bericht_id else None})


@router.get("/aanbieders/{agb_code}/berichten", response_model=BerichtList,
            summary="List a provider's outgoing messages (mailbox)")
async def list_mailbox(
    uow: UnitOfWorkDep, principal: Levering, paging: Paging,
    agb_code: Annotated[str, Path(pattern=r"^[0-9]{8}$", description="AGB code")],
    status: Annotated[Literal["nieuw", "opgehaald", "retour-ontvangen", "retour-afgekeurd"]
                      | None, Query()] = None,
    berichttype: Annotated[Literal["WMO301", "WMO319", "WMO306", "WMO308", "WMO316",
                                   "WMO318", "WMO325"] | None, Query()] = None,
) -> BerichtList:
    """The messages for the provider (WMO301, WMO319 and our retourberichten), oldest first;
    `status=nieuw` gives the ones not yet collected, `status=retour-afgekeurd` the ones the
    provider's retour (WMO302/320) refused in part; `berichttype` gives one type. A provider
    sees only its own mailbox."""
    rows, total = await berichten.list_uitgaand(uow, principal, agb_code, status, paging,
                                                berichttype)
    return BerichtList.of([_out(b) for b in rows], total, paging)


@router.get("/berichten/{bericht_id}", response_model=BerichtOut, summary="Read a message",
            responses={200: {"content": {XML: {"schema": {"type": "string", "format": "xml"}}},
                             "description": "The message (JSON), or its XML"}})
async def get_bericht(bericht_id: uuid.UUID, request: Request, uow: UnitOfWorkDep,
                      principal: Levering) -> Any:
    """With `Accept: application/xml` the message itself, else its metadata and retourcodes.
    A provider sees only the messages it sent or receives."""
    bericht = await berichten.get_bericht(uow, principal, bericht_id)
    if XML in request.headers.get("accept", "") or "text/xml" in request.headers.get(
            "accept", ""):
        return Response(content=bericht.xml.encode(), media_type=XML)
    return _out(bericht)


@router.post("/berichten/{bericht_id}/ontvangstbevestigingen", status_code=201,
             response_model=BerichtOut, summary="Confirm the collection of a message")
async def post_ontvangstbevestiging(bericht_id: uuid.UUID, uow: UnitOfWorkDep,
                                    principal: Aanbieder) -> BerichtOut:
    """The receiving provider marks an outgoing message as collected (idempotent); it leaves
    the `status=nieuw` list of the mailbox."""
    return _out(await berichten.bevestig_ontvangst(uow, principal, bericht_id))
