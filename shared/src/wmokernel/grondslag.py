"""The legal bases (grondslagen) for processing and sharing personal data, and the register of
processing activities (verwerkingsactiviteiten) the logboek refers to. Pure: no I/O.

Every row of the logboek (``audit.py``) names one activity and one grondslag. A service may
pass both; otherwise the resource's activity below decides them. A share of personal data with
another party rests either on the resident's consent (:attr:`Grondslag.TOESTEMMING`, checked
against toegang's consent registry) or on one of the statutory bases here, named in the code
at the place of the share.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Grondslag(StrEnum):
    """A legal basis; the value is what the logboek stores."""

    TOESTEMMING = "toestemming"
    WMO_ONDERZOEK = "wmo-onderzoek"
    WMO_BESLUIT = "wmo-besluit"
    WMO_VERSTREKKING = "wmo-verstrekking"
    BSN_IWMO = "bsn-iwmo"
    EIGEN_BIJDRAGE = "eigen-bijdrage"
    CENTRUMGEMEENTE_OPVANG = "centrumgemeente-opvang"
    WOONGEMEENTE = "woongemeente"
    RECHTSBESCHERMING = "rechtsbescherming"
    WMO_TAAK = "wmo-taak"

    @property
    def wet(self) -> str:
        """The statute the basis rests on."""
        return _WET[self]

    @property
    def omschrijving(self) -> str:
        return _OMSCHRIJVING[self]


_WET: dict[Grondslag, str] = {
    Grondslag.TOESTEMMING: "AVG art. 6 lid 1 onder a en art. 9 lid 2 onder a (uitdrukkelijke "
                           "toestemming van de betrokkene)",
    Grondslag.WMO_ONDERZOEK: "Wmo 2015 art. 2.3.2 (onderzoek na een melding) en art. 5.1.1 "
                             "lid 1; AVG art. 6 lid 1 onder e",
    Grondslag.WMO_BESLUIT: "Wmo 2015 art. 2.3.5 (aanvraag en beschikking) en art. 5.1.1 lid 1; "
                           "AVG art. 6 lid 1 onder e",
    Grondslag.WMO_VERSTREKKING: "Wmo 2015 art. 5.1.1 (verstrekking van de maatwerkvoorziening "
                                "door de aanbieder) en de iWmo-standaard; AVG art. 6 lid 1 "
                                "onder e",
    Grondslag.BSN_IWMO: "Wmo 2015 art. 5.1.1 en de iWmo-standaard; Wet algemene bepalingen "
                        "burgerservicenummer art. 10 (gebruik van het BSN door een "
                        "overheidsorgaan)",
    Grondslag.EIGEN_BIJDRAGE: "Wmo 2015 art. 2.1.4 (bijdrage in de kosten, vastgesteld en "
                              "geïnd door het CAK) en art. 5.1.1",
    Grondslag.CENTRUMGEMEENTE_OPVANG: "Wmo 2015 art. 5.1.1 lid 1; maatschappelijke opvang en "
                                      "beschermd wonen door de centrumgemeente voor de U16",
    Grondslag.WOONGEMEENTE: "Wmo 2015 art. 5.1.1 lid 1: het college van de gemeente waar de "
                            "inwoner woont, voor zijn eigen inwoner",
    Grondslag.RECHTSBESCHERMING: "Awb hoofdstukken 6 tot en met 9 (bezwaar, beroep, "
                                 "ingebrekestelling en dwangsom, klachtbehandeling)",
    Grondslag.WMO_TAAK: "Wmo 2015 art. 5.1.1 lid 1; AVG art. 6 lid 1 onder e",
}

_OMSCHRIJVING: dict[Grondslag, str] = {
    Grondslag.TOESTEMMING: "toestemming van de inwoner voor deze ontvanger en dit doel",
    Grondslag.WMO_ONDERZOEK: "melding en onderzoek door de toegang van de gemeente",
    Grondslag.WMO_BESLUIT: "het eigen besluit van de gemeente op een aanvraag",
    Grondslag.WMO_VERSTREKKING: "levering en declaratie van een toegekende voorziening",
    Grondslag.BSN_IWMO: "het BSN in de iWmo-berichten en de gegevens voor het CAK",
    Grondslag.EIGEN_BIJDRAGE: "de eigen bijdrage via het CAK",
    Grondslag.CENTRUMGEMEENTE_OPVANG: "opvang en beschermd wonen door de centrumgemeente",
    Grondslag.WOONGEMEENTE: "de gemeente van de inwoner leest haar eigen inwoner",
    Grondslag.RECHTSBESCHERMING: "bezwaar, beroep, dwangsom en klachten",
    Grondslag.WMO_TAAK: "een taak van het college onder de Wmo 2015",
}


@dataclass(frozen=True)
class Verwerkingsactiviteit:
    """An entry of the register of processing activities (AVG art. 30): the logboek's
    ``activity`` is its ``id`` (Logboek dataverwerkingen: ``dpl.core.processing_activity_id``)."""

    id: str
    naam: str
    doel: str
    grondslag: Grondslag


def _a(id: str, naam: str, doel: str, grondslag: Grondslag) -> Verwerkingsactiviteit:
    return Verwerkingsactiviteit(f"wmo/{id}", naam, doel, grondslag)


TOEGANG = _a("toegang", "Toegang en onderzoek", "melding, eerste contact, onderzoek en "
             "verwijzing van een inwoner", Grondslag.WMO_ONDERZOEK)
CONSENT = _a("toestemmingen", "Toestemmingenregister", "vastleggen en inzien van de "
             "toestemmingen van een inwoner", Grondslag.WMO_ONDERZOEK)
BSN = _a("bsn-verstrekking", "Verstrekking BSN", "het BSN en de naam voor iWmo-berichten en "
         "het CAK", Grondslag.BSN_IWMO)
DELEN = _a("gegevens-delen", "Delen met een andere partij", "verstrekking van "
           "persoonsgegevens aan een ontvanger buiten het team", Grondslag.TOESTEMMING)
BESLUIT = _a("aanvraag-en-beschikking", "Aanvraag en beschikking", "beslissen op een aanvraag "
             "om een maatwerkvoorziening en herbeoordelen", Grondslag.WMO_BESLUIT)
VERSTREKKING = _a("levering-en-declaratie", "Levering en declaratie", "toewijzing, levering, "
                  "berichtenverkeer en declaratie van een voorziening",
                  Grondslag.WMO_VERSTREKKING)
BIJDRAGE = _a("eigen-bijdrage", "Eigen bijdrage", "gegevens voor de eigen bijdrage aan het "
              "CAK", Grondslag.EIGEN_BIJDRAGE)
OPVANG = _a("opvang-en-beschermd-wonen", "Opvang en beschermd wonen", "aanmelding, "
            "wachtlijst, plaatsing en uitstroom in de U16", Grondslag.CENTRUMGEMEENTE_OPVANG)
RECHT = _a("rechtsbescherming", "Rechtsbescherming", "bezwaar, beroep, ingebrekestelling en "
           "klachten", Grondslag.RECHTSBESCHERMING)
ALGEMEEN = _a("maatschappelijke-ondersteuning", "Maatschappelijke ondersteuning",
              "een taak van het college onder de Wmo 2015", Grondslag.WMO_TAAK)

REGISTER: dict[str, Verwerkingsactiviteit] = {a.id: a for a in (
    TOEGANG, CONSENT, BSN, DELEN, BESLUIT, VERSTREKKING, BIJDRAGE, OPVANG, RECHT, ALGEMEEN)}

# The activity of a resource type as the services name it in their audit calls.
PER_RESOURCE: dict[str, Verwerkingsactiviteit] = {
    "melding": TOEGANG, "client": TOEGANG, "onderzoek": TOEGANG, "verwijzing": TOEGANG,
    "toestemming": CONSENT, "bsn": BSN, "delen": DELEN,
    "aanvraag": BESLUIT, "beschikking": BESLUIT, "herbeoordeling": BESLUIT,
    "wlz-overgang": BESLUIT,
    "toewijzing": VERSTREKKING, "iwmo-bericht": VERSTREKKING, "iwmo-verzoek": VERSTREKKING,
    "declaratie": VERSTREKKING, "hulpmiddel": VERSTREKKING,
    "hulpmiddel-verstrekking": VERSTREKKING, "cak-melding": BIJDRAGE,
    "aanmelding": OPVANG, "plaatsing": OPVANG, "woningaanbod": OPVANG, "wachtlijst": OPVANG,
    "bezwaar": RECHT, "beroep": RECHT, "ingebrekestelling": RECHT, "klacht": RECHT,
}


def activiteit_van(resource_type: str) -> Verwerkingsactiviteit:
    """The activity a processing of ``resource_type`` belongs to (the general Wmo task for a
    resource the register does not name)."""
    return PER_RESOURCE.get(resource_type, ALGEMEEN)


def grondslag_van_lezer(roles: frozenset[str]) -> Grondslag | None:
    """The legal basis on which a party outside the municipal toegang receives a resident's
    data, by its role: a U16 municipality its own resident (need-to-know keeps it to those),
    a provider the clients it delivers to; None for the gemeente's own workers (the
    activity's basis)."""
    if "u16-gemeente" in roles:
        return Grondslag.WOONGEMEENTE
    if "aanbieder" in roles:
        return Grondslag.WMO_VERSTREKKING
    return None
