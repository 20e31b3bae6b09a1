"""A pseudonym key rotation with `python -m toegang rekey` and `relink` (docs/runbook.md): the
client keeps one registry entry and all its meldingen under its new id, and a returning client
is recognised under the new key."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
from devstack.testing import MakeDatabase
from toegang.app import create_app
from toegang.settings import ToegangSettings
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from ..conftest import bearer

OLD_KEY = "the-key-the-registry-was-keyed-with-0000"
NEW_KEY = "the-key-that-replaces-it-after-a-leak-111"
WORKER = bearer("buurtteam")
BSN = "111222333"


async def post_melding(url: str, key: str) -> dict[str, object]:
    app = create_app(ToegangSettings(database_url=url, pseudonym_key=key))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://toegang") as http:
            r = await http.post("/api/v1/meldingen", headers=WORKER, json={
                "bsn": BSN, "kanaal": "buurtteam", "omschrijving": "redt het niet alleen"})
            assert r.status_code == 201, r.text
            body: dict[str, object] = r.json()
            return body
    finally:
        await app.state.runtime.engine.dispose()


def toegang(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WMO_")}
    environment.update({"WMO_DATABASE_URL": url, **env})
    return subprocess.run([sys.executable, "-m", "toegang", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


async def test_after_a_rotation_the_client_keeps_its_history_under_the_new_id(
        make_database: MakeDatabase, tmp_path: Path) -> None:
    url = await make_database("toegang", "toegang")
    first = await post_melding(url, OLD_KEY)
    old_id = first["clientId"]
    mapping = tmp_path / "mapping.csv"

    keys = {"WMO_PSEUDONYM_KEY_PREVIOUS": OLD_KEY, "WMO_PSEUDONYM_KEY": NEW_KEY}
    rekey = await asyncio.to_thread(toegang, url, "rekey", "--out", str(mapping), **keys)
    assert rekey.returncode == 0, rekey.stderr
    assert BSN not in mapping.read_text()
    header, row = mapping.read_text().splitlines()
    assert header == "old_client_id,new_client_id"
    assert row.split(",")[0] == old_id
    new_id = row.split(",")[1]
    assert new_id != old_id

    relink = await asyncio.to_thread(toegang, url, "relink", "--mapping", str(mapping))
    assert relink.returncode == 0, relink.stderr
    assert "clients.id: 1 rows relinked" in relink.stdout
    assert "meldingen.client_id: 1 rows relinked" in relink.stdout
    # The audit trail of the client's personal data follows it too.
    assert "audit_log.client_id: 1 rows relinked, 0 ids not in the mapping" in relink.stdout

    # Under the new key the same BSN is the same client: returning, one registry entry.
    second = await post_melding(url, NEW_KEY)
    assert second["clientId"] == new_id
    assert second["terugkerend"] is True
    app = create_app(ToegangSettings(database_url=url, pseudonym_key=NEW_KEY))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://toegang") as http:
            client = await http.get(f"/api/v1/clienten/{new_id}", headers=WORKER)
            assert client.status_code == 200, client.text
            assert {m["id"] for m in client.json()["meldingen"]} == {first["id"], second["id"]}
            assert (await http.get(f"/api/v1/clienten/{old_id}", headers=WORKER)
                    ).status_code == 404
            melding = await http.get(f"/api/v1/meldingen/{first['id']}", headers=WORKER)
            assert melding.json()["clientId"] == new_id
            # Indicatie's iWmo messages ask toegang for the BSN behind the new id.
            system = issue_dev_token(KernelSettings(), "indicatie", ["systeem"],
                                     scopes=["bsn:lezen"])
            bsn = await http.get(f"/api/v1/clienten/{new_id}/bsn", params={"doel": "WMO301"},
                                 headers={"Authorization": f"Bearer {system}"})
            assert bsn.json()["bsn"] == BSN
    finally:
        await app.state.runtime.engine.dispose()


async def test_rekey_with_the_wrong_previous_key_writes_nothing(
        make_database: MakeDatabase, tmp_path: Path) -> None:
    url = await make_database("toegang", "toegang")
    await post_melding(url, OLD_KEY)
    mapping = tmp_path / "mapping.csv"
    done = await asyncio.to_thread(
        toegang, url, "rekey", "--out", str(mapping),
        WMO_PSEUDONYM_KEY_PREVIOUS="not-the-key-the-registry-was-made-with",
        WMO_PSEUDONYM_KEY=NEW_KEY)
    assert done.returncode == 2
    assert "WMO_PSEUDONYM_KEY_PREVIOUS is not the key in use" in done.stderr
    assert not mapping.exists()


async def test_rekey_in_production_refuses_a_development_key_as_the_new_one(
        make_database: MakeDatabase, tmp_path: Path) -> None:
    url = await make_database("toegang", "toegang")
    done = await asyncio.to_thread(
        toegang, url, "rekey", "--out", str(tmp_path / "mapping.csv"), WMO_ENV="production",
        WMO_PSEUDONYM_KEY_PREVIOUS=OLD_KEY,
        WMO_PSEUDONYM_KEY="dev-only-pseudonym-key-not-for-production")
    assert done.returncode == 78
    assert "WMO_PSEUDONYM_KEY is a development key" in done.stderr
