"""The stateful iWmo rules with their WJ001 retourcodes, on plain values (no I/O).

The service layer loads the state (toewijzingen, earlier prestaties and verzoeken) and passes
it in; every function returns the retourcodes of one part of a message (empty: approved).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from wmokernel.calendar import add_werkdagen, term_end

from .berichten import (
    Kop,
    NieuwRegel,
    Prestatie,
    StartRegel,
    StopRegel,
    TeWijzigenRegel,
    VotRegel,
    overlappen,
)
from .codes import EURO, PER_DAG, PER_MAAND, PER_WEEK, TIJDELIJK_GESTOPT

ANTWOORD_WERKDAGEN = 5  # a VOT/VOW is answered within 5 werkdagen
DEFINITIEF_WEKEN = 8  # after "aanvraag in onderzoek", the final answer within 8 weeks
REGIEBERICHT_WERKDAGEN = 5  # a start or stop message within 5 werkdagen of the fact


@dataclass(frozen=True)
class Retour:
    """One retourcode on one part of a message (``onderdeel``: "Header", "StartProduct 1",
    "Prestatie RN001", …) with an optional explanation."""

    code: str
    onderdeel: str
    toelichting: str | None = None


@dataclass(frozen=True)
class ToewijzingStand:
    """What the rules need of a toewijzing."""

    nummer: int
    client_id: str
    aanbieder: str
    categorie: str
    code: str
    ingangsdatum: date
    einddatum: date | None
    volume: int
    eenheid: str
    frequentie: str
    status: str  # toegewezen, gestart, gestopt
    startdatum: date | None
    stopdatum: date | None
    reden_beeindiging: str | None
    tarief_cents: int


@dataclass(frozen=True)
class EerderePrestatie:
    referentie: str
    debet_credit: str
    begindatum: date
    einddatum: date
    volume: int


# --- deadlines ---------------------------------------------------------------------------------


def antwoord_uiterlijk(ontvangen_op: date) -> date:
    return add_werkdagen(ontvangen_op, ANTWOORD_WERKDAGEN)


def definitief_uiterlijk(in_onderzoek_op: date) -> date:
    return term_end(in_onderzoek_op, weeks=DEFINITIEF_WEKEN)


def regiebericht_uiterlijk(feitdatum: date) -> date:
    """The last day a start (stop) message is expected after the actual start (stop)."""
    return add_werkdagen(feitdatum, REGIEBERICHT_WERKDAGEN)


# --- header --------------------------------------------------------------------------------------


def kop(k: Kop, gemeentecode: str, vandaag: date) -> list[str]:
    codes = []
    if k.ontvanger != gemeentecode:
        codes.append("S300")
    if k.dagtekening > vandaag:
        codes.append("8848")
    return codes


# --- start and stop (WMO305, WMO307) -------------------------------------------------------------


def _koppelbaar(r: StartRegel, t: ToewijzingStand | None, client_id: str,
                aanbieder: str) -> bool:
    if t is None or t.client_id != client_id or t.aanbieder != aanbieder:
        return False
    if r.code is not None and (r.code != t.code or r.categorie != t.categorie):
        return False
    return r.toewijzing_ingangsdatum is None or r.toewijzing_ingangsdatum == t.ingangsdatum


def start(r: StartRegel, t: ToewijzingStand | None, client_id: str, aanbieder: str,
          vandaag: date) -> list[str]:
    """A start must match a current toewijzing of this client and provider; one start per
    toewijzing (again the same: 9074; another while delivery runs: 9326)."""
    if not _koppelbaar(r, t, client_id, aanbieder):
        return ["9019"]
    assert t is not None
    if r.status_aanlevering == "3":  # remove an earlier start
        if t.startdatum is None:
            return ["9063"]
        if t.status == "gestopt":
            return ["9071"]
        return ["0233"]  # removing a start is not supported: not processed
    if t.status == "gestart":
        return ["9074"] if t.startdatum == r.begindatum else ["9326"]
    if t.status == "gestopt":
        return ["9074"] if t.startdatum == r.begindatum else ["9019"]
    if r.begindatum < t.ingangsdatum or (t.einddatum is not None and r.begindatum > t.einddatum):
        return ["9019"]
    if r.begindatum > vandaag:
        return ["0001"]
    return []


def stop(r: StopRegel, t: ToewijzingStand | None, client_id: str, aanbieder: str,
         vandaag: date) -> list[str]:
    """A stop must match a toewijzing and needs its start (same Begindatum)."""
    if not _koppelbaar(r, t, client_id, aanbieder):
        return ["9019"]
    assert t is not None
    if r.status_aanlevering == "3":
        return ["9063"] if t.stopdatum is None else ["0233"]
    if t.startdatum is None or t.startdatum != r.begindatum:
        return ["9069"]
    if t.status == "gestopt":
        if r.reden_beeindiging == TIJDELIJK_GESTOPT and t.reden_beeindiging == TIJDELIJK_GESTOPT:
            return ["9413"]
        if t.stopdatum is not None and r.einddatum < t.stopdatum:
            return ["9414"]
        return ["9415"]
    if r.einddatum < r.begindatum or r.einddatum > vandaag:
        return ["0001"]
    return []


# --- verzoeken (WMO315, WMO317) ------------------------------------------------------------------


def vot(r: VotRegel, *, productcategorie: str | None, referentie_bekend: bool,
        open_verzoek: bool, lopend: Sequence[ToewijzingStand]) -> list[str]:
    """One aangevraagd product. ``productcategorie``: the catalogue's category of the code
    on the ingangsdatum (None: unknown code). ``lopend``: the client's running toewijzingen
    with this provider. An overlapping toewijzing of the same product gives 9361 (TR361 is
    listed for WMO317; the same rule guards the VOT, so no second overlapping toewijzing is
    asked for)."""
    codes = []
    if r.code is None or productcategorie is None or (r.categorie not in (None,
                                                                          productcategorie)):
        codes.append("S329")
    if referentie_bekend:
        codes.append("9347")
    if open_verzoek:
        codes.append("9374")
    if any(t.code == r.code and t.status != "gestopt"
           and overlappen(t.ingangsdatum, t.einddatum, r.ingangsdatum, r.einddatum)
           for t in lopend):
        codes.append("9361")
    return codes


def vow(ongewijzigd: Collection[int], te_wijzigen: Sequence[TeWijzigenRegel],
        nieuw: Sequence[NieuwRegel], *, actueel: Sequence[ToewijzingStand],
        onbekende_codes: Collection[str], referentie_bekend: bool,
        open_verzoek: bool) -> list[str]:
    """The whole verzoek om wijziging: it must name every current toewijzing (unchanged or to
    change), refer only to current ones, and add only known products without overlap."""
    codes = []
    nummers = {t.nummer for t in actueel}
    if referentie_bekend:
        codes.append("9347")
    if open_verzoek:
        codes.append("9374")
    if any(n not in nummers for n in ongewijzigd):
        codes.append("9350")
    if any(r.toewijzingnummer not in nummers for r in te_wijzigen):
        codes.append("9351")
    if not nummers <= set(ongewijzigd) | {r.toewijzingnummer for r in te_wijzigen}:
        codes.append("9349")
    if any(r.code is None or r.code in onbekende_codes for r in nieuw):
        codes.append("S329")
    blijvend = [t for t in actueel if t.nummer in set(ongewijzigd)]
    if any(t.code == r.code and overlappen(t.ingangsdatum, t.einddatum,
                                           r.gewenste_ingangsdatum, r.einddatum)
           for r in nieuw for t in blijvend):
        codes.append("9361")
    return codes


# --- declaratie (WMO323) -------------------------------------------------------------------------


def _maanden(begin: date, eind: date) -> int:
    return (eind.year - begin.year) * 12 + eind.month - begin.month + 1


def toegewezen_volume(t: ToewijzingStand, begin: date, eind: date) -> int:
    """The volume assigned for a product period: volume × days, weeks or calendar months in
    the period, or the total for frequentie 6 (totaal binnen geldigheidsduur)."""
    dagen = (eind - begin).days + 1
    if t.frequentie == PER_DAG:
        return t.volume * dagen
    if t.frequentie == PER_WEEK:
        return t.volume * -(-dagen // 7)
    if t.frequentie == PER_MAAND:
        return t.volume * _maanden(begin, eind)
    return t.volume


def prestatie(p: Prestatie, t: ToewijzingStand | None, client_id: str, aanbieder: str, *,
              declaratie_begin: date, declaratie_eind: date,
              eerder: Sequence[EerderePrestatie],
              zelfde_referentie: Sequence[EerderePrestatie]) -> list[str]:
    """One prestatie against its toewijzing; ``eerder``: approved prestaties on the same
    toewijzing; ``zelfde_referentie``: approved prestaties of this provider with the same
    ProductReferentie."""
    if t is None or t.aanbieder != aanbieder:
        return ["9338"]
    codes = []
    if t.client_id != client_id:
        codes.append("8187")
    if p.categorie != t.categorie:
        codes.append("9339")
    if p.code != t.code:
        codes.append("9340")
    if p.eenheid != t.eenheid:
        codes.append("9341")
    if not (declaratie_begin <= p.begindatum <= p.einddatum <= declaratie_eind):
        codes.append("9319")
    if p.begindatum < t.ingangsdatum or (t.einddatum is not None
                                         and p.begindatum > t.einddatum):
        codes.append("9307")
    if p.einddatum < t.ingangsdatum or (t.einddatum is not None and p.einddatum > t.einddatum):
        codes.append("9308")
    if p.tarief_cents is not None:
        if p.eenheid != EURO and p.bedrag_cents != p.volume * p.tarief_cents:
            codes.append("9346")
        if p.tarief_cents != t.tarief_cents:
            codes.append("0611")
    zelfde_ref = [e for e in zelfde_referentie if e.referentie == p.referentie]
    if p.debet_credit == "D":
        debet = sum(1 for e in zelfde_ref if e.debet_credit == "D")
        credit = sum(1 for e in zelfde_ref if e.debet_credit == "C")
        if debet > credit:
            codes.append("8021")
        toegewezen = toegewezen_volume(t, p.begindatum, p.einddatum)
        if p.volume > toegewezen:
            codes.append("9321")
        else:
            al = sum((e.volume if e.debet_credit == "D" else -e.volume) for e in eerder
                     if t.frequentie == "6" or overlappen(e.begindatum, e.einddatum,
                                                          p.begindatum, p.einddatum))
            if al + p.volume > toegewezen:
                codes.append("9322")
    else:
        debet = sum(1 for e in zelfde_ref if e.debet_credit == "D")
        credit = sum(1 for e in zelfde_ref if e.debet_credit == "C")
        if debet == 0:
            codes.append("8017")
        elif credit >= debet:
            codes.append("9390")
    return codes
