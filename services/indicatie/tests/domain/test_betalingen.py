"""The payment rules: netting credit against debet, the transfers and regels of a batch, its
status transitions, the bank details check, and the pain.001 file (validated against the XSD
sepaxml ships)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from indicatie.domain import betalingen as b
from indicatie.domain.statussen import OngeldigeOvergang
from indicatie.sepa import pain001
from lxml import etree

GEMEENTE = b.Bankgegevens(iban="NL66BNGH0123456789", bic="BNGHNL2G", naam="Gemeente Utrecht")
AANBIEDER = b.Bankgegevens(iban="NL69INGB0123456789", bic="INGBNL2A",
                           naam="Begeleiding Domstad B.V.")


def post(nummer: str, bedrag: int, code: str = "02A05", begin: date = date(2026, 3, 1),
         ref: str = "R1") -> b.Post:
    return b.Post(prestatie_id=uuid.uuid4(), declaratienummer=nummer, referentie=ref,
                  productcategorie=code[:2], product_code=code, begindatum=begin,
                  bedrag_cents=bedrag)


def test_a_credit_declaratie_is_netted_against_the_debet_ones_in_order() -> None:
    posten = [post("D1", 10_000), post("D1", 5_000, ref="R2"), post("D2", 8_000),
              post("C1", -12_000, ref="R1")]
    out = b.overboekingen(posten)
    assert [(o.end_to_end_id, o.bedrag_cents) for o in out] == [("D1", 3_000), ("D2", 8_000)]
    assert sum(o.bedrag_cents for o in out) == b.saldo(posten) == 11_000
    assert "verrekend 120.00 met credit C1" in out[0].omschrijving
    assert "verrekend" not in out[1].omschrijving


def test_a_debet_declaratie_used_up_by_credit_gets_no_transfer() -> None:
    out = b.overboekingen([post("D1", 4_000), post("D2", 9_000), post("C1", -4_000)])
    assert [(o.end_to_end_id, o.bedrag_cents) for o in out] == [("D2", 9_000)]


@pytest.mark.parametrize("credit", [-10_000, -15_000])
def test_no_transfer_when_the_net_is_zero_or_negative(credit: int) -> None:
    posten = [post("D1", 10_000), post("C1", credit)]
    assert b.overboekingen(posten) == []
    assert b.saldo(posten) == 10_000 + credit


def test_regels_per_product_and_year_of_the_productperiode() -> None:
    posten = [post("D1", 10_000, begin=date(2025, 12, 1)),
              post("D2", 7_000, begin=date(2026, 1, 1)),
              post("C1", -2_000, begin=date(2026, 1, 1), ref="R9"),
              post("D2", 3_000, code="01A01", begin=date(2026, 1, 1))]
    assert b.regels(posten) == [
        b.Regel("01", "01A01", 2026, 3_000, 1),
        b.Regel("02", "02A05", 2025, 10_000, 1),
        b.Regel("02", "02A05", 2026, 5_000, 2),
    ]


def test_a_batch_goes_aangemaakt_verzonden_then_betaald_or_geweigerd() -> None:
    assert b.BETAALBATCH.next("aangemaakt", "verzonden") == "verzonden"
    assert b.BETAALBATCH.next("verzonden", "betaald") == "betaald"
    assert b.BETAALBATCH.next("verzonden", "geweigerd") == "geweigerd"
    for status, naar in [("aangemaakt", "betaald"), ("aangemaakt", "geweigerd"),
                         ("betaald", "geweigerd"), ("geweigerd", "betaald"),
                         ("verzonden", "verzonden"), ("betaald", "verzonden")]:
        with pytest.raises(OngeldigeOvergang):
            b.BETAALBATCH.next(status, naar)


def test_bank_details_need_a_valid_iban_a_fitting_bic_and_a_name() -> None:
    ok = b.bankgegevens("nl69 ingb 0123 4567 89", "INGBNL2A", " Begeleiding Domstad ")
    assert ok == b.Bankgegevens("NL69INGB0123456789", "INGBNL2A", "Begeleiding Domstad")
    assert b.bankgegevens("NL69INGB0123456789", None, "X") == b.Bankgegevens(
        "NL69INGB0123456789", None, "X"), "a BIC is optional within SEPA"
    for iban, bic, naam, fout in [
            (None, None, "X", "no IBAN"),
            ("NL68INGB0123456789", None, "X", "not valid"),  # mod-97 fails
            ("NL69INGB012345678", None, "X", "not valid"),  # too short
            ("NL69INGB0123456789", "DEUTDEFF", "X", "country"),
            ("NL69INGB0123456789", "INGB", "X", "BIC"),
            ("NL69INGB0123456789", "INGBNL2A", "  ", "holder")]:
        reden = b.bankgegevens(iban, bic, naam)
        assert isinstance(reden, str) and fout in reden, (iban, bic, naam, reden)


def test_the_finance_csv_keeps_formulas_out() -> None:
    text = b.as_csv([[1, "75750101", "=HYPERLINK(1)", "NL69INGB0123456789", "110.00"]])
    header, row = text.splitlines()
    assert header.split(";")[:5] == ["batch", "aanbieder", "naam_rekeninghouder", "iban",
                                     "bedrag_eur"]
    assert row.split(";")[2] == "'=HYPERLINK(1)"


NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def test_the_pain001_of_a_batch_validates_and_pays_the_net_per_declaratie() -> None:
    posten = [post("DEC-2026-01", 10_000), post("DEC-2026-02", 8_000),
              post("CRED-01", -2_500)]
    bestand = pain001.maak(GEMEENTE, AANBIEDER, b.overboekingen(posten), date(2026, 4, 1))
    raw = bestand.xml.encode()
    pain001.controleer(raw, 15_500, 2)  # the XSD and the control sum: no exception
    root = etree.fromstring(raw)
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", None, NS) == bestand.msg_id
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", None, NS) == "155.00"
    inf = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert inf is not None
    assert inf.findtext("p:DbtrAcct/p:Id/p:IBAN", None, NS) == GEMEENTE.iban
    assert inf.findtext("p:ReqdExctnDt", None, NS) == "2026-04-01"
    tx = [(t.findtext("p:PmtId/p:EndToEndId", None, NS),
           Decimal(t.findtext("p:Amt/p:InstdAmt", "0", NS)),
           t.findtext("p:CdtrAcct/p:Id/p:IBAN", None, NS),
           t.findtext("p:CdtrAgt/p:FinInstnId/p:BIC", None, NS))
          for t in inf.findall("p:CdtTrfTxInf", NS)]
    assert tx == [("DEC-2026-01", Decimal("75.00"), AANBIEDER.iban, "INGBNL2A"),
                  ("DEC-2026-02", Decimal("80.00"), AANBIEDER.iban, "INGBNL2A")]


def test_a_file_that_does_not_validate_or_add_up_is_refused() -> None:
    goed = pain001.maak(GEMEENTE, AANBIEDER, [b.Overboeking("D1", 100, "x")],
                        date(2026, 4, 1)).xml.encode()
    with pytest.raises(pain001.OngeldigBetaalbestand, match="batch 1 of 2"):
        pain001.controleer(goed, 200, 1)
    kapot = goed.replace(b"<IBAN>NL69INGB0123456789</IBAN>", b"<IBAN>geen iban</IBAN>")
    with pytest.raises(pain001.OngeldigBetaalbestand):
        pain001.controleer(kapot, 100, 1)
    with pytest.raises(pain001.OngeldigBetaalbestand):
        pain001.maak(GEMEENTE, b.Bankgegevens("NL69INGB0123456789", None, "X"),
                     [b.Overboeking("D1", 100, "x"),
                      b.Overboeking("D" * 36, 100, "end-to-end id over 35")],
                     date(2026, 4, 1))
