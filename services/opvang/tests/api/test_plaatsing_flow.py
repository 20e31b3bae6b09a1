"""Aanmelding → wachtlijst → placement → opname → uitstroom over the API, on a real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
from fastapi import FastAPI
from opvang.service.toegang_events import on_toegang_event
from wmokernel.wire.envelope import CloudEvent

from ..conftest import bearer
from ..helpers import TOEGANG, UTRECHT, aanmelding, client_id, locatie, outbox, scalar


async def test_mo_aanmelding_is_placed_admitted_and_flows_out(client: httpx.AsyncClient,
                                                              app: FastAPI) -> None:
    loc = await locatie(client, gemeente="0356", vorm="mo-24-uursopvang", capaciteit=2,
                        aanbieder="lister")
    await locatie(client, gemeente="0344", vorm="mo-24-uursopvang", capaciteit=5)
    nieuwegein = bearer("u16-gemeente", subject="ngn-1", gemeente="0356")
    a = await aanmelding(client, nieuwegein, gemeente="0356", urgent=True,
                         verwezen_op=date(2026, 1, 5))
    assert a["status"] == "wachtend" and a["prioriteit"] == "urgent"

    r = await client.get(f"/api/v1/aanmeldingen/{a['id']}/voorstel", headers=TOEGANG)
    assert r.status_code == 200, r.text
    first = r.json()["items"][0]
    assert first["locatieId"] == loc["id"] and first["eigenGemeente"] is True

    r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                          json={"aanmeldingId": a["id"], "gereserveerdOp": "2026-02-01"})
    assert r.status_code == 201, r.text
    plaatsing = r.json()
    assert plaatsing["locatieId"] == loc["id"] and plaatsing["status"] == "gereserveerd"
    r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                          json={"aanmeldingId": a["id"]})
    assert r.status_code == 409, "one client holds one place"

    provider = bearer("aanbieder", subject="lister-1", team="lister")
    other_provider = bearer("aanbieder", subject="ldh-1", team="leger-des-heils")
    path = f"/api/v1/plaatsingen/{plaatsing['id']}"
    r = await client.post(f"{path}/opname", headers=other_provider,
                          json={"opgenomenOp": "2026-02-02"})
    assert r.status_code == 404, "a provider sees only placements at its own locations"
    r = await client.post(f"{path}/opname", headers=provider, json={"opgenomenOp": "2026-02-02"})
    assert r.status_code == 200, r.text
    r = await client.post(f"{path}/uitstroom-blokkades", headers=provider,
                          json={"reden": "geen-woning", "sinds": "2026-05-01"})
    assert r.status_code == 200 and r.json()["uitstroomGeblokkeerdReden"] == "geen-woning"
    r = await client.post(f"{path}/woningaanbiedingen", headers=nieuwegein, json={
        "soort": "thuis-voor-iedereen", "gemeente": "0356", "aangebodenOp": "2026-06-01"})
    assert r.status_code == 201, r.text
    r = await client.post(f"{path}/uitstroom", headers=provider, json={
        "uitgestroomdOp": "2026-06-15", "bestemming": "zelfstandig-wonen"})
    assert r.status_code == 200, r.text
    assert r.json()["verblijfsdagen"] == (date(2026, 6, 15) - date(2026, 2, 2)).days
    assert await scalar(app, "SELECT bezet FROM locaties WHERE id = :id",
                        id=uuid.UUID(loc["id"])) == 0

    events = await outbox(app)
    types = [t.rsplit(".", 1)[1] for t, _ in events]
    assert types == ["aanmelding-ontvangen", "op-wachtlijst-geplaatst", "plaats-gereserveerd",
                     "client-opgenomen", "uitstroom-geblokkeerd", "woning-aangeboden",
                     "client-uitgestroomd"]
    opgenomen = events[3][1]
    assert opgenomen["wachtdagen"] == 28 and opgenomen["binnenNorm"] is True
    assert opgenomen["locatieGemeente"] == "0356" and opgenomen["bezetting"] == 1
    assert events[-1][1]["bezetting"] == 0 and events[-1][1]["capaciteit"] == 2
    assert all(body["aanmeldingId"] == a["id"] for _, body in events)

    r = await client.get("/api/v1/gemeenten/0356/overzicht", headers=nieuwegein,
                         params={"peildatum": "2026-07-01"})
    assert r.status_code == 200, r.text
    [mo] = r.json()["inwonersPerVorm"]
    assert mo["uitgestroomd"] == 1 and mo["aangemeld"] == 1
    assert r.json()["bezettingInGemeente"] == [
        {"vorm": "mo-24-uursopvang", "locaties": 1, "capaciteit": 2, "bezet": 0}]


async def test_only_the_regionale_toegang_sets_the_bw_indicatie(client: httpx.AsyncClient,
                                                               app: FastAPI) -> None:
    await locatie(client, gemeente="0344", vorm="beschermd-thuis", capaciteit=3)
    a = await aanmelding(client, UTRECHT, vorm="beschermd-verblijf",
                         verwezen_op=date(2026, 1, 5))
    assert a["status"] == "aangemeld"
    r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                          json={"aanmeldingId": a["id"]})
    assert r.status_code == 409 and "indicatie" in r.json()["detail"]
    body = {"vorm": "beschermd-thuis", "gezetOp": "2026-01-20"}
    for headers in (UTRECHT, bearer("u16-gemeente", gemeente="0344"), bearer("buurtteam"),
                    bearer("aanbieder", team="x")):
        r = await client.post(f"/api/v1/aanmeldingen/{a['id']}/indicatie-bw", headers=headers,
                              json=body)
        assert r.status_code == 403, r.text
    r = await client.post(f"/api/v1/aanmeldingen/{a['id']}/indicatie-bw", headers=TOEGANG,
                          json=body)
    assert r.status_code == 200 and r.json()["status"] == "wachtend"
    assert r.json()["vorm"] == "beschermd-thuis"
    r = await client.get("/api/v1/wachtlijst", headers=TOEGANG,
                         params={"vorm": "beschermd-thuis", "peildatum": "2026-05-01"})
    [item] = r.json()["items"]
    assert item["wachtdagen"] == 116 and item["overNorm"] is True


async def test_landelijke_toegankelijkheid_and_warme_overdracht(client: httpx.AsyncClient,
                                                               app: FastAPI) -> None:
    # A resident of Amsterdam (0363) gets first shelter in Utrecht: no refusal.
    a = await aanmelding(client, bearer("stadsteam-back-up", team="backup"), gemeente="0363",
                         vorm="mo-nachtopvang", kanaal="stadsteam-back-up")
    assert a["buitenRegio"] is True and a["status"] == "wachtend"
    r = await client.post(f"/api/v1/aanmeldingen/{a['id']}/beoordelingen", headers=TOEGANG,
                          json={"besteKansGemeente": "0363", "beoordeeldOp": "2026-01-10",
                                "toelichting": "netwerk en hulpverlening in Amsterdam"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "overgedragen" and r.json()["overgedragenAan"] == "0363"
    types = [t.rsplit(".", 1)[1] for t, _ in await outbox(app)]
    assert types[-2:] == ["regiobinding-beoordeeld", "warme-overdracht-gedaan"]

    # Non-Wmo target groups are recorded with their funding source.
    r = await client.post("/api/v1/aanmeldingen", headers=TOEGANG, json={
        "clientId": client_id("eu"), "vorm": "mo-nachtopvang", "verwezenOp": "2026-01-05",
        "doelgroep": "eu-arbeidsmigrant"})
    assert r.status_code == 422, "a non-Wmo group needs its financiering"
    b = await aanmelding(client, gemeente=None, vorm="mo-nachtopvang",
                         doelgroep="eu-arbeidsmigrant", financiering="rijksregeling-eu")
    assert b["financiering"] == "rijksregeling-eu" and b["buitenRegio"] is True


async def test_toegang_event_opens_one_aanmelding_and_other_types_are_ignored(
        app: FastAPI) -> None:
    rt = app.state.runtime
    data = {"meldingId": str(uuid.uuid4()), "aanmeldingId": str(uuid.uuid4()),
            "clientId": client_id("t1"), "gemeente": "0321", "vorm": "maatschappelijke-opvang",
            "urgent": True, "verwezenOp": "2026-03-02", "gemeldOp": "2026-02-20",
            "somethingNew": 1}
    event = CloudEvent(type="nl.utrecht.wmo.toegang.aanmelding-opvang-gedaan",
                       source="/wmo/toegang", subject=data["meldingId"], data=data)
    other = CloudEvent(type="nl.utrecht.wmo.toegang.melding-ontvangen", source="/wmo/toegang",
                       subject="x", data={"whatever": True})
    for e in (event, event, other):
        async with rt.unit_of_work() as uow:
            await on_toegang_event(uow, e)
    assert await scalar(app, "SELECT count(*) FROM aanmeldingen") == 1
    assert await scalar(app, "SELECT vorm FROM aanmeldingen") == "mo-crisisopvang"
    assert await scalar(app, "SELECT kanaal FROM aanmeldingen") == "buurtteam"


async def test_capacity_never_below_occupancy_and_allocation_round(client: httpx.AsyncClient,
                                                                  app: FastAPI) -> None:
    loc = await locatie(client, gemeente="0355", vorm="mo-jongerenopvang", capaciteit=2,
                        minLeeftijd=18, maxLeeftijd=27)
    jong = [await aanmelding(client, gemeente="0355", vorm="mo-jongerenopvang", leeftijd=20,
                             verwezen_op=date(2026, 1, d)) for d in (3, 1, 2)]
    await aanmelding(client, gemeente="0355", vorm="mo-jongerenopvang", leeftijd=40)
    r = await client.post("/api/v1/toewijzingsrondes", headers=TOEGANG,
                          json={"peildatum": "2026-02-01"})
    assert r.status_code == 200, r.text
    assert r.json()["wachtend"] == 4 and r.json()["geplaatst"] == 2
    r = await client.get("/api/v1/wachtlijst", headers=TOEGANG,
                         params={"vorm": "mo-jongerenopvang"})
    assert {i["aanmeldingId"] for i in r.json()["items"]} >= {jong[0]["id"]}, \
        "the shortest wait is left"
    r = await client.post(f"/api/v1/locaties/{loc['id']}/capaciteitswijzigingen",
                          headers=TOEGANG, json={"capaciteit": 1, "ingangsdatum": "2026-02-01",
                                                 "reden": "verbouwing"})
    assert r.status_code == 409
    r = await client.post(f"/api/v1/locaties/{loc['id']}/capaciteitswijzigingen",
                          headers=UTRECHT, json={"capaciteit": 4, "ingangsdatum": "2026-02-01",
                                                 "reden": "uitbreiding"})
    assert r.status_code == 201 and r.json()["vrij"] == 2
    r = await client.get("/api/v1/wachtlijst/maandgemiddelden", headers=bearer("monitor-viewer"),
                         params={"jaar": 2026})
    assert r.status_code == 200 and r.json()["items"][0]["vorm"] == "mo-jongerenopvang"
    r = await client.get("/api/v1/wachtlijst", headers=bearer("monitor-viewer"))
    assert r.status_code == 403, "a monitor viewer sees aggregates only"
