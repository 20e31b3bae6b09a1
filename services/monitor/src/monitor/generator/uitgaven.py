"""The money and the aids of a generated year, as indicatie publishes them: approved prestaties
(WMO323 lines, ``declaratie-ontvangen``) for part of the granted products, monthly for care
that runs (a few credited again later), once for a one-off product; a payment batch per
provider and month of receipt, executed a few days after it was made (the last ones not yet
paid); aids (rolstoelen, a share of the vervoervoorzieningen) issued, new or again from the
depot (about 85%), and taken back when the product ends.

Its truth (realised and paid cents per WMO020 category, the aids' counts over the year) is
computed here from the generated records, independently of the monitor's SQL. It draws from a
random stream of its own, so the rest of the year stays as it was.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from wmokernel.catalogue import EventPayload
from wmokernel.events import indicatie as ind
from wmokernel.events import iwmo

DECLAREREND = 0.7  # the share of the granted products whose provider declares
CREDIT = 0.02  # the share of prestaties credited again a month later
HERVERSTREKKING = 0.85
HERBRUIKBAAR = 0.8
SCOOTMOBIEL = 0.3  # the share of vervoervoorzieningen that is an aid from the depot


@dataclass
class Product:
    """A granted product of the generated year (no PGB: that is not declared via iWmo)."""

    client_id: str
    aanvraag_id: uuid.UUID
    beschikt_product_id: uuid.UUID
    product_code: str
    productcategorie: str
    volume: int
    eenheid: str
    frequentie: str
    tarief_cents: int
    aanbieder: str
    ingang: date
    eind: date | None
    toewijzing_id: uuid.UUID | None = None
    stop: date | None = None  # the delivery's stop, when it stops


def _month_end(d: date) -> date:
    return (date(d.year + d.month // 12, d.month % 12 + 1, 1)) - timedelta(days=1)


class UitgavenGenerator:
    def __init__(self, jaar: int, seed: int, events: list[EventPayload]) -> None:
        self.jaar, self.events = jaar, events
        self.rng = random.Random(seed)
        self.begin, self.end = date(jaar, 1, 1), date(jaar, 12, 31)
        self.realised: dict[str, int] = defaultdict(int)
        self.paid: dict[str, int] = defaultdict(int)
        self.aids = {"verstrekt": 0, "herverstrekt": 0, "terug-in-depot": 0,
                     "afgeschreven": 0}
        # (aanbieder, month received) → the prestaties received then
        self.ontvangen: dict[tuple[str, date], list[iwmo.DeclaratieOntvangen]] = \
            defaultdict(list)

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # -- prestaties -----------------------------------------------------------------------
    def _prestatie(self, p: Product, begin: date, eind: date, volume: int, cents: int,
                   ontvangen: date, credit: bool = False) -> None:
        sign = -1 if credit else 1
        e = iwmo.DeclaratieOntvangen(
            declaratie_id=self.uid(), bericht_id=self.uid(),
            declaratienummer=f"{p.aanbieder}-{ontvangen:%Y%m}",
            product_referentie=f"{self.rng.getrandbits(40):010x}",
            toewijzing_id=p.toewijzing_id or self.uid(), aanvraag_id=p.aanvraag_id,
            client_id=p.client_id, productcategorie=p.productcategorie,
            product_code=p.product_code, aanbieder=p.aanbieder, periode_begin=begin,
            periode_eind=eind, volume=sign * volume, eenheid=p.eenheid,
            bedrag_cents=sign * cents, debet_credit="C" if credit else "D",
            ontvangen_op=ontvangen)
        self.events.append(e)
        self.ontvangen[(p.aanbieder, ontvangen.replace(day=1))].append(e)
        if self.begin <= begin <= self.end:
            self.realised[p.productcategorie] += e.bedrag_cents

    def prestaties(self, producten: list[Product]) -> None:
        """Monthly prestaties of the care that runs in the year; a one-off product once, in
        the month it began."""
        rng = self.rng
        for p in producten:
            if rng.random() >= DECLAREREND:
                continue
            if p.frequentie == "6":
                if self.begin <= p.ingang <= self.end:
                    self._prestatie(p, p.ingang, p.ingang, p.volume, p.volume * p.tarief_cents,
                                    p.ingang + timedelta(days=rng.randint(5, 40)))
                continue
            tot = min(d for d in (p.stop, p.eind, self.end) if d is not None)
            van = max(p.ingang, self.begin)
            while van <= tot:
                eind = min(_month_end(van), tot)
                dagen = (eind - van).days + 1
                volume = max(1, round(p.volume * dagen / 7))
                ontvangen = _month_end(van) + timedelta(days=rng.randint(3, 25))
                cents = volume * p.tarief_cents
                self._prestatie(p, van, eind, volume, cents, ontvangen)
                if rng.random() < CREDIT:
                    self._prestatie(p, van, eind, volume, cents,
                                    ontvangen + timedelta(days=rng.randint(20, 40)), True)
                van = eind + timedelta(days=1)

    # -- payment batches ------------------------------------------------------------------
    def betaalbatches(self) -> None:
        """A batch per provider and month of receipt, made early the next month and paid two
        days later, as far as it was made by the end of January of the next year."""
        laatste = date(self.jaar + 1, 1, 31)
        for (aanbieder, maand), prestaties in sorted(self.ontvangen.items()):
            aangemaakt = _month_end(maand) + timedelta(days=5)
            lines: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0])
            for e in prestaties:
                line = lines[(e.productcategorie, e.product_code, e.periode_begin.year)]
                line[0] += e.bedrag_cents
                line[1] += 1
            regels = [iwmo.BetaalregelFeit(productcategorie=c, product_code=code, jaar=j,
                                           bedrag_cents=b, aantal_prestaties=n)
                      for (c, code, j), (b, n) in sorted(lines.items())]
            batch = dict(batch_id=self.uid(), aanbieder=aanbieder,
                         totaal_cents=sum(r.bedrag_cents for r in regels), regels=regels,
                         declaratie_ids=[e.declaratie_id for e in prestaties])
            self.events.append(iwmo.BetaalbatchAangemaakt(**batch, aangemaakt_op=aangemaakt))
            if aangemaakt <= laatste:
                self.events.append(iwmo.BetaalbatchBetaald(
                    **batch, betaald_op=aangemaakt + timedelta(days=2)))
                for r in regels:
                    if r.jaar == self.jaar:
                        self.paid[r.productcategorie] += r.bedrag_cents

    # -- aids -----------------------------------------------------------------------------
    def hulpmiddelen(self, producten: list[Product]) -> None:
        """An aid per rolstoel product and per scootmobiel among the vervoervoorzieningen,
        issued when the product begins and taken back when it ends."""
        rng = self.rng
        for p in producten:
            if p.productcategorie == "12" and rng.random() >= SCOOTMOBIEL:
                continue
            if p.productcategorie not in ("11", "12"):
                continue
            common = dict(hulpmiddel_id=self.uid(), product_code=p.product_code,
                          productcategorie=p.productcategorie, verstrekking_id=self.uid(),
                          client_id=p.client_id)
            depot = rng.random() < HERVERSTREKKING
            self.events.append(ind.HulpmiddelVerstrekt(
                **common, beschikt_product_id=p.beschikt_product_id, verstrekt_op=p.ingang,
                herverstrekking=depot))
            if self.begin <= p.ingang <= self.end:
                self.aids["verstrekt"] += 1
                self.aids["herverstrekt"] += depot
            if p.eind is None or p.eind > self.end + timedelta(days=365):
                continue
            terug = p.eind + timedelta(days=rng.randint(0, 20))
            herbruikbaar = rng.random() < HERBRUIKBAAR
            self.events.append(ind.HulpmiddelIngenomen(
                **common, ingenomen_op=terug, herbruikbaar=herbruikbaar))
            if self.begin <= terug <= self.end:
                self.aids["terug-in-depot" if herbruikbaar else "afgeschreven"] += 1
