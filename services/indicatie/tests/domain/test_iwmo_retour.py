"""The retourberichten as pure builders: WMO306/308/316/318 as a copy of the message with
RetourCodes on every berichtklasse, WMO325 on a declaratie, reading a provider's WMO302/320,
and the codes per message type held against WJ001. The expected structures follow the
official examples (i-Sociaal-Lab/jaapjunior, packages/api/wmo/bronnen/berichten)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from indicatie.domain.iwmo import berichten, retour
from indicatie.domain.iwmo.berichten import ClientGegevens, Kop, Prestatie
from indicatie.domain.iwmo.codes import (
    NAMESPACE_BASIS,
    RETOURCODES,
    RETOURCODES_PER_TYPE,
    namespace,
)
from indicatie.domain.iwmo.retour import DECLARATIE, HEADER
from indicatie.iwmo.xsd import iwmo_dir, lees_xml
from lxml import etree

from .test_iwmo_berichten import _regel as _301_regel
from .test_iwmo_berichten import wmo305, wmo317, wmo323

AGB, GEMEENTE, BSN = "75750102", "0344", "123456782"
D = date(2026, 3, 2)
KOP_RETOUR = ["BerichtCode", "BerichtVersie", "BerichtSubversie", "Afzender", "Ontvanger",
              "BerichtIdentificatie", "XsdVersie", "IdentificatieRetour", "DagtekeningRetour",
              "XsdVersieRetour", "RetourCodes"]


def _root(raw: bytes) -> etree._Element:
    return lees_xml(raw, (*RETOURCODES_PER_TYPE, "WMO301", "WMO302", "WMO320"))[1]


def namen(el: etree._Element | None) -> list[str]:
    assert el is not None
    return [etree.QName(c).localname for c in el]


def codes_van(el: etree._Element | None) -> list[str]:
    assert el is not None
    lijst = el[-1]
    assert etree.QName(lijst).localname == "RetourCodes", "RetourCodes is the last child"
    return [c.text or "" for c in lijst]


def vind(root: etree._Element, pad: str) -> etree._Element:
    ns = etree.QName(root).namespace
    found = root.find(pad.replace("w:", f"{{{ns}}}"))
    assert found is not None, pad
    return found


def test_a_wmo306_copies_the_start_with_retourcodes_on_every_class() -> None:
    bron = _root(wmo305(AGB, "S1", D, BSN, 100001, "02", "02A05", D, D))
    raw = retour.retourbericht(bron, {("StartProduct", 1): ["9019"]}, "42", date(2026, 3, 3))
    root = etree.fromstring(raw)
    ns = namespace("WMO306")
    assert root.tag == f"{{{ns}}}Bericht" and root.prefix == "wmo306"
    assert {etree.QName(e).namespace for e in root.iter()} == {ns, NAMESPACE_BASIS}
    assert namen(root) == ["Header", "Client"]
    kop = vind(root, "w:Header")
    assert namen(kop) == KOP_RETOUR
    assert [kop[i].text for i in range(5)] == ["419", "3", "2", AGB, GEMEENTE], \
        "Afzender and Ontvanger as in the original"
    assert [e.text for e in vind(kop, "w:BerichtIdentificatie")] == ["S1", D.isoformat()]
    assert vind(kop, "w:IdentificatieRetour").text == "42"
    assert vind(kop, "w:DagtekeningRetour").text == "2026-03-03"
    assert [e.text for e in vind(kop, "w:XsdVersieRetour")] == ["1.0.0", "1.0.0"]
    assert codes_van(kop) == ["0200"]
    client = vind(root, "w:Client")
    assert namen(client) == ["Bsn", "Geboortedatum", "Geslacht", "Naam", "StartProducten",
                             "RetourCodes"]
    assert codes_van(client) == ["0200"]
    product = vind(client, "w:StartProducten/w:StartProduct")
    assert namen(product) == ["ToewijzingNummer", "Product", "ToewijzingIngangsdatum",
                              "Begindatum", "StatusAanlevering", "RetourCodes"]
    assert codes_van(product) == ["9019"]
    assert vind(product, "w:Product")[1].text == "02A05", "the iwmo: children are kept"


def test_a_rejected_header_gives_the_header_alone() -> None:
    bron = _root(wmo305(AGB, "S1", D, BSN, 100001, "02", "02A05", D, D))
    root = etree.fromstring(retour.retourbericht(bron, {HEADER: ["S300", "8848"]}, "43", D))
    assert namen(root) == ["Header"]
    assert namen(root[0]) == KOP_RETOUR and codes_van(root[0]) == ["S300", "8848"]


def test_a_wmo318_puts_each_code_on_its_product() -> None:
    bron = _root(wmo317(AGB, "W1", D, BSN, "9003", [20071], [("01A12", D, 20)],
                        [(20072, D, date(2026, 12, 31), 10)]))
    root = etree.fromstring(retour.retourbericht(
        bron, {("OngewijzigdProduct", 1): ["9350"], ("Verzoek", 1): ["0200"]}, "44", D))
    assert namen(root) == ["Header", "Client"]
    assert vind(root, "w:Header/w:BerichtCode").text == "481"
    client = vind(root, "w:Client")
    assert namen(client) == ["Bsn", "Verzoek", "RetourCodes"] and codes_van(client) == ["0200"]
    verzoek = vind(client, "w:Verzoek")
    assert namen(verzoek) == ["ReferentieAanbieder", "RedenVerzoek", "OngewijzigdeProducten",
                              "TeWijzigenProducten", "NieuweProducten", "RetourCodes"]
    assert codes_van(verzoek) == ["0200"]
    ongewijzigd = vind(verzoek, "w:OngewijzigdeProducten/w:OngewijzigdProduct")
    assert namen(ongewijzigd) == ["ToewijzingNummer", "RetourCodes"]
    assert codes_van(ongewijzigd) == ["9350"]
    te_wijzigen = vind(verzoek, "w:TeWijzigenProducten/w:TeWijzigenProduct")
    assert namen(te_wijzigen) == ["ToewijzingNummer", "GewensteIngangsdatum", "Einddatum",
                                  "Omvang", "RetourCodes"]
    assert codes_van(te_wijzigen) == ["0200"]
    nieuw = vind(verzoek, "w:NieuweProducten/w:NieuwProduct")
    assert namen(nieuw) == ["Product", "GewensteIngangsdatum", "Omvang", "RetourCodes"]
    assert codes_van(nieuw) == ["0200"]


def test_a_class_not_judged_gets_0233_and_codes_the_type_may_not_have_are_refused() -> None:
    bron = _root(wmo305(AGB, "S1", D, BSN, 100001, "02", "02A05", D, D))
    root = etree.fromstring(retour.retourbericht(bron, {("StartProduct", 1): ["0233"]}, "1", D))
    assert codes_van(vind(root, "w:Client/w:StartProducten/w:StartProduct")) == ["0233"]
    with pytest.raises(retour.OngeldigeRetour, match="9333"):
        retour.retourbericht(bron, {("StartProduct", 1): ["9333"]}, "1", D)
    with pytest.raises(retour.OngeldigeRetour, match="12"):
        retour.retourbericht(bron, {}, "1234567890123", D)


def _prestatie(ref: str, bedrag: int, dc: str = "D") -> dict[str, object]:
    return {"bsn": BSN, "ref": ref, "toewijzing": 100001, "categorie": "02", "code": "02A05",
            "volume": bedrag // 1000, "eenheid": "04", "tarief": 1000, "bedrag": bedrag,
            "dc": dc}


def _prestaties(regels: list[dict[str, object]]) -> list[Prestatie]:
    return [Prestatie(bsn=BSN, referentie=str(r["ref"]), vorige_referentie=None,
                      toewijzingnummer=100001, categorie="02", code="02A05",
                      begindatum=date(2026, 2, 1), einddatum=date(2026, 2, 28), volume=1,
                      eenheid="04", tarief_cents=1000, bedrag_cents=int(str(r["bedrag"])),
                      debet_credit=str(r["dc"])) for r in regels]


PRESTATIE_325 = ["ProductReferentie", "ToewijzingNummer", "ProductCategorie", "ProductCode",
                 "ProductPeriode", "GeleverdVolume", "Eenheid", "ProductTarief",
                 "IngediendBedrag", "RetourCodes"]


def test_a_wmo325_answers_each_prestatie_and_totals_what_was_approved() -> None:
    regels = [_prestatie("RN001", 5000), _prestatie("RN002", 24000),
              _prestatie("RN003", 5000), _prestatie("RN004", 7000),
              _prestatie("RN005", 9000), _prestatie("RN006", 2000, "C")]
    bron = _root(wmo323(AGB, "D1", D, "DN001", date(2026, 2, 1), date(2026, 2, 28), regels))
    codes = {("Prestatie", 1): ["0200"], ("Prestatie", 2): ["9339", "9340", "9341"],
             ("Prestatie", 3): ["9307"], ("Prestatie", 4): ["0611"],
             ("Prestatie", 5): ["9369", "9321"], ("Prestatie", 6): ["0200"]}
    t = retour.toekenning("DN001", 40000, _prestaties(regels), codes)
    assert [(p.referentie, p.ingediend_cents, p.toegekend_cents) for p in t.prestaties] == [
        ("RN001", 5000, 5000), ("RN002", 24000, 0), ("RN003", 5000, 0), ("RN004", 7000, 0),
        ("RN005", 9000, 0), ("RN006", -2000, -2000)]
    assert t.toegekend_cents == 3000, "approved debet minus approved credit"
    kop = Kop("WMO325", GEMEENTE, AGB, "654321987", date(2026, 3, 3))
    root = etree.fromstring(retour.wmo325(bron, codes, kop, t.toegekend_cents))
    assert root.prefix == "wmo325" and namen(root) == ["Header", "DeclaratieAntwoord"]
    header = root[0]
    assert namen(header) == ["BerichtCode", "BerichtVersie", "BerichtSubversie", "Afzender",
                             "Ontvanger", "BerichtIdentificatie", "XsdVersie",
                             "DeclaratieIdentificatie", "XsdVersieDeclaratie", "RetourCodes"]
    assert [header[i].text for i in range(5)] == ["485", "3", "2", GEMEENTE, AGB]
    assert [e.text for e in vind(header, "w:BerichtIdentificatie")] == ["654321987",
                                                                          "2026-03-03"]
    assert [e.text for e in vind(header, "w:DeclaratieIdentificatie")] == ["D1", D.isoformat()]
    assert namen(vind(header, "w:XsdVersieDeclaratie")) == ["BasisschemaXsdVersie",
                                                           "BerichtXsdVersie"]
    assert codes_van(header) == ["0200"]
    antwoord = root[1]
    assert namen(antwoord) == ["DeclaratieNummer", "TotaalIngediendBedrag",
                               "TotaalToegekendBedrag", "Clienten", "RetourCodes"]
    assert [e.text for e in vind(antwoord, "w:TotaalIngediendBedrag")] == ["48000", "D"]
    assert [e.text for e in vind(antwoord, "w:TotaalToegekendBedrag")] == ["3000", "D"]
    assert codes_van(antwoord) == ["0200"]
    clienten = vind(antwoord, "w:Clienten")
    assert len(clienten) == 6
    for client in clienten:
        assert namen(client) == ["Bsn", "Prestaties", "RetourCodes"]
        assert codes_van(client) == ["0200"]
    prestaties = [c[1][0] for c in clienten]
    assert all(namen(p) == PRESTATIE_325 for p in prestaties)
    assert [codes_van(p) for p in prestaties] == [
        ["0200"], ["9339", "9340", "9341"], ["9307"], ["0611"], ["9369", "9321"], ["0200"]]
    assert [e.text for e in vind(prestaties[5], "w:IngediendBedrag")] == ["2000", "C"]


def test_a_wmo325_on_a_declaratie_refused_as_a_whole_has_no_clienten() -> None:
    regels = [_prestatie("RN001", 5000)]
    bron = _root(wmo323(AGB, "D2", D, "DN001", date(2026, 2, 1), date(2026, 2, 28), regels))
    codes = {DECLARATIE: ["9333"]}
    t = retour.toekenning("DN001", 5000, _prestaties(regels), codes)
    assert t.toegekend_cents == 0
    root = etree.fromstring(retour.wmo325(bron, codes, Kop("WMO325", GEMEENTE, AGB, "7", D), 0))
    assert codes_van(root[0]) == ["0200"]
    antwoord = root[1]
    assert namen(antwoord) == ["DeclaratieNummer", "TotaalIngediendBedrag",
                               "TotaalToegekendBedrag", "RetourCodes"]
    assert [e.text for e in vind(antwoord, "w:TotaalToegekendBedrag")] == ["0", "D"]
    assert codes_van(antwoord) == ["9333"]


def test_amounts_are_written_absolute_with_debet_or_credit() -> None:
    assert retour.bedrag_met_dc(-2500) == (2500, "C")
    assert retour.bedrag_met_dc(0) == (0, "D")
    assert retour.bedrag_met_dc(100) == (100, "D")


def test_a_providers_wmo302_is_read_with_its_codes_per_part() -> None:
    kop = Kop("WMO301", GEMEENTE, AGB, "17", D)
    wmo301 = berichten.wmo301(kop, ClientGegevens(bsn=BSN), [
        _301_regel(100001), _301_regel(100002, code="07A01", eind=None)])
    raw = retour.retourbericht(etree.fromstring(wmo301),
                               {("ToegewezenProduct", 2): ["9332"]}, "RT1", D)
    r = retour.lees_retour(_root(raw))
    assert (r.berichttype, r.origineel_type, r.identificatie, r.identificatie_retour,
            r.afzender, r.ontvanger) == ("WMO302", "WMO301", "17", "RT1", GEMEENTE, AGB)
    assert ("ToegewezenProduct", 2, "9332") in r.codes
    assert ("ToegewezenProduct", 1, "0200") in r.codes and ("Header", 1, "0200") in r.codes
    zonder = raw.replace(b"<wmo302:IdentificatieRetour>RT1</wmo302:IdentificatieRetour>", b"")
    with pytest.raises(retour.OngeldigeRetour, match="IdentificatieRetour"):
        retour.lees_retour(_root(zonder))
    kop_zonder = re.sub(rb"<wmo302:RetourCodes>\s*<wmo302:RetourCode>0200</wmo302:RetourCode>"
                        rb"\s*</wmo302:RetourCodes>\s*</wmo302:Header>", b"</wmo302:Header>",
                        raw)
    with pytest.raises(retour.OngeldigeRetour, match="RetourCodes"):
        retour.lees_retour(_root(kop_zonder))


# --- WJ001 -----------------------------------------------------------------------------------

WJ001 = iwmo_dir() / "codelijsten" / "WJ001_Retourcode.md"


def _wj001() -> dict[str, set[str]]:
    """Code → the message types WJ001's column "Berichttypen" allows it for (a code may
    stand in more than one section)."""
    out: dict[str, set[str]] = {}
    for line in WJ001.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"[0-9A-Z]{4}", cells[0]):
            out.setdefault(cells[0], set()).update(re.findall(r"WMO\d{3}", cells[-1]))
    return out


@pytest.mark.skipif(not WJ001.is_file(), reason=f"{WJ001} is absent")
def test_every_code_answered_per_type_is_one_wj001_allows_for_that_type() -> None:
    toegestaan = _wj001()
    assert len(toegestaan) > 50, "the code list was read"
    fout = [(t, c) for t, codes in RETOURCODES_PER_TYPE.items() for c in sorted(codes)
            if t not in toegestaan.get(c, set())]
    assert fout == []
    assert all(c in RETOURCODES for codes in RETOURCODES_PER_TYPE.values() for c in codes)
    assert "WMO315" not in toegestaan["9361"], "9361 is not answered on a VOT"
