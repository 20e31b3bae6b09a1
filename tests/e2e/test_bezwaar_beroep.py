"""Bezwaar and beroep across real processes (issue 15's acceptance): a beschikking, a bezwaar by
a gemachtigde, verdaagd once (a second verdaging refused), heard and decided ongegrond, a
beroep lodged and found gegrond, and the gemeente's new beschikking; after each step the
monitor's compliance figures show it (asked until the events have arrived)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
from devstack.testing import MakeDatabase
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import eventually, start_stack, stop_stack


def auth(*roles: str, subject: str, team: str | None = None) -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, team=team)
    return {"Authorization": f"Bearer {token}"}


async def test_bezwaar_verdaagd_ongegrond_then_beroep_gegrond_and_a_new_beschikking(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    stack = await start_stack(make_database, tmp_path, ("toegang", "indicatie", "monitor"))
    try:
        await run(stack.url)
    finally:
        stop_stack(stack)


async def run(url: Any) -> None:
    worker = auth("buurtteam", subject="worker-1", team="overvecht")
    clerk = auth("gemeente", subject="clerk-1")
    indicatie = url("indicatie")
    # Every step today, so the whole story falls in the year the monitor shows by default.
    today = date.today().isoformat()
    async with httpx.AsyncClient(timeout=10) as http:

        async def figures() -> dict[str, Any]:
            r = await http.get(f"{url('monitor')}/wettelijke-termijnen/bezwaar", headers=clerk)
            assert r.status_code == 200, r.text
            body: dict[str, Any] = r.json()
            return body

        before = await figures()
        assert before["jaar"] == date.today().year

        r = await http.post(f"{url('toegang')}/meldingen", headers=worker, json={
            "bsn": "123456782", "kanaal": "buurtteam", "omschrijving": "redt het niet alleen",
            "gemeldOp": today, "wijk": "Overvecht"})
        assert r.status_code == 201, r.text
        melding_id = r.json()["id"]
        r = await http.post(f"{url('toegang')}/meldingen/{melding_id}/verwijzingen",
                            headers=worker, json={"toelichting": "begeleiding nodig",
                                                  "verwezenOp": today})
        assert r.status_code == 201, r.text

        async def aanvragen() -> list[dict[str, Any]]:
            resp = await http.get(f"{indicatie}/aanvragen", headers=clerk,
                                  params={"meldingId": melding_id})
            items: list[dict[str, Any]] = resp.json()["items"]
            return items

        [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
        r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen",
                            headers=clerk, json={"besluit": "afgewezen", "motivering": "netwerk",
                                                 "afgegevenOp": today})
        assert r.status_code == 201, r.text
        oud = r.json()

        r = await http.post(f"{indicatie}/bezwaren", headers=clerk, json={
            "beschikkingId": oud["id"], "ingediendOp": today, "ingediendDoor": "gemachtigde"})
        assert r.status_code == 201, r.text
        bezwaar = r.json()
        path = f"{indicatie}/bezwaren/{bezwaar['id']}"
        r = await http.post(f"{path}/verdagingen", headers=clerk, json={
            "weken": 6, "reden": "medisch advies nodig", "verzondenOp": today})
        assert r.status_code == 201, r.text
        verdaagd = r.json()
        assert verdaagd["oorspronkelijkBeslissenUiterlijk"] == bezwaar["beslissenUiterlijk"]
        assert verdaagd["beslissenUiterlijk"] > bezwaar["beslissenUiterlijk"]
        r = await http.post(f"{path}/verdagingen", headers=clerk, json={
            "weken": 1, "reden": "nog eens", "verzondenOp": today})
        assert r.status_code == 422 and "Awb 7:10 lid 3" in r.json()["detail"]

        b = (await eventually(figures, lambda f: f["bezwaren"]["verdaagd"]
                              == before["bezwaren"]["verdaagd"] + 1))["bezwaren"]
        assert b["ontvangen"] == before["bezwaren"]["ontvangen"] + 1
        assert b["doorGemachtigde"] == before["bezwaren"]["doorGemachtigde"] + 1

        r = await http.post(f"{path}/hoorzitting", headers=clerk, json={"gehoordOp": today})
        assert r.status_code == 200, r.text
        r = await http.post(f"{path}/beslissing", headers=clerk, json={
            "uitkomst": "ongegrond", "beslotenOp": today, "motivering": "de beschikking blijft"})
        assert r.status_code == 200, r.text
        assert r.json()["beroepUiterlijk"] > today

        f = await eventually(figures, lambda f: f["bezwaren"]["uitkomsten"]["ongegrond"]
                             == before["bezwaren"]["uitkomsten"]["ongegrond"] + 1)
        assert f["bezwaren"]["beslistBinnenTermijn"] == (
            before["bezwaren"]["beslistBinnenTermijn"] + 1)

        r = await http.post(f"{indicatie}/beroepen", headers=clerk, json={
            "bezwaarId": bezwaar["id"], "ingesteldOp": today, "zaaknummer": "UTR 26/0001"})
        assert r.status_code == 201, r.text
        beroep = r.json()
        assert beroep["binnenTermijn"] is True
        await eventually(figures, lambda f: f["beroepen"]["ingesteld"]
                         == before["beroepen"]["ingesteld"] + 1)

        r = await http.post(f"{indicatie}/beroepen/{beroep['id']}/uitspraak", headers=clerk,
                            json={"uitspraak": "gegrond", "uitspraakOp": today})
        assert r.status_code == 200, r.text
        assert r.json()["teVervangenBeschikkingId"] == oud["id"]
        f = await eventually(figures, lambda f: f["beroepen"]["uitkomsten"]["gegrond"]
                             == before["beroepen"]["uitkomsten"]["gegrond"] + 1)
        gevolgd = before["beroepen"]["gegrondGevolgdDoorNieuweBeschikking"]
        assert f["beroepen"]["gegrondGevolgdDoorNieuweBeschikking"] == gevolgd

        r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen",
                            headers=clerk, json={
                                "besluit": "toegekend", "motivering": "na de uitspraak",
                                "afgegevenOp": today, "producten": [{
                                    "productCode": "02A05", "ingangsdatum": today,
                                    "volume": 4, "wijk": "overvecht"}]})
        assert r.status_code == 201, r.text
        nieuw = r.json()
        assert nieuw["vervangtBeschikkingId"] == oud["id"]
        r = await http.get(f"{indicatie}/beroepen/{beroep['id']}", headers=clerk)
        assert r.json()["nieuweBeschikkingId"] == nieuw["id"]
        await eventually(figures, lambda f: f["beroepen"]["gegrondGevolgdDoorNieuweBeschikking"]
                         == gevolgd + 1)
