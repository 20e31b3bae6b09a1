"""What the monitor counts as what: provisions of Bijlage 3, BW forms, channels, norms (the
norms themselves come from ``wmokernel.normen``). Their SQL twins are in
``repository/reference_sql.py``."""

from __future__ import annotations

from wmokernel import normen

# Bijlage 3 "Aanvullende zorg/maatwerkvoorzieningen": row → (product codes, WMO020 categories).
# A product code match wins over a category match.
VOORZIENINGEN: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("Individuele begeleiding", ("02A01", "02A05"), ()),
    ("Thuisbegeleiding", ("02A03",), ()),
    ("Arbeidsmatige activering", ("07A02",), ()),
    ("Dagbegeleiding", ("07A01",), ()),
    ("Hulp bij het huishouden", (), ("01",)),
    ("Vervoersvoorziening", (), ("08", "12")),
    ("Woonvoorziening/woningaanpassing", (), ("13",)),
    ("Rolstoelvoorziening", (), ("11",)),
]
# rows of the wait table (the seed does not report vervoer, woon and rolstoel waits)
WACHT_VOORZIENINGEN = [v[0] for v in VOORZIENINGEN[:5]]
NORM_AANVULLENDE_ZORG = normen.WACHTNORM_AANVULLENDE_ZORG_DAGEN
NORM_EERSTE_CONTACT = normen.EERSTE_CONTACT_WERKDAGEN
NORM_OPNAME = normen.WACHTNORM_OPNAME_DAGEN

BUURTTEAM_KANALEN = ("buurtteam", "signaal-professional", "online")
BW_SOORTEN = ["Beschermd Thuis", "Beschermd Verblijf", "Beschermd Wonen bovenregionaal",
              "Living Lab"]
BW_NORM = {"Beschermd Thuis": NORM_OPNAME, "Beschermd Verblijf": NORM_OPNAME,
           "Beschermd Wonen bovenregionaal": NORM_OPNAME,
           "Living Lab": normen.WACHTNORM_OPNAME_LIVING_LAB_DAGEN}
BW_VORMEN = ("beschermd-thuis", "beschermd-verblijf", "living-lab")
MO_VORMEN = ("mo-nachtopvang", "mo-24-uursopvang", "mo-crisisopvang", "mo-jongerenopvang")
BACKUP_KANAAL = "stadsteam-back-up"

# WMO020 product categories as the budget view names them (DOMAIN §4); "00" stands for a
# declaratie of an older shape that named none.
PRODUCTCATEGORIEEN = {
    "01": "Hulp bij het huishouden", "02": "Begeleiding", "03": "Persoonlijke verzorging",
    "04": "Kortdurend verblijf", "05": "Woondiensten", "06": "Overige individueel",
    "07": "Dagbesteding", "08": "Vervoerdiensten", "09": "Overige groepsgericht",
    "10": "Overige maatwerk", "11": "Rolstoelen", "12": "Vervoervoorzieningen",
    "13": "Woonvoorzieningen", "14": "Overige hulpmiddelen", "15": "Beschermd wonen",
    "16": "Opvang", "17": "Spoedopvang", "18": "Overige BW en opvang", "00": "Onbekend",
}
# the seeds' herverstrekking rate of returned aids (002 L2459-2465)
NORM_HERVERSTREKKING = 85


def voorziening(product_code: str, productcategorie: str) -> str:
    for naam, codes, _ in VOORZIENINGEN:
        if product_code in codes:
            return naam
    for naam, _, categorieen in VOORZIENINGEN:
        if productcategorie in categorieen:
            return naam
    return f"Overig ({productcategorie})"


def bw_soort(vorm: str, bovenregionaal: bool | None) -> str | None:
    if vorm == "beschermd-thuis":
        return "Beschermd Thuis"
    if vorm == "beschermd-verblijf":
        return "Beschermd Wonen bovenregionaal" if bovenregionaal else "Beschermd Verblijf"
    if vorm == "living-lab":
        return "Living Lab"
    return None
