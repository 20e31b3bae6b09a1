"""Every item of a list longer than the largest page can be reached by following the links."""

from __future__ import annotations

import asyncio

import httpx

from ..helpers import TOEGANG, aanmelding


async def test_the_links_reach_item_501_and_the_total_counts_them_all(
        client: httpx.AsyncClient) -> None:
    gate = asyncio.Semaphore(8)

    async def one(n: int) -> str:
        async with gate:
            return str((await aanmelding(client, n=f"paging-{n}"))["id"])

    created = set(await asyncio.gather(*(one(n) for n in range(503))))

    r = await client.get("/api/v1/aanmeldingen", headers=TOEGANG, params={"pageSize": 500})
    assert r.status_code == 200, r.text
    first = r.json()
    assert (first["total"], first["page"], first["pageSize"]) == (503, 1, 500)
    assert len(first["items"]) == 500
    assert first["_links"].get("prev") is None
    assert "page=2" in first["_links"]["last"]["href"]

    r = await client.get(first["_links"]["next"]["href"], headers=TOEGANG)
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["page"] == 2 and len(second["items"]) == 3
    assert second["_links"].get("next") is None
    assert second["_links"]["self"]["href"] == first["_links"]["last"]["href"]
    assert second["_links"]["prev"]["href"] == first["_links"]["self"]["href"]

    seen = [a["id"] for a in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 503
    assert set(seen) == created


async def test_links_keep_the_filter_and_a_page_past_the_end_is_empty(
        client: httpx.AsyncClient) -> None:
    for n in range(3):
        await aanmelding(client, n=f"filter-{n}", vorm="mo-24-uursopvang")
    await aanmelding(client, n="filter-crisis", vorm="mo-crisisopvang")

    r = await client.get("/api/v1/aanmeldingen", headers=TOEGANG,
                         params={"vorm": "mo-24-uursopvang", "pageSize": 2})
    body = r.json()
    assert body["total"] == 3
    assert "vorm=mo-24-uursopvang" in body["_links"]["next"]["href"]
    r = await client.get(body["_links"]["next"]["href"], headers=TOEGANG)
    assert [a["vorm"] for a in r.json()["items"]] == ["mo-24-uursopvang"]

    r = await client.get("/api/v1/aanmeldingen", headers=TOEGANG,
                         params={"vorm": "mo-24-uursopvang", "pageSize": 2, "page": 9})
    assert r.status_code == 200
    past = r.json()
    assert past["items"] == [] and past["total"] == 3
    assert "page=2" in past["_links"]["prev"]["href"]


async def test_a_page_size_over_the_maximum_is_refused_with_the_bound(
        client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/aanmeldingen", headers=TOEGANG, params={"pageSize": 501})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "pageSize" in r.text and "500" in r.text
