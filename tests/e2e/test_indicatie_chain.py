"""The indicatie chain across real processes: a verwijzing in toegang becomes an aanvraag,
a beschikking, a toewijzing, a start and a stop in indicatie; every step is on the
wmo.indicatie.v1 topic with what a monitor needs, and the monitor counts the chain."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from devstack.testing import MakeDatabase, read_topic
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import eventually, start_stack, stop_stack

OVERVECHT_AANBIEDER = "75750102"  # the accountable provider for ambulante begeleiding


def auth(*roles: str, subject: str, team: str | None = None) -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, team=team)
    return {"Authorization": f"Bearer {token}"}


def day(offset: int) -> str:
    return (date.today() - timedelta(days=offset)).isoformat()


async def test_verwijzing_to_stop_and_the_monitor_sees_each_step(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    stack = await start_stack(make_database, tmp_path, ("toegang", "indicatie", "monitor"))
    try:
        await run_chain(stack.url, stack.broker.bootstrap)
    finally:
        stop_stack(stack)


async def run_chain(url: Any, bootstrap: str) -> None:
    worker = auth("buurtteam", subject="worker-1", team="overvecht")
    clerk = auth("gemeente", subject="clerk-1")
    provider = auth("aanbieder", subject="planner-1", team=OVERVECHT_AANBIEDER)
    indicatie = url("indicatie")
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.post(f"{url('toegang')}/meldingen", headers=worker, json={
            "bsn": "123456782", "kanaal": "buurtteam", "omschrijving": "redt het niet alleen",
            "gemeldOp": day(30), "wijk": "Overvecht"})
        assert r.status_code == 201, r.text
        melding_id = r.json()["id"]
        r = await http.post(f"{url('toegang')}/meldingen/{melding_id}/verwijzingen",
                            headers=worker, json={"toelichting": "ambulante begeleiding nodig",
                                                  "verwezenOp": day(20)})
        assert r.status_code == 201, r.text

        async def aanvragen() -> list[dict[str, Any]]:
            resp = await http.get(f"{indicatie}/aanvragen", headers=clerk,
                                  params={"meldingId": melding_id})
            items: list[dict[str, Any]] = resp.json()["items"]
            return items

        [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
        assert aanvraag["ontvangenOp"] == day(20) and aanvraag["grond"] == "verwijzing"

        r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen",
                            headers=clerk, json={
                                "besluit": "toegekend", "motivering": "begeleiding past",
                                "afgegevenOp": day(14), "producten": [{
                                    "productCode": "02A05", "ingangsdatum": day(12),
                                    "volume": 4, "wijk": "overvecht"}]})
        assert r.status_code == 201, r.text
        [product] = r.json()["producten"]
        r = await http.post(f"{indicatie}/toewijzingen", headers=clerk, json={
            "beschiktProductId": product["id"], "toegewezenOp": day(13)})
        assert r.status_code == 201, r.text
        toewijzing = r.json()
        path = f"{indicatie}/toewijzingen/{toewijzing['id']}"
        r = await http.post(f"{path}/start", headers=provider, json={"startdatum": day(10)})
        assert r.status_code == 200, r.text
        r = await http.post(f"{path}/stop", headers=provider,
                            json={"stopdatum": day(1), "redenBeeindiging": "19"})
        assert r.status_code == 200, r.text

        records = await read_topic(bootstrap, "wmo.indicatie.v1", min_records=5)
        steps: dict[str, dict[str, Any]] = {}
        for record in records:
            headers = dict(record.headers or ())
            if headers.get("ce_subject", b"").decode() == aanvraag["id"]:
                steps[headers["ce_type"].decode().rsplit(".", 1)[1]] = json.loads(
                    record.value or b"{}")
        assert list(steps) == ["aanvraag-ontvangen", "beschikking-afgegeven",
                               "toewijzing-gedaan", "levering-gestart", "levering-gestopt"]
        assert steps["aanvraag-ontvangen"]["ontvangenOp"] == day(20)
        beschikking = steps["beschikking-afgegeven"]
        assert beschikking["afgegevenOp"] == day(14) and beschikking["binnenTermijn"] is True
        assert beschikking["eigenBijdragePerMaandCents"] == 2100
        [feit] = beschikking["producten"]
        assert (feit["productcategorie"], feit["leveringsvorm"], feit["aanbieder"]) == (
            "02", "zin", OVERVECHT_AANBIEDER)
        assert feit["omvang"] == {"volume": 4, "eenheid": "04", "frequentie": "2"}
        assert feit["tariefCents"] > 0
        gedaan = steps["toewijzing-gedaan"]
        assert gedaan["toegewezenOp"] == day(13) and gedaan["verwezenOp"] == day(20)
        assert gedaan["tariefCents"] == feit["tariefCents"]
        gestart = steps["levering-gestart"]
        assert (gestart["startdatum"], gestart["wachtdagen"], gestart["binnenNorm"]) == (
            day(10), 10, True)
        gestopt = steps["levering-gestopt"]
        assert (gestopt["stopdatum"], gestopt["redenBeeindiging"]) == (day(1), "19")
        for payload in steps.values():
            assert payload["clientId"].startswith("p-") and "bsn" not in payload

        async def kpis() -> dict[str, Any]:
            resp = await http.get(f"{url('monitor')}/kpis/doorlooptijden", headers=clerk)
            result: dict[str, Any] = resp.json()
            return result

        figures = await eventually(kpis, lambda k: k.get("beschikkingen") == 1)
        assert figures["aanvragen"] == 1
        assert figures["gemiddeldeDagenAanvraagTotBeschikking"] == 6.0
