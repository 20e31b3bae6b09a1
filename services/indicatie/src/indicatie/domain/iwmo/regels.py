"""The stateful iWmo rules with their WJ001 retourcodes, on plain values (no I/O).

The service layer loads the state (toewijzingen, earlier prestaties and verzoeken) and passes
it in; every function returns the retourcodes of one part of a message (empty: approved).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from wmokernel.calendar import add_werkdagen, term_end
from wmokernel.normen import (
    IWMO_ANTWOORD_WERKDAGEN,
    IWMO_DEFINITIEF_WEKEN,
    IWMO_REGIEBERICHT_WERKDAGEN,
)

from ..leveringsperioden import Periode, laatste, met_begindatum
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
from .codes import (
    EURO,
    GEWIJZIGD,
    PER_DAG,
    PER_MAAND,
    PER_WEEK,
    TIJDELIJK_GESTOPT,
    TOTAAL,
    VERWIJDERD,
    VERWIJDEREN,
)

ANTWOORD_WERKDAGEN = IWMO_ANTWOORD_WERKDAGEN
DEFINITIEF_WEKEN = IWMO_DEFINITIEF_WEKEN
REGIEBERICHT_WERKDAGEN = IWMO_REGIEBERICHT_WERKDAGEN


class Code(str):
    """A WJ001 retourcode that compares as its code, with the reason where the code alone
    does not say why (every 0001 has one)."""

    toelichting: str | None

    def __new__(cls, code: str, toelichting: str | None = None) -> Code:
        self = super().__new__(cls, code)
        self.toelichting = toelichting
        return self


@dataclass(frozen=True)
class Retour:
    """One retourcode on one part of a message: the ``nummer``-th element of berichtklasse
    ``klasse`` (document order), named for humans by ``onderdeel`` ("Verzoek VOW-1",
    "TeWijzigenProduct 2", …)."""

    code: str
    onderdeel: str
    toelichting: str | None = None
    klasse: str = "Header"
    nummer: int = 1


@dataclass(frozen=True)
class ToewijzingStand:
    """What the rules need of a toewijzing. ``perioden``: its delivery periods (withdrawn
    ones left out); ``actueel``: false once a toewijzing with another omvang replaced it."""

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
    perioden: tuple[Periode, ...] = ()
    actueel: bool = True
    reden_wijziging: str | None = None
    budget_cents: int | None = None


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


_NA_HERSTART = ("de zorg is na deze periode opnieuw gestart (een latere Begindatum): "
                "verwijder eerst dat startbericht")


def _koppelbaar(r: StartRegel, t: ToewijzingStand | None, client_id: str,
                aanbieder: str) -> bool:
    if t is None or t.client_id != client_id or t.aanbieder != aanbieder:
        return False
    if r.code is not None and (r.code != t.code or r.categorie != t.categorie):
        return False
    return r.toewijzing_ingangsdatum is None or r.toewijzing_ingangsdatum == t.ingangsdatum


def start(r: StartRegel, t: ToewijzingStand | None, client_id: str, aanbieder: str,
          vandaag: date) -> list[Code]:
    """A start must match a toewijzing of this client and provider. Its key is the
    toewijzing with the Begindatum: the same start again gives 9074, a start while delivery
    runs 9326. After a stop the care may restart (a new Begindatum after the stop).
    StatusAanlevering 3 withdraws the start with that key (9063: there is none; 9071: it
    was stopped already, withdraw the stop first); 2 (changed) leaves nothing to change."""
    if not _koppelbaar(r, t, client_id, aanbieder):
        return [Code("9019")]
    assert t is not None
    zelfde = met_begindatum(t.perioden, r.begindatum)
    if r.status_aanlevering == VERWIJDEREN:
        if zelfde is None:
            return [Code("9063")]
        return [Code("9071")] if zelfde.einddatum is not None else []
    if r.status_aanlevering == GEWIJZIGD:
        return [] if zelfde is not None else [Code("9063")]
    if zelfde is not None:
        return [Code("9074")]
    vorige = laatste(t.perioden)
    if vorige is not None and (vorige.einddatum is None or r.begindatum <= vorige.einddatum):
        return [Code("9326")]
    if not t.actueel or r.begindatum < t.ingangsdatum or (
            t.einddatum is not None and r.begindatum > t.einddatum):
        return [Code("9019")]
    if r.begindatum > vandaag:
        return [Code("0001", f"de Begindatum {r.begindatum} ligt in de toekomst: meld de "
                             "start op of na de dag dat de zorg begon")]
    return []


def stop(r: StopRegel, t: ToewijzingStand | None, client_id: str, aanbieder: str,
         vandaag: date) -> list[Code]:
    """A stop must match a toewijzing and needs its start (same Begindatum: 9069). A period
    stopped for good takes no other stop (9415); a temporary stop (reden 20) is followed by a
    restart or by a definitive stop of the same period, not by another temporary one (9413),
    and never with an earlier Einddatum (9414). StatusAanlevering 3 withdraws the stop
    (9063: there is none); 2 changes it (9063 when there is none)."""
    if not _koppelbaar(r, t, client_id, aanbieder):
        return [Code("9019")]
    assert t is not None
    zelfde = met_begindatum(t.perioden, r.begindatum)
    if zelfde is None:
        return [Code("9069")]
    herstart = any(p.begindatum > r.begindatum for p in t.perioden)
    if r.status_aanlevering == VERWIJDEREN:
        if zelfde.einddatum is None:
            return [Code("9063")]
        return [Code("0001", "de stop kan niet worden ingetrokken: " + _NA_HERSTART)] \
            if herstart else []
    codes: list[Code] = []
    if zelfde.einddatum is None:
        if r.status_aanlevering == GEWIJZIGD:
            return [Code("9063")]
    else:
        if zelfde.reden_beeindiging != TIJDELIJK_GESTOPT:
            return [Code("9415")]
        if r.reden_beeindiging == TIJDELIJK_GESTOPT:
            codes.append(Code("9413"))
        if r.einddatum < zelfde.einddatum:
            codes.append(Code("9414"))
        if herstart and not codes:
            codes.append(Code("0001", "deze periode is al tijdelijk gestopt en de zorg is "
                                      "daarna opnieuw gestart: stop de nieuwe periode met "
                                      "haar eigen Begindatum"))
    if not codes and r.einddatum < r.begindatum:
        codes.append(Code("0001", f"de Einddatum {r.einddatum} ligt voor de Begindatum "
                                  f"{r.begindatum}"))
    elif not codes and r.einddatum > vandaag:
        codes.append(Code("0001", f"de Einddatum {r.einddatum} ligt in de toekomst: meld de "
                                  "stop op of na de laatste dag van de zorg"))
    return codes


# --- verzoeken (WMO315, WMO317) ------------------------------------------------------------------


def vot(r: VotRegel, *, productcategorie: str | None, referentie_bekend: bool,
        open_verzoek: bool, lopend: Sequence[ToewijzingStand]) -> list[str]:
    """One aangevraagd product. ``productcategorie``: the catalogue's category of the code
    on the ingangsdatum (None: unknown code). ``lopend``: the client's running toewijzingen
    with this provider, kept for the checks of the verzoek (9361, an overlapping product,
    belongs to the WMO317 only: WJ001; a toewijzing that would overlap is refused when it is
    made, not in the retour)."""
    codes = []
    if r.code is None or productcategorie is None or (r.categorie not in (None,
                                                                          productcategorie)):
        codes.append("S329")
    if referentie_bekend:
        codes.append("9347")
    if open_verzoek:
        codes.append("9374")
    return codes


def _overlap_in(situatie: Sequence[tuple[str | None, date, date | None]]) -> bool:
    return any(a[0] == b[0] and overlappen(a[1], a[2], b[1], b[2])
               for i, a in enumerate(situatie) for b in situatie[i + 1:])


def vow(ongewijzigd: Sequence[int], te_wijzigen: Sequence[TeWijzigenRegel],
        nieuw: Sequence[NieuwRegel], *, referentie: str, actueel: Sequence[ToewijzingStand],
        onbekende_codes: Collection[str], referentie_bekend: bool,
        open_verzoek: bool, dagtekening: date | None = None) -> list[Retour]:
    """The whole verzoek om wijziging, each code on the part it concerns: it must name every
    current toewijzing (unchanged or to change: 9349 on the Verzoek), refer only to current
    ones (9350 on the OngewijzigdProduct, 9351 on the TeWijzigenProduct), give the omvang of
    a product it changes (9411), not change one with retroactive effect other than from its
    own ingangsdatum (9357), name known products (S329 on the NieuwProduct), and hold no
    product twice in overlapping periods in the situation it asks for (9361 on the Verzoek).
    Empty: approved."""
    out: list[Retour] = []
    per_nummer = {t.nummer: t for t in actueel}

    def op_verzoek(code: str) -> None:
        out.append(Retour(code, f"Verzoek {referentie}", klasse="Verzoek"))

    def op(klasse: str, i: int, code: str) -> None:
        out.append(Retour(code, f"{klasse} {i}", klasse=klasse, nummer=i))

    if referentie_bekend:
        op_verzoek("9347")
    if open_verzoek:
        op_verzoek("9374")
    if not set(per_nummer) <= set(ongewijzigd) | {r.toewijzingnummer for r in te_wijzigen}:
        op_verzoek("9349")
    for i, n in enumerate(ongewijzigd, 1):
        if n not in per_nummer:
            op("OngewijzigdProduct", i, "9350")
    for i, r in enumerate(te_wijzigen, 1):
        t = per_nummer.get(r.toewijzingnummer)
        if t is None:
            op("TeWijzigenProduct", i, "9351")
            continue
        if r.omvang is None:
            op("TeWijzigenProduct", i, "9411")
        if dagtekening is not None and r.gewenste_ingangsdatum <= dagtekening \
                and r.gewenste_ingangsdatum != t.ingangsdatum:
            op("TeWijzigenProduct", i, "9357")
    for i, n_regel in enumerate(nieuw, 1):
        if n_regel.code is None or n_regel.code in onbekende_codes:
            op("NieuwProduct", i, "S329")
    gewijzigd = [(r, per_nummer[r.toewijzingnummer]) for r in te_wijzigen
                 if r.toewijzingnummer in per_nummer]
    situatie = ([(t.code, t.ingangsdatum, t.einddatum) for n, t in per_nummer.items()
                 if n in set(ongewijzigd)]
                + [(t.code, r.gewenste_ingangsdatum, r.einddatum) for r, t in gewijzigd]
                + [(r.code, r.gewenste_ingangsdatum, r.einddatum) for r in nieuw])
    if _overlap_in(situatie):
        op_verzoek("9361")
    return out


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


def _laatste_dag(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _zelfde_maand(a: date, b: date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def maandperiode(p: Prestatie, t: ToewijzingStand) -> list[str]:
    """A ProductPeriode covers its calendar month: it begins on the first day unless the
    toewijzing begins later in that month (9387), and ends on the last day unless the
    toewijzing ends earlier in that month (9388)."""
    codes = []
    if p.begindatum.day != 1 and not (_zelfde_maand(t.ingangsdatum, p.begindatum)
                                      and t.ingangsdatum.day > 1):
        codes.append("9387")
    laatste_dag = _laatste_dag(p.einddatum)
    if p.einddatum != laatste_dag and not (
            t.einddatum is not None and _zelfde_maand(t.einddatum, p.einddatum)
            and t.einddatum < laatste_dag):
        codes.append("9388")
    return codes


def _saldo(eerder: Sequence[EerderePrestatie]) -> int:
    return sum(e.volume if e.debet_credit == "D" else -e.volume for e in eerder)


def prestatie(p: Prestatie, t: ToewijzingStand | None, client_id: str, aanbieder: str, *,
              declaratie_begin: date, declaratie_eind: date,
              eerder: Sequence[EerderePrestatie],
              zelfde_referentie: Sequence[EerderePrestatie]) -> list[str]:
    """One prestatie against its toewijzing; ``eerder``: approved prestaties on the same
    toewijzing; ``zelfde_referentie``: approved prestaties of this provider with the same
    ProductReferentie. A toewijzing with a Budget is declared in Euro's (eenheid 83,
    GeleverdVolume in whole euros) and its debet prestaties together stay within the budget
    (9369); one with an Omvang within the volume assigned for the period (9321, 9322)."""
    if t is None or t.aanbieder != aanbieder:
        return ["9338"]
    codes = []
    if t.client_id != client_id:
        codes.append("8187")
    if t.reden_wijziging == VERWIJDERD:
        codes.append("9384")
    if p.categorie != t.categorie:
        codes.append("9339")
    if p.code != t.code:
        codes.append("9340")
    if p.eenheid != (EURO if t.budget_cents is not None else t.eenheid):
        codes.append("9341")
    if not (declaratie_begin <= p.begindatum <= p.einddatum <= declaratie_eind):
        codes.append("9319")
    if p.begindatum < t.ingangsdatum or (t.einddatum is not None
                                         and p.begindatum > t.einddatum):
        codes.append("9307")
    if p.einddatum < t.ingangsdatum or (t.einddatum is not None and p.einddatum > t.einddatum):
        codes.append("9308")
    codes += maandperiode(p, t)
    if p.tarief_cents is not None:
        if p.eenheid != EURO and p.bedrag_cents != p.volume * p.tarief_cents:
            codes.append("9346")
        if p.tarief_cents != t.tarief_cents and t.budget_cents is None:
            codes.append("0611")  # a budget has no contractual tariff per euro
    zelfde_ref = [e for e in zelfde_referentie if e.referentie == p.referentie]
    debet = sum(1 for e in zelfde_ref if e.debet_credit == "D")
    credit = sum(1 for e in zelfde_ref if e.debet_credit == "C")
    if p.debet_credit == "D":
        if debet > credit:
            codes.append("8021")
        if t.budget_cents is not None:
            if (_saldo(eerder) + p.volume) * 100 > t.budget_cents:
                codes.append("9369")
            return codes
        toegewezen = toegewezen_volume(t, p.begindatum, p.einddatum)
        if p.volume > toegewezen:
            codes.append("9321")
        else:
            al = _saldo([e for e in eerder if t.frequentie == TOTAAL or overlappen(
                e.begindatum, e.einddatum, p.begindatum, p.einddatum)])
            if al + p.volume > toegewezen:
                codes.append("9322")
    elif debet == 0:
        codes.append("8017")
    elif credit >= debet:
        codes.append("9390")
    return codes
