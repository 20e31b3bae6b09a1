"""Nothing stuck in silence, across real processes: with toegang stopped, a toewijzing's
WMO301 cannot get its BSN; it shows on indicatie's ops endpoint and in its gauge with the
reason and age, and goes out by itself once toegang is back. An overlapping toewijzing is
refused at the API with the rule it breaks, and leaves nothing to send."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from devstack.testing import MakeDatabase

from .conftest import eventually, stop_stack
from .test_iwmo_roundtrip import AGB, BSN, auth, day, start_iwmo_stack

OPS = auth("systeem", subject="ops-1")


def gauge(metrics: str, reden: str) -> float | None:
    prefix = f'wmo_iwmo_wachtende_berichten{{berichttype="WMO301",reden="{reden}"}} '
    lines = [x for x in metrics.splitlines() if x.startswith(prefix)]
    return float(lines[0].removeprefix(prefix)) if lines else None


async def test_a_stalled_wmo301_shows_and_goes_out_once_toegang_is_back(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    stack = await start_iwmo_stack(make_database, tmp_path,
                                   {"WMO_IWMO_RETRY_MAX_S": "1"})
    worker = auth("buurtteam", subject="worker-1", team="overvecht")
    clerk = auth("gemeente", subject="clerk-1")
    provider = auth("aanbieder", subject="planner-1", team=AGB)
    toegang, indicatie = stack.url("toegang"), stack.url("indicatie")
    metrics_url = f"{stack.services['indicatie'].url}/metrics/"
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            products = []
            for n in (1, 2):  # two meldingen, two aanvragen, ambulante begeleiding twice
                r = await http.post(f"{toegang}/meldingen", headers=worker, json={
                    "bsn": BSN, "kanaal": "buurtteam", "omschrijving": f"vraag {n}",
                    "gemeldOp": day(30).isoformat(), "wijk": "Overvecht"})
                assert r.status_code == 201, r.text
                melding_id = r.json()["id"]
                r = await http.post(f"{toegang}/meldingen/{melding_id}/verwijzingen",
                                    headers=worker, json={"toelichting": "begeleiding",
                                                          "verwezenOp": day(20).isoformat()})
                assert r.status_code == 201, r.text

                async def aanvragen(mid: str = melding_id) -> list[dict[str, Any]]:
                    resp = await http.get(f"{indicatie}/aanvragen", headers=clerk,
                                          params={"meldingId": mid})
                    items: list[dict[str, Any]] = resp.json()["items"]
                    return items

                [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
                r = await http.post(
                    f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen", headers=clerk,
                    json={"besluit": "toegekend", "motivering": "begeleiding past",
                          "afgegevenOp": day(14).isoformat(), "producten": [{
                              "productCode": "02A05", "ingangsdatum": day(12).isoformat(),
                              "volume": 4, "wijk": "overvecht"}]})
                assert r.status_code == 201, r.text
                products.append(r.json()["producten"][0])

            # toegang goes away; the toewijzing is made, its WMO301 cannot get the BSN.
            stack.services["toegang"].stop()
            r = await http.post(f"{indicatie}/toewijzingen", headers=clerk, json={
                "beschiktProductId": products[0]["id"], "toegewezenOp": day(13).isoformat()})
            assert r.status_code == 201, r.text

            async def wachtend() -> list[dict[str, Any]]:
                resp = await http.get(f"{indicatie}/beheer/wachtende-berichten", headers=OPS)
                assert resp.status_code == 200, resp.text
                items: list[dict[str, Any]] = resp.json()["items"]
                return items

            [wacht] = await eventually(wachtend, lambda items: len(items) == 1
                                       and items[0]["pogingen"] >= 2)
            assert wacht["berichttype"] == "WMO301" and wacht["aanbieder"] == AGB
            assert wacht["reden"] == "toegang-onbereikbaar" and wacht["leeftijdSeconden"] > 0
            metrics = (await http.get(metrics_url)).text
            assert gauge(metrics, "toegang-onbereikbaar") == 1, metrics
            r = await http.get(f"{indicatie}/aanbieders/{AGB}/berichten", headers=provider)
            assert [b for b in r.json()["items"] if b["berichttype"] == "WMO301"] == []

            # The second granted product overlaps the first: refused, nothing to send.
            r = await http.post(f"{indicatie}/toewijzingen", headers=clerk, json={
                "beschiktProductId": products[1]["id"]})
            assert r.status_code == 422 and "9361" in r.json()["detail"], r.text
            assert len(await wachtend()) == 1

            # toegang is back: the WMO301 goes out by itself, the gauge drops to 0.
            stack.services["toegang"].start()
            await asyncio.to_thread(stack.services["toegang"].wait_ready, 90.0)

            async def mailbox() -> list[dict[str, Any]]:
                resp = await http.get(f"{indicatie}/aanbieders/{AGB}/berichten",
                                      headers=provider)
                return [b for b in resp.json()["items"] if b["berichttype"] == "WMO301"]

            [bericht] = await eventually(mailbox, lambda items: len(items) == 1, wait_s=60)
            assert bericht["clientId"] == wacht["clientId"]
            assert await wachtend() == []
            metrics = (await http.get(metrics_url)).text
            assert gauge(metrics, "toegang-onbereikbaar") == 0
    finally:
        stop_stack(stack)
