"""The iWmo 3.2 retourberichten: WMO306/308/316/318 (and 302/320) as a transform of the
message they answer, WMO325 as the answer on a declaratie; and reading a provider's retour.

Pure: an lxml tree and the retourcodes per berichtklasse in, bytes (or values) out. There is
no official XSD for a retour in the reference set; the structure follows the official
examples (the tests hold it element by element).

Codes are placed by ``Plaats``: the ``nummer``-th element (1-based, document order) of
berichtklasse ``klasse``; ``("Header", 1)`` is the header. A class without codes gets 0200.
A rejected header (e.g. 8848, S300) gives a retour of the header alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree

from .berichten import Kop, Prestatie, bericht_met_kop
from .codes import (
    BERICHTCODE,
    BERICHTKLASSEN,
    GOED,
    GOEDGEKEURD,
    NAMESPACE_BASIS,
    ORIGINEEL,
    RETOURCODES_PER_TYPE,
    RETOURTYPE,
    XSD_VERSIE,
    namespace,
)

Plaats = tuple[str, int]
HEADER: Plaats = ("Header", 1)
DECLARATIE: Plaats = ("Declaratie", 1)

_TYPE_BY_NAMESPACE = {namespace(t): t for t in BERICHTCODE}


class OngeldigeRetour(ValueError):
    """A code this service may not answer for the message type, or a tree that is not the
    message it claims to be."""


def per_plaats(entries: Iterable[Mapping[str, object]]) -> dict[Plaats, list[str]]:
    """The codes per place from retour entries with ``code``, ``klasse`` and ``nummer``."""
    out: dict[Plaats, list[str]] = {}
    for e in entries:
        plaats = (str(e.get("klasse") or "Header"), int(str(e.get("nummer") or 1)))
        out.setdefault(plaats, []).append(str(e["code"]))
    return out


def afgekeurd(codes: Sequence[str]) -> bool:
    return any(c not in GOED for c in codes)


def _berichttype(root: etree._Element) -> str:
    qname = etree.QName(root)
    berichttype = _TYPE_BY_NAMESPACE.get(qname.namespace or "")
    if berichttype is None or qname.localname != "Bericht":
        raise OngeldigeRetour(f"{root.tag} is not an iWmo 3.2 message")
    return berichttype


def _controleer(berichttype: str, codes: Mapping[Plaats, Sequence[str]]) -> None:
    toegestaan = RETOURCODES_PER_TYPE[berichttype]
    vreemd = sorted({c for cs in codes.values() for c in cs} - toegestaan)
    if vreemd:
        raise OngeldigeRetour(f"retourcode(s) {', '.join(vreemd)} are not answered on a "
                              f"{berichttype} (WJ001)")


def _el(parent: etree._Element, ns: str, name: str, text: object = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        child.text = text.isoformat() if isinstance(text, date) else str(text)
    return child


def _retourcodes(parent: etree._Element, ns: str, codes: Sequence[str] | None,
                 standaard: str = GOEDGEKEURD) -> None:
    """RetourCodes with the codes of a class: its faults when it has any, else what
    approves it (0200, 8001), else ``standaard``."""
    gekozen = list(dict.fromkeys(codes or ()))
    fout = [c for c in gekozen if c not in GOED]
    lijst = _el(parent, ns, "RetourCodes")
    for code in fout or gekozen or [standaard]:
        _el(lijst, ns, "RetourCode", code)


def _root(berichttype: str) -> tuple[etree._Element, str]:
    ns = namespace(berichttype)
    root = etree.Element(f"{{{ns}}}Bericht",
                         nsmap={berichttype.lower(): ns, "iwmo": NAMESPACE_BASIS})
    return root, ns


def _kopie(bron: etree._Element, doel: etree._Element, van: str, naar: str) -> etree._Element:
    """``bron`` (with its children) under ``doel``, the message namespace renamed."""
    qname = etree.QName(bron)
    tag = f"{{{naar}}}{qname.localname}" if qname.namespace == van else bron.tag
    el = etree.SubElement(doel, tag)
    el.text = bron.text
    for child in bron:
        if isinstance(child.tag, str):
            _kopie(child, el, van, naar)
    return el


def _kind(parent: etree._Element, ns: str, name: str) -> etree._Element:
    found = parent.find(f"{{{ns}}}{name}")
    if found is None:
        raise OngeldigeRetour(f"{etree.QName(parent).localname} has no {name}")
    return found


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def retourbericht(origineel: etree._Element, codes: Mapping[Plaats, Sequence[str]],
                  identificatie: str, dagtekening: date) -> bytes:
    """The retour on ``origineel`` (WMO305 → WMO306, 307 → 308, 315 → 316, 317 → 318; also
    301 → 302 and 319 → 320): its Header copied (with the retour's BerichtCode) followed by
    IdentificatieRetour (ours, max 12), DagtekeningRetour, XsdVersieRetour and the header's
    RetourCodes; then the body copied element by element, with RetourCodes as the last child
    of every berichtklasse. A rejected header gives the header alone."""
    berichttype = _berichttype(origineel)
    if berichttype not in RETOURTYPE or berichttype == "WMO323":
        raise OngeldigeRetour(f"{berichttype} is not answered with this retour (WMO325: "
                              "use wmo325)")
    if berichttype in RETOURCODES_PER_TYPE:
        _controleer(berichttype, codes)
    if not identificatie or len(identificatie) > 12:
        raise OngeldigeRetour("IdentificatieRetour is 1 to 12 characters")
    retourtype = RETOURTYPE[berichttype]
    van = namespace(berichttype)
    root, ns = _root(retourtype)
    kop = _kopie(_kind(origineel, van, "Header"), root, van, ns)
    _kind(kop, ns, "BerichtCode").text = BERICHTCODE[retourtype]
    _kind(kop, ns, "BerichtVersie").text = "3"
    _kind(kop, ns, "BerichtSubversie").text = "2"
    _el(kop, ns, "IdentificatieRetour", identificatie)
    _el(kop, ns, "DagtekeningRetour", dagtekening)
    versie = _el(kop, ns, "XsdVersieRetour")
    _el(versie, NAMESPACE_BASIS, "BasisschemaXsdVersie", XSD_VERSIE)
    _el(versie, NAMESPACE_BASIS, "BerichtXsdVersie", XSD_VERSIE)
    _retourcodes(kop, ns, codes.get(HEADER))
    if afgekeurd(codes.get(HEADER, ())):
        return _bytes(root)
    klassen = BERICHTKLASSEN[berichttype]
    teller: dict[str, int] = {}
    nieuw: list[tuple[etree._Element, Plaats]] = []
    for child in origineel:
        if isinstance(child.tag, str) and etree.QName(child).localname != "Header":
            _kopie(child, root, van, ns)
    # Number the classes in document order, then close each with its RetourCodes (after
    # its own children, so a nested class's codes come inside it).
    for el in root.iter(f"{{{ns}}}*"):
        naam = etree.QName(el).localname
        if naam in klassen:
            teller[naam] = teller.get(naam, 0) + 1
            nieuw.append((el, (naam, teller[naam])))
    for el, plaats in nieuw:
        _retourcodes(el, ns, codes.get(plaats))
    return _bytes(root)


# --- WMO325 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrestatieToekenning:
    referentie: str
    debet_credit: str
    ingediend_cents: int  # signed: a credit prestatie is negative
    toegekend_cents: int  # signed; 0 when refused


@dataclass(frozen=True)
class Toekenning:
    """What a declaratie asked (signed total of the message) and what was approved: the sum
    of the approved prestaties, debet minus credit."""

    declaratienummer: str
    ingediend_cents: int
    toegekend_cents: int
    prestaties: tuple[PrestatieToekenning, ...]


def toekenning(declaratienummer: str, ingediend_cents: int, prestaties: Sequence[Prestatie],
               codes: Mapping[Plaats, Sequence[str]]) -> Toekenning:
    """Per prestatie (``("Prestatie", i)``, document order) approved when it has no fault;
    nothing is approved when the declaratie itself is refused (e.g. 9333)."""
    geheel_af = afgekeurd(codes.get(DECLARATIE, ())) or afgekeurd(codes.get(HEADER, ()))
    regels = []
    for i, p in enumerate(prestaties, 1):
        bedrag = p.bedrag_cents if p.debet_credit == "D" else -p.bedrag_cents
        goed = not geheel_af and not afgekeurd(codes.get(("Prestatie", i), ()))
        regels.append(PrestatieToekenning(p.referentie, p.debet_credit, bedrag,
                                          bedrag if goed else 0))
    return Toekenning(declaratienummer, ingediend_cents,
                      sum(r.toegekend_cents for r in regels), tuple(regels))


def bedrag_met_dc(cents: int) -> tuple[int, str]:
    """An amount as iWmo writes it: absolute, with D (also for 0) or C."""
    return abs(cents), "C" if cents < 0 else "D"


_PRESTATIE_325 = ("ProductReferentie", "ToewijzingNummer", "ProductCategorie", "ProductCode",
                  "ProductPeriode", "GeleverdVolume", "Eenheid", "ProductTarief",
                  "IngediendBedrag")


def wmo325(declaratie: etree._Element, codes: Mapping[Plaats, Sequence[str]], kop: Kop,
           toegekend_cents: int) -> bytes:
    """The antwoord on a WMO323: our own header (Afzender the gemeente, a new
    BerichtIdentificatie) that names the declaratie (DeclaratieIdentificatie,
    XsdVersieDeclaratie), then the DeclaratieAntwoord with the totals asked and approved and
    every client and prestatie with its RetourCodes. A declaratie refused as a whole (9333)
    has no Clienten; a rejected header gives the header alone."""
    if _berichttype(declaratie) != "WMO323" or kop.berichttype != "WMO325":
        raise OngeldigeRetour("a WMO325 answers a WMO323 with a WMO325 header")
    _controleer("WMO323", codes)
    van = namespace("WMO323")
    root, ns, header = bericht_met_kop(kop)
    bron_kop = _kind(declaratie, van, "Header")
    decl_ident = _kopie(_kind(bron_kop, van, "BerichtIdentificatie"), header, van, ns)
    decl_ident.tag = f"{{{ns}}}DeclaratieIdentificatie"
    decl_versie = _kopie(_kind(bron_kop, van, "XsdVersie"), header, van, ns)
    decl_versie.tag = f"{{{ns}}}XsdVersieDeclaratie"
    _retourcodes(header, ns, codes.get(HEADER))
    if afgekeurd(codes.get(HEADER, ())):
        return _bytes(root)
    bron = _kind(declaratie, van, "Declaratie")
    antwoord = _el(root, ns, "DeclaratieAntwoord")
    _kopie(_kind(bron, van, "DeclaratieNummer"), antwoord, van, ns)
    _kopie(_kind(bron, van, "TotaalIngediendBedrag"), antwoord, van, ns)
    bedrag, dc = bedrag_met_dc(toegekend_cents)
    toegekend = _el(antwoord, ns, "TotaalToegekendBedrag")
    _el(toegekend, NAMESPACE_BASIS, "TotaalBedrag", bedrag)
    _el(toegekend, NAMESPACE_BASIS, "DebetCredit", dc)
    if not afgekeurd(codes.get(DECLARATIE, ())):
        clienten = _el(antwoord, ns, "Clienten")
        nummer = 0
        for c_nr, client in enumerate(_kind(bron, van, "Clienten").iterfind(f"{{{van}}}Client"),
                                      1):
            c = _el(clienten, ns, "Client")
            _kopie(_kind(client, van, "Bsn"), c, van, ns)
            lijst = _el(c, ns, "Prestaties")
            for p in _kind(client, van, "Prestaties").iterfind(f"{{{van}}}Prestatie"):
                nummer += 1
                prestatie = _el(lijst, ns, "Prestatie")
                for naam in _PRESTATIE_325:
                    gevonden = p.find(f"{{{van}}}{naam}")
                    if gevonden is not None:
                        _kopie(gevonden, prestatie, van, ns)
                _retourcodes(prestatie, ns, codes.get(("Prestatie", nummer)))
            _retourcodes(c, ns, codes.get(("Client", c_nr)))
    _retourcodes(antwoord, ns, codes.get(DECLARATIE))
    return _bytes(root)


# --- a provider's retour (WMO302, WMO320) ----------------------------------------------------


@dataclass(frozen=True)
class OntvangenRetour:
    """What a provider's retour says: which of our messages it answers and its codes per
    class (``klasse``, ``nummer`` in document order)."""

    berichttype: str
    origineel_type: str
    afzender: str
    ontvanger: str
    identificatie: str  # of our message
    identificatie_retour: str
    dagtekening_retour: date | None
    codes: tuple[tuple[str, int, str], ...]


def lees_retour(root: etree._Element) -> OntvangenRetour:
    """Read a WMO302/320. Raises OngeldigeRetour (with what is missing) when the tree lacks
    what is needed: the Header with the original BerichtIdentificatie, IdentificatieRetour
    and RetourCodes with at least one RetourCode."""
    berichttype = _berichttype(root)
    if berichttype not in ORIGINEEL:
        raise OngeldigeRetour(f"{berichttype} is not a retourbericht")
    ns = namespace(berichttype)
    header = _kind(root, ns, "Header")

    def tekst(parent: etree._Element, naam: str, nsx: str = ns) -> str:
        el = parent.find(f"{{{nsx}}}{naam}")
        if el is None or not (el.text or "").strip():
            raise OngeldigeRetour(f"{etree.QName(parent).localname} has no {naam}")
        return (el.text or "").strip()

    ident = tekst(_kind(header, ns, "BerichtIdentificatie"), "Identificatie", NAMESPACE_BASIS)
    identificatie_retour = tekst(header, "IdentificatieRetour")
    if len(identificatie_retour) > 12:
        raise OngeldigeRetour("IdentificatieRetour is at most 12 characters")
    dagtekening = None
    if header.find(f"{{{ns}}}DagtekeningRetour") is not None:
        try:
            dagtekening = date.fromisoformat(tekst(header, "DagtekeningRetour"))
        except ValueError as exc:
            raise OngeldigeRetour("DagtekeningRetour is not a date (YYYY-MM-DD)") from exc
    if header.find(f"{{{ns}}}RetourCodes") is None:
        raise OngeldigeRetour("Header has no RetourCodes")
    codes: list[tuple[str, int, str]] = []
    teller: dict[str, int] = {}
    for parent in root.iter(f"{{{ns}}}*"):
        lijst = parent.find(f"{{{ns}}}RetourCodes")
        if lijst is None:
            continue
        klasse = etree.QName(parent).localname
        teller[klasse] = teller.get(klasse, 0) + 1
        gevonden = [(c.text or "").strip() for c in lijst.iterfind(f"{{{ns}}}RetourCode")]
        if not gevonden or any(len(c) != 4 for c in gevonden):
            raise OngeldigeRetour(f"the RetourCodes of {klasse} hold no RetourCode of 4 "
                                  "characters")
        codes += [(klasse, teller[klasse], c) for c in gevonden]
    return OntvangenRetour(
        berichttype=berichttype, origineel_type=ORIGINEEL[berichttype],
        afzender=tekst(header, "Afzender"), ontvanger=tekst(header, "Ontvanger"),
        identificatie=ident, identificatie_retour=identificatie_retour,
        dagtekening_retour=dagtekening, codes=tuple(codes))
