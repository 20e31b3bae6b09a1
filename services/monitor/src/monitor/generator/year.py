"""A synthetic Utrecht-sized year of events, built with the catalogue classes (so every payload
is valid) and published as CloudEvents to the real topics; returns its own truth: the Bijlage 3
figures of the year, computed here from the generator's own records, independently of the
monitor's SQL.

Volumes at ``schaal=1.0`` follow the 2022 column of the seeds' Bijlage 3 (DOMAIN §3–5): about
12,200 buurtteam casussen (6,300 new) for 11,000 clients, the clients per provision, BW and MO.
Casussen, provisions and placements that started in earlier years but run into the year are
generated too (with their earlier dates), and some noise that must not be counted (closed or
ended before the year, channels outside the buurtteam, afgewezen aanvragen). The year's iWmo
messages, verzoeken and term signals follow (iwmo.py), and the approved prestaties, payment
batches and the depot's aids (uitgaven.py), each with their own truth.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer
from wmokernel import normen
from wmokernel.catalogue import EventPayload
from wmokernel.events import indicatie as ind
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg

from ..domain.reference import BW_SOORTEN, VOORZIENINGEN, WACHT_VOORZIENINGEN, bw_soort
from .iwmo import IwmoGenerator, Levering, Truth
from .uitgaven import Product, UitgavenGenerator

# The legal terms as the generator lays them (calendar days, no termijnenwet extension).
_ONDERZOEKSTERMIJN = timedelta(weeks=normen.ONDERZOEK_WEKEN)
_BESLISTERMIJN = timedelta(weeks=normen.BESLISTERMIJN_WEKEN)
_BEZWAARTERMIJN = timedelta(weeks=normen.BEZWAARTERMIJN_WEKEN)
_BEZWAAR_BESLISTERMIJN = timedelta(weeks=normen.BEZWAAR_BESLISTERMIJN_WEKEN)

WIJKEN = {"West": 13, "Noordwest": 34, "Overvecht": 53, "Noordoost en Oost": 34,
          "Binnenstad": 9, "Zuid": 16, "Zuidwest": 35, "Leidsche Rijn": 11,
          "Vleuten-De Meern": 17}
U16 = ["0312", "0310", "0736", "0321", "0353", "0331", "0335", "0356", "0589", "1904", "0344",
       "1581", "1961", "0352", "0632", "0355"]
AANBIEDERS = ["75750101", "75750102", "75750103", "75750104", "75750105"]

# Bijlage 3, 2022 column (DOMAIN §3–5)
BUURTTEAM = {"clienten": 10953, "casussen": 12213, "nieuw": 6325}
VOORZIENING_CLIENTEN = {"Individuele begeleiding": 2144, "Thuisbegeleiding": 396,
                        "Arbeidsmatige activering": 654, "Dagbegeleiding": 643,
                        "Hulp bij het huishouden": 5888, "Vervoersvoorziening": 12685,
                        "Woonvoorziening/woningaanpassing": 3458, "Rolstoelvoorziening": 2362}
VOORZIENING_WACHT = {"Individuele begeleiding": 51, "Thuisbegeleiding": 66,
                     "Arbeidsmatige activering": 16, "Dagbegeleiding": 14,
                     "Hulp bij het huishouden": 25}
# provision → (product code, WMO020 category, volume, eenheid, frequentie, tariff cents)
PRODUCTEN = {
    "Individuele begeleiding": ("02A01", "02", 3, "04", "2", 6400),
    "Thuisbegeleiding": ("02A03", "02", 2, "04", "2", 6100),
    "Arbeidsmatige activering": ("07A02", "07", 2, "16", "2", 5200),
    "Dagbegeleiding": ("07A01", "07", 2, "16", "2", 5400),
    "Hulp bij het huishouden": ("01A01", "01", 3, "04", "2", 3490),
    "Vervoersvoorziening": ("12A01", "12", 1, "83", "6", 45000),
    "Woonvoorziening/woningaanpassing": ("13A01", "13", 1, "83", "6", 320000),
    "Rolstoelvoorziening": ("11A01", "11", 1, "83", "6", 180000),
}
BW = {"Beschermd Thuis": (982, 130, "beschermd-thuis", False),
      "Beschermd Verblijf": (691, 179, "beschermd-verblijf", False),
      "Beschermd Wonen bovenregionaal": (122, 95, "beschermd-verblijf", True),
      "Living Lab": (162, 30, "living-lab", False)}
MO = {"jong": (465, "mo-jongerenopvang", "stadsteam-back-up"),
      "volw": (1496, "mo-24-uursopvang", "stadsteam-back-up"),
      "overig": (118, "mo-crisisopvang", "politie")}


@dataclass
class GeneratedYear:
    jaar: int
    events: list[EventPayload] = field(default_factory=list)
    truth: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    iwmo_truth: Truth = field(default_factory=dict)  # the iWmo KPIs over the year
    # realised and paid cents of the year's care per WMO020 category ("gerealiseerd",
    # "betaald"), and the aids over the year ("verstrekt", "herverstrekt", "terug-in-depot",
    # "afgeschreven")
    budget_truth: dict[str, dict[str, int]] = field(default_factory=dict)
    hulpmiddel_truth: dict[str, int] = field(default_factory=dict)


class _Gen:
    def __init__(self, jaar: int, schaal: float, seed: int) -> None:
        self.jaar, self.schaal = jaar, schaal
        self.rng = random.Random(seed)
        self.begin, self.end = date(jaar, 1, 1), date(jaar, 12, 31)
        self.events: list[EventPayload] = []
        self.leveringen: list[Levering] = []  # ZIN deliveries, for their iWmo messages
        self.producten: list[Product] = []  # granted ZIN products, for prestaties and aids

    def n(self, full: int) -> int:
        return max(1, round(full * self.schaal))

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def client(self) -> str:
        return f"p-{self.rng.getrandbits(128):032x}"

    def day(self, a: date, b: date) -> date:
        return a + timedelta(days=self.rng.randrange((b - a).days + 1))

    def overlaps(self, start: date, stop: date | None) -> bool:
        return start <= self.end and (stop is None or stop >= self.begin)

    # -- buurtteam ----------------------------------------------------------------------------
    def buurtteam(self, truth: dict[str, Any]) -> list[str]:
        rng, y = self.rng, self.jaar
        n_new, n_old = self.n(BUURTTEAM["nieuw"]), self.n(BUURTTEAM["casussen"] -
                                                          BUURTTEAM["nieuw"])
        n_clients = min(self.n(BUURTTEAM["clienten"]), n_new + n_old)
        pool: list[str] = []
        counted: list[tuple[str, bool]] = []  # (client, gemeld in year) of counted casussen
        waits: list[int] = []
        specs = ([("old", None)] * n_old + [("new", None)] * n_new
                 + [("noise", None)] * max(1, n_old // 10))
        for i, (kind, _) in enumerate(specs):
            if kind == "new":
                gemeld = self.day(self.begin, self.end)
            else:
                gemeld = self.day(date(y - 1, 1, 1), date(y - 1, 12, 31))
            if i < n_clients or not pool:
                client = self.client()
                pool.append(client)
                terug = False
            else:
                client = rng.choice(pool)
                terug = True
            if kind == "noise":
                closed: date | None = min(gemeld + timedelta(days=rng.randint(10, 120)),
                                          date(y - 1, 12, 31))
            elif kind == "old":
                closed = (self.day(self.begin, date(y + 1, 6, 30)) if rng.random() < 0.8
                          else None)
            else:
                closed = (gemeld + timedelta(days=rng.randint(14, 240))
                          if rng.random() < 0.75 else None)
            kanaal = rng.choices([tg.Kanaal.BUURTTEAM, tg.Kanaal.ONLINE, tg.Kanaal.WMO_LOKET],
                                 [90, 5, 5])[0]
            wijk = rng.choices(list(WIJKEN), list(WIJKEN.values()))[0]
            melding_id = self.uid()
            self.events.append(tg.MeldingOntvangen(
                melding_id=melding_id, client_id=client, kanaal=kanaal, gemeld_op=gemeld,
                wijk=wijk, team=wijk.lower().replace(" ", "-"), terugkerend=terug,
                eerste_contact_uiterlijk=gemeld + timedelta(days=7),
                onderzoek_uiterlijk=gemeld + _ONDERZOEKSTERMIJN))
            buurtteam = kanaal != tg.Kanaal.WMO_LOKET
            if buurtteam and self.overlaps(gemeld, closed) and kind != "noise":
                counted.append((client, gemeld >= self.begin))
            werkdagen = max(0, round(rng.gauss(7.2, 3.0)))
            contact = gemeld + timedelta(days=werkdagen * 7 // 5)
            if closed is not None and contact > closed:
                contact = closed
            self.events.append(tg.EersteContactGelegd(
                melding_id=melding_id, client_id=client, contact_op=contact,
                eerste_contact_uiterlijk=gemeld + timedelta(days=7), werkdagen=werkdagen,
                binnen_norm=werkdagen <= normen.EERSTE_CONTACT_WERKDAGEN))
            if buurtteam and self.begin <= contact <= self.end:
                waits.append(werkdagen)
            if rng.random() < 0.6:
                dagen = rng.randint(7, 55)
                afgerond = gemeld + timedelta(days=dagen)
                self.events.append(tg.OnderzoekAfgerond(
                    melding_id=melding_id, client_id=client, afgerond_op=afgerond,
                    gemeld_op=gemeld, onderzoek_uiterlijk=gemeld + _ONDERZOEKSTERMIJN,
                    binnen_termijn=dagen <= 42,
                    perspectief=rng.choice(list(tg.Perspectief)),
                    ondersteuningsvorm=rng.choices(list(tg.Ondersteuningsvorm), [45, 55])[0]))
            if closed is not None:
                verwezen = rng.random() < 0.2
                uitkomst = (tg.Uitkomst.VERWEZEN_AANVULLENDE_ZORG if verwezen else rng.choice(
                    [tg.Uitkomst.OPGELOST_BASISZORG, tg.Uitkomst.OPGELOST_SOCIALE_BASIS]))
                if verwezen:
                    self.events.append(tg.VerwijzingGedaan(
                        verwijzing_id=self.uid(), melding_id=melding_id, client_id=client,
                        verwezen_op=closed, gemeld_op=gemeld))
                self.events.append(tg.CasusGesloten(
                    melding_id=melding_id, client_id=client, afgesloten_op=closed,
                    gemeld_op=gemeld, uitkomst=uitkomst))
        truth["buurtteam-clienten"] = {
            "Aantal unieke cliënten": len({c for c, _ in counted}),
            "Aantal casussen": len(counted),
            "Aantal nieuw gestarte casussen": sum(1 for _, new in counted if new)}
        truth["buurtteam-wachttijd"] = {
            "Buurtteam": round(sum(waits) / len(waits), 1) if waits else None}
        return pool

    # -- aanvullende zorg ---------------------------------------------------------------------
    def aanvullende_zorg(self, truth: dict[str, Any], pool: list[str]) -> None:
        rng, y = self.rng, self.jaar
        clients: dict[str, set[str]] = defaultdict(set)
        waits: dict[str, list[int]] = defaultdict(list)
        for naam, full in VOORZIENING_CLIENTEN.items():
            code, cat, volume, eenheid, freq, tarief = PRODUCTEN[naam]
            n = self.n(full)
            for i in range(n + max(1, n // 20)):
                noise = i >= n
                client = rng.choice(pool) if rng.random() < 0.1 else self.client()
                if noise:  # ended before the year: not counted
                    ingang = self.day(date(y - 3, 1, 1), date(y - 2, 12, 31))
                    eind: date | None = self.day(ingang, date(y - 1, 12, 31))
                elif rng.random() < 0.35:
                    ingang = self.day(self.begin, self.end)
                    eind = None if rng.random() < 0.5 else ingang + timedelta(days=365)
                else:
                    ingang = self.day(date(y - 3, 1, 1), date(y - 1, 12, 31))
                    eind = None if rng.random() < 0.5 else self.day(self.begin,
                                                                   date(y + 2, 12, 31))
                mean = VOORZIENING_WACHT.get(naam, 20)
                wacht = max(0, round(rng.gauss(mean, mean / 3)))
                verwezen = ingang - timedelta(days=wacht)
                ontvangen = verwezen + timedelta(days=rng.randint(0, 3))
                afgegeven = ontvangen + timedelta(days=rng.randint(2, 20))
                aanvraag_id, beschikking_id, bp_id = self.uid(), self.uid(), self.uid()
                aanbieder = rng.choice(AANBIEDERS)
                pgb = naam in WACHT_VOORZIENINGEN and rng.random() < 0.08
                self.events.append(ind.AanvraagOntvangen(
                    aanvraag_id=aanvraag_id, melding_id=None, client_id=client,
                    ontvangen_op=ontvangen, beslissen_uiterlijk=ontvangen + _BESLISTERMIJN))
                omvang = ind.Omvang(volume=volume, eenheid=eenheid, frequentie=freq)
                self.events.append(ind.BeschikkingAfgegeven(
                    beschikking_id=beschikking_id, aanvraag_id=aanvraag_id, melding_id=None,
                    client_id=client, besluit=ind.Besluit.TOEGEKEND, afgegeven_op=afgegeven,
                    bezwaar_uiterlijk=afgegeven + _BEZWAARTERMIJN, ontvangen_op=ontvangen,
                    beslissen_uiterlijk=ontvangen + _BESLISTERMIJN,
                    binnen_termijn=afgegeven <= ontvangen + _BESLISTERMIJN,
                    producten=[ind.BeschiktProductFeit(
                        beschikt_product_id=bp_id, product_code=code, productcategorie=cat,
                        leveringsvorm=ind.Leveringsvorm.PGB if pgb else ind.Leveringsvorm.ZIN,
                        omvang=omvang, ingangsdatum=ingang, einddatum=eind,
                        aanbieder=None if pgb else aanbieder, tarief_cents=tarief,
                        eigen_bijdrage_cents=2100)]))
                product = Product(client, aanvraag_id, bp_id, code, cat, volume, eenheid, freq,
                                  tarief, aanbieder, ingang, eind)
                if not noise:
                    clients[naam].add(client)
                    if not pgb:
                        self.producten.append(product)
                if self.begin <= afgegeven <= self.end and rng.random() < 0.02:
                    self._bezwaar(beschikking_id, aanvraag_id, client, afgegeven)
                if naam not in WACHT_VOORZIENINGEN or pgb:
                    continue
                toewijzing_id = self.uid()
                common = dict(toewijzing_id=toewijzing_id, aanvraag_id=aanvraag_id,
                              beschikking_id=beschikking_id, client_id=client,
                              product_code=code, productcategorie=cat, aanbieder=aanbieder)
                self.events.append(ind.ToewijzingGedaan(
                    **common, beschikt_product_id=bp_id, leveringsvorm=ind.Leveringsvorm.ZIN,
                    omvang=omvang, tarief_cents=tarief, toegewezen_op=afgegeven,
                    ingangsdatum=ingang, einddatum=eind, herbeoordeling_op=None,
                    verwezen_op=verwezen))
                start_nr = len(self.events)
                self.events.append(ind.LeveringGestart(
                    **common, startdatum=ingang, verwezen_op=verwezen, wachtdagen=wacht,
                    binnen_norm=wacht <= normen.WACHTNORM_AANVULLENDE_ZORG_DAGEN))
                if self.begin <= ingang <= self.end:
                    waits[naam].append(wacht)
                stop = eind if eind is not None and eind <= self.end else None
                if stop is None and rng.random() < 0.1 and ingang < self.end:
                    stop = self.day(max(ingang, self.begin), self.end)
                stop_nr = len(self.events) if stop is not None else None
                if stop is not None:
                    self.events.append(ind.LeveringGestopt(
                        **common, stopdatum=stop, reden_beeindiging=rng.choice(["01", "02", "08"]),
                        gestart=True))
                self.leveringen.append(Levering(toewijzing_id, client, aanbieder, ingang, stop,
                                                start_nr, stop_nr))
                product.toewijzing_id, product.stop = toewijzing_id, stop
        # some afgewezen aanvragen: a beschikking without products, not counted anywhere
        for _ in range(self.n(800)):
            client, aanvraag_id = self.client(), self.uid()
            ontvangen = self.day(self.begin, self.end)
            self.events.append(ind.AanvraagOntvangen(
                aanvraag_id=aanvraag_id, melding_id=None, client_id=client,
                ontvangen_op=ontvangen, beslissen_uiterlijk=ontvangen + _BESLISTERMIJN))
            afgegeven = ontvangen + timedelta(days=rng.randint(3, 25))
            self.events.append(ind.BeschikkingAfgegeven(
                beschikking_id=self.uid(), aanvraag_id=aanvraag_id, melding_id=None,
                client_id=client, besluit=ind.Besluit.AFGEWEZEN, afgegeven_op=afgegeven,
                bezwaar_uiterlijk=afgegeven + _BEZWAARTERMIJN,
                binnen_termijn=afgegeven <= ontvangen + _BESLISTERMIJN))
        truth["aanvullende-zorg-clienten"] = {naam: len(clients[naam])
                                              for naam, _, _ in VOORZIENINGEN}
        truth["aanvullende-zorg-wachttijd"] = {
            naam: round(sum(waits[naam]) / len(waits[naam])) if waits[naam] else None
            for naam in WACHT_VOORZIENINGEN}

    def _bezwaar(self, beschikking_id: uuid.UUID, aanvraag_id: uuid.UUID, client: str,
                 afgegeven: date) -> None:
        rng, bezwaar_id = self.rng, self.uid()
        ingediend = afgegeven + timedelta(days=rng.randint(5, 40))
        uiterlijk = ingediend + _BEZWAAR_BESLISTERMIJN
        self.events.append(ind.BezwaarIngediend(
            bezwaar_id=bezwaar_id, beschikking_id=beschikking_id, aanvraag_id=aanvraag_id,
            client_id=client, ingediend_op=ingediend, binnen_termijn=True,
            adviescommissie=False, beslissen_uiterlijk=uiterlijk))
        besloten = ingediend + timedelta(days=rng.randint(20, 60))
        self.events.append(ind.BezwaarBeslist(
            bezwaar_id=bezwaar_id, beschikking_id=beschikking_id, aanvraag_id=aanvraag_id,
            client_id=client, uitkomst=rng.choice(list(ind.BezwaarUitkomst)),
            besloten_op=besloten, beslissen_uiterlijk=uiterlijk,
            binnen_termijn=besloten <= uiterlijk, nieuwe_beschikking_nodig=False))

    # -- opvang and beschermd wonen -----------------------------------------------------------
    def opvang(self, truth: dict[str, Any]) -> None:
        rng, y = self.rng, self.jaar
        locaties = {(vorm, boven): [(self.uid(), rng.randint(8, 40)) for _ in range(6)]
                    for vorm, boven in [(v[2], v[3]) for v in BW.values()]
                    + [(m[1], False) for m in MO.values()]}
        bw_clients: dict[str, set[str]] = defaultdict(set)
        bw_waits: dict[str, list[int]] = defaultdict(list)
        wachtlijst: list[tuple[date, date | None, str]] = []  # verwezen, opgenomen, soort
        mo: dict[str, set[str]] = defaultdict(set)
        plan = [(soort, full, wacht, vorm, boven, "regionale-toegang")
                for soort, (full, wacht, vorm, boven) in BW.items()]
        plan += [(key, full, 10, vorm, False, kanaal)
                 for key, (full, vorm, kanaal) in MO.items()]
        for soort, full, mean_wait, vorm_s, boven, kanaal in plan:
            vorm = opv.OpvangVormDetail(vorm_s)
            is_bw = soort in BW
            n = self.n(full)
            extra_waiting = max(1, n // 8) if is_bw else 0
            for i in range(n + extra_waiting):
                client, aanmelding_id = self.client(), self.uid()
                gemeente = "0344" if rng.random() < 0.7 else rng.choice(U16)
                wacht = max(0, round(rng.gauss(mean_wait, mean_wait / 3)))
                placed = i < n
                if placed and rng.random() < 0.4:
                    opgenomen: date | None = self.day(self.begin, self.end)
                elif placed:
                    opgenomen = self.day(date(y - 2, 1, 1), date(y - 1, 12, 31))
                else:
                    opgenomen = None
                verwezen = (opgenomen - timedelta(days=wacht) if opgenomen is not None
                            else self.day(date(y - 1, 6, 1), self.end))
                self.events.append(opv.AanmeldingOntvangen(
                    aanmelding_id=aanmelding_id, client_id=client, gemeente=gemeente,
                    vorm=vorm, kanaal=kanaal, verwezen_op=verwezen, buiten_regio=False,
                    doelgroep="wmo", financiering="wmo"))
                norm = normen.wachtnorm_opname_dagen(vorm_s)
                if is_bw:
                    self.events.append(opv.OpWachtlijstGeplaatst(
                        aanmelding_id=aanmelding_id, client_id=client, gemeente=gemeente,
                        vorm=vorm, verwezen_op=verwezen, prioriteit="regulier", norm_dagen=norm))
                    wachtlijst.append((verwezen, opgenomen,
                                       bw_soort(vorm_s, boven if opgenomen else None) or soort))
                if opgenomen is None:
                    continue
                locatie, cap = rng.choice(locaties[(vorm_s, boven)])
                plaatsing_id = self.uid()
                place = dict(aanmelding_id=aanmelding_id, client_id=client, gemeente=gemeente,
                             plaatsing_id=plaatsing_id, vorm=vorm, locatie_id=locatie,
                             locatie_gemeente="0344", bovenregionaal=boven, capaciteit=cap)
                self.events.append(opv.ClientOpgenomen(
                    **place, verwezen_op=verwezen, opgenomen_op=opgenomen, wachtdagen=wacht,
                    norm_dagen=norm, binnen_norm=wacht <= norm))
                uit: date | None = None
                if rng.random() < 0.45:
                    uit = self.day(max(opgenomen, self.begin), date(y + 1, 3, 31))
                elif opgenomen < self.begin and rng.random() < 0.05:
                    uit = self.day(opgenomen, self.begin - timedelta(days=1))  # left before
                if uit is not None:
                    self.events.append(opv.ClientUitgestroomd(
                        **place, opgenomen_op=opgenomen, uitgestroomd_op=uit,
                        verblijfsdagen=(uit - opgenomen).days,
                        bestemming=rng.choice(list(opv.UitstroomBestemming))))
                if not self.overlaps(opgenomen, uit):
                    continue
                if is_bw:
                    bw_clients[soort].add(client)
                    if self.begin <= opgenomen <= self.end:
                        bw_waits[soort].append(wacht)
                else:
                    mo["totaal"].add(client)
                    mo[soort].add(client)
        truth["bw-clienten"] = {s: len(bw_clients[s]) for s in BW_SOORTEN}
        truth["bw-wachttijd"] = {s: round(sum(bw_waits[s]) / len(bw_waits[s]))
                                 if bw_waits[s] else None for s in BW_SOORTEN}
        month_ends = [(date(y, m + 1, 1) if m < 12 else date(y + 1, 1, 1)) - timedelta(days=1)
                      for m in range(1, 13)]
        truth["bw-wachtenden"] = {
            s: round(sum(1 for peil in month_ends for v, o, ws in wachtlijst
                         if ws == s and v <= peil and (o is None or o > peil)) / 12)
            for s in BW_SOORTEN}
        truth["mo-clienten"] = {"Totaal aantal unieke cliënten": len(mo["totaal"]),
                                "Stadsteam Backup - Jongvolwassenen": len(mo["jong"]),
                                "Stadsteam Backup - Volwassenen": len(mo["volw"])}


def generate_year(jaar: int = 2022, schaal: float = 1.0, seed: int = 2022) -> GeneratedYear:
    """Events for one year at ``schaal`` (1.0 = Utrecht-sized) and the Bijlage 3 truth."""
    gen = _Gen(jaar, schaal, seed)
    truth: dict[str, Any] = {}
    pool = gen.buurtteam(truth)
    gen.aanvullende_zorg(truth, pool)
    gen.opvang(truth)
    iwmo = IwmoGenerator(jaar, gen.rng, gen.uid, gen.n, gen.events)
    iwmo.regieberichten(gen.leveringen)
    iwmo.verzoeken(AANBIEDERS, pool)
    geld = UitgavenGenerator(jaar, seed + 1, gen.events)
    geld.prestaties(gen.producten)
    geld.betaalbatches()
    geld.hulpmiddelen(gen.producten)
    return GeneratedYear(jaar=jaar, events=gen.events, truth=truth, iwmo_truth=iwmo.truth,
                         budget_truth={"gerealiseerd": dict(geld.realised),
                                       "betaald": dict(geld.paid)},
                         hulpmiddel_truth=dict(geld.aids))


SOURCES = {"wmo.toegang.v1": "/wmo/toegang", "wmo.indicatie.v1": "/wmo/indicatie",
           "wmo.opvang.v1": "/wmo/opvang"}


async def publish(bootstrap: str, events: list[EventPayload], chunk: int = 5000) -> int:
    """Publish the payloads as CloudEvents (key = subject) to their topics; returns the count."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5,
                                max_batch_size=256 * 1024)
    await producer.start()
    try:
        for i in range(0, len(events), chunk):
            futures = []
            for payload in events[i:i + chunk]:
                event = payload.to_cloudevent(SOURCES[payload.topic])
                futures.append(await producer.send(
                    payload.topic, event.body(), key=event.subject.encode(),
                    headers=event.to_headers()))
            for f in futures:
                await f
        await producer.flush()
    finally:
        await producer.stop()
    return len(events)
