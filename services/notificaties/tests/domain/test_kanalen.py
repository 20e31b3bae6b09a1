from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from notificaties.domain.kanalen import (
    EVENTS,
    KANAAL,
    Notificatie,
    gemeente_van,
    notificatie,
    onbekende_filters,
    past,
)
from wmokernel.catalogue import CATALOGUE, EventPayload
from wmokernel.events import dwangsom as dw
from wmokernel.events import herbeoordeling as hb
from wmokernel.events import indicatie as ind
from wmokernel.events import klachten as kl

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
API = "https://api.example/"
CLIENT = "p-" + "a" * 32


def make(event: str, **data: object):  # type: ignore[no-untyped-def]
    return notificatie(f"nl.utrecht.wmo.{event}", data, api_url=API, eigen_gemeente="0344",
                       aanmaakdatum=T)


def test_every_mapped_event_type_exists_in_the_catalogue_on_its_kanaals_topic() -> None:
    for name, (kanaal, actie) in EVENTS.items():
        model = CATALOGUE[f"nl.utrecht.wmo.{name}"]
        assert model.topic == KANAAL[kanaal].topic, name
        assert actie in ("create", "update")
        fields = {f.alias or n for n, f in model.model_fields.items()}
        assert KANAAL[kanaal].hoofd_object[2] in fields, name
        assert KANAAL[kanaal].resource[2] in fields, name


def test_plaatsing_notification_points_at_the_placement_under_its_aanmelding() -> None:
    a, p = uuid.uuid4(), uuid.uuid4()
    n = make("opvang.client-opgenomen", aanmeldingId=str(a), plaatsingId=str(p),
             clientId=CLIENT, gemeente="0321", vorm="beschermd-verblijf",
             locatieGemeente="0344", bsn="123456782", naam="Jan")
    assert n is not None
    assert n.kanaal == "plaatsingen" and n.actie == "update" and n.resource == "plaatsing"
    assert n.hoofd_object == f"https://api.example/opvang/api/v1/aanmeldingen/{a}"
    assert n.resource_url == f"https://api.example/opvang/api/v1/plaatsingen/{p}"
    assert n.kenmerken == {"eventType": "client-opgenomen", "gemeente": "0321",
                           "clientId": CLIENT, "vorm": "beschermd-verblijf"}
    body = n.as_json()
    assert set(body) == {"kanaal", "hoofdObject", "resource", "resourceUrl", "actie",
                         "aanmaakdatum", "kenmerken"}
    assert "123456782" not in str(body) and "Jan" not in str(body)


def test_indicatie_events_share_the_aanvraag_as_hoofdobject() -> None:
    aanvraag = uuid.uuid4()
    b = make("indicatie.beschikking-afgegeven", aanvraagId=str(aanvraag),
             beschikkingId=str(uuid.uuid4()), clientId=CLIENT, besluit="toegekend")
    t = make("indicatie.toewijzing-gedaan", aanvraagId=str(aanvraag),
             beschikkingId=str(uuid.uuid4()), toewijzingId=str(uuid.uuid4()),
             clientId=CLIENT, productcategorie="02")
    assert b is not None and t is not None
    assert b.hoofd_object == t.hoofd_object
    assert (b.kanaal, t.kanaal) == ("beschikkingen", "toewijzingen")
    assert b.kenmerken["besluit"] == "toegekend" and t.kenmerken["productcategorie"] == "02"
    # indicatie's residents are Utrecht's
    assert b.gemeente == t.gemeente == "0344"


def test_unmapped_foreign_or_incomplete_events_raise_no_notification() -> None:
    assert make("indicatie.cak-melding-gedaan", aanvraagId="x", beschikkingId="y") is None
    assert notificatie("com.other.melding-ontvangen", {"meldingId": "x"}, api_url=API,
                       eigen_gemeente="0344", aanmaakdatum=T) is None
    assert make("toegang.melding-ontvangen", clientId=CLIENT) is None


def test_a_client_id_that_is_not_a_pseudonym_is_not_passed_on() -> None:
    n = make("toegang.melding-ontvangen", meldingId=str(uuid.uuid4()), clientId="123456782")
    assert n is not None and "clientId" not in n.kenmerken


def test_gemeente_of_an_event_defaults_to_the_centrumgemeente() -> None:
    assert gemeente_van({"gemeente": "0355"}, "0344") == "0355"
    assert gemeente_van({}, "0344") == "0344"
    assert gemeente_van({"gemeente": None}, "0344") == "0344"
    assert gemeente_van({"gemeente": "Zeist"}, "0344") == "0344"


def test_filters_all_must_match_and_only_offered_filters_are_known() -> None:
    n = make("opvang.aanmelding-ontvangen", aanmeldingId=str(uuid.uuid4()), gemeente="0355",
             vorm="mo-nachtopvang", clientId=CLIENT)
    assert n is not None
    assert past(n, [{"naam": "aanmeldingen", "filters": {}}])
    assert past(n, [{"naam": "aanmeldingen", "filters": {"gemeente": "0355",
                                                         "vorm": "mo-nachtopvang"}}])
    assert not past(n, [{"naam": "aanmeldingen", "filters": {"gemeente": "0355",
                                                             "vorm": "living-lab"}}])
    assert not past(n, [{"naam": "plaatsingen", "filters": {}}])
    assert past(n, [{"naam": "plaatsingen"}, {"naam": "aanmeldingen",
                                             "filters": {"eventType": "aanmelding-ontvangen"}}])
    assert onbekende_filters("aanmeldingen", {"vorm": "x", "bsn": "y"}) == ["bsn"]
    assert onbekende_filters("meldingen", {"vorm": "x"}) == ["vorm"]


# The lawful process's events, built as indicatie publishes them (the real event models, as
# CloudEvents): each lands on the kanaal of the dossier it concerns.
A, BS, TW, OV = (uuid.uuid4() for _ in range(4))
INDICATIE = "https://api.example/indicatie/api/v1"
D = date(2026, 3, 2)


def from_event(payload: EventPayload) -> Notificatie | None:
    event = payload.to_cloudevent("/wmo/indicatie")
    assert isinstance(event.data, dict)
    return notificatie(event.type, event.data, api_url=API, eigen_gemeente="0344",
                       aanmaakdatum=T)


DOSSIER: dict[str, Any] = dict(aanvraag_id=A, client_id=CLIENT, beschikking_id=BS)


def test_bezwaar_verdaagd_and_beroep_update_the_beschikking_under_its_aanvraag() -> None:
    bezwaar = uuid.uuid4()
    verdaagd = from_event(ind.BezwaarVerdaagd(
        **DOSSIER, bezwaar_id=bezwaar, verdaging_id=uuid.uuid4(),
        soort=ind.VerdagingSoort.VERDAGING, weken=6, verzonden_op=D, oude_uiterlijk=D,
        beslissen_uiterlijk=D + timedelta(weeks=6), oorspronkelijk_uiterlijk=D))
    ingesteld = from_event(ind.BeroepIngesteld(
        **DOSSIER, beroep_id=uuid.uuid4(), bezwaar_id=bezwaar,
        rechtbank=ind.Rechtbank.MIDDEN_NEDERLAND, ingesteld_op=D, beroep_uiterlijk=D,
        binnen_termijn=True))
    uitspraak = from_event(ind.BeroepUitspraakGedaan(
        **DOSSIER, beroep_id=uuid.uuid4(), bezwaar_id=bezwaar,
        uitspraak=ind.BeroepUitspraak.GEGROND, uitspraak_op=D, nieuwe_beschikking_nodig=True,
        te_vervangen_beschikking_id=BS))
    for n, event_type in ((verdaagd, "bezwaar-verdaagd"), (ingesteld, "beroep-ingesteld"),
                          (uitspraak, "beroep-uitspraak")):
        assert n is not None, event_type
        assert (n.kanaal, n.actie, n.resource) == ("beschikkingen", "update", "beschikking")
        assert n.hoofd_object == f"{INDICATIE}/aanvragen/{A}"
        assert n.resource_url == f"{INDICATIE}/beschikkingen/{BS}"
        # the beroep's outcome is no kenmerk: "besluit" is the beschikking's
        assert n.kenmerken == {"eventType": event_type, "gemeente": "0344", "clientId": CLIENT}


def test_ingebrekestelling_and_dwangsom_update_the_aanvraag() -> None:
    ig = uuid.uuid4()
    ontvangen = from_event(dw.IngebrekestellingOntvangen(
        aanvraag_id=A, client_id=CLIENT, ingebrekestelling_id=ig, ontvangen_op=D,
        beslissen_uiterlijk=D, eerste_dwangsomdag=D + timedelta(weeks=2)))
    vastgesteld = from_event(dw.DwangsomVastgesteld(
        aanvraag_id=A, client_id=CLIENT, ingebrekestelling_id=ig, vastgesteld_op=D,
        dagen=18, bedrag_cents=46200, vaststellen_uiterlijk=D))
    for n, event_type in ((ontvangen, "ingebrekestelling-ontvangen"),
                          (vastgesteld, "dwangsom-vastgesteld")):
        assert n is not None, event_type
        assert (n.kanaal, n.actie, n.resource) == ("aanvragen", "update", "aanvraag")
        assert n.hoofd_object == n.resource_url == f"{INDICATIE}/aanvragen/{A}"
        # no amount, no days: only who and what happened
        assert n.kenmerken == {"eventType": event_type, "gemeente": "0344", "clientId": CLIENT}


def test_herbeoordeling_updates_the_toewijzing_it_reviews() -> None:
    review: dict[str, Any] = dict(
        herbeoordeling_id=uuid.uuid4(), aanvraag_id=A, beschikking_id=BS,
        beschikt_product_id=uuid.uuid4(), toewijzing_id=TW, client_id=CLIENT,
        productcategorie="02", aanbieder="75750102", herbeoordeling_op=D, einddatum=None)
    events = {
        "herbeoordeling-nadert": hb.HerbeoordelingNadert(**review, peildatum=D),
        "einddatum-nadert": hb.EinddatumNadert(**review, peildatum=D),
        "herbeoordeling-besloten": hb.HerbeoordelingBesloten(
            **review, besluit=hb.HerbeoordelingBesluit.BEEINDIGEN, besloten_op=D, tijdig=True),
        "herbeoordeling-verlopen": hb.HerbeoordelingVerlopen(**review, verlopen_op=D),
        "herbeoordeling-vervallen": hb.HerbeoordelingVervallen(
            **review, reden=hb.HerbeoordelingVervalReden.WLZ, vervallen_op=D),
    }
    for event_type, payload in events.items():
        n = from_event(payload)
        assert n is not None, event_type
        assert (n.kanaal, n.actie, n.resource) == ("toewijzingen", "update", "toewijzing")
        assert n.hoofd_object == f"{INDICATIE}/aanvragen/{A}"
        assert n.resource_url == f"{INDICATIE}/toewijzingen/{TW}"
        assert n.kenmerken == {"eventType": event_type, "gemeente": "0344", "clientId": CLIENT,
                               "productcategorie": "02"}


def test_the_step_to_the_wlz_has_a_kanaal_of_its_own() -> None:
    o: dict[str, Any] = dict(overgang_id=OV, client_id=CLIENT)
    signaal = from_event(hb.WlzGesignaleerd(**o, reden=hb.WlzReden.PERMANENT_TOEZICHT,
                                            gesignaleerd_op=D, team="overvecht"))
    aangevraagd = from_event(hb.WlzAangevraagd(**o, gesignaleerd_op=D, aangevraagd_op=D))
    besloten = from_event(hb.WlzBesloten(
        **o, aangevraagd_op=D, besluit=hb.WlzBesluit.TOEGEKEND, besloten_op=D,
        wlz_ingangsdatum=D, laatste_wmo_dag=D - timedelta(days=1), beeindigde_toewijzingen=1,
        aansluitend=True))
    assert signaal is not None and aangevraagd is not None and besloten is not None
    assert [(n.kanaal, n.actie) for n in (signaal, aangevraagd, besloten)] == [
        ("wlz-overgangen", "create"), ("wlz-overgangen", "update"),
        ("wlz-overgangen", "update")]
    for n in (signaal, aangevraagd, besloten):
        assert n.resource == "wlz-overgang"
        assert n.hoofd_object == n.resource_url == f"{INDICATIE}/wlz-overgangen/{OV}"
    assert signaal.kenmerken == {"eventType": "wlz-gesignaleerd", "gemeente": "0344",
                                 "clientId": CLIENT}
    assert besloten.kenmerken == {"eventType": "wlz-besloten", "gemeente": "0344",
                                  "clientId": CLIENT, "besluit": "toegekend"}
    assert past(besloten, [{"naam": "wlz-overgangen", "filters": {"besluit": "toegekend"}}])
    assert not past(signaal, [{"naam": "wlz-overgangen", "filters": {"besluit": "toegekend"}}])


def test_klachten_raise_no_notification() -> None:
    ids: dict[str, Any] = dict(klacht_id=uuid.uuid4(), betreft=kl.KlachtBetreft.AANBIEDER,
                               organisatie_code="75750102")
    for payload in (
            kl.KlachtOntvangen(**ids, ontvangen_op=D, klachtadviescommissie=False,
                               beslissen_uiterlijk=D + timedelta(weeks=6)),
            kl.KlachtVerdaagd(**ids, mededeling_op=D, oude_uiterlijk=D,
                              beslissen_uiterlijk=D + timedelta(weeks=4)),
            kl.KlachtAfgehandeld(**ids, uitkomst=kl.KlachtUitkomst.GEGROND,
                                 afgehandeld_op=D, beslissen_uiterlijk=D, binnen_termijn=True)):
        assert from_event(payload) is None, payload.event_type
