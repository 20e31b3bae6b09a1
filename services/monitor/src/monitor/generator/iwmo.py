"""The iWmo berichtenverkeer of a generated year, as indicatie publishes it: start and stop
messages (WMO305/307) for the deliveries that start or stop in the year, some late; verzoeken om
toewijzing and om wijziging (WMO315/317) with their answers, some late, some "in onderzoek"
first; the term signals indicatie's scan would give; refused messages now and then.

Its truth (per KPI and group, over the year: base count and the part meeting the term) is
computed here from the generated records, independently of the monitor's SQL.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from wmokernel import normen
from wmokernel.calendar import add_werkdagen, term_end, werkdagen_between
from wmokernel.catalogue import EventPayload
from wmokernel.events import iwmo

ANTWOORD_WERKDAGEN = normen.IWMO_ANTWOORD_WERKDAGEN
REGIEBERICHT_WERKDAGEN = normen.IWMO_REGIEBERICHT_WERKDAGEN
DEFINITIEF_WEKEN = normen.IWMO_DEFINITIEF_WEKEN
NADERT_WERKDAGEN = normen.NADERT_WERKDAGEN
# per year at schaal 1.0: verzoeken om toewijzing and om wijziging
VERZOEKEN = {iwmo.VerzoekSoort.VOT: 1200, iwmo.VerzoekSoort.VOW: 600}
PRODUCTEN = [("02A01", "02"), ("02A03", "02"), ("07A01", "07"), ("07A02", "07"),
             ("01A01", "01")]

# KPI id → group → (aantal, teller) over the year; groups: "totaal" and "<dimension>:<group>"
Truth = dict[str, dict[str, tuple[int, int]]]


@dataclass(frozen=True)
class Levering:
    """A delivery of the year's generator: its toewijzing and, when known, start and stop."""

    toewijzing_id: uuid.UUID
    client_id: str
    aanbieder: str
    start: date
    stop: date | None
    start_nr: int | None = None  # where its start and stop events are in the event list
    stop_nr: int | None = None


class IwmoGenerator:
    def __init__(self, jaar: int, rng: random.Random, uid: Callable[[], uuid.UUID],
                 n: Callable[[int], int], events: list[EventPayload]) -> None:
        self.jaar, self.rng, self.uid, self.n, self.events = jaar, rng, uid, n, events
        self.begin, self.end = date(jaar, 1, 1), date(jaar, 12, 31)
        self.truth: Truth = {}
        self.bericht_nr = 0

    def _count(self, kpi: str, groups: list[str], ok: bool) -> None:
        cells = self.truth.setdefault(kpi, {})
        for g in ["totaal", *groups]:
            aantal, teller = cells.get(g, (0, 0))
            cells[g] = (aantal + 1, teller + int(ok))

    def _bericht(self, berichttype: iwmo.IwmoBerichttype, aanbieder: str, client: str,
                 ontvangen: date, goedgekeurd: bool = True) -> None:
        self.bericht_nr += 1
        retour = ["0200"] if goedgekeurd else [self.rng.choice(["8848", "9019", "9063"])]
        self.events.append(iwmo.BerichtOntvangen(
            bericht_id=self.uid(), berichttype=berichttype,
            identificatie=f"{berichttype.value}-{self.jaar}-{self.bericht_nr:06d}",
            aanbieder=aanbieder, client_id=client, client_ids=[client], ontvangen_op=ontvangen,
            goedgekeurd=goedgekeurd, retourcodes=retour))
        if self.begin <= ontvangen <= self.end:
            self._count("iwmo-berichten-goedgekeurd",
                        [f"berichttype:{berichttype.value}", f"aanbieder:{aanbieder}"],
                        goedgekeurd)

    def _verstreken(self, dossier: uuid.UUID, soort: iwmo.IwmoTermijnSoort, client: str,
                    aanbieder: str, uiterlijk: date, peildatum: date) -> None:
        self.events.append(iwmo.IwmoTermijnVerstreken(
            dossier_id=dossier, soort=soort, client_id=client, aanbieder=aanbieder,
            uiterlijk=uiterlijk, peildatum=peildatum))
        if self.begin <= uiterlijk <= self.end:
            self._count("iwmo-termijnen-verstreken",
                        [f"soort:{soort.value}", f"aanbieder:{aanbieder}"], False)

    def _nadert(self, dossier: uuid.UUID, soort: iwmo.IwmoTermijnSoort, client: str,
                aanbieder: str, uiterlijk: date, open_tot: date | None) -> None:
        """indicatie's daily scan signals "nadert" on the first day with NADERT_WERKDAGEN
        werkdagen or fewer left, when the verzoek is still open then (``open_tot``: the day it
        was answered)."""
        peil = uiterlijk
        while werkdagen_between(peil - timedelta(days=1), uiterlijk) <= NADERT_WERKDAGEN:
            peil -= timedelta(days=1)
        if open_tot is None or open_tot > peil:
            self.events.append(iwmo.IwmoTermijnNadert(
                dossier_id=dossier, soort=soort, client_id=client, aanbieder=aanbieder,
                uiterlijk=uiterlijk, peildatum=peil))

    # -- WMO305/307 --------------------------------------------------------------------------
    def regieberichten(self, leveringen: list[Levering]) -> None:
        """A start (stop) message for every start (stop) in the year; about 7 % late. The
        start (stop) event gets the day its message was accepted as its ``gemeld_op``."""
        rng = self.rng
        for lev in leveringen:
            for soort, feit, berichttype, nr in (
                    (iwmo.IwmoTermijnSoort.STARTBERICHT, lev.start, iwmo.IwmoBerichttype.WMO305,
                     lev.start_nr),
                    (iwmo.IwmoTermijnSoort.STOPBERICHT, lev.stop, iwmo.IwmoBerichttype.WMO307,
                     lev.stop_nr)):
                if feit is None or not self.begin <= feit <= self.end:
                    continue
                late = rng.random() < 0.07
                werkdagen = rng.randint(6, 15) if late else rng.choice([0, 1, 1, 2, 2, 3, 4, 5])
                ontvangen = add_werkdagen(feit, werkdagen)
                if rng.random() < 0.03:  # refused first (a wrong toewijzingnummer), then sent
                    self._bericht(berichttype, lev.aanbieder, lev.client_id, ontvangen, False)
                    ontvangen = add_werkdagen(ontvangen, rng.randint(1, 3))
                self._bericht(berichttype, lev.aanbieder, lev.client_id, ontvangen)
                if nr is not None:
                    self.events[nr] = self.events[nr].model_copy(update={"gemeld_op": ontvangen})
                uiterlijk = add_werkdagen(feit, REGIEBERICHT_WERKDAGEN)
                if ontvangen > uiterlijk:
                    self._verstreken(lev.toewijzing_id, soort, lev.client_id, lev.aanbieder,
                                     uiterlijk, ontvangen)
                self._count("regiebericht-binnen-termijn",
                            [f"soort:{soort.value}", f"aanbieder:{lev.aanbieder}"],
                            ontvangen <= uiterlijk)

    # -- WMO315/317 and WMO319 ---------------------------------------------------------------
    def verzoeken(self, aanbieders: list[str], pool: list[str]) -> None:
        rng = self.rng
        for soort, full in VERZOEKEN.items():
            berichttype = (iwmo.IwmoBerichttype.WMO315 if soort == iwmo.VerzoekSoort.VOT
                           else iwmo.IwmoBerichttype.WMO317)
            for _ in range(self.n(full)):
                aanbieder = rng.choice(aanbieders)
                client = rng.choice(pool) if pool and rng.random() < 0.3 else \
                    f"p-{rng.getrandbits(128):032x}"
                ontvangen = self.begin + timedelta(days=rng.randrange(365))
                if rng.random() < 0.04:  # refused whole: no verzoek comes of it
                    self._bericht(berichttype, aanbieder, client, ontvangen, False)
                    continue
                self._bericht(berichttype, aanbieder, client, ontvangen)
                self._verzoek(soort, aanbieder, client, ontvangen)

    def _verzoek(self, soort: iwmo.VerzoekSoort, aanbieder: str, client: str,
                 ontvangen: date) -> None:
        rng = self.rng
        code, cat = rng.choice(PRODUCTEN) if soort == iwmo.VerzoekSoort.VOT else (None, None)
        verzoek_id = self.uid()
        uiterlijk = add_werkdagen(ontvangen, ANTWOORD_WERKDAGEN)
        self.events.append(iwmo.VerzoekOmToewijzingOntvangen(
            verzoek_id=verzoek_id, soort=soort, client_id=client, aanbieder=aanbieder,
            referentie_aanbieder=f"REF-{verzoek_id.hex[:10]}", productcategorie=cat,
            product_code=code, ontvangen_op=ontvangen, antwoord_uiterlijk=uiterlijk))
        termijn = iwmo.IwmoTermijnSoort.VERZOEK_ANTWOORD
        if rng.random() < 0.03:  # not answered (yet): only the signals
            self._nadert(verzoek_id, termijn, client, aanbieder, uiterlijk, None)
            self._verstreken(verzoek_id, termijn, client, aanbieder, uiterlijk,
                             uiterlijk + timedelta(days=1))
            return
        late = rng.random() < 0.15
        beantwoord = add_werkdagen(ontvangen, rng.randint(6, 15) if late
                                   else rng.choice([0, 1, 2, 3, 3, 4, 5]))
        self._nadert(verzoek_id, termijn, client, aanbieder, uiterlijk, beantwoord)
        if beantwoord > uiterlijk:
            self._verstreken(verzoek_id, termijn, client, aanbieder, uiterlijk,
                             uiterlijk + timedelta(days=1))
        weights = [70, 10, 20] if soort == iwmo.VerzoekSoort.VOT else [60, 15, 25]
        uitkomst = rng.choices([iwmo.VerzoekUitkomst.TOEGEWEZEN, iwmo.VerzoekUitkomst.AFGEWEZEN,
                                iwmo.VerzoekUitkomst.IN_ONDERZOEK], weights)[0]
        definitief = (term_end(beantwoord, weeks=DEFINITIEF_WEKEN)
                      if uitkomst == iwmo.VerzoekUitkomst.IN_ONDERZOEK else None)
        common = dict(verzoek_id=verzoek_id, soort=soort, client_id=client, aanbieder=aanbieder,
                      ontvangen_op=ontvangen, antwoord_uiterlijk=uiterlijk)
        self.events.append(iwmo.VerzoekBeantwoord(
            **common, uitkomst=uitkomst, beantwoord_op=beantwoord,
            binnen_termijn=beantwoord <= uiterlijk, definitief_uiterlijk=definitief,
            reden_afwijzing="01" if uitkomst == iwmo.VerzoekUitkomst.AFGEWEZEN else None,
            toewijzing_id=self.uid() if uitkomst == iwmo.VerzoekUitkomst.TOEGEWEZEN else None))
        if self.begin <= beantwoord <= self.end:
            self._count("verzoek-antwoord-binnen-termijn",
                        [f"soort:{soort.value.upper()}", f"aanbieder:{aanbieder}"],
                        beantwoord <= uiterlijk)
        if definitief is None:
            return
        termijn = iwmo.IwmoTermijnSoort.VERZOEK_DEFINITIEF
        final = beantwoord + timedelta(days=rng.randint(60, 90) if rng.random() < 0.15
                                       else rng.randint(5, 52))
        self._nadert(verzoek_id, termijn, client, aanbieder, definitief, final)
        if final > definitief:
            self._verstreken(verzoek_id, termijn, client, aanbieder, definitief,
                             definitief + timedelta(days=1))
        toegewezen = rng.random() < 0.75
        self.events.append(iwmo.VerzoekBeantwoord(
            **common, beantwoord_op=final, binnen_termijn=final <= definitief,
            definitief_uiterlijk=definitief,
            uitkomst=(iwmo.VerzoekUitkomst.TOEGEWEZEN if toegewezen
                      else iwmo.VerzoekUitkomst.AFGEWEZEN),
            reden_afwijzing=None if toegewezen else "02",
            toewijzing_id=self.uid() if toegewezen else None))
        if self.begin <= final <= self.end:
            self._count("verzoek-definitief-binnen-termijn",
                        [f"soort:{soort.value.upper()}", f"aanbieder:{aanbieder}"],
                        final <= definitief)

