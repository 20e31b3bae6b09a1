"""Herbeoordelingen and the step to the Wlz: the facts their events contribute to the read
models (hooked into ``projections.facts``), and the yearly figures, exact for the gemeente and
suppressed for everyone else (``domain/herbeoordeling.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel.catalogue import EventPayload
from wmokernel.events import herbeoordeling as hb
from wmokernel.unit_of_work import UnitOfWork

from ..domain.herbeoordeling import onderdruk, onderdruk_verdeling
from ..models.herbeoordeling import (
    HerbeoordelingAfsluitingFeit,
    HerbeoordelingBesluitFeit,
    HerbeoordelingSignaalFeit,
    WlzAanvraagFeit,
    WlzBesluitFeit,
    WlzSignaalFeit,
)
from ..repository import herbeoordeling as repo

Fact = tuple[type[Any], dict[str, Any]]
EVENTS = hb.EVENTS


def facts(p: EventPayload) -> list[Fact]:
    """The read-model rows of one herbeoordeling or Wlz event."""
    match p:
        case hb.HerbeoordelingNadert() | hb.EinddatumNadert():
            soort = "herbeoordeling" if isinstance(p, hb.HerbeoordelingNadert) else "einddatum"
            return [(HerbeoordelingSignaalFeit, dict(
                herbeoordeling_id=p.herbeoordeling_id, soort=soort,
                productcategorie=p.productcategorie, herbeoordeling_op=p.herbeoordeling_op,
                einddatum=p.einddatum, peildatum=p.peildatum))]
        case hb.HerbeoordelingBesloten():
            return [(HerbeoordelingBesluitFeit, dict(
                herbeoordeling_id=p.herbeoordeling_id, besluit=p.besluit.value,
                besloten_op=p.besloten_op, herbeoordeling_op=p.herbeoordeling_op,
                tijdig=p.tijdig))]
        case hb.HerbeoordelingVerlopen():
            return [(HerbeoordelingAfsluitingFeit, dict(
                herbeoordeling_id=p.herbeoordeling_id, soort="verlopen", reden=None,
                afgesloten_op=p.verlopen_op, herbeoordeling_op=p.herbeoordeling_op))]
        case hb.HerbeoordelingVervallen():
            return [(HerbeoordelingAfsluitingFeit, dict(
                herbeoordeling_id=p.herbeoordeling_id, soort="vervallen", reden=p.reden.value,
                afgesloten_op=p.vervallen_op, herbeoordeling_op=p.herbeoordeling_op))]
        case hb.WlzGesignaleerd():
            return [(WlzSignaalFeit, dict(overgang_id=p.overgang_id, reden=p.reden.value,
                                          team=p.team, gesignaleerd_op=p.gesignaleerd_op))]
        case hb.WlzAangevraagd():
            return [(WlzAanvraagFeit, dict(overgang_id=p.overgang_id,
                                           gesignaleerd_op=p.gesignaleerd_op,
                                           aangevraagd_op=p.aangevraagd_op))]
        case hb.WlzBesloten():
            return [(WlzBesluitFeit, dict(
                overgang_id=p.overgang_id, besluit=p.besluit.value, besloten_op=p.besloten_op,
                aangevraagd_op=p.aangevraagd_op, wlz_ingangsdatum=p.wlz_ingangsdatum,
                laatste_wmo_dag=p.laatste_wmo_dag,
                beeindigde_toewijzingen=p.beeindigde_toewijzingen, aansluitend=p.aansluitend))]
    return []


async def herbeoordelingen(uow: UnitOfWork, jaar: int, peildatum: date,
                           onderdrukken: bool) -> dict[str, Any]:
    n = await repo.herbeoordelingen(uow.session, jaar, peildatum)
    totaal, delen = onderdruk_verdeling(n["te_beoordelen"], {
        k: n[k] for k in ("op_tijd", "te_laat", "verlopen", "vervallen", "open")},
        onderdrukken)
    besloten, besluiten = onderdruk_verdeling(
        n["besloten"], {k: n[k] for k in ("voortgezet", "beeindigd")}, onderdrukken)
    afgelopen = n["besloten"] + n["verlopen"]
    zichtbaar = delen["op_tijd"] is not None and delen["te_laat"] is not None \
        and delen["verlopen"] is not None
    return dict(
        jaar=jaar, peildatum=peildatum, onderdrukt=onderdrukken, te_beoordelen=totaal,
        op_tijd=delen["op_tijd"], te_laat=delen["te_laat"],
        verlopen_zonder_besluit=delen["verlopen"], vervallen=delen["vervallen"],
        open=delen["open"],
        open_achterstallig=onderdruk(n["open_achterstallig"], onderdrukken),
        besloten=besloten, voortgezet=besluiten["voortgezet"], beeindigd=besluiten["beeindigd"],
        aandeel_op_tijd=(round(100 * n["op_tijd"] / afgelopen, 1)
                         if afgelopen and zichtbaar else None))


async def wlz(uow: UnitOfWork, jaar: int, onderdrukken: bool) -> dict[str, Any]:
    n = await repo.wlz(uow.session, jaar)
    signalen, per_reden = onderdruk_verdeling(n["signalen"], {
        k: n[k] for k in ("permanent_toezicht", "zorg_in_de_nabijheid")}, onderdrukken)
    besloten, uitkomsten = onderdruk_verdeling(
        n["besloten"], {k: n[k] for k in ("toegekend", "afgewezen")}, onderdrukken)
    toegekend, aansluiting = onderdruk_verdeling(
        n["toegekend"], {k: n[k] for k in ("aansluitend", "niet_aansluitend")}, onderdrukken)
    if uitkomsten["toegekend"] is None:
        toegekend = None
    return dict(
        jaar=jaar, onderdrukt=onderdrukken, signalen=signalen, signalen_per_reden=per_reden,
        ciz_aanvragen=onderdruk(n["ciz_aanvragen"], onderdrukken), besloten=besloten,
        toegekend=toegekend, afgewezen=uitkomsten["afgewezen"], **aansluiting)
