"""Turning rows into API answers."""

from __future__ import annotations

from typing import Any

from ..domain.reference import wijk_naam
from ..models import (
    Client,
    DossierMedewerker,
    InformatieContact,
    Melding,
    Onderzoek,
    Toestemming,
    Verwijzing,
)
from ..schemas import (
    Adres,
    ClientOut,
    InformatieContactOut,
    MedewerkerOut,
    MeldingOut,
    MeldingSamenvatting,
    MeldingStatus,
    OnderzoekOut,
    ToestemmingOut,
    VerwijzingOut,
)
from ..service.dossiers import Dossier


def medewerker_out(m: DossierMedewerker) -> MedewerkerOut:
    return MedewerkerOut(medewerker=m.medewerker, team=m.team, reden=m.reden,
                         op_verzoek_inwoner=m.op_verzoek_inwoner, van=m.van, tot=m.tot)


def onderzoek_out(o: Onderzoek) -> OnderzoekOut:
    return OnderzoekOut.model_validate({
        "gestart_op": o.gestart_op,
        "clientondersteuning_aangeboden_op": o.clientondersteuning_aangeboden_op,
        "clientondersteuning_gewenst": o.clientondersteuning_gewenst,
        "bevindingen": o.bevindingen, "zrm": o.zrm, "perspectief": o.perspectief,
        "ondersteuningsvorm": o.ondersteuningsvorm, "reden_individueel": o.reden_individueel,
        "verslag": o.verslag, "afgerond_op": o.afgerond_op,
    })


def verwijzing_out(v: Verwijzing) -> VerwijzingOut:
    return VerwijzingOut.model_validate({
        "id": v.id, "melding_id": v.melding_id, "naar": v.naar, "toelichting": v.toelichting,
        "verwezen_op": v.verwezen_op, "opvangvorm": v.opvangvorm, "urgent": v.urgent})


def melding_out(m: Melding, dossier: Dossier | None = None) -> MeldingOut:
    fields: dict[str, Any] = {
        c: getattr(m, c) for c in (
            "id", "client_id", "kanaal", "omschrijving", "gemeld_op", "gemeente", "wijk", "buurt",
            "team", "status", "terugkerend", "signaal_bron", "eerste_contact_uiterlijk",
            "onderzoek_uiterlijk", "persoonlijk_plan_uiterlijk", "eerste_contact_op",
            "ontvangstgesprek_op", "triage", "persoonlijk_plan_ontvangen_op", "uitkomst",
            "afgesloten_op")}
    if dossier is not None:
        fields["medewerkers"] = [medewerker_out(x) for x in dossier.medewerkers]
        fields["onderzoek"] = onderzoek_out(dossier.onderzoek) if dossier.onderzoek else None
        fields["verwijzingen"] = [verwijzing_out(v) for v in dossier.verwijzingen]
    return MeldingOut.model_validate(fields)


def samenvatting(m: Melding) -> MeldingSamenvatting:
    return MeldingSamenvatting.model_validate({
        "id": m.id, "client_id": m.client_id, "gemeld_op": m.gemeld_op, "kanaal": m.kanaal,
        "status": m.status, "team": m.team,
        "eerste_contact_uiterlijk": m.eerste_contact_uiterlijk,
        "onderzoek_uiterlijk": m.onderzoek_uiterlijk})


def status_out(melding: Melding, naar: list[str]) -> MeldingStatus:
    """A melding's status for other systems: no personal data."""
    return MeldingStatus.model_validate({
        "melding_id": melding.id, "status": melding.status, "team": melding.team,
        "gemeld_op": melding.gemeld_op, "eerste_contact_uiterlijk":
        melding.eerste_contact_uiterlijk, "eerste_contact_op": melding.eerste_contact_op,
        "onderzoek_uiterlijk": melding.onderzoek_uiterlijk, "uitkomst": melding.uitkomst,
        "verwijzingen": naar})


def informatie_contact_out(contact: InformatieContact) -> InformatieContactOut:
    return InformatieContactOut.model_validate({
        "id": contact.id, "kanaal": contact.kanaal, "onderwerp": contact.onderwerp,
        "wijk": contact.wijk, "contact_op": contact.contact_op})


def _adres(client: Client) -> Adres | None:
    if client.postcode is None or client.huisnummer is None:
        return None
    return Adres(postcode=client.postcode, huisnummer=client.huisnummer,
                 huisnummertoevoeging=client.huisnummertoevoeging, straat=client.straat,
                 woonplaats=client.woonplaats)


def client_out(client: Client, meldingen: list[Melding]) -> ClientOut:
    """The registry entry with the client's meldingen."""
    return ClientOut(id=client.id, bsn=client.bsn, naam=client.naam, adres=_adres(client),
                     gemeente=client.gemeente,
                     wijk=wijk_naam(client.wijk) if client.wijk else None, buurt=client.buurt,
                     meldingen=[samenvatting(m) for m in meldingen])


def toestemming_out(t: Toestemming) -> ToestemmingOut:
    return ToestemmingOut(id=t.id, client_id=t.client_id, ontvanger=t.ontvanger, doel=t.doel,
                          gegeven_op=t.gegeven_op, ingetrokken_op=t.ingetrokken_op,
                          geldig=t.ingetrokken_op is None)
