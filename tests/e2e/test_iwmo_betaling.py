"""The whole iWmo cycle in real messages, as a provider and the gemeente's finance officer meet
it, across real processes (toegang, indicatie, the monitor, a broker, PostgreSQL):

a toewijzing with a budget → the WMO301 collected → the provider's WMO302 posted → the start
(WMO305) → its WMO306 collected → a WMO323 for each of two months, the second over the budget
→ each WMO325 collected with the right codes per prestatie → a payment batch → its pain.001
validates against the ISO 20022 schema → the monitor's realised and paid spend equal the
approved sum.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import sepaxml
from devstack.testing import MakeDatabase
from lxml import etree

from .conftest import eventually, stop_stack
from .test_iwmo_roundtrip import AGB, BSN, HAVE_XSD, IWMO, _header, auth, start_iwmo_stack

BASIS = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"
BUDGET_CENTS = 30_000  # € 300 for the whole toewijzing
PAIN001_XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


def ns(berichttype: str) -> dict[str, str]:
    return {"w": f"http://www.istandaarden.nl/iwmo/3_2/{berichttype.lower()}/schema",
            "i": BASIS}


def maanden_terug(today: date, n: int) -> tuple[date, date]:
    """The calendar month ``n`` months before this one: its first and last day."""
    eerste = today.replace(day=1)
    for _ in range(n):
        eerste = (eerste - timedelta(days=1)).replace(day=1)
    laatste = (eerste + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return eerste, laatste


def wmo302(wmo301: bytes, identificatie: str) -> bytes:
    """The provider's retour on a WMO301, as its own system writes it: the message itself in
    the wmo302 namespace with the retour header fields and 0200 on every class."""
    src = etree.fromstring(wmo301)
    n301, n302 = ns("WMO301")["w"], ns("WMO302")["w"]
    for el in src.iter():
        q = etree.QName(el)
        if q.namespace == n301:
            el.tag = f"{{{n302}}}{q.localname}"
    root = etree.Element(f"{{{n302}}}Bericht", nsmap={"wmo302": n302, "iwmo": BASIS})
    root.extend(list(src))
    header = root.find("wmo302:Header", {"wmo302": n302})
    assert header is not None
    header.find("wmo302:BerichtCode", {"wmo302": n302}).text = "415"  # type: ignore[union-attr]

    def el(parent: etree._Element, name: str, text: str | None = None, basis: bool = False
           ) -> etree._Element:
        child = etree.SubElement(parent, f"{{{BASIS if basis else n302}}}{name}")
        child.text = text
        return child

    def codes(parent: etree._Element) -> None:
        el(el(parent, "RetourCodes"), "RetourCode", "0200")

    el(header, "IdentificatieRetour", identificatie)
    el(header, "DagtekeningRetour", date.today().isoformat())
    versie = el(header, "XsdVersieRetour")
    el(versie, "BasisschemaXsdVersie", "1.0.0", basis=True)
    el(versie, "BerichtXsdVersie", "1.0.0", basis=True)
    codes(header)
    for product in root.iterfind(".//wmo302:ToegewezenProduct", {"wmo302": n302}):
        codes(product)
    client = root.find("wmo302:Client", {"wmo302": n302})
    assert client is not None
    codes(client)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def wmo305(nummer: int, begin: date) -> bytes:
    p = "wmo305"
    return (_header(p, "418", "START-B1")
            + f"<{p}:Client><{p}:Bsn>{BSN}</{p}:Bsn><{p}:Geboortedatum><iwmo:Datum>1960-01-01"
            f"</iwmo:Datum></{p}:Geboortedatum><{p}:Geslacht>0</{p}:Geslacht><{p}:Naam>"
            f"<iwmo:Geslachtsnaam><iwmo:Achternaam>Jansen</iwmo:Achternaam>"
            f"</iwmo:Geslachtsnaam></{p}:Naam><{p}:StartProducten><{p}:StartProduct>"
            f"<{p}:ToewijzingNummer>{nummer}</{p}:ToewijzingNummer><{p}:Product>"
            f"<iwmo:Categorie>02</iwmo:Categorie><iwmo:Code>02A05</iwmo:Code></{p}:Product>"
            f"<{p}:Begindatum>{begin}</{p}:Begindatum><{p}:StatusAanlevering>1"
            f"</{p}:StatusAanlevering></{p}:StartProduct></{p}:StartProducten></{p}:Client>"
            f"</{p}:Bericht>").encode()


def wmo323(ident: str, nummer: str, toewijzing: int, begin: date, eind: date,
           euros: int) -> bytes:
    """A declaratie of one month on a budget: GeleverdVolume in whole euros (eenheid 83)."""
    p = "wmo323"
    periode = (f"<iwmo:Begindatum>{begin}</iwmo:Begindatum><iwmo:Einddatum>{eind}"
               "</iwmo:Einddatum>")
    bedrag = euros * 100
    return (_header(p, "484", ident) + f"<{p}:Declaratie><{p}:DeclaratieNummer>{nummer}"
            f"</{p}:DeclaratieNummer><{p}:DeclaratiePeriode>{periode}</{p}:DeclaratiePeriode>"
            f"<{p}:DeclaratieDagtekening>{date.today()}</{p}:DeclaratieDagtekening>"
            f"<{p}:TotaalIngediendBedrag><iwmo:TotaalBedrag>{bedrag}</iwmo:TotaalBedrag>"
            f"<iwmo:DebetCredit>D</iwmo:DebetCredit></{p}:TotaalIngediendBedrag><{p}:Clienten>"
            f"<{p}:Client><{p}:Bsn>{BSN}</{p}:Bsn><{p}:Prestaties><{p}:Prestatie>"
            f"<{p}:ProductReferentie><iwmo:ReferentieNummer>{nummer}-1</iwmo:ReferentieNummer>"
            f"</{p}:ProductReferentie><{p}:ToewijzingNummer>{toewijzing}</{p}:ToewijzingNummer>"
            f"<{p}:ProductCategorie>02</{p}:ProductCategorie><{p}:ProductCode>02A05"
            f"</{p}:ProductCode><{p}:ProductPeriode>{periode}</{p}:ProductPeriode>"
            f"<{p}:GeleverdVolume>{euros}</{p}:GeleverdVolume><{p}:Eenheid>83</{p}:Eenheid>"
            f"<{p}:IngediendBedrag><iwmo:Bedrag>{bedrag}</iwmo:Bedrag><iwmo:DebetCredit>D"
            f"</iwmo:DebetCredit></{p}:IngediendBedrag></{p}:Prestatie></{p}:Prestaties>"
            f"</{p}:Client></{p}:Clienten></{p}:Declaratie></{p}:Bericht>").encode()


def children(el: etree._Element | None) -> list[str]:
    assert el is not None
    return [etree.QName(c).localname for c in el]


def retourcodes(el: etree._Element | None, berichttype: str) -> list[str]:
    assert el is not None
    return [c.text or "" for c in el.iterfind("w:RetourCodes/w:RetourCode", ns(berichttype))]


async def test_toewijzing_to_payment_and_the_monitors_realised_spend(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    stack = await start_iwmo_stack(make_database, tmp_path)
    worker = auth("buurtteam", subject="worker-1", team="overvecht")
    clerk = auth("gemeente", subject="clerk-1")
    finance = auth("financien", subject="finance-1")
    provider = auth("aanbieder", subject="planner-1", team=AGB)
    xml = {**provider, "Content-Type": "application/xml"}
    accept_xml = {**provider, "Accept": "application/xml"}
    toegang, indicatie, monitor = (stack.url(n) for n in ("toegang", "indicatie", "monitor"))
    (m1_begin, m1_eind), (m2_begin, m2_eind) = (maanden_terug(date.today(), 2),
                                                maanden_terug(date.today(), 1))
    try:
        async with httpx.AsyncClient(timeout=30) as http:
            # The dossier: melding, verwijzing, aanvraag, beschikking, toewijzing with a budget.
            r = await http.post(f"{toegang}/meldingen", headers=worker, json={
                "bsn": BSN, "kanaal": "buurtteam", "omschrijving": "redt het niet alleen",
                "gemeldOp": (m1_begin - timedelta(days=30)).isoformat(), "wijk": "Overvecht"})
            assert r.status_code == 201, r.text
            melding_id = r.json()["id"]
            r = await http.post(f"{toegang}/meldingen/{melding_id}/verwijzingen", headers=worker,
                                json={"toelichting": "begeleiding",
                                      "verwezenOp": (m1_begin - timedelta(days=20)).isoformat()})
            assert r.status_code == 201, r.text

            async def aanvragen() -> list[dict[str, Any]]:
                resp = await http.get(f"{indicatie}/aanvragen", headers=clerk,
                                      params={"meldingId": melding_id})
                items: list[dict[str, Any]] = resp.json()["items"]
                return items

            [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
            r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen",
                                headers=clerk, json={
                                    "besluit": "toegekend", "motivering": "begeleiding past",
                                    "afgegevenOp": (m1_begin - timedelta(days=5)).isoformat(),
                                    "producten": [{"productCode": "02A05", "volume": 4,
                                                   "ingangsdatum": m1_begin.isoformat(),
                                                   "wijk": "overvecht"}]})
            assert r.status_code == 201, r.text
            [product] = r.json()["producten"]
            r = await http.post(f"{indicatie}/toewijzingen", headers=clerk, json={
                "beschiktProductId": product["id"], "budgetCents": BUDGET_CENTS,
                "toegewezenOp": (m1_begin - timedelta(days=2)).isoformat()})
            assert r.status_code == 201, r.text

            # WMO301 collected from the mailbox, XSD-valid, with the budget.
            async def mailbox(berichttype: str) -> list[dict[str, Any]]:
                resp = await http.get(f"{indicatie}/aanbieders/{AGB}/berichten",
                                      headers=provider, params={"berichttype": berichttype})
                items: list[dict[str, Any]] = resp.json()["items"]
                return items

            [b301] = await eventually(lambda: mailbox("WMO301"), lambda items: len(items) == 1)
            raw301 = (await http.get(f"{indicatie}/berichten/{b301['id']}",
                                     headers=accept_xml)).content
            root301 = etree.fromstring(raw301)
            if HAVE_XSD:
                from indicatie.iwmo.xsd import Schemas
                Schemas(IWMO).validate("WMO301", root301)
            tp = root301.find("w:Client/w:ToegewezenProducten/w:ToegewezenProduct", ns("WMO301"))
            assert tp is not None and tp.findtext("w:Budget", namespaces=ns("WMO301")) == \
                str(BUDGET_CENTS)
            nummer = int(tp.findtext("w:ToewijzingNummer", namespaces=ns("WMO301")) or 0)

            # The provider's WMO302: all accepted, recorded on our WMO301.
            r = await http.post(f"{indicatie}/berichten", content=wmo302(raw301, "RT-301"),
                                headers=xml)
            assert r.status_code == 201, r.text
            ours = (await http.get(f"{indicatie}/berichten/{b301['id']}", headers=clerk)).json()
            assert ours["status"] == "retour-ontvangen" and ours["retourBerichtId"] == \
                r.json()["id"]

            # WMO305 → WMO306 in the mailbox: the start with 0200 on every class.
            r = await http.post(f"{indicatie}/berichten", content=wmo305(nummer, m1_begin),
                                headers=xml)
            assert r.status_code == 201 and [x["code"] for x in r.json()["retour"]] == \
                ["0200"], r.text
            root306 = etree.fromstring((await http.get(
                f"{indicatie}/berichten/{r.json()['retourBerichtId']}",
                headers=accept_xml)).content)
            assert etree.QName(root306).namespace == ns("WMO306")["w"]
            header = root306.find("w:Header", ns("WMO306"))
            assert children(header)[:6] == ["BerichtCode", "BerichtVersie", "BerichtSubversie",
                                            "Afzender", "Ontvanger", "BerichtIdentificatie"]
            assert header is not None and header.findtext(
                "w:BerichtCode", namespaces=ns("WMO306")) == "419"
            assert header.findtext("w:Afzender", namespaces=ns("WMO306")) == AGB, \
                "the original header, copied"
            assert {"IdentificatieRetour", "DagtekeningRetour", "XsdVersieRetour"} <= \
                set(children(header))
            start = root306.find("w:Client/w:StartProducten/w:StartProduct", ns("WMO306"))
            assert retourcodes(start, "WMO306") == ["0200"]
            assert retourcodes(root306.find("w:Client", ns("WMO306")), "WMO306") == ["0200"]

            # WMO323 per month; the second goes over the budget (€200 + €150 > €300).
            antwoorden = []
            for ident, dnr, begin, eind, euros in (("DECL-M1", "DM1", m1_begin, m1_eind, 200),
                                                   ("DECL-M2", "DM2", m2_begin, m2_eind, 150)):
                r = await http.post(f"{indicatie}/berichten", headers=xml,
                                    content=wmo323(ident, dnr, nummer, begin, eind, euros))
                assert r.status_code == 201, r.text
                antwoorden.append(r.json())
            assert [x["code"] for x in antwoorden[0]["retour"]] == ["0200", "8001"]
            assert [x["code"] for x in antwoorden[1]["retour"]] == ["9369"]
            assert [a["declaratie"]["toegekendCents"] for a in antwoorden] == [20_000, 0]

            # Each WMO325 collected: the totals and the codes per prestatie.
            for antwoord, code, toegekend in ((antwoorden[0], "0200", "20000"),
                                              (antwoorden[1], "9369", "0")):
                root325 = etree.fromstring((await http.get(
                    f"{indicatie}/berichten/{antwoord['retourBerichtId']}",
                    headers=accept_xml)).content)
                n = ns("WMO325")
                assert root325.findtext("w:Header/w:BerichtCode", namespaces=n) == "485"
                assert root325.findtext("w:Header/w:Ontvanger", namespaces=n) == AGB
                assert root325.findtext("w:Header/w:DeclaratieIdentificatie/i:Identificatie",
                                        namespaces=n) == antwoord["identificatie"]
                da = root325.find("w:DeclaratieAntwoord", n)
                assert da is not None and children(da) == [
                    "DeclaratieNummer", "TotaalIngediendBedrag", "TotaalToegekendBedrag",
                    "Clienten", "RetourCodes"]
                assert da.findtext("w:TotaalToegekendBedrag/i:TotaalBedrag",
                                   namespaces=n) == toegekend
                [prestatie] = da.findall("w:Clienten/w:Client/w:Prestaties/w:Prestatie", n)
                assert retourcodes(prestatie, "WMO325") == [code]
            assert len(await mailbox("WMO325")) == 2

            # The payment batch: the approved €200, as a pain.001 that validates.
            r = await http.post(f"{indicatie}/betaalbatches", headers=finance,
                                json={"aanbieder": AGB})
            assert r.status_code == 201, r.text
            [batch] = r.json()["batches"]
            assert batch["totaalCents"] == 20_000 and batch["aantalPrestaties"] == 1
            pain = (await http.get(f"{indicatie}/betaalbatches/{batch['id']}/pain001",
                                   headers=finance)).content
            doc = etree.fromstring(pain)
            schema = etree.XMLSchema(etree.parse(str(PAIN001_XSD)))
            assert schema.validate(doc), schema.error_log
            p = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
            assert doc.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=p) == "200.00"
            assert doc.findtext(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN",
                                namespaces=p) == batch["iban"]
            assert doc.findtext(".//p:CdtTrfTxInf/p:PmtId/p:EndToEndId", namespaces=p) == "DM1"
            for status in ("verzonden", "betaald"):
                r = await http.post(f"{indicatie}/betaalbatches/{batch['id']}/statussen",
                                    headers=finance, json={"status": status})
                assert r.status_code == 201, r.text
            r = await http.post(f"{indicatie}/betaalbatches", headers=finance,
                                json={"aanbieder": AGB})
            assert r.status_code == 200 and r.json()["batches"] == [], "nothing paid twice"

            # The monitor: realised (approved) and paid spend of begeleiding (02) in the year
            # of the care equal the approved sum.
            async def begeleiding() -> dict[str, Any]:
                resp = await http.get(f"{monitor}/budgetten", headers=clerk,
                                      params={"jaar": m1_begin.year})
                assert resp.status_code == 200, resp.text
                rows = [v for v in resp.json()["voorzieningen"]
                        if v["productcategorie"] == "02"]
                return rows[0] if rows else {}

            per_jaar = {m1_begin.year: 20_000}
            row = await eventually(begeleiding, lambda v: v.get("betaaldCents") is not None
                                   and v.get("gerealiseerdCents") is not None, wait_s=60)
            assert row["gerealiseerdCents"] == per_jaar[m1_begin.year]
            assert row["betaaldCents"] == per_jaar[m1_begin.year]
    finally:
        stop_stack(stack)
