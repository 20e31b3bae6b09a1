"""Use cases of the aanvraag: filed over the API, read, and the suspension of its decision
term. (An aanvraag opened from a verwijzing is in ``toegang_events``.)"""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.catalogue import AanvraagOntvangen
from wmokernel.events.indicatie import AanvraagGrond, BeslistermijnOpgeschort
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import termijnen
from ..domain.statussen import AANVRAAG, OngeldigeOvergang
from ..models import Aanvraag, Opschorting, ToegangMelding
from ..repository import aanvragen as repo
from ..repository import toegang_meldingen
from ..repository.catalogus import product_versie_op
from ..schemas import AanvraagIn, OpschortingIn


async def register_aanvraag(uow: UnitOfWork, principal: Principal, data: AanvraagIn,
                            today: date) -> Aanvraag:
    """An aanvraag filed by the resident (registered by the gemeente or the Wmo-loket)."""
    session = uow.session
    if data.ontvangen_op > today:
        raise Unprocessable("ontvangenOp lies in the future")
    grond = AanvraagGrond(data.grond)
    if grond is AanvraagGrond.ONDERZOEK_TERMIJN_VERSTREKEN:
        if data.gemeld_op is None:
            raise Unprocessable("gemeldOp is required: the 6 weeks run from the melding")
        if not termijnen.onderzoek_verstreken(data.gemeld_op, data.ontvangen_op):
            raise Unprocessable("the 6-week onderzoek term after the melding has not yet "
                                "passed (Wmo 2015 art. 2.3.2)")
    if data.gemeld_op is not None and data.gemeld_op > data.ontvangen_op:
        raise Unprocessable("gemeldOp lies after ontvangenOp")
    melding = await _melding_van(uow, data)
    if grond is AanvraagGrond.NA_ONDERZOEK:
        if melding is None or melding.onderzoek_afgerond_op is None:
            raise Unprocessable(
                "an aanvraag na-onderzoek follows the onderzoek's written verslag, and no "
                "onderzoek of this client has ended" + (f" (melding {melding.melding_id})"
                                                         if melding else "")
                + "; file it as onderzoek-termijn-verstreken once the 6 weeks have passed, "
                "or as spoed")
        if melding.onderzoek_afgerond_op > data.ontvangen_op:
            raise Unprocessable(
                f"the onderzoek ended on {melding.onderzoek_afgerond_op}, after ontvangenOp: an "
                "aanvraag na-onderzoek follows the verslag")
    tijdelijk = data.tijdelijke_voorziening
    if grond is AanvraagGrond.SPOED:
        if tijdelijk is None:
            raise Unprocessable("an urgent aanvraag gets a temporary provision at once: "
                                "tijdelijkeVoorziening is required")
        product = await product_versie_op(session, tijdelijk.product_code, tijdelijk.van)
        if product is None or product.soort != "maatwerk":
            raise Unprocessable(f"product {tijdelijk.product_code} is no maatwerkvoorziening "
                                f"valid on {tijdelijk.van}")
        if tijdelijk.van < data.ontvangen_op:
            raise Unprocessable("the temporary provision cannot start before the aanvraag")
    elif tijdelijk is not None:
        raise Unprocessable("a temporary provision is only for an urgent (spoed) aanvraag")

    aanvraag = Aanvraag(
        id=uuid.uuid4(), client_id=data.client_id, melding_id=data.melding_id,
        ontvangen_op=data.ontvangen_op,
        beslissen_uiterlijk=termijnen.beslissen_uiterlijk(data.ontvangen_op),
        status="ontvangen", grond=grond.value, gemeld_op=data.gemeld_op,
        verwezen_op=data.ontvangen_op,
        wijk=data.wijk.lower() if data.wijk else (melding.wijk if melding else None),
        opgeschorte_dagen=0, spoed=grond is AanvraagGrond.SPOED,
        tijdelijke_voorziening_code=tijdelijk.product_code if tijdelijk else None,
        tijdelijke_voorziening_van=tijdelijk.van if tijdelijk else None, beslisronde=1,
    )
    session.add(aanvraag)
    await session.flush()
    await uow.audit(principal, action="create", resource_type="aanvraag",
                    resource_id=str(aanvraag.id), client_id=aanvraag.client_id,
                    purpose="aanvraag registreren")
    await uow.publish(AanvraagOntvangen(
        aanvraag_id=aanvraag.id, melding_id=aanvraag.melding_id, client_id=aanvraag.client_id,
        ontvangen_op=aanvraag.ontvangen_op, beslissen_uiterlijk=aanvraag.beslissen_uiterlijk,
        grond=grond, spoed=aanvraag.spoed,
        tijdelijke_voorziening_code=aanvraag.tijdelijke_voorziening_code,
    ))
    return aanvraag


async def _melding_van(uow: UnitOfWork, data: AanvraagIn) -> ToegangMelding | None:
    """The melding the aanvraag follows: the one named, else the client's latest. Refuses a
    client toegang never registered and a melding of someone else."""
    session = uow.session
    if not await toegang_meldingen.client_bekend(session, data.client_id):
        raise Unprocessable(
            f"clientId {data.client_id} is not known: no melding of this client has come from "
            "toegang. Register the melding in toegang first (it reaches indicatie within "
            "seconds), then file the aanvraag")
    if data.melding_id is None:
        meldingen = await toegang_meldingen.van_client(session, data.client_id)
        if data.grond == AanvraagGrond.NA_ONDERZOEK:
            # the aanvraag follows whichever onderzoek ended, not a newer melding still open
            meldingen.sort(key=lambda m: m.onderzoek_afgerond_op is None)
        return meldingen[0] if meldingen else None
    melding = await toegang_meldingen.get(session, data.melding_id)
    if melding is None or melding.client_id != data.client_id:
        raise Unprocessable(f"meldingId {data.melding_id} is no melding of clientId "
                            f"{data.client_id}")
    return melding


async def get_aanvraag(uow: UnitOfWork, aanvraag_id: uuid.UUID,
                       for_update: bool = False) -> Aanvraag:
    aanvraag = await repo.get(uow.session, aanvraag_id, for_update)
    if aanvraag is None:
        raise NotFound(f"aanvraag {aanvraag_id}")
    return aanvraag


async def list_aanvragen(uow: UnitOfWork, melding_id: uuid.UUID | None,
                         client_id: str | None, status: str | None,
                         page: PageRequest) -> tuple[list[Aanvraag], int]:
    return await repo.list_(uow.session, melding_id, client_id, status, page)


def transition(aanvraag: Aanvraag, action: str) -> None:
    try:
        aanvraag.status = AANVRAAG.next(aanvraag.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


async def suspend(uow: UnitOfWork, principal: Principal, aanvraag_id: uuid.UUID,
                  data: OpschortingIn) -> tuple[Opschorting, Aanvraag]:
    """Awb 4:15: the decision term is suspended for the given days; the deadline moves."""
    aanvraag = await get_aanvraag(uow, aanvraag_id, for_update=True)
    transition(aanvraag, "opschorten")
    if data.tot_en_met < data.van:
        raise Unprocessable("totEnMet lies before van")
    if data.van <= aanvraag.ontvangen_op:
        raise Unprocessable("a suspension starts after the aanvraag was received")
    if data.van > aanvraag.beslissen_uiterlijk:
        raise Unprocessable("the decision term had already ended on the first day of the "
                            "suspension")
    if await repo.opschorting_overlapt(uow.session, aanvraag_id, data.van, data.tot_en_met):
        raise Conflict("the suspension overlaps an earlier one")
    oud = aanvraag.beslissen_uiterlijk
    aanvraag.opgeschorte_dagen += termijnen.opschorting_dagen(data.van, data.tot_en_met)
    aanvraag.beslissen_uiterlijk = termijnen.beslissen_uiterlijk(aanvraag.ontvangen_op,
                                                                 aanvraag.opgeschorte_dagen)
    opschorting = Opschorting(id=uuid.uuid4(), aanvraag_id=aanvraag_id, van=data.van,
                              tot_en_met=data.tot_en_met, reden=data.reden,
                              door=principal.subject)
    uow.session.add(opschorting)
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="aanvraag",
                    resource_id=str(aanvraag_id), client_id=aanvraag.client_id,
                    purpose="beslistermijn opschorten")
    await uow.publish(BeslistermijnOpgeschort(
        aanvraag_id=aanvraag_id, client_id=aanvraag.client_id, van=data.van,
        tot_en_met=data.tot_en_met, oude_uiterlijk=oud,
        beslissen_uiterlijk=aanvraag.beslissen_uiterlijk))
    return opschorting, aanvraag
