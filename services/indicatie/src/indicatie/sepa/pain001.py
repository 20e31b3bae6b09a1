"""A payment batch as one SEPA credit transfer initiation (pain.001.001.03, the version Dutch
banks take), made with ``sepaxml`` and validated against the XSD it ships. A file that does
not validate is refused here, so it is never stored or handed to the bank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError, try_valid_xml

from ..domain.betalingen import Bankgegevens, Overboeking

SCHEMA = "pain.001.001.03"
NS = {"p": f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"}


class OngeldigBetaalbestand(ValueError):
    """The pain.001 does not validate against its XSD, or does not add up."""


@dataclass(frozen=True)
class Betaalbestand:
    msg_id: str
    xml: str


def _rekening(config: dict[str, Any], rekening: Bankgegevens) -> dict[str, Any]:
    config.update(name=rekening.naam, IBAN=rekening.iban)
    if rekening.bic:
        config["BIC"] = rekening.bic
    return config


def maak(debiteur: Bankgegevens, crediteur: Bankgegevens,
         overboekingen: Sequence[Overboeking], uitvoeren_op: date) -> Betaalbestand:
    """The gemeente (``debiteur``) pays ``crediteur`` each of ``overboekingen`` on
    ``uitvoeren_op``: one payment information block, one transaction per transfer."""
    if not overboekingen or any(o.bedrag_cents <= 0 for o in overboekingen):
        raise OngeldigBetaalbestand("a credit transfer needs positive amounts")
    sepa = SepaTransfer(_rekening({"batch": True, "currency": "EUR"}, debiteur),
                        schema=SCHEMA, clean=True)
    for o in overboekingen:
        sepa.add_payment(_rekening({
            "amount": o.bedrag_cents, "execution_date": uitvoeren_op,
            "description": o.omschrijving, "endtoend_id": o.end_to_end_id}, crediteur))
    try:
        raw: bytes = sepa.export(validate=True)
    except ValidationError as exc:
        raise OngeldigBetaalbestand(f"{exc}: {exc.__cause__}") from exc
    totaal = sum(o.bedrag_cents for o in overboekingen)
    controleer(raw, totaal, len(overboekingen))
    return Betaalbestand(msg_id=str(sepa.msg_id), xml=raw.decode())


def controleer(raw: bytes, totaal_cents: int, aantal: int) -> None:
    """The hard check before a file is kept: valid against the pain.001 XSD, and its control
    sum and number of transactions are the batch's."""
    try:
        try_valid_xml(raw, SCHEMA)
    except ValidationError as exc:
        raise OngeldigBetaalbestand(f"{exc}: {exc.__cause__}") from exc
    root = etree.fromstring(raw)
    kop = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert kop is not None  # the XSD requires it
    ctrl = Decimal(kop.findtext("p:CtrlSum", "0", NS))
    n = int(kop.findtext("p:NbOfTxs", "0", NS))
    if ctrl * 100 != totaal_cents or n != aantal:
        raise OngeldigBetaalbestand(
            f"the file holds {n} transfers of {ctrl} EUR, the batch {aantal} of "
            f"{Decimal(totaal_cents) / 100} EUR")
