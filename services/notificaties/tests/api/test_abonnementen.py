from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from ..conftest import MakeApp, bearer

UTRECHT = bearer("systeem", subject="zaaksysteem")
HOUTEN = bearer("u16-gemeente", subject="houten-app", gemeente="0321")
ZEIST = bearer("u16-gemeente", subject="houten-app", gemeente="0355")
HOOK = "http://127.0.0.1:9/hook"


def body(**kw: Any) -> dict[str, Any]:
    return {"callbackUrl": HOOK, "auth": "Bearer receiver-token",
            "kanalen": [{"naam": "aanmeldingen", "filters": {"vorm": "mo-nachtopvang"}}], **kw}


async def test_kanalen_are_seeded_with_their_filters(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/kanalen", headers=HOUTEN, params={"pageSize": 2})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 7 and len(r.json()["items"]) == 2
    r = await client.get("/api/v1/kanalen/plaatsingen", headers=HOUTEN)
    assert r.status_code == 200
    assert set(r.json()["filters"]) == {"eventType", "gemeente", "clientId", "vorm"}
    r = await client.get("/api/v1/kanalen/wlz-overgangen", headers=HOUTEN)
    assert r.status_code == 200
    assert (r.json()["hoofdObject"], r.json()["resource"]) == ("wlz-overgangen", "wlz-overgang")
    assert set(r.json()["filters"]) == {"eventType", "gemeente", "clientId", "besluit"}
    r = await client.get("/api/v1/kanalen/zaken", headers=HOUTEN)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert (await client.get("/api/v1/kanalen",
                             headers=bearer("aanbieder"))).status_code == 403


async def test_crud_with_the_secret_returned_once(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/abonnementen", headers=HOUTEN, json=body())
    assert r.status_code == 201, r.text
    created = r.json()
    assert len(created["secret"]) >= 40 and created["gemeente"] == "0321"
    assert "auth" not in created
    aid = created["id"]
    r = await client.get(f"/api/v1/abonnementen/{aid}", headers=HOUTEN)
    assert r.status_code == 200 and "secret" not in r.json()
    assert r.json()["kanalen"] == [{"naam": "aanmeldingen",
                                    "filters": {"vorm": "mo-nachtopvang"}}]
    r = await client.put(f"/api/v1/abonnementen/{aid}", headers=HOUTEN, json=body(
        callbackUrl="https://houten.example/hook", kanalen=[{"naam": "plaatsingen"}]))
    assert r.status_code == 200, r.text
    assert r.json()["callbackUrl"] == "https://houten.example/hook"
    assert r.json()["kanalen"] == [{"naam": "plaatsingen", "filters": {}}]
    r = await client.get("/api/v1/abonnementen", headers=HOUTEN)
    assert [a["id"] for a in r.json()["items"]] == [aid]
    assert (await client.delete(f"/api/v1/abonnementen/{aid}", headers=HOUTEN)
            ).status_code == 204
    assert (await client.get(f"/api/v1/abonnementen/{aid}", headers=HOUTEN)).status_code == 404


async def test_a_subscription_is_invisible_to_anyone_but_its_owner(
        client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/abonnementen", headers=HOUTEN, json=body())
    aid = r.json()["id"]
    # the same subject under another gemeente, another subject, Utrecht's systems
    for other in (ZEIST, bearer("u16-gemeente", subject="x", gemeente="0321"), UTRECHT):
        assert (await client.get(f"/api/v1/abonnementen/{aid}", headers=other)
                ).status_code == 404
        assert (await client.put(f"/api/v1/abonnementen/{aid}", headers=other, json=body())
                ).status_code == 404
        assert (await client.delete(f"/api/v1/abonnementen/{aid}", headers=other)
                ).status_code == 404
        assert (await client.get(f"/api/v1/abonnementen/{aid}/afleveringen", headers=other)
                ).status_code == 404
        assert (await client.get("/api/v1/abonnementen", headers=other)).json()["total"] == 0
    assert (await client.get(f"/api/v1/abonnementen/{aid}", headers=HOUTEN)).status_code == 200


async def test_refusals(client: httpx.AsyncClient) -> None:
    cases = [
        (body(callbackUrl="ftp://houten.example/h"), "only http and https"),
        (body(callbackUrl="https://u:p@houten.example/h"), "credentials"),
        (body(callbackUrl="https:///h"), "a host is required"),
        (body(kanalen=[{"naam": "zaken"}]), "unknown kanaal"),
        (body(kanalen=[{"naam": "meldingen", "filters": {"bsn": "1"}}]), "no filter bsn"),
        (body(kanalen=[]), "kanalen"),
        (body(auth=""), "auth"),
    ]
    for payload, rule in cases:
        r = await client.post("/api/v1/abonnementen", headers=HOUTEN, json=payload)
        assert r.status_code == 422, (payload, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert rule in r.json()["detail"], (rule, r.json())
    r = await client.post("/api/v1/abonnementen", headers=bearer("u16-gemeente", gemeente=None),
                          json=body())
    assert r.status_code == 403
    assert (await client.post("/api/v1/abonnementen", headers=bearer("aanbieder"),
                              json=body())).status_code == 403
    assert (await client.get("/api/v1/abonnementen", headers=HOUTEN)).json()["total"] == 0
    r = await client.put(f"/api/v1/abonnementen/{uuid.uuid4()}", headers=HOUTEN, json=body())
    assert r.status_code == 404


async def test_https_required_when_configured(make_app: MakeApp) -> None:
    app: FastAPI = await make_app(notificaties_require_https=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://notificaties") as c:
        r = await c.post("/api/v1/abonnementen", headers=UTRECHT, json=body())
        assert r.status_code == 422 and "https is required" in r.json()["detail"]
        r = await c.post("/api/v1/abonnementen", headers=UTRECHT,
                         json=body(callbackUrl="https://zaaksysteem.utrecht.example/n"))
        assert r.status_code == 201 and r.json()["gemeente"] is None
