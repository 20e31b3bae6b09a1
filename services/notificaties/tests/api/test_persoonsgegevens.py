"""notificaties' part of the resident's rights (real PostgreSQL): the inzage of one client
names every notification that carried the client's id and to whom it went, never the
subscription's secret; retention with a moved clock removes a delivery 15 years after its
last attempt while one still being tried stays, logged as counts."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from notificaties.models import Abonnement, Aflevering
from notificaties.repository.persoonsgegevens import REGELS
from wmokernel.auth import issue_dev_token
from wmokernel.bewaartermijnen import pas_toe
from wmokernel.settings import KernelSettings

# The logboek has a term of its own (tested in toegang): kept out of these rounds.
KEEP_LOGBOEK = {"logboek": "P100Y"}
A, B = "p-" + "a1" * 16, "p-" + "b2" * 16
SECRET = "geheim-" + "x" * 20


def token(*roles: str, scopes: tuple[str, ...] = ()) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), "toegang", roles,
                                                         scopes=scopes)}


def notificatie(client_id: str) -> bytes:
    return json.dumps({"kanaal": "aanvragen", "hoofdObject": "https://x/aanvragen/1",
                       "resource": "aanvraag", "resourceUrl": "https://x/aanvragen/1",
                       "actie": "create", "aanmaakdatum": "2026-03-01T10:00:00+00:00",
                       "kenmerken": {"eventType": "aanvraag-ontvangen", "gemeente": "0344",
                                     "clientId": client_id}}).encode()


async def seed(app: FastAPI) -> dict[str, uuid.UUID]:
    """A delivered notification about A (last attempt 1 March 2026) and one about B that is
    still being tried."""
    abonnement = uuid.uuid4()
    ids = {"A": uuid.uuid4(), "B": uuid.uuid4()}
    moment = datetime(2026, 3, 1, 10, tzinfo=UTC)
    async with app.state.runtime.unit_of_work() as uow:
        uow.session.add(Abonnement(
            id=abonnement, callback_url="https://ontvanger.example/hook", auth="Bearer x",
            secret=SECRET, kanalen=[{"naam": "aanvragen"}], eigenaar="zeist-systeem"))
        await uow.session.flush()
        for key, client_id, status in (("A", A, "afgeleverd"), ("B", B, "wachtend")):
            uow.session.add(Aflevering(
                id=ids[key], abonnement_id=abonnement, notificatie_id=uuid.uuid4(),
                kanaal="aanvragen", hoofd_object="https://x/aanvragen/1",
                body=notificatie(client_id), status=status, termijn_start=moment,
                aangemaakt_op=moment, laatste_poging_op=moment,
                afgeleverd_op=moment if status == "afgeleverd" else None))
    return ids


async def test_the_inzage_names_the_recipient_of_each_notification(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    ids = await seed(app)
    r = await client.get(f"/api/v1/inzage/{A}", params={"verzoek": str(uuid.uuid4())},
                         headers=token("systeem", scopes=("inzage:verzamelen",)))
    assert r.status_code == 200, r.text
    [aflevering] = r.json()["gegevens"]["afleveringen"]
    assert aflevering["id"] == str(ids["A"]) and aflevering["ontvanger"] == "zeist-systeem"
    assert aflevering["ontvangerUrl"] == "https://ontvanger.example/hook"
    assert aflevering["notificatie"]["kenmerken"]["clientId"] == A
    assert SECRET not in r.text and B not in r.text and str(ids["B"]) not in r.text
    r = await client.get(f"/api/v1/inzage/{A}", params={"verzoek": str(uuid.uuid4())},
                         headers=token("systeem"))
    assert r.status_code == 403


async def test_a_delivery_goes_after_its_term_one_being_tried_stays(app: FastAPI) -> None:
    ids = await seed(app)

    async def retention(vandaag: date) -> dict[str, int]:
        async with app.state.runtime.unit_of_work() as uow:
            return await pas_toe(uow, REGELS, vandaag, KEEP_LOGBOEK)

    # Delivered on 1 March 2026: the term's last day is 1 March 2041.
    assert await retention(date(2041, 3, 1)) == {}
    assert await retention(date(2041, 3, 2)) == {"afleveringen": 1}
    async with app.state.runtime.engine.connect() as conn:
        left = list(await conn.scalars(sa.text("SELECT id FROM afleveringen")))
        logged = (await conn.execute(sa.text(
            "SELECT action, resource_type, resource_id FROM audit_log"))).all()
    assert left == [ids["B"]]
    assert [tuple(x) for x in logged] == [("vernietiging", "afleveringen", "1")]
