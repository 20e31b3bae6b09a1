"""The depot of aids (pure): which products are aids, reuse before new, the item's status
transitions, what may be issued, and granting an aid in kind or as a PGB."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from indicatie.domain.beschikkingsregels import (
    PgbVoorwaarden,
    ProductRegel,
    RegelOvertreding,
    keur_regel,
)
from indicatie.domain.catalogus import Contract, ProductDossier, ProductVersie, Tarief
from indicatie.domain.hulpmiddelen import (
    HULPMIDDEL,
    DepotItem,
    NietVerstrekbaar,
    Status,
    TeVerstrekken,
    is_herverstrekking,
    is_hulpmiddel,
    keur_verstrekking,
    kies_uit_depot,
    na_inname,
    volume_verstrekt,
)
from indicatie.domain.statussen import OngeldigeOvergang
from wmokernel.events.indicatie import Leveringsvorm

LEVERANCIER = "75750109"


@pytest.mark.parametrize(("code", "categorie", "eenheid", "aid"), [
    ("11X02", "11", "82", True),   # handbewogen rolstoel
    ("12X07", "12", "82", True),   # scootmobiel
    ("13X21", "13", "82", True),   # traplift
    ("14X99", "14", "82", True),   # overig hulpmiddel
    ("13A02", "13", "83", False),  # kleine woningaanpassing: a budget in euro's
    ("13A01", "13", "83", False),
    ("12A01", "12", "82", False),  # regiotaxipas: a pass, not an item
    ("08A01", "08", "82", False),  # collectief vervoer
    ("02A05", "02", "04", False),  # ambulante begeleiding
])
def test_only_items_of_the_hulpmiddelen_categories_in_stuks_are_aids(
        code: str, categorie: str, eenheid: str, aid: bool) -> None:
    assert is_hulpmiddel(code, categorie, eenheid) is aid


def item(n: int, code: str = "11X02", status: str = Status.IN_DEPOT,
         geregistreerd: date = date(2026, 1, 1)) -> DepotItem:
    return DepotItem(id=n, product_code=code, status=status, geregistreerd_op=geregistreerd,
                     depotnummer=n)


def test_reuse_before_new_takes_the_item_longest_in_the_depot() -> None:
    items = [item(1, status=Status.VERSTREKT, geregistreerd=date(2025, 1, 1)),
             item(2, code="12X07", geregistreerd=date(2025, 2, 1)),
             item(3, geregistreerd=date(2026, 3, 1)),
             item(4, geregistreerd=date(2026, 2, 1)),
             item(5, status=Status.AFGESCHREVEN, geregistreerd=date(2024, 1, 1))]
    keuze = kies_uit_depot(items, "11X02")
    assert keuze is not None and keuze.depotnummer == 4


def test_with_none_of_the_product_in_the_depot_a_new_one_is_needed() -> None:
    items = [item(1, status=Status.VERSTREKT), item(2, code="12X07"),
             item(3, status=Status.AFGESCHREVEN)]
    assert kies_uit_depot(items, "11X02") is None
    assert kies_uit_depot([], "11X02") is None


def test_an_item_goes_out_and_comes_back_into_the_depot_or_is_written_off() -> None:
    uit = HULPMIDDEL.next(Status.IN_DEPOT, "verstrekken")
    assert uit == Status.VERSTREKT
    assert HULPMIDDEL.next(uit, na_inname(herbruikbaar=True)) == Status.IN_DEPOT
    assert HULPMIDDEL.next(uit, na_inname(herbruikbaar=False)) == Status.AFGESCHREVEN


@pytest.mark.parametrize(("status", "action"), [
    (Status.VERSTREKT, "verstrekken"),        # with a resident already
    (Status.AFGESCHREVEN, "verstrekken"),     # written off
    (Status.IN_DEPOT, "innemen-herbruikbaar"),  # not issued
    (Status.AFGESCHREVEN, "innemen-afschrijven"),
])
def test_transitions_the_status_does_not_allow_are_refused(status: str, action: str) -> None:
    with pytest.raises(OngeldigeOvergang):
        HULPMIDDEL.next(status, action)


def test_a_reused_item_is_a_herverstrekking_a_first_issue_is_not() -> None:
    assert not is_herverstrekking("nieuw", eerder_verstrekt=False)
    assert is_herverstrekking("nieuw", eerder_verstrekt=True)
    assert is_herverstrekking("retour", eerder_verstrekt=False)


ROLSTOEL = TeVerstrekken(
    product_code="11X02", productcategorie="11", eenheid="82", leveringsvorm=Leveringsvorm.ZIN,
    beschikking_status="afgegeven", ingangsdatum=date(2026, 5, 11),
    einddatum=date(2031, 5, 10), volume=1, lopende_verstrekkingen=0)
TODAY = date(2026, 6, 1)


def test_a_granted_aid_in_kind_is_issued_within_its_period() -> None:
    keur_verstrekking(ROLSTOEL, date(2026, 5, 11), TODAY)
    assert not volume_verstrekt(ROLSTOEL)
    assert volume_verstrekt(replace(ROLSTOEL, lopende_verstrekkingen=1))


@pytest.mark.parametrize(("product", "verstrekt_op", "reden"), [
    (replace(ROLSTOEL, leveringsvorm=Leveringsvorm.PGB), date(2026, 5, 12), "PGB"),
    (replace(ROLSTOEL, beschikking_status="ter-goedkeuring"), date(2026, 5, 12),
     "ter-goedkeuring"),
    (replace(ROLSTOEL, beschikking_status="herzien"), date(2026, 5, 12), "herzien"),
    (replace(ROLSTOEL, product_code="13A02", productcategorie="13", eenheid="83"),
     date(2026, 5, 12), "not an aid"),
    (ROLSTOEL, date(2026, 5, 10), "outside the granted period"),
    (ROLSTOEL, date(2026, 6, 2), "future"),
])
def test_what_the_depot_does_not_issue(product: TeVerstrekken, verstrekt_op: date,
                                       reden: str) -> None:
    with pytest.raises(NietVerstrekbaar, match=reden):
        keur_verstrekking(product, verstrekt_op, TODAY)


ROLSTOEL_DOSSIER = ProductDossier(
    versies=[ProductVersie("11X02", "Handbewogen rolstoel, semipermanent gebruik", "11", "82",
                           "6", "maatwerk", date(2024, 1, 1), None, standaard_volume=1,
                           max_volume=1)],
    tarieven=[Tarief("11X02", 110000, date(2024, 1, 1), None)],
    contracten=[Contract("11X02", LEVERANCIER, date(2024, 1, 1), None)],
    verantwoordelijken=[])


def test_an_aid_is_granted_in_kind_from_a_contracted_supplier_or_as_a_pgb() -> None:
    zin = keur_regel(ProductRegel("11X02", Leveringsvorm.ZIN, date(2026, 5, 11), None,
                                  aanbieder=LEVERANCIER), ROLSTOEL_DOSSIER)
    assert (zin.aanbieder, zin.volume, zin.afwijkingen) == (LEVERANCIER, 1, ())
    with pytest.raises(RegelOvertreding, match="no contract"):
        keur_regel(ProductRegel("11X02", Leveringsvorm.ZIN, date(2026, 5, 11), None,
                                aanbieder="75750101"), ROLSTOEL_DOSSIER)
    pgb = keur_regel(ProductRegel(
        "11X02", Leveringsvorm.PGB, date(2026, 5, 11), None,
        pgb=PgbVoorwaarden("wil een eigen model bij een eigen leverancier", True, True)),
        ROLSTOEL_DOSSIER)
    assert pgb.aanbieder is None and pgb.tarief_cents == 110000
