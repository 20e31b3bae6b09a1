"""Building (WMO301, WMO319) and reading (WMO305, 307, 315, 317, 323) iWmo 3.2 messages.

Pure: values in, bytes or values out. Builders follow the XSD element order; the caller
validates the result against the official XSD (``xsd.Schemas.validate``) before storing it.
Readers take the dict that xmlschema decodes from an XSD-valid message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from lxml import etree

from .codes import BERICHTCODE, NAMESPACE_BASIS, XSD_VERSIE, namespace

# --- building ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kop:
    """The header of a message: sender, receiver, identificatie (max 12) and dagtekening."""

    berichttype: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date


ONBEKEND = "Onbekend"


@dataclass(frozen=True)
class ClientGegevens:
    """What the gemeente sends about the client: BSN and name from toegang's registry (the
    provider identifies the client by BSN). The registry keeps no birth date or gender, so
    these go as the standard allows for unknown data: DatumGebruik 3, Geslacht 0; a registry
    entry without a name (self-service without it) goes as "Onbekend"."""

    bsn: str
    achternaam: str = ONBEKEND
    geboortedatum: date | None = None
    geslacht: str = "0"


@dataclass(frozen=True)
class ToegewezenProductRegel:
    toewijzingnummer: int
    categorie: str
    code: str
    toewijzingsdatum: date
    toewijzingstijd: time
    ingangsdatum: date
    einddatum: date | None
    volume: int
    eenheid: str
    frequentie: str
    referentie_aanbieder: str | None = None
    reden_wijziging: str | None = None
    budget_cents: int | None = None


def _el(parent: etree._Element, ns: str, name: str, text: object = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        child.text = text.isoformat() if isinstance(text, date | time) else str(text)
    return child


def _root(kop: Kop) -> tuple[etree._Element, str]:
    root, ns, _ = bericht_met_kop(kop)
    return root, ns


def bericht_met_kop(kop: Kop) -> tuple[etree._Element, str, etree._Element]:
    """A new message of ``kop.berichttype`` with its Header filled up to XsdVersie: the root,
    its namespace and the Header (a WMO325 adds fields of its own to it)."""
    ns = namespace(kop.berichttype)
    prefix = kop.berichttype.lower()
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={prefix: ns, "iwmo": NAMESPACE_BASIS})
    header = _el(root, ns, "Header")
    _el(header, ns, "BerichtCode", BERICHTCODE[kop.berichttype])
    _el(header, ns, "BerichtVersie", 3)
    _el(header, ns, "BerichtSubversie", 2)
    _el(header, ns, "Afzender", kop.afzender)
    _el(header, ns, "Ontvanger", kop.ontvanger)
    ident = _el(header, ns, "BerichtIdentificatie")
    _el(ident, NAMESPACE_BASIS, "Identificatie", kop.identificatie)
    _el(ident, NAMESPACE_BASIS, "Dagtekening", kop.dagtekening)
    versie = _el(header, ns, "XsdVersie")
    _el(versie, NAMESPACE_BASIS, "BasisschemaXsdVersie", XSD_VERSIE)
    _el(versie, NAMESPACE_BASIS, "BerichtXsdVersie", XSD_VERSIE)
    return root, ns, header


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


class OverlappendeToewijzing(ValueError):
    """Two toewijzingen of the same product overlap in one snapshot (not allowed)."""


def overlappen(a_begin: date, a_eind: date | None, b_begin: date, b_eind: date | None) -> bool:
    return (a_eind is None or b_begin <= a_eind) and (b_eind is None or a_begin <= b_eind)


def controleer_geen_overlap(producten: Sequence[ToegewezenProductRegel]) -> None:
    for i, a in enumerate(producten):
        for b in producten[i + 1:]:
            if a.code == b.code and a.reden_wijziging is None and b.reden_wijziging is None \
                    and overlappen(a.ingangsdatum, a.einddatum, b.ingangsdatum, b.einddatum):
                raise OverlappendeToewijzing(
                    f"toewijzingen {a.toewijzingnummer} and {b.toewijzingnummer} of product "
                    f"{a.code} overlap")


def wmo301(kop: Kop, client: ClientGegevens,
           producten: Sequence[ToegewezenProductRegel]) -> bytes:
    """The toewijzingbericht: for one client always every current toewijzing with this provider
    (plus the ones changed since the previous message), never two overlapping of a product."""
    if kop.berichttype != "WMO301":
        raise ValueError("kop is not a WMO301 header")
    if not producten:
        raise ValueError("a WMO301 holds at least one ToegewezenProduct")
    controleer_geen_overlap(producten)
    root, ns = _root(kop)
    c = _el(root, ns, "Client")
    _el(c, ns, "Bsn", client.bsn)
    geboorte = _el(c, ns, "Geboortedatum")
    _el(geboorte, NAMESPACE_BASIS, "Datum", client.geboortedatum or date(1900, 1, 1))
    if client.geboortedatum is None:
        _el(geboorte, NAMESPACE_BASIS, "DatumGebruik", "3")
    _el(c, ns, "Geslacht", client.geslacht)
    naam = _el(c, ns, "Naam")
    geslachtsnaam = _el(naam, NAMESPACE_BASIS, "Geslachtsnaam")
    _el(geslachtsnaam, NAMESPACE_BASIS, "Achternaam", client.achternaam)
    _el(naam, NAMESPACE_BASIS, "NaamGebruik", "1")
    contact = _el(_el(c, ns, "Contactgegevens"), ns, "Contact")
    _el(contact, ns, "Soort", "01")  # BRP-adres; the provider reads it from the BRP
    lijst = _el(c, ns, "ToegewezenProducten")
    for p in producten:
        tp = _el(lijst, ns, "ToegewezenProduct")
        _el(tp, ns, "ToewijzingNummer", p.toewijzingnummer)
        if p.referentie_aanbieder:
            _el(tp, ns, "ReferentieAanbieder", p.referentie_aanbieder)
        product = _el(tp, ns, "Product")
        _el(product, NAMESPACE_BASIS, "Categorie", p.categorie)
        _el(product, NAMESPACE_BASIS, "Code", p.code)
        _el(tp, ns, "Toewijzingsdatum", p.toewijzingsdatum)
        _el(tp, ns, "Toewijzingstijd", p.toewijzingstijd.replace(microsecond=0))
        _el(tp, ns, "Ingangsdatum", p.ingangsdatum)
        if p.einddatum is not None:
            _el(tp, ns, "Einddatum", p.einddatum)
        if p.reden_wijziging is not None:
            _el(tp, ns, "RedenWijziging", p.reden_wijziging)
        if p.budget_cents is not None:
            _el(tp, ns, "Budget", p.budget_cents)
        else:
            omvang = _el(tp, ns, "Omvang")
            _el(omvang, NAMESPACE_BASIS, "Volume", p.volume)
            _el(omvang, NAMESPACE_BASIS, "Eenheid", p.eenheid)
            _el(omvang, NAMESPACE_BASIS, "Frequentie", p.frequentie)
    return _bytes(root)


def wmo319(kop: Kop, referentie_aanbieder: str, verzoek_antwoord: str,
           reden_afwijzing: str | None = None) -> bytes:
    """The antwoordbericht on a VOT (per product) or a VOW (whole verzoek): 1 afgewezen with
    its reden (WJ759), or 2 aanvraag in onderzoek. It carries no BSN."""
    if kop.berichttype != "WMO319":
        raise ValueError("kop is not a WMO319 header")
    if verzoek_antwoord == "1" and not reden_afwijzing:
        raise ValueError("an afwijzing needs a RedenAfwijzingVerzoek")
    root, ns = _root(kop)
    antwoord = _el(root, ns, "Antwoord")
    _el(antwoord, ns, "ReferentieAanbieder", referentie_aanbieder)
    _el(antwoord, ns, "VerzoekAntwoord", verzoek_antwoord)
    if verzoek_antwoord == "1":
        _el(antwoord, ns, "RedenAfwijzingVerzoek", reden_afwijzing)
    return _bytes(root)


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Omvang:
    volume: int
    eenheid: str
    frequentie: str


@dataclass(frozen=True)
class StartRegel:
    toewijzingnummer: int | None
    categorie: str | None
    code: str | None
    toewijzing_ingangsdatum: date | None
    begindatum: date
    status_aanlevering: str


@dataclass(frozen=True)
class StopRegel(StartRegel):
    reden_beeindiging: str = ""
    einddatum: date = date.min


@dataclass(frozen=True)
class VotRegel:
    referentie_aanbieder: str
    categorie: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    budget_cents: int | None
    beschikkingnummer: int | None


@dataclass(frozen=True)
class TeWijzigenRegel:
    toewijzingnummer: int
    gewenste_ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None


@dataclass(frozen=True)
class NieuwRegel:
    categorie: str | None
    code: str | None
    gewenste_ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None


@dataclass(frozen=True)
class Prestatie:
    bsn: str
    referentie: str
    vorige_referentie: str | None
    toewijzingnummer: int
    categorie: str
    code: str
    begindatum: date
    einddatum: date
    volume: int
    eenheid: str
    tarief_cents: int | None
    bedrag_cents: int
    debet_credit: str


@dataclass(frozen=True)
class Bericht:
    """An incoming message read from its XSD-valid dict."""

    kop: Kop
    bsns: tuple[str, ...] = ()
    starts: tuple[StartRegel, ...] = ()
    stops: tuple[StopRegel, ...] = ()
    vot: tuple[VotRegel, ...] = ()
    vow_referentie: str | None = None
    vow_reden: str | None = None
    vow_ongewijzigd: tuple[int, ...] = ()
    vow_te_wijzigen: tuple[TeWijzigenRegel, ...] = ()
    vow_nieuw: tuple[NieuwRegel, ...] = ()
    declaratienummer: str | None = None
    declaratie_begin: date | None = None
    declaratie_eind: date | None = None
    totaal_cents: int = 0
    totaal_debet_credit: str = "D"
    prestaties: tuple[Prestatie, ...] = field(default_factory=tuple)


def _d(value: Any) -> date:
    return date.fromisoformat(str(value))


def _od(value: Any) -> date | None:
    return None if value is None else _d(value)


def _lijst(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _omvang(d: dict[str, Any] | None) -> Omvang | None:
    if not d:
        return None
    return Omvang(volume=int(d["Volume"]), eenheid=str(d["Eenheid"]),
                  frequentie=str(d["Frequentie"]))


def _product(d: dict[str, Any]) -> tuple[str | None, str | None]:
    p = d.get("Product") or {}
    return p.get("Categorie"), p.get("Code")


def lees_declaratie(root: etree._Element) -> Bericht:
    """A WMO323 read straight from its XSD-valid tree: the same values as ``lees`` gives,
    without decoding thousands of prestaties through the schema first."""
    ns = {"w": namespace("WMO323"), "i": NAMESPACE_BASIS}

    def tekst(el: etree._Element, pad: str) -> str:
        value = el.findtext(pad, namespaces=ns)
        assert value is not None, pad  # the XSD requires it
        return str(value).strip()

    h = root.find("w:Header", ns)
    d = root.find("w:Declaratie", ns)
    assert h is not None and d is not None
    kop = Kop(berichttype="WMO323", afzender=tekst(h, "w:Afzender"),
              ontvanger=tekst(h, "w:Ontvanger"),
              identificatie=tekst(h, "w:BerichtIdentificatie/i:Identificatie"),
              dagtekening=_d(tekst(h, "w:BerichtIdentificatie/i:Dagtekening")))
    prestaties = []
    for client in d.iterfind("w:Clienten/w:Client", ns):
        bsn = tekst(client, "w:Bsn")
        for p in client.iterfind("w:Prestaties/w:Prestatie", ns):
            tarief = p.findtext("w:ProductTarief", namespaces=ns)
            vorige = p.findtext("w:ProductReferentie/i:VorigReferentieNummer", namespaces=ns)
            prestaties.append(Prestatie(
                bsn=bsn, referentie=tekst(p, "w:ProductReferentie/i:ReferentieNummer"),
                vorige_referentie=vorige.strip() if vorige is not None else None,
                toewijzingnummer=int(tekst(p, "w:ToewijzingNummer")),
                categorie=tekst(p, "w:ProductCategorie"), code=tekst(p, "w:ProductCode"),
                begindatum=_d(tekst(p, "w:ProductPeriode/i:Begindatum")),
                einddatum=_d(tekst(p, "w:ProductPeriode/i:Einddatum")),
                volume=int(tekst(p, "w:GeleverdVolume")), eenheid=tekst(p, "w:Eenheid"),
                tarief_cents=int(tarief) if tarief is not None else None,
                bedrag_cents=int(tekst(p, "w:IngediendBedrag/i:Bedrag")),
                debet_credit=tekst(p, "w:IngediendBedrag/i:DebetCredit")))
    return Bericht(
        kop=kop, bsns=tuple(dict.fromkeys(p.bsn for p in prestaties)),
        declaratienummer=tekst(d, "w:DeclaratieNummer"),
        declaratie_begin=_d(tekst(d, "w:DeclaratiePeriode/i:Begindatum")),
        declaratie_eind=_d(tekst(d, "w:DeclaratiePeriode/i:Einddatum")),
        totaal_cents=int(tekst(d, "w:TotaalIngediendBedrag/i:TotaalBedrag")),
        totaal_debet_credit=tekst(d, "w:TotaalIngediendBedrag/i:DebetCredit"),
        prestaties=tuple(prestaties))


def lees(berichttype: str, data: dict[str, Any]) -> Bericht:
    h = data["Header"]
    kop = Kop(berichttype=berichttype, afzender=str(h["Afzender"]),
              ontvanger=str(h["Ontvanger"]),
              identificatie=str(h["BerichtIdentificatie"]["Identificatie"]),
              dagtekening=_d(h["BerichtIdentificatie"]["Dagtekening"]))
    if berichttype == "WMO305":
        c = data["Client"]
        starts = tuple(StartRegel(
            toewijzingnummer=r.get("ToewijzingNummer"), categorie=_product(r)[0],
            code=_product(r)[1], toewijzing_ingangsdatum=_od(r.get("ToewijzingIngangsdatum")),
            begindatum=_d(r["Begindatum"]), status_aanlevering=str(r["StatusAanlevering"]))
            for r in _lijst(c["StartProducten"]["StartProduct"]))
        return Bericht(kop=kop, bsns=(c["Bsn"],), starts=starts)
    if berichttype == "WMO307":
        c = data["Client"]
        stops = tuple(StopRegel(
            toewijzingnummer=r.get("ToewijzingNummer"), categorie=_product(r)[0],
            code=_product(r)[1], toewijzing_ingangsdatum=_od(r.get("ToewijzingIngangsdatum")),
            begindatum=_d(r["Begindatum"]), status_aanlevering=str(r["StatusAanlevering"]),
            reden_beeindiging=str(r["RedenBeeindiging"]), einddatum=_d(r["Einddatum"]))
            for r in _lijst(c["StopProducten"]["StopProduct"]))
        return Bericht(kop=kop, bsns=(c["Bsn"],), stops=stops)
    if berichttype == "WMO315":
        c = data["Client"]
        vot = tuple(VotRegel(
            referentie_aanbieder=str(r["ReferentieAanbieder"]), categorie=_product(r)[0],
            code=_product(r)[1], ingangsdatum=_d(r["ToewijzingIngangsdatum"]),
            einddatum=_od(r.get("ToewijzingEinddatum")), omvang=_omvang(r.get("Omvang")),
            budget_cents=r.get("Budget"), beschikkingnummer=r.get("BeschikkingNummer"))
            for r in _lijst(c["AangevraagdeProducten"]["AangevraagdProduct"]))
        return Bericht(kop=kop, bsns=(c["Bsn"],), vot=vot)
    if berichttype == "WMO317":
        c = data["Client"]
        v = c["Verzoek"]
        return Bericht(
            kop=kop, bsns=(c["Bsn"],), vow_referentie=str(v["ReferentieAanbieder"]),
            vow_reden=str(v["RedenVerzoek"]),
            vow_ongewijzigd=tuple(int(r["ToewijzingNummer"]) for r in _lijst(
                (v.get("OngewijzigdeProducten") or {}).get("OngewijzigdProduct"))),
            vow_te_wijzigen=tuple(TeWijzigenRegel(
                toewijzingnummer=int(r["ToewijzingNummer"]),
                gewenste_ingangsdatum=_d(r["GewensteIngangsdatum"]),
                einddatum=_od(r.get("Einddatum")), omvang=_omvang(r.get("Omvang")))
                for r in _lijst((v.get("TeWijzigenProducten") or {}).get("TeWijzigenProduct"))),
            vow_nieuw=tuple(NieuwRegel(
                categorie=_product(r)[0], code=_product(r)[1],
                gewenste_ingangsdatum=_d(r["GewensteIngangsdatum"]),
                einddatum=_od(r.get("Einddatum")), omvang=_omvang(r.get("Omvang")))
                for r in _lijst((v.get("NieuweProducten") or {}).get("NieuwProduct"))))
    if berichttype == "WMO323":
        d = data["Declaratie"]
        prestaties = []
        for client in _lijst(d["Clienten"]["Client"]):
            for p in _lijst(client["Prestaties"]["Prestatie"]):
                prestaties.append(Prestatie(
                    bsn=str(client["Bsn"]),
                    referentie=str(p["ProductReferentie"]["ReferentieNummer"]),
                    vorige_referentie=p["ProductReferentie"].get("VorigReferentieNummer"),
                    toewijzingnummer=int(p["ToewijzingNummer"]),
                    categorie=str(p["ProductCategorie"]), code=str(p["ProductCode"]),
                    begindatum=_d(p["ProductPeriode"]["Begindatum"]),
                    einddatum=_d(p["ProductPeriode"]["Einddatum"]),
                    volume=int(p["GeleverdVolume"]), eenheid=str(p["Eenheid"]),
                    tarief_cents=p.get("ProductTarief"),
                    bedrag_cents=int(p["IngediendBedrag"]["Bedrag"]),
                    debet_credit=str(p["IngediendBedrag"]["DebetCredit"])))
        totaal = d["TotaalIngediendBedrag"]
        return Bericht(
            kop=kop, bsns=tuple(dict.fromkeys(p.bsn for p in prestaties)),
            declaratienummer=str(d["DeclaratieNummer"]),
            declaratie_begin=_d(d["DeclaratiePeriode"]["Begindatum"]),
            declaratie_eind=_d(d["DeclaratiePeriode"]["Einddatum"]),
            totaal_cents=int(totaal["TotaalBedrag"]),
            totaal_debet_credit=str(totaal["DebetCredit"]), prestaties=tuple(prestaties))
    raise ValueError(f"{berichttype} is not an incoming message type")
