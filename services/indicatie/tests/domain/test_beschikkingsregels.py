"""The beschikking's product rules, the eigen bijdrage and the resident's document (pure)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from indicatie.domain.beschikkingsregels import (
    PgbVoorwaarden,
    ProductRegel,
    RegelOvertreding,
    keur_besluit,
    keur_regel,
)
from indicatie.domain.catalogus import (
    Abonnementstarief,
    Contract,
    ProductDossier,
    ProductVersie,
    Tarief,
    VerantwoordelijkeAanbieder,
    eigen_bijdrage_per_maand,
)
from indicatie.domain.document import (
    BeschikkingView,
    ProductRegelView,
    render_beschikking_pdf,
    render_html,
)
from indicatie.domain.statussen import AANVRAAG, TOEWIJZING, OngeldigeOvergang
from wmokernel.catalogue import Besluit
from wmokernel.events.indicatie import Leveringsvorm

AB = ProductVersie("02A05", "Ambulante begeleiding", "02", "04", "2", "maatwerk",
                   date(2024, 1, 1), None, max_volume=20, intensiteit_wijzigbaar=True,
                   verantwoordelijke_per_wijk=True)
AB_DOSSIER = ProductDossier(
    versies=[AB],
    tarieven=[Tarief("02A05", 6800, date(2024, 1, 1), date(2024, 12, 31)),
              Tarief("02A05", 7050, date(2025, 1, 1), None)],
    contracten=[Contract("02A05", "75750101", date(2024, 1, 1), None),
                Contract("02A05", "75750102", date(2024, 1, 1), None)],
    verantwoordelijken=[VerantwoordelijkeAanbieder("overvecht", "02A05", "75750102",
                                                   date(2024, 1, 1), None)],
)
DAGBESTEDING = ProductDossier(
    versies=[ProductVersie("07A01", "Dagbesteding", "07", "16", "2", "maatwerk",
                           date(2015, 1, 1), date(2024, 12, 31), standaard_volume=4,
                           min_duur_maanden=6, max_duur_maanden=36),
             ProductVersie("07A01", "Dagbesteding", "07", "16", "2", "maatwerk",
                           date(2025, 1, 1), None, standaard_volume=2,
                           min_duur_maanden=6, max_duur_maanden=36)],
    tarieven=[Tarief("07A01", 5200, date(2015, 1, 1), None)],
    contracten=[Contract("07A01", "75750105", date(2015, 1, 1), None)],
    verantwoordelijken=[],
)
PGB_OK = PgbVoorwaarden("de vaste hulp uit het eigen netwerk past beter", True, True)


def regel(**kw: object) -> ProductRegel:
    base: dict[str, object] = dict(product_code="02A05", leveringsvorm=Leveringsvorm.ZIN,
                                   ingangsdatum=date(2025, 3, 1), einddatum=None, volume=4,
                                   wijk="overvecht")
    base.update(kw)
    return ProductRegel(**base)  # type: ignore[arg-type]


def test_the_accountable_provider_of_the_wijk_is_the_default() -> None:
    g = keur_regel(regel(), AB_DOSSIER)
    assert (g.aanbieder, g.tarief_cents, g.afwijkingen) == ("75750102", 7050, ())


def test_another_contracted_provider_is_a_policy_deviation() -> None:
    g = keur_regel(regel(aanbieder="75750101"), AB_DOSSIER)
    assert g.afwijkingen and "accountable provider" in g.afwijkingen[0]
    with pytest.raises(RegelOvertreding, match="no contract"):
        keur_regel(regel(aanbieder="75750199"), AB_DOSSIER)


@pytest.mark.parametrize("voorwaarden", [
    None,
    PgbVoorwaarden(" ", True, True),
    PgbVoorwaarden("reden", False, True),
    PgbVoorwaarden("reden", True, False),
])
def test_pgb_is_refused_without_its_legal_conditions(voorwaarden: PgbVoorwaarden | None) -> None:
    with pytest.raises(RegelOvertreding, match="PGB"):
        keur_regel(regel(leveringsvorm=Leveringsvorm.PGB, pgb=voorwaarden, wijk=None),
                   AB_DOSSIER)


def test_pgb_with_its_conditions_has_no_provider() -> None:
    g = keur_regel(regel(leveringsvorm=Leveringsvorm.PGB, pgb=PGB_OK, wijk=None), AB_DOSSIER)
    assert g.aanbieder is None


def test_a_product_outside_its_validity_cannot_be_granted() -> None:
    with pytest.raises(RegelOvertreding, match="not valid on 2023-12-01"):
        keur_regel(regel(ingangsdatum=date(2023, 12, 1)), AB_DOSSIER)
    # the 2015-2024 version of dagbesteding ends on 31 December 2024: no einddatum beyond it
    with pytest.raises(RegelOvertreding, match="only valid until 2024-12-31"):
        keur_regel(regel(product_code="07A01", ingangsdatum=date(2024, 9, 1),
                         einddatum=date(2025, 6, 30), volume=None, wijk=None,
                         aanbieder="75750105"), DAGBESTEDING)
    with pytest.raises(RegelOvertreding, match="not in the catalogue"):
        keur_regel(regel(product_code="99X99"), ProductDossier([], [], [], []))


def test_rules_change_by_date_dagbesteding_default_dagdelen() -> None:
    def dagdelen(start: date, eind: date) -> int:
        return keur_regel(regel(product_code="07A01", ingangsdatum=start, einddatum=eind,
                                volume=None, wijk=None, aanbieder="75750105"),
                          DAGBESTEDING).volume
    assert dagdelen(date(2024, 1, 1), date(2024, 12, 31)) == 4
    assert dagdelen(date(2025, 1, 1), date(2025, 12, 31)) == 2


def test_duration_outside_6_months_to_3_years_is_a_policy_deviation() -> None:
    def afwijkingen(eind: date | None) -> tuple[str, ...]:
        return keur_regel(regel(product_code="07A01", ingangsdatum=date(2025, 1, 1),
                                einddatum=eind, volume=None, wijk=None, aanbieder="75750105"),
                          DAGBESTEDING).afwijkingen
    assert afwijkingen(date(2025, 6, 30)) == ()  # exactly 6 months
    assert afwijkingen(date(2027, 12, 31)) == ()  # exactly 3 years
    assert "shorter" in afwijkingen(date(2025, 6, 29))[0]
    assert "exceeds" in afwijkingen(date(2028, 1, 1))[0]
    assert "exceeds" in afwijkingen(None)[0]


def test_besluit_and_products_fit() -> None:
    keur_besluit(Besluit.AFGEWEZEN, 0)
    keur_besluit(Besluit.TOEGEKEND, 1)
    keur_besluit(Besluit.DEELS, 1)
    with pytest.raises(RegelOvertreding):
        keur_besluit(Besluit.AFGEWEZEN, 1)
    with pytest.raises(RegelOvertreding):
        keur_besluit(Besluit.DEELS, 0)
    with pytest.raises(RegelOvertreding, match="names the granted products"):
        keur_besluit(Besluit.TOEGEKEND, 0)


TARIEVEN = [Abonnementstarief(2060, date(2024, 1, 1), date(2024, 12, 31)),
            Abonnementstarief(2100, date(2025, 1, 1), date(2025, 12, 31)),
            Abonnementstarief(2100, date(2026, 1, 1), None)]


def test_eigen_bijdrage_is_the_abonnementstarief_of_the_year_and_none_for_bw() -> None:
    assert eigen_bijdrage_per_maand(["02"], date(2024, 12, 31), TARIEVEN) == 2060
    assert eigen_bijdrage_per_maand(["02"], date(2025, 1, 1), TARIEVEN) == 2100
    assert eigen_bijdrage_per_maand(["02", "01"], date(2026, 7, 1), TARIEVEN) == 2100
    assert eigen_bijdrage_per_maand(["15"], date(2025, 1, 1), TARIEVEN) == 0
    assert eigen_bijdrage_per_maand([], date(2025, 1, 1), TARIEVEN) == 0
    with pytest.raises(LookupError):
        eigen_bijdrage_per_maand(["02"], date(2023, 6, 1), TARIEVEN)


def test_state_machines_refuse_out_of_order_steps() -> None:
    assert AANVRAAG.next("ontvangen", "besluiten") == "besloten"
    with pytest.raises(OngeldigeOvergang):
        AANVRAAG.next("besloten", "besluiten")
    assert TOEWIJZING.next("gestart", "stoppen") == "gestopt"
    assert TOEWIJZING.next("gestopt", "starten") == "gestart", "iWmo: care may restart"
    with pytest.raises(OngeldigeOvergang):
        TOEWIJZING.next("gestart", "starten")


VIEW = BeschikkingView(
    kenmerk="B-1", client_id="p-" + "ab" * 16, ontvangen_op=date(2026, 5, 1),
    afgegeven_op=date(2026, 5, 8), besluit="toegekend",
    motivering="<script>x</script> begeleiding (2 uur) past \\ goed — cliënt",
    producten=[ProductRegelView("Ambulante begeleiding", "02A05", "02", 4, "04", "2", "zin",
                                date(2026, 5, 11), None, "75750102")],
    eigen_bijdrage_cents=2100, bezwaar_uiterlijk=date(2026, 6, 19), concept=False)


def test_the_html_document_is_readable_and_escaped() -> None:
    html = render_html(VIEW)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "4 uur per week" in html and "€ 21,00 per maand" in html
    assert "19 juni 2026" in html and "Wij kennen uw aanvraag toe." in html


def test_the_pdf_document_is_well_formed() -> None:
    pdf = render_beschikking_pdf(VIEW)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[startxref:].startswith(b"xref")
    # every object offset in the cross-reference table points at "n 0 obj"
    table = pdf[startxref:].split(b"trailer")[0].splitlines()[3:]
    for number, entry in enumerate(table, start=1):
        offset = int(entry.split()[0])
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Beschikking) Tj" in pdf and b"\\(2 uur\\)" in pdf
    assert "cliënt".encode("cp1252") in pdf
