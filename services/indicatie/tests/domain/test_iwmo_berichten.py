"""iWmo 3.2 messages against the official XSDs in ../shared/iwmo (read from there, never
copied): the official examples, every message this service generates, and the readers.
The builders of provider messages here are the test side's "provider"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from pathlib import Path

import pytest
from indicatie.domain.iwmo import berichten
from indicatie.domain.iwmo.berichten import ClientGegevens, Kop, ToegewezenProductRegel
from indicatie.domain.iwmo.codes import INKOMEND, UITGAAND
from indicatie.iwmo.xsd import OngeldigeXml, SchemaOvertreding, Schemas, iwmo_dir, lees_xml
from lxml import etree

IWMO = iwmo_dir()
needs_xsd = pytest.mark.skipif(
    not (IWMO / "xsd" / "basisschema.xsd").is_file(),
    reason=f"the iWmo reference folder {IWMO} is absent (set WMO_IWMO_DIR or WMO_SHARED_DIR)")

_NS = ('xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema" '
       'xmlns:{p}="http://www.istandaarden.nl/iwmo/3_2/{p}/schema"')


def _header(p: str, code: str, afzender: str, ontvanger: str, ident: str, dag: date) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}:Bericht {_NS.format(p=p)}>'
            f"<{p}:Header><{p}:BerichtCode>{code}</{p}:BerichtCode>"
            f"<{p}:BerichtVersie>3</{p}:BerichtVersie><{p}:BerichtSubversie>2"
            f"</{p}:BerichtSubversie><{p}:Afzender>{afzender}</{p}:Afzender>"
            f"<{p}:Ontvanger>{ontvanger}</{p}:Ontvanger><{p}:BerichtIdentificatie>"
            f"<iwmo:Identificatie>{ident}</iwmo:Identificatie><iwmo:Dagtekening>"
            f"{dag.isoformat()}</iwmo:Dagtekening></{p}:BerichtIdentificatie><{p}:XsdVersie>"
            "<iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie>"
            f"<iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie></{p}:XsdVersie>"
            f"</{p}:Header>")


def _client(p: str, bsn: str, naam: bool = True) -> str:
    extra = (f"<{p}:Geboortedatum><iwmo:Datum>1960-01-01</iwmo:Datum></{p}:Geboortedatum>"
             f"<{p}:Geslacht>0</{p}:Geslacht><{p}:Naam><iwmo:Geslachtsnaam><iwmo:Achternaam>"
             f"Jansen</iwmo:Achternaam></iwmo:Geslachtsnaam></{p}:Naam>") if naam else ""
    return f"<{p}:Client><{p}:Bsn>{bsn}</{p}:Bsn>{extra}"


def wmo305(afzender: str, ident: str, dag: date, bsn: str, nummer: int, categorie: str,
           code: str, ingang: date, begin: date, status: str = "1",
           ontvanger: str = "0344") -> bytes:
    p = "wmo305"
    return (_header(p, "418", afzender, ontvanger, ident, dag) + _client(p, bsn)
            + f"<{p}:StartProducten><{p}:StartProduct><{p}:ToewijzingNummer>{nummer}"
            f"</{p}:ToewijzingNummer><{p}:Product><iwmo:Categorie>{categorie}</iwmo:Categorie>"
            f"<iwmo:Code>{code}</iwmo:Code></{p}:Product><{p}:ToewijzingIngangsdatum>"
            f"{ingang}</{p}:ToewijzingIngangsdatum><{p}:Begindatum>{begin}</{p}:Begindatum>"
            f"<{p}:StatusAanlevering>{status}</{p}:StatusAanlevering></{p}:StartProduct>"
            f"</{p}:StartProducten></{p}:Client></{p}:Bericht>").encode()


def wmo307(afzender: str, ident: str, dag: date, bsn: str, nummer: int, categorie: str,
           code: str, ingang: date, begin: date, eind: date, reden: str = "19",
           status: str = "1") -> bytes:
    p = "wmo307"
    return (_header(p, "420", afzender, "0344", ident, dag) + _client(p, bsn)
            + f"<{p}:StopProducten><{p}:StopProduct><{p}:ToewijzingNummer>{nummer}"
            f"</{p}:ToewijzingNummer><{p}:Product><iwmo:Categorie>{categorie}</iwmo:Categorie>"
            f"<iwmo:Code>{code}</iwmo:Code></{p}:Product><{p}:ToewijzingIngangsdatum>"
            f"{ingang}</{p}:ToewijzingIngangsdatum><{p}:Begindatum>{begin}</{p}:Begindatum>"
            f"<{p}:RedenBeeindiging>{reden}</{p}:RedenBeeindiging><{p}:Einddatum>{eind}"
            f"</{p}:Einddatum><{p}:StatusAanlevering>{status}</{p}:StatusAanlevering>"
            f"</{p}:StopProduct></{p}:StopProducten></{p}:Client></{p}:Bericht>").encode()


def wmo315(afzender: str, ident: str, dag: date, bsn: str, referentie: str, categorie: str,
           code: str, ingang: date, eind: date, volume: int, eenheid: str = "04",
           frequentie: str = "2") -> bytes:
    p = "wmo315"
    return (_header(p, "444", afzender, "0344", ident, dag) + _client(p, bsn)
            + f"<{p}:AangevraagdeProducten><{p}:AangevraagdProduct><{p}:ReferentieAanbieder>"
            f"{referentie}</{p}:ReferentieAanbieder><{p}:Product><iwmo:Categorie>{categorie}"
            f"</iwmo:Categorie><iwmo:Code>{code}</iwmo:Code></{p}:Product>"
            f"<{p}:ToewijzingIngangsdatum>{ingang}</{p}:ToewijzingIngangsdatum>"
            f"<{p}:ToewijzingEinddatum>{eind}</{p}:ToewijzingEinddatum><{p}:Omvang>"
            f"<iwmo:Volume>{volume}</iwmo:Volume><iwmo:Eenheid>{eenheid}</iwmo:Eenheid>"
            f"<iwmo:Frequentie>{frequentie}</iwmo:Frequentie></{p}:Omvang><{p}:Verwijzer>"
            f"<iwmo:Type>01</iwmo:Type><iwmo:Naam>Buurtteam</iwmo:Naam></{p}:Verwijzer>"
            f"</{p}:AangevraagdProduct></{p}:AangevraagdeProducten></{p}:Client>"
            f"</{p}:Bericht>").encode()


def wmo317(afzender: str, ident: str, dag: date, bsn: str, referentie: str,
           ongewijzigd: list[int], nieuw: list[tuple[str, date, int]],
           te_wijzigen: Sequence[tuple[int, date, date | None, int | None]] = ()) -> bytes:
    """``nieuw``: (product code, gewenste ingangsdatum, volume per week in hours);
    ``te_wijzigen``: (toewijzingnummer, gewenste ingangsdatum, einddatum, volume or None)."""
    p = "wmo317"
    ong = "".join(f"<{p}:OngewijzigdProduct><{p}:ToewijzingNummer>{n}</{p}:ToewijzingNummer>"
                  f"</{p}:OngewijzigdProduct>" for n in ongewijzigd)
    tw = "".join(
        f"<{p}:TeWijzigenProduct><{p}:ToewijzingNummer>{n}</{p}:ToewijzingNummer>"
        f"<{p}:GewensteIngangsdatum>{begin}</{p}:GewensteIngangsdatum>"
        + (f"<{p}:Einddatum>{eind}</{p}:Einddatum>" if eind else "")
        + (f"<{p}:Omvang><iwmo:Volume>{volume}</iwmo:Volume><iwmo:Eenheid>04</iwmo:Eenheid>"
           f"<iwmo:Frequentie>2</iwmo:Frequentie></{p}:Omvang>" if volume else "")
        + f"</{p}:TeWijzigenProduct>" for n, begin, eind, volume in te_wijzigen)
    nw = "".join(
        f"<{p}:NieuwProduct><{p}:Product><iwmo:Categorie>{code[:2]}</iwmo:Categorie>"
        f"<iwmo:Code>{code}</iwmo:Code></{p}:Product><{p}:GewensteIngangsdatum>{begin}"
        f"</{p}:GewensteIngangsdatum><{p}:Omvang><iwmo:Volume>{volume}</iwmo:Volume>"
        f"<iwmo:Eenheid>04</iwmo:Eenheid><iwmo:Frequentie>2</iwmo:Frequentie></{p}:Omvang>"
        f"</{p}:NieuwProduct>" for code, begin, volume in nieuw)
    return (_header(p, "480", afzender, "0344", ident, dag)
            + f"<{p}:Client><{p}:Bsn>{bsn}</{p}:Bsn><{p}:Verzoek><{p}:ReferentieAanbieder>"
            f"{referentie}</{p}:ReferentieAanbieder><{p}:RedenVerzoek>1</{p}:RedenVerzoek>"
            + (f"<{p}:OngewijzigdeProducten>{ong}</{p}:OngewijzigdeProducten>" if ong else "")
            + (f"<{p}:TeWijzigenProducten>{tw}</{p}:TeWijzigenProducten>" if tw else "")
            + (f"<{p}:NieuweProducten>{nw}</{p}:NieuweProducten>" if nw else "")
            + f"</{p}:Verzoek></{p}:Client></{p}:Bericht>").encode()


def wmo323(afzender: str, ident: str, dag: date, nummer: str, begin: date, eind: date,
           prestaties: list[dict[str, object]]) -> bytes:
    """``prestaties``: dicts with bsn, ref, toewijzing, categorie, code, volume, eenheid,
    tarief, bedrag and optionally dc (D/C); all in the declaratie period."""
    p = "wmo323"
    totaal = sum(int(str(x["bedrag"])) * (1 if x.get("dc", "D") == "D" else -1)
                 for x in prestaties)
    clienten = ""
    for x in prestaties:
        clienten += (
            f"<{p}:Client><{p}:Bsn>{x['bsn']}</{p}:Bsn><{p}:Prestaties><{p}:Prestatie>"
            f"<{p}:ProductReferentie><iwmo:ReferentieNummer>{x['ref']}</iwmo:ReferentieNummer>"
            f"</{p}:ProductReferentie><{p}:ToewijzingNummer>{x['toewijzing']}"
            f"</{p}:ToewijzingNummer><{p}:ProductCategorie>{x['categorie']}"
            f"</{p}:ProductCategorie><{p}:ProductCode>{x['code']}</{p}:ProductCode>"
            f"<{p}:ProductPeriode><iwmo:Begindatum>{x.get('begin', begin)}</iwmo:Begindatum>"
            f"<iwmo:Einddatum>{x.get('eind', eind)}</iwmo:Einddatum></{p}:ProductPeriode>"
            f"<{p}:GeleverdVolume>{x['volume']}</{p}:GeleverdVolume><{p}:Eenheid>"
            f"{x['eenheid']}</{p}:Eenheid><{p}:ProductTarief>{x['tarief']}</{p}:ProductTarief>"
            f"<{p}:IngediendBedrag><iwmo:Bedrag>{x['bedrag']}</iwmo:Bedrag><iwmo:DebetCredit>"
            f"{x.get('dc', 'D')}</iwmo:DebetCredit></{p}:IngediendBedrag></{p}:Prestatie>"
            f"</{p}:Prestaties></{p}:Client>")
    return (_header(p, "484", afzender, "0344", ident, dag)
            + f"<{p}:Declaratie><{p}:DeclaratieNummer>{nummer}</{p}:DeclaratieNummer>"
            f"<{p}:DeclaratiePeriode><iwmo:Begindatum>{begin}</iwmo:Begindatum>"
            f"<iwmo:Einddatum>{eind}</iwmo:Einddatum></{p}:DeclaratiePeriode>"
            f"<{p}:DeclaratieDagtekening>{dag}</{p}:DeclaratieDagtekening>"
            f"<{p}:TotaalIngediendBedrag><iwmo:TotaalBedrag>{abs(totaal)}</iwmo:TotaalBedrag>"
            f"<iwmo:DebetCredit>{'D' if totaal >= 0 else 'C'}</iwmo:DebetCredit>"
            f"</{p}:TotaalIngediendBedrag><{p}:Clienten>{clienten}</{p}:Clienten>"
            f"</{p}:Declaratie></{p}:Bericht>").encode()


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return Schemas(IWMO)


@needs_xsd
@pytest.mark.parametrize("berichttype", [*UITGAAND, *INKOMEND])
def test_the_official_examples_validate_and_incoming_ones_are_read(
        schemas: Schemas, berichttype: str) -> None:
    raw = (IWMO / "voorbeelden" / f"{berichttype}.xml").read_bytes()
    found, root = lees_xml(raw, (*UITGAAND, *INKOMEND))
    assert found == berichttype
    schemas.validate(berichttype, root)
    if berichttype in INKOMEND:
        b = berichten.lees(berichttype, schemas.to_dict(berichttype, root))
        assert b.kop.berichttype == berichttype and b.bsns
    if berichttype == "WMO323":
        assert [p.referentie for p in b.prestaties] == ["RN001", "RN002", "RN003", "RN004"]
        assert b.totaal_cents == 58000


@needs_xsd
def test_a_declaratie_read_from_its_tree_equals_the_schema_decoded_one(schemas: Schemas) -> None:
    """The WMO323 fast path (thousands of prestaties) reads the same values as decoding
    through the XSD: the official example, and one with a credit line and no tariff."""
    eigen = wmo323("75750102", "D1", date(2026, 5, 6), "DEC9", date(2026, 4, 1),
                   date(2026, 4, 30), [
                       {"bsn": "123456782", "ref": "R1", "toewijzing": 100001,
                        "categorie": "02", "code": "02A05", "volume": 4, "eenheid": "04",
                        "tarief": 7280, "bedrag": 29120},
                       {"bsn": "123456782", "ref": "R2", "toewijzing": 100001,
                        "categorie": "02", "code": "02A05", "volume": 1, "eenheid": "04",
                        "tarief": 7280, "bedrag": 7280, "dc": "C"}])
    for raw in ((IWMO / "voorbeelden" / "WMO323.xml").read_bytes(), eigen):
        _, root = lees_xml(raw, INKOMEND)
        schemas.validate("WMO323", root)
        assert berichten.lees_declaratie(root) == berichten.lees(
            "WMO323", schemas.to_dict("WMO323", root))


def _regel(nummer: int, code: str = "02A05", ingang: date = date(2026, 1, 5),
           eind: date | None = date(2026, 12, 31), **kw: object) -> ToegewezenProductRegel:
    return ToegewezenProductRegel(
        toewijzingnummer=nummer, categorie=code[:2], code=code,
        toewijzingsdatum=date(2026, 1, 2), toewijzingstijd=time(9, 30, 12, 5000),
        ingangsdatum=ingang, einddatum=eind, volume=4, eenheid="04", frequentie="2",
        **kw)  # type: ignore[arg-type]


@needs_xsd
def test_a_generated_wmo301_is_xsd_valid_and_never_holds_overlapping_products(
        schemas: Schemas) -> None:
    kop = Kop("WMO301", "0344", "75750102", "17", date(2026, 1, 2))
    xml = berichten.wmo301(kop, ClientGegevens(bsn="123456782"), [
        _regel(100001, referentie_aanbieder="VOT-1"), _regel(100002, code="07A01", eind=None)])
    schemas.validate("WMO301", etree.fromstring(xml))
    text = xml.decode()
    assert "<wmo301:Bsn>123456782</wmo301:Bsn>" in text
    assert "<iwmo:DatumGebruik>3</iwmo:DatumGebruik>" in text  # birth date not held here
    assert "<wmo301:ReferentieAanbieder>VOT-1</wmo301:ReferentieAanbieder>" in text
    with pytest.raises(berichten.OverlappendeToewijzing):
        berichten.wmo301(kop, ClientGegevens(bsn="123456782"), [
            _regel(100001), _regel(100003, ingang=date(2026, 6, 1), eind=None)])
    # one after the other is fine
    xml = berichten.wmo301(kop, ClientGegevens(bsn="123456782"), [
        _regel(100001, eind=date(2026, 5, 31)), _regel(100003, ingang=date(2026, 6, 1))])
    schemas.validate("WMO301", etree.fromstring(xml))


@needs_xsd
def test_a_generated_wmo319_is_xsd_valid(schemas: Schemas) -> None:
    for antwoord, reden in (("2", None), ("1", "7")):
        xml = berichten.wmo319(Kop("WMO319", "0344", "75750102", "18", date(2026, 1, 2)),
                               "VOT-1", antwoord, reden)
        schemas.validate("WMO319", etree.fromstring(xml))
        assert ("RedenAfwijzingVerzoek" in xml.decode()) is (reden is not None)
    with pytest.raises(ValueError, match="RedenAfwijzingVerzoek"):
        berichten.wmo319(Kop("WMO319", "0344", "75750102", "19", date(2026, 1, 2)), "V", "1")


@needs_xsd
def test_the_test_providers_messages_are_valid(schemas: Schemas) -> None:
    d = date(2026, 3, 2)
    for raw in (
        wmo305("75750102", "A1", d, "123456782", 100001, "02", "02A05", d, d),
        wmo307("75750102", "A2", d, "123456782", 100001, "02", "02A05", d, d, d),
        wmo315("75750102", "A3", d, "123456782", "VOT-1", "02", "02A05", d, d, 4),
        wmo323("75750102", "A4", d, "D1", date(2026, 2, 1), date(2026, 2, 28), [
            {"bsn": "123456782", "ref": "R1", "toewijzing": 100001, "categorie": "02",
             "code": "02A05", "volume": 4, "eenheid": "04", "tarief": 7280, "bedrag": 29120}]),
    ):
        berichttype, root = lees_xml(raw, INKOMEND)
        schemas.validate(berichttype, root)
        berichten.lees(berichttype, schemas.to_dict(berichttype, root))


@needs_xsd
def test_malformed_and_invalid_xml_give_clear_errors(schemas: Schemas) -> None:
    with pytest.raises(OngeldigeXml, match="not well-formed"):
        lees_xml(b"<wmo305:Bericht>", INKOMEND)
    with pytest.raises(OngeldigeXml, match="empty"):
        lees_xml(b"  ", INKOMEND)
    with pytest.raises(OngeldigeXml, match=r"not an iWmo 3\.2 message"):
        lees_xml(b"<a/>", INKOMEND)
    raw = (IWMO / "voorbeelden" / "WMO301.xml").read_bytes()
    with pytest.raises(OngeldigeXml, match="WMO301 is not accepted here"):
        lees_xml(raw, INKOMEND)
    d = date(2026, 3, 2)
    raw = wmo305("75750102", "A1", d, "12345", 100001, "02", "02A05", d, d)  # short BSN
    berichttype, root = lees_xml(raw, INKOMEND)
    with pytest.raises(SchemaOvertreding) as info:
        schemas.validate(berichttype, root)
    assert "Bsn" in str(info.value) and info.value.fouten
    # entities are not expanded (no XXE)
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<x>&e;</x>')
    with pytest.raises(OngeldigeXml):
        lees_xml(evil, INKOMEND)


def test_the_folder_comes_from_the_settings_or_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WMO_IWMO_DIR", raising=False)
    monkeypatch.delenv("WMO_SHARED_DIR", raising=False)
    assert iwmo_dir().parts[-2:] == ("shared", "iwmo")
    assert iwmo_dir(shared_dir="../shared") == Path("../shared/iwmo")
    monkeypatch.setenv("WMO_SHARED_DIR", "/x/shared")
    assert iwmo_dir() == Path("/x/shared/iwmo")
    monkeypatch.setenv("WMO_IWMO_DIR", "/y/iwmo")
    assert iwmo_dir() == Path("/y/iwmo")
    assert iwmo_dir("/z") == Path("/z")
