"""iWmo 3.2 berichtenverkeer over REST: a mailbox per provider.

Providers hand in WMO305/307/315/317/323 as XML (``POST /berichten``) and collect WMO301/319
from their mailbox (``GET /aanbieders/{agbCode}/berichten``, then ``GET /berichten/{id}`` with
``Accept: application/xml`` and ``POST /berichten/{id}/ontvangstbevestigingen``). An adapter
to the national exchange (GGk/VECOZO) can use the same resources later. The gemeente answers
verzoeken (WMO319) or honours them with a toewijzing (WMO301): a verzoek om toewijzing with
the toewijzing of a granted product, a verzoek om wijziging as a whole.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import Field
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.events.iwmo import VerzoekUitkomst
from wmokernel.problems import ProblemError, Unprocessable
from wmokernel.wire.apimodel import CamelModel

from .deps import Gemeente, Levering, Runtime, Today
from .iwmo import service
from .iwmo.service import IwmoContext
from .iwmo.xsd import OngeldigeXml, SchemaOvertreding
from .models.iwmo import IwmoBericht, IwmoVerzoek
from .presenters import toewijzing_out
from .schemas import ToewijzingIn, ToewijzingList, ToewijzingOut

router = APIRouter(tags=["berichten"])
verzoek_router = APIRouter(tags=["verzoeken"])

XML = "application/xml"
MAX_BERICHT_BYTES = 10 * 1024 * 1024
Aanbieder = Annotated[Principal, Depends(require_roles(Role.AANBIEDER))]


async def _iwmo(request: Request) -> IwmoContext:
    ctx: IwmoContext = request.app.state.iwmo
    return ctx


Iwmo = Annotated[IwmoContext, Depends(_iwmo)]


class RetourOut(CamelModel):
    """One WJ001 retourcode on one part of an incoming message."""

    code: str = Field(description="iWmo WJ001; 0200 and 8001: approved")
    betekenis: str
    onderdeel: str = Field(description="Header, StartProduct 1, Prestatie RN001, …")
    toelichting: str | None = None


class BerichtOut(CamelModel):
    id: uuid.UUID
    richting: Literal["in", "uit"]
    berichttype: str
    afzender: str
    ontvanger: str
    aanbieder: str = Field(description="AGB code of the provider involved")
    identificatie: str
    dagtekening: date
    client_id: str | None
    status: str = Field(description="uit: nieuw, opgehaald; in: goedgekeurd, deels-afgekeurd, "
                                    "afgekeurd")
    retour: list[RetourOut]
    verzoek_id: uuid.UUID | None
    opgehaald_op: datetime | None
    aangemaakt_op: datetime
    xml: str = Field(description="link to the message itself (Accept: application/xml)")


class BerichtVerwerkingOut(BerichtOut):
    """The outcome of an incoming message: its retourcodes per part (there is no separate
    retour schema in the reference set, so the retour travels in this answer)."""

    duplicaat: bool = Field(description="true when this message was received before; the "
                                        "stored outcome is returned and nothing happens again")


class BerichtList(CamelModel):
    items: list[BerichtOut]


class VerzoekOut(CamelModel):
    id: uuid.UUID
    soort: Literal["vot", "vow"]
    bericht_id: uuid.UUID
    aanbieder: str
    client_id: str
    referentie_aanbieder: str
    productcategorie: str | None
    product_code: str | None
    ingangsdatum: date | None
    einddatum: date | None
    inhoud: dict[str, Any]
    ontvangen_op: date
    antwoord_uiterlijk: date = Field(description="5 werkdagen after receipt")
    status: str = Field(description="ontvangen, in-onderzoek, afgewezen, toegewezen")
    definitief_uiterlijk: date | None = Field(description="8 weeks after 'in onderzoek'")
    beantwoord_op: date | None
    reden_afwijzing: str | None
    toewijzing_id: uuid.UUID | None


class VerzoekList(CamelModel):
    items: list[VerzoekOut]


class AntwoordIn(CamelModel):
    """The gemeente's answer (WMO319) on a verzoek."""

    uitkomst: Literal[VerzoekUitkomst.IN_ONDERZOEK, VerzoekUitkomst.AFGEWEZEN]
    reden_afwijzing: Literal["1", "2", "3", "4", "5", "6", "7", "8", "9"] | None = Field(
        default=None, description="iWmo WJ759, required to refuse")


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


_XML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "An iWmo 3.2 message: WMO305, WMO307, WMO315, WMO317 or WMO323",
        "content": {XML: {"schema": {"type": "string", "format": "xml"}}},
    },
}


@router.post("/berichten", status_code=201, response_model=BerichtVerwerkingOut,
             summary="Hand in an iWmo message", openapi_extra=_XML_BODY,
             responses={200: {"model": BerichtVerwerkingOut,
                              "description": "Received before: the stored outcome"},
                        400: {"description": "Not well-formed XML or not an iWmo message"},
                        409: {"description": "The identificatie was used for another message"},
                        413: {"description": "The message is too large"},
                        415: {"description": "The body is not application/xml"},
                        422: {"description": "The message does not validate against its XSD"}})
async def post_bericht(request: Request, rt: Runtime, ctx: Iwmo, principal: Aanbieder,
                       today: Today, response: Response) -> BerichtVerwerkingOut:
    """A provider's message (WMO305 start, WMO307 stop, WMO315 verzoek om toewijzing, WMO317
    verzoek om wijziging, WMO323 declaratie) as XML; the Afzender must be the provider's own
    AGB code. Malformed XML is refused (400), an XSD-invalid message too (422, listing the
    violations). A valid message is stored and checked against the iWmo rules: the answer
    lists the WJ001 retourcodes per part (0200: approved). The same message again returns
    the stored outcome (200) without a new effect."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in (XML, "text/xml"):
        raise ProblemError(415, "Mediatype niet ondersteund",
                           "send the iWmo message as application/xml")
    raw = await request.body()
    if len(raw) > MAX_BERICHT_BYTES:
        raise ProblemError(413, "Bericht te groot",
                           f"an iWmo message is at most {MAX_BERICHT_BYTES} bytes")
    try:
        verwerking = await service.ontvang(rt, ctx, principal, raw, today)
    except OngeldigeXml as exc:
        raise ProblemError(400, "Ongeldige XML", str(exc)) from exc
    except SchemaOvertreding as exc:
        raise Unprocessable(str(exc)) from exc
    if verwerking.duplicaat:
        response.status_code = 200
    response.headers["Location"] = f"/api/v1/berichten/{verwerking.bericht.id}"
    return BerichtVerwerkingOut(**bericht_out(verwerking.bericht).model_dump(),
                                duplicaat=verwerking.duplicaat)


@router.get("/aanbieders/{agb_code}/berichten", response_model=BerichtList,
            summary="List a provider's outgoing messages (mailbox)")
async def list_mailbox(
    rt: Runtime, principal: Levering,
    agb_code: Annotated[str, Path(pattern=r"^[0-9]{8}$", description="AGB code")],
    status: Annotated[Literal["nieuw", "opgehaald"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> BerichtList:
    """The WMO301 and WMO319 messages for the provider, oldest first; `status=nieuw` gives
    the ones not yet collected. A provider sees only its own mailbox."""
    rows = await service.list_uitgaand(rt, principal, agb_code, status, limit)
    return BerichtList(items=[bericht_out(b) for b in rows])


@router.get("/berichten/{bericht_id}", response_model=BerichtOut, summary="Read a message",
            responses={200: {"content": {XML: {"schema": {"type": "string", "format": "xml"}}},
                             "description": "The message (JSON), or its XML"}})
async def get_bericht(bericht_id: uuid.UUID, request: Request, rt: Runtime,
                      principal: Levering) -> Any:
    """With `Accept: application/xml` the message itself, else its metadata and retourcodes.
    A provider sees only the messages it sent or receives."""
    bericht = await service.get_bericht(rt, principal, bericht_id)
    if XML in request.headers.get("accept", "") or "text/xml" in request.headers.get(
            "accept", ""):
        return Response(content=bericht.xml.encode(), media_type=XML)
    return bericht_out(bericht)


@router.post("/berichten/{bericht_id}/ontvangstbevestigingen", status_code=201,
             response_model=BerichtOut, summary="Confirm the collection of a message")
async def post_ontvangstbevestiging(bericht_id: uuid.UUID, rt: Runtime,
                                    principal: Aanbieder) -> BerichtOut:
    """The receiving provider marks an outgoing message as collected (idempotent); it leaves
    the `status=nieuw` list of the mailbox."""
    return bericht_out(await service.bevestig_ontvangst(rt, principal, bericht_id))


@verzoek_router.get("/verzoeken", response_model=VerzoekList,
                    summary="List verzoeken om toewijzing and om wijziging")
async def list_verzoeken(
    rt: Runtime, principal: Gemeente,
    status: Annotated[Literal["ontvangen", "in-onderzoek", "afgewezen", "toegewezen"] | None,
                      Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> VerzoekList:
    """Received VOT (one per product) and VOW, oldest first, with their answer terms."""
    return VerzoekList(items=[verzoek_out(v) for v in
                              await service.list_verzoeken(rt, status, limit)])


@verzoek_router.get("/verzoeken/{verzoek_id}", response_model=VerzoekOut,
                    summary="Read a verzoek")
async def get_verzoek(verzoek_id: uuid.UUID, rt: Runtime, principal: Gemeente) -> VerzoekOut:
    """One verzoek with its status and terms."""
    return verzoek_out(await service.get_verzoek(rt, verzoek_id))


@verzoek_router.post("/verzoeken/{verzoek_id}/antwoorden", status_code=201,
                     response_model=VerzoekOut, summary="Answer a verzoek (WMO319)")
async def post_antwoord(verzoek_id: uuid.UUID, data: AntwoordIn, rt: Runtime, ctx: Iwmo,
                        principal: Gemeente, today: Today) -> VerzoekOut:
    """'in-onderzoek' (the final answer is then due within 8 weeks) or 'afgewezen' with its
    reden (WJ759); the WMO319 goes to the provider's mailbox."""
    return verzoek_out(await service.beantwoord(rt, ctx, principal, verzoek_id, data.uitkomst,
                                                data.reden_afwijzing, today))


class WijzigingToekenningIn(CamelModel):
    """Grant a verzoek om wijziging as a whole."""

    beschikt_product_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=50,
        description="the granted products (of a beschikking) for the verzoek's new products, "
                    "and for a product to change beyond what its beschikking granted; matched "
                    "by product code")


@verzoek_router.post("/verzoeken/{verzoek_id}/wijzigingen", status_code=201,
                     response_model=ToewijzingList,
                     summary="Honour a verzoek om wijziging (WMO301)")
async def post_verzoek_wijziging(verzoek_id: uuid.UUID, data: WijzigingToekenningIn,
                                 rt: Runtime, principal: Gemeente,
                                 today: Today) -> ToewijzingList:
    """Grants the whole verzoek: a product to change keeps its toewijzing with a new
    einddatum, or, with another omvang, ends the day before the gewenste ingangsdatum and a
    new toewijzing follows; a new product gets a toewijzing of the granted product named for
    it. The answer lists the changed and new toewijzingen; the WMO301 with the client's full
    set (RedenWijziging 12 on the changed ones) follows in the provider's mailbox."""
    rows = await service.honoreer_wijziging(rt, principal, verzoek_id,
                                            data.beschikt_product_ids, today)
    return ToewijzingList(items=[toewijzing_out(t) for t in rows])


@verzoek_router.post("/verzoeken/{verzoek_id}/toewijzingen", status_code=201,
                     response_model=ToewijzingOut,
                     summary="Honour a verzoek om toewijzing (WMO301)")
async def post_verzoek_toewijzing(verzoek_id: uuid.UUID, data: ToewijzingIn, rt: Runtime,
                                  principal: Gemeente, today: Today,
                                  response: Response) -> ToewijzingOut:
    """Assigns the client's granted product to the provider that asked; the WMO301 with all
    the client's toewijzingen at that provider follows in its mailbox."""
    t = await service.wijs_toe(rt, principal, verzoek_id, data, today)
    response.headers["Location"] = f"/api/v1/toewijzingen/{t.id}"
    return toewijzing_out(t)
