"""Codes of the iWmo 3.2 code lists this service uses (COD002, WJ001, WJ760, WJ759, WMO588)."""

from __future__ import annotations

from types import MappingProxyType

NAMESPACE_BASIS = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"


def namespace(berichttype: str) -> str:
    return f"http://www.istandaarden.nl/iwmo/3_2/{berichttype.lower()}/schema"


# COD002-VEKTIS berichtcode per message type (the retourberichten included).
BERICHTCODE = MappingProxyType({
    "WMO301": "414", "WMO305": "418", "WMO307": "420", "WMO315": "444", "WMO317": "480",
    "WMO319": "482", "WMO323": "484",
    "WMO302": "415", "WMO306": "419", "WMO308": "421", "WMO316": "445", "WMO318": "481",
    "WMO320": "483", "WMO325": "485",
})
INKOMEND = ("WMO305", "WMO307", "WMO315", "WMO317", "WMO323")
UITGAAND = ("WMO301", "WMO319")
# The providers' retour on our messages (no official XSD in the reference set).
RETOUR_INKOMEND = ("WMO302", "WMO320")

# The retourbericht that answers each message type.
RETOURTYPE = MappingProxyType({
    "WMO301": "WMO302", "WMO305": "WMO306", "WMO307": "WMO308", "WMO315": "WMO316",
    "WMO317": "WMO318", "WMO319": "WMO320", "WMO323": "WMO325",
})
ORIGINEEL = MappingProxyType({v: k for k, v in RETOURTYPE.items()})

# The berichtklassen of each message type besides the Header: each gets its own RetourCodes
# in the retourbericht (in WMO325 the Declaratie is the DeclaratieAntwoord).
BERICHTKLASSEN = MappingProxyType({
    "WMO301": ("Client", "Relatie", "Contact", "ToegewezenProduct"),
    "WMO305": ("Client", "StartProduct"),
    "WMO307": ("Client", "StopProduct"),
    "WMO315": ("Client", "AangevraagdProduct"),
    "WMO317": ("Client", "Verzoek", "OngewijzigdProduct", "TeWijzigenProduct", "NieuwProduct"),
    "WMO319": ("Antwoord",),
    "WMO323": ("Declaratie", "Client", "Prestatie"),
})
XSD_VERSIE = "1.0.0"

# WJ001 retourcodes used by the checks (meaning as in the code list).
RETOURCODES = MappingProxyType({
    "0001": "Bericht is afgekeurd om technische redenen.",
    "0200": "Geen opmerking over deze berichtklasse.",
    "0233": "Berichtklasse is niet beoordeeld.",
    "8001": "Declaratie is volledig toegewezen.",
    "8017": "Van deze credit prestatie is geen debet prestatie bekend.",
    "8021": "Referentienummer prestatie is reeds aangeleverd.",
    "8187": "De prestatie hoort niet bij deze cliënt.",
    "8848": "Dagtekening moet gelijk zijn aan of voor de systeemdatum liggen.",
    "9019": "Het regiebericht kan niet gekoppeld worden aan een toewijzing.",
    "9056": "Identificatie moet uniek zijn.",
    "9063": "Het bericht kan niet verwerkt worden omdat geen eerder bericht ontvangen is",
    "9069": "Er is geen actueel startbericht met dezelfde sleutel.",
    "9071": "Het eerdere startbericht kan niet verwijderd worden omdat de zorg al beeindigd is.",
    "9074": "Er is al een eerder bericht ontvangen met dezelfde sleutel.",
    "9307": "Begindatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing.",
    "9308": "Einddatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing.",
    "9319": "De ProductPeriode valt niet geheel binnen een DeclaratiePeriode.",
    "9321": "Het ingediende volume overschrijdt het toegewezen volume.",
    "9322": "De som van de ingediende volumes overschrijdt het toegewezen volume.",
    "9326": "De actuele levering is nog niet gestopt met een Stopbericht.",
    "9333": "Declaratienummer is niet uniek.",
    "9338": "Niet iedere prestatie in een declaratiebericht is gerelateerd aan een toegewezen "
            "product op basis van het toewijzingnummer.",
    "9339": "ProductCategorie in de prestatie is niet gelijk aan ProductCategorie in het "
            "ToegewezenProduct.",
    "9340": "ProductCode in de Prestatie is niet gelijk aan ProductCode in het "
            "ToegewezenProduct.",
    "9341": "Eenheid in de Prestatie past niet bij Eenheid in het ToegewezenProduct.",
    "9346": "Eenheid is ongelijk is aan waarde 83 (Euro's), maar IngediendBedrag is niet gelijk "
            "aan GeleverdVolume vermenigvuldigd met (het onafgeronde) ProductTarief.",
    "9347": "ReferentieAanbieder is niet uniek voor de aanbieder binnen het wettelijk domein.",
    "9349": "Het VOW bericht bevat niet alle actuele toegewezen producten van de cliënt, hetzij "
            "in OngewijzigdProduct, hetzij in TeWijzigenProduct.",
    "9350": "OngewijzigdProduct is niet gerelateerd aan een actueel toegewezen product op basis "
            "van het toewijzingnummer.",
    "9351": "TeWijzigenProduct is niet gerelateerd aan een actuele toewijzing op basis van "
            "ToewijzingNummer.",
    "9357": "GewensteIngangsdatum is kleiner dan of gelijk aan de dagtekening, maar niet "
            "gelijk aan de ingangsdatum van het originele ToegewezenProduct.",
    "9361": "Het product komt vaker voor met overlappende zorgperiodes.",
    "9369": "Budget is meegegeven, maar de som van GeleverdVolume in alle ingediende "
            "Prestaties passen niet binnen het toegewezen Budget.",
    "9374": "Er is al een verzoek onderhanden.",
    "9384": "Declaratie op toewijzing met RedenWijziging “13” (Verwijderd).",
    "9385": "Toewijzing heeft goedgekeurde declaratieregels.",
    "9387": "Begindatum van de ProductPeriode is niet eerste dag van de kalendermaand waarop "
            "ProductPeriode betrekking heeft en Ingangsdatum van de toewijzing ligt niet later "
            "in deze betreffende maand.",
    "9388": "Einddatum van de ProductPeriode is niet laatste dag van de kalendermaand waarop "
            "ProductPeriode betrekking heeft en Einddatum van de toewijzing ligt niet eerder "
            "in deze betreffende maand.",
    "9390": "Er is al een Prestatie met gelijk ProductReferentie met waarde Credit.",
    "9411": "Omvang is leeg, terwijl Code in Product bij de toewijzing met ToewijzingNummer "
            "gevuld is.",
    "9413": "StatusAanlevering is waarde 1 of 2 en RedenBeeindiging heeft waarde 20, terwijl "
            "er al een ander StopProduct met hetzelfde Bsn, ToewijzingNummer, Begindatum en "
            "RedenBeeindiging waarde 20 is.",
    "9414": "Einddatum is niet >= aan Einddatum uit actuele StopProduct met gelijk Bsn, "
            "ToewijzingNummer en Begindatum.",
    "9415": "Er is al een StopProduct met gelijk Bsn, ToewijzingNummer, Begindatum en "
            "RedenBeeindiging <> waarde 20 en StatusAanlevering heeft waarde 1 of 2.",
    "0611": "Het ingediende tarief komt niet overeen met het contractuele tarief",
    "S300": "Gemeentecode ongeldig.",
    "S329": "ProductCode ongeldig.",
})

GOEDGEKEURD = "0200"
NIET_BEOORDEELD = "0233"
GOED = ("0200", "8001")  # codes of an approved part

_ALGEMEEN = ("0001", "0200", "0233", "8848", "S300")  # the header check and any part

# Every code this service answers per incoming type (the retour builder refuses others; a
# test holds the table against WJ001's column "Berichttypen").
RETOURCODES_PER_TYPE = MappingProxyType({
    "WMO305": frozenset({*_ALGEMEEN, "9019", "9063", "9071", "9074", "9326"}),
    "WMO307": frozenset({*_ALGEMEEN, "9019", "9063", "9069", "9413", "9414", "9415"}),
    "WMO315": frozenset({*_ALGEMEEN, "S329", "9347", "9374"}),
    "WMO317": frozenset({*_ALGEMEEN, "S329", "9347", "9349", "9350", "9351", "9357", "9361",
                         "9374", "9411"}),
    "WMO323": frozenset({*_ALGEMEEN, "0611", "8001", "8017", "8021", "8187", "9307", "9308",
                         "9319", "9321", "9322", "9333", "9338", "9339", "9340", "9341",
                         "9346", "9369", "9384", "9387", "9388", "9390"}),
})

# WJ760
VERZOEK_AFGEWEZEN = "1"
AANVRAAG_IN_ONDERZOEK = "2"

# WJ759 (reden afwijzing verzoek) values the XSD allows.
REDENEN_AFWIJZING = tuple(str(i) for i in range(1, 10))

# WMO588: reden 20 is a temporary stop.
TIJDELIJK_GESTOPT = "20"

# COD467 StatusAanlevering of a StartProduct or StopProduct.
EERSTE, GEWIJZIGD, VERWIJDEREN = "1", "2", "3"

# WMO002 RedenWijziging of a toewijzing the gemeente changes.
VERKORTING = "05"  # herbeoordeling: shorter, or another omvang (gemeente's initiative)
OP_VERZOEK_AANBIEDER = "12"  # geïnitieerd door de aanbieder (a granted VOW)
VERWIJDERD = "13"  # sent wrongly: einddatum = ingangsdatum, as if never sent

# WMO757 frequentie and WJ756 eenheid.
PER_DAG, PER_WEEK, PER_MAAND, TOTAAL = "1", "2", "4", "6"
EURO = "83"
