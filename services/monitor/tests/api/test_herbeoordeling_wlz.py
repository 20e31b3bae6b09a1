"""Herbeoordelingen and the step to the Wlz: indicatie's events go through the projections
(each twice, as a redelivery would) into figures checked by hand, exact for the gemeente and
suppressed for a monitor viewer (real PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload
from wmokernel.events import herbeoordeling as hb
from wmokernel.settings import KernelSettings

from .helpers import projected_app

CLIENT = "p-" + "0" * 32
GEMEENTE = {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), "c", ("gemeente",))}
VIEWER = {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), "v",
                                                       ("monitor-viewer",))}


def review(herbeoordeling_op: date, einddatum: date | None = None) -> dict[str, Any]:
    return dict(herbeoordeling_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(),
                beschikking_id=uuid.uuid4(), beschikt_product_id=uuid.uuid4(),
                toewijzing_id=uuid.uuid4(), client_id=CLIENT, productcategorie="02",
                aanbieder="75750102", herbeoordeling_op=herbeoordeling_op, einddatum=einddatum)


def reviews() -> list[EventPayload]:
    a = review(date(2026, 3, 2))
    b = review(date(2026, 4, 1))
    c = review(date(2026, 5, 4), date(2026, 6, 29))
    d = review(date(2026, 6, 1))
    e = review(date(2026, 11, 2))
    f = review(date(2027, 1, 4))  # due in another year
    nadert = [hb.HerbeoordelingNadert(**r, peildatum=r["herbeoordeling_op"])
              for r in (a, b, c, d, e, f)]
    return [*nadert,
            hb.EinddatumNadert(**c, peildatum=date(2026, 5, 4)),
            hb.HerbeoordelingBesloten(**a, besluit=hb.HerbeoordelingBesluit.VOORTZETTEN,
                                      besloten_op=date(2026, 2, 20), tijdig=True,
                                      herindicatie_aanvraag_id=uuid.uuid4()),
            hb.HerbeoordelingBesloten(**b, besluit=hb.HerbeoordelingBesluit.BEEINDIGEN,
                                      besloten_op=date(2026, 4, 10), tijdig=False),
            hb.HerbeoordelingVerlopen(**c, verlopen_op=date(2026, 6, 30)),
            hb.HerbeoordelingVervallen(**d, reden=hb.HerbeoordelingVervalReden.WLZ,
                                       vervallen_op=date(2026, 5, 20))]


def overgang(reden: hb.WlzReden, gesignaleerd: date, aangevraagd: date | None,
             besluit: dict[str, Any] | None = None) -> list[EventPayload]:
    o = dict(overgang_id=uuid.uuid4(), client_id=CLIENT)
    out: list[EventPayload] = [hb.WlzGesignaleerd(**o, reden=reden, gesignaleerd_op=gesignaleerd,
                                                  team="overvecht")]
    if aangevraagd is not None:
        out.append(hb.WlzAangevraagd(**o, gesignaleerd_op=gesignaleerd,
                                     aangevraagd_op=aangevraagd))
    if besluit is not None:
        assert aangevraagd is not None
        out.append(hb.WlzBesloten(**o, aangevraagd_op=aangevraagd, **besluit))
    return out


def overgangen() -> list[EventPayload]:
    toegekend = hb.WlzBesluit.TOEGEKEND
    return [
        # granted from 1 April; the Wmo care ended on 31 March: no gap
        *overgang(hb.WlzReden.PERMANENT_TOEZICHT, date(2026, 2, 2), date(2026, 2, 9), dict(
            besluit=toegekend, besloten_op=date(2026, 3, 16), wlz_ingangsdatum=date(2026, 4, 1),
            laatste_wmo_dag=date(2026, 3, 31), beeindigde_toewijzingen=2, aansluitend=True)),
        # granted from 1 July, but the Wmo care had ended on 20 June: a gap
        *overgang(hb.WlzReden.ZORG_IN_DE_NABIJHEID, date(2026, 5, 4), date(2026, 5, 11), dict(
            besluit=toegekend, besloten_op=date(2026, 6, 15), wlz_ingangsdatum=date(2026, 7, 1),
            laatste_wmo_dag=date(2026, 6, 20), beeindigde_toewijzingen=0, aansluitend=False)),
        *overgang(hb.WlzReden.PERMANENT_TOEZICHT, date(2026, 9, 1), date(2026, 9, 7), dict(
            besluit=hb.WlzBesluit.AFGEWEZEN, besloten_op=date(2026, 10, 12))),
        # signalled at the end of the year, requested in the next
        *overgang(hb.WlzReden.ZORG_IN_DE_NABIJHEID, date(2026, 12, 28), date(2027, 1, 4)),
    ]


@pytest.fixture
async def http(make_database: MakeDatabase) -> Any:
    payloads = reviews() + overgangen()
    app = await projected_app(make_database, "herbeoordeling", payloads + payloads)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as client:
        yield client


async def test_reviews_against_their_dates(http: httpx.AsyncClient) -> None:
    r = await http.get("/api/v1/wettelijke-termijnen/herbeoordelingen", headers=GEMEENTE,
                       params={"jaar": 2026, "peildatum": "2026-12-01"})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "jaar": 2026, "peildatum": "2026-12-01", "onderdrukt": False, "teBeoordelen": 5,
        "opTijd": 1, "teLaat": 1, "verlopenZonderBesluit": 1, "vervallen": 1, "open": 1,
        "openAchterstallig": 1, "besloten": 2, "voortgezet": 1, "beeindigd": 1,
        "aandeelOpTijd": 33.3}  # 1 on time of 3 that came to an end (2 decided, 1 expired)
    r = await http.get("/api/v1/wettelijke-termijnen/herbeoordelingen", headers=GEMEENTE,
                       params={"jaar": 2026, "peildatum": "2026-11-02"})
    assert r.json()["openAchterstallig"] == 0, "due that day: not late yet"
    r = await http.get("/api/v1/wettelijke-termijnen/herbeoordelingen", headers=GEMEENTE,
                       params={"jaar": 2027})
    assert (r.json()["teBeoordelen"], r.json()["open"]) == (1, 1)

    r = await http.get("/api/v1/wettelijke-termijnen/herbeoordelingen", headers=VIEWER,
                       params={"jaar": 2026, "peildatum": "2026-12-01"})
    body = r.json()
    assert body["onderdrukt"] is True and body["teBeoordelen"] == 5
    assert {body[k] for k in ("opTijd", "teLaat", "verlopenZonderBesluit", "vervallen", "open",
                              "besloten", "aandeelOpTijd")} == {None}


async def test_the_step_to_the_wlz(http: httpx.AsyncClient) -> None:
    r = await http.get("/api/v1/wettelijke-termijnen/wlz", headers=GEMEENTE,
                       params={"jaar": 2026})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "jaar": 2026, "onderdrukt": False, "signalen": 4,
        "signalenPerReden": {"permanentToezicht": 2, "zorgInDeNabijheid": 2},
        "cizAanvragen": 3, "besloten": 3, "toegekend": 2, "afgewezen": 1, "aansluitend": 1,
        "nietAansluitend": 1}
    r = await http.get("/api/v1/wettelijke-termijnen/wlz", headers=GEMEENTE,
                       params={"jaar": 2027})
    assert (r.json()["signalen"], r.json()["cizAanvragen"], r.json()["besloten"]) == (0, 1, 0)
    r = await http.get("/api/v1/wettelijke-termijnen/wlz", headers=VIEWER,
                       params={"jaar": 2026})
    assert (r.json()["signalen"], r.json()["toegekend"], r.json()["aansluitend"]) == (
        None, None, None), "counts of 1-4 stay hidden"
    r = await http.get("/api/v1/wettelijke-termijnen/wlz",
                       headers={"Authorization": "Bearer " + issue_dev_token(
                           KernelSettings(), "w", ("buurtteam",))})
    assert r.status_code == 403
