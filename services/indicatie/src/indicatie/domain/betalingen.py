"""Paying approved declaraties: netting a provider's credit prestaties against its debet ones,
the transfers of a payment batch (betaalbatch), its regels per voorziening and year, the
batch's status transitions and the check of a provider's bank details. Pure."""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from .statussen import StateMachine

AANGEMAAKT = "aangemaakt"
VERZONDEN = "verzonden"
BETAALD = "betaald"
GEWEIGERD = "geweigerd"
STATUSSEN = (AANGEMAAKT, VERZONDEN, BETAALD, GEWEIGERD)

# aangemaakt → verzonden (the file handed to the bank) → betaald | geweigerd (by the bank).
# The action is the status asked for.
BETAALBATCH = StateMachine("betaalbatch", {
    (AANGEMAAKT, VERZONDEN): VERZONDEN,
    (VERZONDEN, BETAALD): BETAALD,
    (VERZONDEN, GEWEIGERD): GEWEIGERD,
})

# Reasons a provider's open prestaties get no batch.
GEEN_BANKGEGEVENS = "geen-geldige-bankgegevens"
SALDO_NIET_POSITIEF = "saldo-niet-positief"

# SEPA: EndToEndId and MsgId at most 35 characters, the remittance text (Ustrd) 140.
MAX_REFERENTIE = 35
MAX_OMSCHRIJVING = 140


@dataclass(frozen=True)
class Post:
    """One approved prestatie not yet paid; ``bedrag_cents`` negative for a credit."""

    prestatie_id: uuid.UUID
    declaratienummer: str
    referentie: str
    productcategorie: str
    product_code: str
    begindatum: date
    bedrag_cents: int


@dataclass(frozen=True)
class Overboeking:
    """One credit transfer in the batch: what is left of one debet declaratie after the
    provider's credits were netted against it."""

    end_to_end_id: str
    bedrag_cents: int
    omschrijving: str


@dataclass(frozen=True)
class Regel:
    """The net amount of a batch for one product in the year of the ProductPeriode."""

    productcategorie: str
    product_code: str
    jaar: int
    bedrag_cents: int
    aantal_prestaties: int


def saldo(posten: Iterable[Post]) -> int:
    """The provider's net claim: debet minus credit."""
    return sum(p.bedrag_cents for p in posten)


def _referentie(declaratienummer: str) -> str:
    return declaratienummer[:MAX_REFERENTIE]


def overboekingen(posten: Sequence[Post]) -> list[Overboeking]:
    """The transfers paying the net of ``posten``: one per declaratie that is debet on
    balance, the credit declaraties' amounts netted against these in declaratienummer order.
    Together they pay exactly ``saldo(posten)``; nothing when that is not positive (the
    credit stays open for the provider's next declaraties)."""
    if saldo(posten) <= 0:
        return []
    per_declaratie: dict[str, int] = defaultdict(int)
    for p in posten:
        per_declaratie[p.declaratienummer] += p.bedrag_cents
    credits = sorted(n for n, b in per_declaratie.items() if b < 0)
    te_verrekenen = -sum(per_declaratie[n] for n in credits)
    out = []
    for nummer in sorted(n for n, b in per_declaratie.items() if b > 0):
        bedrag = per_declaratie[nummer]
        verrekend = min(bedrag, te_verrekenen)
        te_verrekenen -= verrekend
        if bedrag - verrekend == 0:
            continue
        omschrijving = f"Wmo declaratie {nummer}"
        if verrekend:
            omschrijving += (f", verrekend {euro(verrekend)} met credit "
                             + ", ".join(credits))
        out.append(Overboeking(end_to_end_id=_referentie(nummer),
                               bedrag_cents=bedrag - verrekend,
                               omschrijving=omschrijving[:MAX_OMSCHRIJVING]))
    return out


def regels(posten: Iterable[Post]) -> list[Regel]:
    """The batch per (productcategorie, product code, year of the ProductPeriode's
    begindatum): spend belongs to the year the care was delivered."""
    som: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0])
    for p in posten:
        entry = som[(p.productcategorie, p.product_code, p.begindatum.year)]
        entry[0] += p.bedrag_cents
        entry[1] += 1
    return [Regel(productcategorie=c, product_code=code, jaar=j, bedrag_cents=b,
                  aantal_prestaties=n)
            for (c, code, j), (b, n) in sorted(som.items())]


CSV_KOLOMMEN = ("batch", "aanbieder", "naam_rekeninghouder", "iban", "bedrag_eur",
                "aantal_prestaties", "status", "aangemaakt_op", "uitvoeren_op", "verzonden_op",
                "betaald_op", "geweigerd_op", "reden_weigering", "batch_id")


def as_csv(rows: Iterable[Sequence[object]]) -> str:
    """The finance export of batches (rows in the order of ``CSV_KOLOMMEN``): semicolon-
    separated, the Dutch spreadsheet default; amounts in euro with a decimal point."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_KOLOMMEN)
    for r in rows:
        writer.writerow([_cel(v) for v in r])
    return out.getvalue()


def _cel(v: object) -> str:
    """A spreadsheet must not read a text as a formula (CSV injection)."""
    text = "" if v is None else str(v)
    return "'" + text if text[:1] in ("=", "+", "@", "\t", "\r") else text


def euro(cents: int) -> str:
    teken = "-" if cents < 0 else ""
    return f"{teken}{abs(cents) // 100}.{abs(cents) % 100:02d}"


@dataclass(frozen=True)
class Bankgegevens:
    iban: str
    bic: str | None
    naam: str


def bankgegevens(iban: str | None, bic: str | None, naam: str | None
                 ) -> Bankgegevens | str:
    """The account to pay, normalised, or why it cannot be paid: the IBAN must exist and pass
    its country's length and the mod-97 check; the BIC (optional within SEPA) must be well
    formed and of the IBAN's country; the holder's name must be there."""
    if not iban:
        return "no IBAN registered"
    try:
        rekening = IBAN(iban)
    except SchwiftyException as exc:
        return f"IBAN {iban!r} is not valid: {exc}"
    if rekening.country_code not in SEPA_LANDEN:
        return f"IBAN {iban!r} is not of a SEPA country"
    code = None
    if bic:
        try:
            b = BIC(bic)
        except SchwiftyException as exc:
            return f"BIC {bic!r} is not valid: {exc}"
        if b.country_code != rekening.country_code:
            return f"BIC {bic!r} is not of the IBAN's country {rekening.country_code}"
        code = str(b.compact)
    if not naam or not naam.strip():
        return "no account holder name registered"
    return Bankgegevens(iban=str(rekening.compact), bic=code, naam=naam.strip())


# The SEPA scheme's countries (EPC list): the EU/EEA, Switzerland, the UK, Monaco, San Marino,
# Andorra, Vatican City and the Crown dependencies.
SEPA_LANDEN = frozenset((
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
    "CH", "GB", "MC", "SM", "AD", "VA", "GI", "JE", "GG", "IM"))
