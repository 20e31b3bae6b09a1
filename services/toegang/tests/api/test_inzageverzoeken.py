"""The inzageverzoek (AVG art. 15) in toegang (real PostgreSQL; the other services stand in):
the privacy officer gets toegang's records of the resident and every other service's part in
one export, audit-logged; another role is refused; a service that cannot answer makes the
export fail as a whole, never a partial one. The REST gathering names each service that
failed."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from toegang.app import create_app
from toegang.diensten.inzage import DienstenNietBeschikbaar, RestVerzamelaar
from toegang.settings import ToegangSettings
from wmokernel.inzage import InzageDienst

from ..conftest import bearer

WORKER = bearer("buurtteam")
OFFICER = bearer("privacy-officer", subject="fg-1", team=None)
BSN_A, BSN_B = "111222333", "123456782"


class Standin:
    """The other services: each answers with one record of the client, or is away."""

    def __init__(self) -> None:
        self.weg: dict[str, str] = {}
        self.gevraagd: list[tuple[str, uuid.UUID]] = []

    async def verzamel(self, client_id: str, verzoek_id: uuid.UUID
                       ) -> dict[str, InzageDienst]:
        self.gevraagd.append((client_id, verzoek_id))
        if self.weg:
            raise DienstenNietBeschikbaar(self.weg)
        return {n: InzageDienst(dienst=n, client_id=client_id, verzoek_id=verzoek_id,
                                verzameld_op=datetime.now(UTC),
                                gegevens={"aanvragen": [{"clientId": client_id}]},
                                verwerkingen=[])
                for n in ("indicatie", "opvang", "monitor", "notificaties")}


@pytest.fixture
def standin() -> Standin:
    return Standin()


@pytest.fixture
async def app(make_database: MakeDatabase, standin: Standin) -> AsyncIterator[FastAPI]:
    url = await make_database("toegang", "toegang")
    application = create_app(ToegangSettings(database_url=url), verzamelaar=standin)
    yield application
    await application.state.runtime.engine.dispose()


async def melding(client: httpx.AsyncClient, bsn: str, omschrijving: str) -> dict[str, Any]:
    r = await client.post("/api/v1/meldingen", headers=WORKER, json={
        "bsn": bsn, "kanaal": "buurtteam", "omschrijving": omschrijving,
        "gemeldOp": "2026-11-02", "wijk": "Overvecht"})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def audit(app: FastAPI, client_id: str) -> list[tuple[str, str, str]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(sa.text(
            "SELECT actor, action, resource_type FROM audit_log WHERE client_id = :c "
            "ORDER BY id"), {"c": client_id})
        return [tuple(r) for r in rows]


async def test_the_officer_gets_everything_on_the_resident_and_nothing_of_another(
    client: httpx.AsyncClient, app: FastAPI, standin: Standin,
) -> None:
    a = await melding(client, BSN_A, "hulp bij de administratie")
    r = await client.post(f"/api/v1/meldingen/{a['id']}/verwijzingen", headers=WORKER,
                          json={"toelichting": "begeleiding"})
    assert r.status_code == 201, r.text
    verwijzing = r.json()
    b = await melding(client, "123456782", "eenzaam")

    r = await client.post("/api/v1/inzageverzoeken", headers=OFFICER,
                          json={"bsn": "111 222 333", "toelichting": "brief van 1 december"})
    assert r.status_code == 201, r.text
    export = r.json()
    assert export["clientId"] == a["clientId"] and export["door"] == "fg-1"
    assert standin.gevraagd == [(a["clientId"], uuid.UUID(export["id"]))]
    assert set(export["diensten"]) == {"toegang", "indicatie", "opvang", "monitor",
                                       "notificaties"}
    toegang = export["diensten"]["toegang"]
    [entry] = toegang["gegevens"]["clients"]
    assert entry["bsn"] == BSN_A and entry["id"] == a["clientId"]
    assert [m["id"] for m in toegang["gegevens"]["meldingen"]] == [a["id"]]
    assert [v["id"] for v in toegang["gegevens"]["verwijzingen"]] == [verwijzing["id"]]
    assert toegang["gegevens"]["dossierMedewerkers"][0]["medewerker"] == "worker-1"
    assert [(v["actor"], v["handeling"], v["soort"]) for v in toegang["verwerkingen"]][:2] == [
        ("worker-1", "create", "melding"), ("worker-1", "update", "melding")]
    assert all(v["doel"] and v["tijdstip"] for v in toegang["verwerkingen"])
    text = json.dumps(export)
    for other in (BSN_B, b["clientId"], b["id"], "eenzaam"):
        assert other not in text

    # The export itself is a processing of A's data, logged with the verzoek.
    assert (await audit(app, a["clientId"]))[-1] == ("fg-1", "export", "inzageverzoek")


async def test_another_role_is_refused_and_the_refusal_logged(
    client: httpx.AsyncClient, app: FastAPI, standin: Standin,
) -> None:
    for headers in (WORKER, bearer("gemeente", team=None),
                    bearer("systeem", scopes=("inzage:verzamelen",))):
        r = await client.post("/api/v1/inzageverzoeken", headers=headers, json={"bsn": BSN_A})
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert standin.gevraagd == []
    async with app.state.runtime.engine.connect() as conn:
        refused = await conn.scalar(sa.text(
            "SELECT count(*) FROM audit_log WHERE action = 'geweigerd' "
            "AND resource_type = 'inzageverzoek'"))
    assert refused == 3
    r = await client.post("/api/v1/inzageverzoeken", headers=OFFICER, json={"bsn": "123456789"})
    assert r.status_code == 422, "fails the elfproef"


async def test_a_service_away_fails_the_export_as_a_whole(
    client: httpx.AsyncClient, app: FastAPI, standin: Standin,
) -> None:
    a = await melding(client, BSN_A, "hulp in huis")
    standin.weg = {"monitor": "not reachable at http://monitor (ConnectError)"}
    r = await client.post("/api/v1/inzageverzoeken", headers=OFFICER, json={"bsn": BSN_A})
    assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert "monitor" in problem["detail"] and "nothing is exported" in problem["detail"]
    assert "meldingen" not in r.text and BSN_A not in r.text
    assert (await audit(app, a["clientId"]))[-1] == ("fg-1", "export-mislukt", "inzageverzoek")


async def test_the_rest_gathering_names_every_service_that_failed() -> None:
    verzoek = uuid.uuid4()
    client_id = "p-" + "ab" * 16

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer t"
        assert request.url.params["verzoek"] == str(verzoek)
        host = request.url.host
        if host == "indicatie":
            return httpx.Response(200, json=InzageDienst(
                dienst="indicatie", client_id=client_id, verzoek_id=verzoek,
                verzameld_op=datetime.now(UTC), gegevens={}, verwerkingen=[]).dump())
        if host == "opvang":
            return httpx.Response(500, json={"title": "kapot"})
        if host == "monitor":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"iets": "anders"})

    class Token:
        async def token(self) -> str:
            return "t"

    diensten = {n: f"http://{n}" for n in ("indicatie", "opvang", "monitor", "notificaties")}
    gather = RestVerzamelaar(diensten, Token(), transport=httpx.MockTransport(answer))
    with pytest.raises(DienstenNietBeschikbaar) as failed:
        await gather.verzamel(client_id, verzoek)
    assert set(failed.value.redenen) == {"opvang", "monitor", "notificaties"}
    assert "HTTP 500" in failed.value.redenen["opvang"]
    assert "not reachable" in failed.value.redenen["monitor"]

    only = RestVerzamelaar({"indicatie": "http://indicatie"}, Token(),
                           transport=httpx.MockTransport(answer))
    parts = await only.verzamel(client_id, verzoek)
    assert parts["indicatie"].client_id == client_id
