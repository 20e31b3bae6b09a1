"""The thin slice across the four services as real processes: melding → verwijzing →
aanvraag → beschikking, counted by the monitor; and no BSN on any topic."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from devstack.testing import read_topic
from stdnum.nl import bsn as stdnum_bsn
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import Stack, eventually

BSNS = ["111222333", "123456782", "999990019"]


def auth(*roles: str, subject: str = "worker-1", team: str | None = "overvecht") -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, team=team)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
async def slice_figures(stack: Stack) -> dict[str, Any]:
    """Runs the slice once through the public APIs; returns the monitor's figures."""
    today = date.today()
    worker, clerk = auth("buurtteam"), auth("gemeente", subject="clerk-1", team=None)
    async with httpx.AsyncClient(timeout=10) as http:
        melding_ids = []
        for bsn in BSNS:
            r = await http.post(f"{stack.url('toegang')}/meldingen", headers=worker, json={
                "bsn": bsn, "kanaal": "buurtteam", "omschrijving": "redt het niet meer alleen",
                "gemeldOp": (today - timedelta(days=21)).isoformat(), "wijk": "Overvecht"})
            assert r.status_code == 201, r.text
            assert r.headers["api-version"] == "1.0.0"
            body = r.json()
            assert "bsn" not in body and body["clientId"].startswith("p-")
            melding_ids.append(body["id"])

        r = await http.post(f"{stack.url('toegang')}/meldingen/{melding_ids[0]}/verwijzingen",
                            headers=worker, json={
                                "toelichting": "individuele begeleiding nodig",
                                "verwezenOp": (today - timedelta(days=7)).isoformat()})
        assert r.status_code == 201, r.text

        async def aanvragen() -> list[dict[str, Any]]:
            resp = await http.get(f"{stack.url('indicatie')}/aanvragen", headers=clerk,
                                  params={"meldingId": melding_ids[0]})
            items: list[dict[str, Any]] = resp.json()["items"]
            return items

        [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
        assert aanvraag["ontvangenOp"] == (today - timedelta(days=7)).isoformat()

        r = await http.post(
            f"{stack.url('indicatie')}/aanvragen/{aanvraag['id']}/beschikkingen",
            headers=worker, json={"besluit": "toegekend", "motivering": "past"})
        assert r.status_code == 403, "a buurtteam worker may not issue a beschikking"
        r = await http.post(
            f"{stack.url('indicatie')}/aanvragen/{aanvraag['id']}/beschikkingen",
            headers=clerk, json={"besluit": "toegekend", "motivering": "begeleiding past",
                                 "producten": [{"productCode": "02A05", "volume": 4,
                                                "ingangsdatum": today.isoformat()}]})
        assert r.status_code == 201, r.text

        async def kpis() -> dict[str, Any]:
            resp = await http.get(f"{stack.url('monitor')}/kpis/doorlooptijden", headers=clerk)
            result: dict[str, Any] = resp.json()
            return result

        figures: dict[str, Any] = await eventually(
            kpis, lambda k: k["beschikkingen"] == 1 and k["meldingen"] == 3)
    return figures


async def test_melding_flows_to_beschikking_and_the_monitor_counts_it(
    slice_figures: dict[str, Any],
) -> None:
    figures = slice_figures
    assert figures["meldingen"] == 3
    assert figures["aanvragen"] == 1
    assert figures["gemiddeldeDagenMeldingTotAanvraag"] == 14.0
    assert figures["gemiddeldeDagenAanvraagTotBeschikking"] == 7.0
    assert figures["gemiddeldeDagenMeldingTotBeschikking"] == 21.0


async def test_no_bsn_on_any_topic(stack: Stack, slice_figures: dict[str, Any]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.broker.bootstrap)
    await admin.start()
    try:
        topics = [t for t in await admin.list_topics() if not t.startswith("__")]
    finally:
        await admin.close()
    assert "wmo.toegang.v1" in topics
    seen = 0
    # A nine-digit token on its own (a JSON string or number, a header value), not a run of
    # digits inside a hex id, UUID or traceparent, where one in eleven would pass the elfproef.
    nine_digits = re.compile(rb"(?<![0-9A-Za-z_-])[0-9]{9}(?![0-9A-Za-z_-])")
    for topic in topics:
        for record in await read_topic(stack.broker.bootstrap, topic):
            seen += 1
            blobs = [record.value or b"", record.key or b""]
            blobs += [v for _, v in record.headers or ()]
            for blob in blobs:
                for bsn in BSNS:
                    assert bsn.encode() not in blob, f"BSN found on {topic}"
                for candidate in nine_digits.findall(blob):
                    assert not stdnum_bsn.is_valid(candidate.decode()), (
                        f"a valid BSN-shaped number on {topic}: {candidate!r}")
    assert seen >= 6, "the slice's events were read"
