"""The retourberichten over the API on a real PostgreSQL: every incoming WMO305/307/315/317/323
answered with its WMO306/308/316/318/325 in the provider's mailbox (collected as XML, linked
from the POST answer, the same one on a duplicate), and the provider's WMO302/320 recorded on
our WMO301/319."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from indicatie.domain.iwmo import retour
from lxml import etree

from ..domain.test_iwmo_berichten import needs_xsd, wmo305, wmo307, wmo315, wmo317, wmo323
from .test_iwmo_api import (
    AGB,
    BSN,
    CLERK,
    PROVIDER,
    TODAY,
    codes,
    compose,
    day,
    granted_product,
    maand_van,
    post,
)
from .test_iwmo_api import app as app  # the app with the fake toegang
from .test_iwmo_api import toegang as toegang
from .test_levering_api import aanbieder

pytestmark = needs_xsd

XML_ACCEPT = {**PROVIDER, "Accept": "application/xml"}




async def retour_xml(client: httpx.AsyncClient, r: httpx.Response) -> etree._Element:
    """The retourbericht the POST answer links, collected from the mailbox as XML."""
    link = r.json()["retourBericht"]
    assert link == f"/api/v1/berichten/{r.json()['retourBerichtId']}"
    x = await client.get(link, headers=XML_ACCEPT)
    assert x.status_code == 200 and x.headers["content-type"].startswith("application/xml")
    return etree.fromstring(x.content)


def el(root: etree._Element, pad: str) -> etree._Element:
    ns = etree.QName(root).namespace
    found = root.find(pad.replace("w:", f"{{{ns}}}"))
    assert found is not None, pad
    return found


def rc(root: etree._Element, pad: str = "") -> list[str]:
    ns = etree.QName(root).namespace
    target = el(root, pad) if pad else root
    return [c.text or "" for c in target.iterfind(f"{{{ns}}}RetourCodes/{{{ns}}}RetourCode")]


async def toewijzing(client: httpx.AsyncClient, app: FastAPI) -> tuple[dict[str, object], int]:
    product = await granted_product(client, app)
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201, r.text
    assert await compose(app) == 1
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER,
                         params={"berichttype": "WMO301"})
    [bericht] = r.json()["items"]
    x = await client.get(bericht["xml"], headers=XML_ACCEPT)
    root = etree.fromstring(x.content)
    nummer = int(el(root, "w:Client/w:ToegewezenProducten/w:ToegewezenProduct/"
                          "w:ToewijzingNummer").text or 0)
    return {**product, "bericht": bericht, "root": root}, nummer


async def test_start_stop_and_declaratie_are_answered_with_their_retourberichten(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    product, nummer = await toewijzing(client, app)

    # A start in the future: 0001 with its reason in JSON, the code alone in the WMO306.
    r = await post(client, wmo305(AGB, "S0", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(-3)))
    assert codes(r) == ["0001"] and "toekomst" in r.json()["retour"][0]["toelichting"]
    root = await retour_xml(client, r)
    assert etree.QName(root).namespace == "http://www.istandaarden.nl/iwmo/3_2/wmo306/schema"
    assert el(root, "w:Header/w:BerichtCode").text == "419"
    assert rc(root, "w:Client/w:StartProducten/w:StartProduct") == ["0001"]

    r = await post(client, wmo305(AGB, "S1", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(20)))
    assert r.status_code == 201 and codes(r) == ["0200"]
    root = await retour_xml(client, r)
    assert el(root, "w:Header/w:Afzender").text == AGB
    assert el(root, "w:Header/w:BerichtIdentificatie")[0].text == "S1"
    assert rc(root, "w:Header") == ["0200"] and rc(root, "w:Client") == ["0200"]
    assert rc(root, "w:Client/w:StartProducten/w:StartProduct") == ["0200"]
    again = await post(client, wmo305(AGB, "S1", TODAY, BSN, nummer, "02", "02A05", day(28),
                                      day(20)))
    assert again.status_code == 200
    assert again.json()["retourBerichtId"] == r.json()["retourBerichtId"], "no new retour"
    box = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER,
                           params={"berichttype": "WMO306"})
    assert box.json()["total"] == 2
    got = await client.get(r.json()["retourBericht"], headers=PROVIDER)
    assert got.json()["origineelBerichtId"] == r.json()["id"]

    # A header for another gemeente: the WMO306 is the header alone.
    r = await post(client, wmo305(AGB, "S9", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(20), ontvanger="0363"))
    root = await retour_xml(client, r)
    assert [etree.QName(c).localname for c in root] == ["Header"]
    assert rc(root, "w:Header") == ["S300"]

    # WMO323: one approved, one above the volume, a credit of the approved one.
    tarief = int(str(product["tariefCents"]))
    begin, eind = maand_van(day(20), ingang=day(28))
    toegewezen = 4 * -(-((eind - begin).days + 1) // 7)
    regel = {"bsn": BSN, "toewijzing": nummer, "categorie": "02", "code": "02A05",
             "eenheid": "04", "tarief": tarief, "begin": begin, "eind": eind}
    r = await post(client, wmo323(AGB, "D1", TODAY, "DEC1", begin, eind, [
        {**regel, "ref": "R1", "volume": 2, "bedrag": 2 * tarief},
        {**regel, "ref": "R2", "volume": toegewezen + 1, "bedrag": (toegewezen + 1) * tarief},
        {**regel, "ref": "R1", "volume": 1, "bedrag": tarief, "dc": "C"}]))
    assert codes(r) == ["0200", "9321", "0200"], r.text
    declaratie = r.json()["declaratie"]
    assert declaratie["toegekendCents"] == tarief
    assert [(p["referentie"], p["ingediendCents"], p["toegekendCents"])
            for p in declaratie["prestaties"]] == [
        ("R1", 2 * tarief, 2 * tarief), ("R2", (toegewezen + 1) * tarief, 0),
        ("R1", -tarief, -tarief)]
    root = await retour_xml(client, r)
    assert el(root, "w:Header/w:BerichtCode").text == "485"
    assert el(root, "w:Header/w:Afzender").text == "0344"
    assert el(root, "w:Header/w:DeclaratieIdentificatie")[0].text == "D1"
    antwoord = el(root, "w:DeclaratieAntwoord")
    assert [e.text for e in el(antwoord, "w:TotaalToegekendBedrag")] == [str(tarief), "D"]
    ns = etree.QName(root).namespace
    prestaties = antwoord.findall(f".//{{{ns}}}Prestatie")
    assert [rc(p) for p in prestaties] == [["0200"], ["9321"], ["0200"]]
    assert rc(antwoord) == ["0200"]

    r = await post(client, wmo323(AGB, "D2", TODAY, "DEC1", begin, eind, [
        {**regel, "ref": "R4", "volume": 1, "bedrag": tarief}]))
    assert codes(r) == ["9333"]
    antwoord = el(await retour_xml(client, r), "w:DeclaratieAntwoord")
    assert rc(antwoord) == ["9333"]
    assert [e.text for e in el(antwoord, "w:TotaalToegekendBedrag")] == ["0", "D"]
    assert antwoord.find(f"{{{ns}}}Clienten") is None

    r = await post(client, wmo307(AGB, "S4", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(20), day(1)))
    assert codes(r) == ["0200"]
    root = await retour_xml(client, r)
    assert el(root, "w:Header/w:BerichtCode").text == "421"
    assert rc(root, "w:Client/w:StopProducten/w:StopProduct") == ["0200"]


def _twee_producten(raw: bytes) -> bytes:
    """A WMO315 with a second AangevraagdProduct (VOT-2, 07A01)."""
    text = raw.decode()
    product = re.search(r"<wmo315:AangevraagdProduct>.*</wmo315:AangevraagdProduct>", text,
                        re.S)
    assert product is not None
    tweede = (product.group(0).replace("VOT-1", "VOT-2").replace(">02A05<", ">07A01<")
              .replace("<iwmo:Categorie>02<", "<iwmo:Categorie>07<"))
    return text.replace(product.group(0), product.group(0) + tweede).encode()


async def test_verzoeken_are_answered_with_wmo316_and_wmo318(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    _, nummer = await toewijzing(client, app)
    r = await post(client, _twee_producten(wmo315(AGB, "V1", TODAY, BSN, "VOT-1", "02",
                                                  "02A05", day(-10), day(-300), 4)))
    assert codes(r) == ["0200", "0200"], r.text
    ids = r.json()["verzoekIds"]
    assert len(ids) == 2 and r.json()["verzoekId"] in ids
    verzoeken = (await client.get("/api/v1/verzoeken", headers=CLERK)).json()["items"]
    assert sorted(v["id"] for v in verzoeken) == sorted(ids)
    root = await retour_xml(client, r)
    assert el(root, "w:Header/w:BerichtCode").text == "445"
    ns = etree.QName(root).namespace
    producten = root.findall(f".//{{{ns}}}AangevraagdProduct")
    assert [rc(p) for p in producten] == [["0200"], ["0200"]]

    r = await post(client, wmo317(AGB, "W1", TODAY, BSN, "VOW-1", [nummer, 4], []))
    assert [(x["onderdeel"], x["code"]) for x in r.json()["retour"]] == [
        ("Verzoek VOW-1", "9374"), ("OngewijzigdProduct 2", "9350")], "the VOTs are pending"
    root = await retour_xml(client, r)
    assert el(root, "w:Header/w:BerichtCode").text == "481"
    ongewijzigd = root.findall(f".//{{{etree.QName(root).namespace}}}OngewijzigdProduct")
    assert [rc(p) for p in ongewijzigd] == [["0200"], ["9350"]]
    assert rc(root, "w:Client/w:Verzoek") == ["9374"] and rc(root, "w:Client") == ["0200"]


async def test_a_providers_retour_is_recorded_on_our_message(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    product, _ = await toewijzing(client, app)
    wmo301 = product["bericht"]
    assert isinstance(wmo301, dict)
    root301 = product["root"]
    assert isinstance(root301, etree._Element)
    raw = retour.retourbericht(root301, {("ToegewezenProduct", 1): ["9332"]}, "RT1", TODAY)

    r = await post(client, raw.replace(b"<wmo302:IdentificatieRetour>RT1"
                                       b"</wmo302:IdentificatieRetour>", b""))
    assert r.status_code == 422 and "IdentificatieRetour" in r.json()["detail"]
    assert r.headers["content-type"] == "application/problem+json"
    r = await post(client, raw.replace(f"<iwmo:Identificatie>{wmo301['identificatie']}<"
                                       .encode(), b"<iwmo:Identificatie>999999<"))
    assert r.status_code == 404, "no such message of ours"
    other = "75750101"
    r = await post(client, raw.replace(AGB.encode(), other.encode()), headers=aanbieder(other))
    assert r.status_code == 404, "another provider's message"

    r = await post(client, raw)
    assert r.status_code == 201, r.text
    assert r.json()["berichttype"] == "WMO302" and r.json()["origineelBerichtId"] == \
        wmo301["id"]
    ours = (await client.get(f"/api/v1/berichten/{wmo301['id']}", headers=CLERK)).json()
    assert ours["status"] == "retour-afgekeurd" and ours["retourBerichtId"] == r.json()["id"]
    assert ("ToegewezenProduct 1", "9332") in [(x["onderdeel"], x["code"])
                                               for x in ours["retour"]]
    box = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=CLERK,
                           params={"status": "retour-afgekeurd"})
    assert [b["id"] for b in box.json()["items"]] == [wmo301["id"]]
    again = await post(client, raw)
    assert again.status_code == 200 and again.json()["duplicaat"] is True
    assert again.json()["id"] == r.json()["id"]
    assert (await client.get(f"/api/v1/berichten/{wmo301['id']}", headers=CLERK)).json() == ours

    # WMO320 on a WMO319: all 0200, so the answer shows as received.
    await post(client, wmo315(AGB, "V1", TODAY, BSN, "VOT-9", "07", "07A01", day(-10),
                              day(-300), 4))
    [verzoek] = (await client.get("/api/v1/verzoeken", headers=CLERK)).json()["items"]
    r = await client.post(f"/api/v1/verzoeken/{verzoek['id']}/antwoorden", headers=CLERK,
                          json={"uitkomst": "in-onderzoek"})
    assert r.status_code == 201
    box = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER,
                           params={"berichttype": "WMO319"})
    [wmo319] = box.json()["items"]
    x = await client.get(wmo319["xml"], headers=XML_ACCEPT)
    raw = retour.retourbericht(etree.fromstring(x.content), {}, "RT2", TODAY)
    r = await post(client, raw)
    assert r.status_code == 201, r.text
    ours = (await client.get(f"/api/v1/berichten/{wmo319['id']}", headers=PROVIDER)).json()
    assert ours["status"] == "retour-ontvangen"
    assert {x["code"] for x in ours["retour"]} == {"0200"}
