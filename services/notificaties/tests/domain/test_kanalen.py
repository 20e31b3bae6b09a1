from __future__ import annotations

import uuid
from datetime import UTC, datetime

from notificaties.domain.kanalen import (
    EVENTS,
    KANAAL,
    gemeente_van,
    notificatie,
    onbekende_filters,
    past,
)
from wmokernel.catalogue import CATALOGUE

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
