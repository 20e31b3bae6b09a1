"""The monitor's part of the resident's rights (real PostgreSQL, a generated year projected as
the consumer does): the inzage of one client's facts for toegang's service token; and
retention with the clock moved past the Wmo's 15 years (art. 5.3.4): every expired client id
is replaced by a placeholder of its own, the year's figures (Bijlage 3, the KPIs, spend) are
exactly what they were, the clients no longer lead to anyone, and the run is logged as
counts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from monitor.app import create_app
from monitor.generator import generate_year
from monitor.generator.year import SOURCES
from monitor.models import Base
from monitor.repository.persoonsgegevens import BRONNEN, REGELS
from monitor.repository.uitgaven_gemeente import uitgaven_per_gemeente
from monitor.service.projections import project
from monitor.settings import MonitorSettings
from wmokernel.auth import issue_dev_token
from wmokernel.bewaartermijnen import ANONIEM_PREFIX, niet_gedekt, pas_toe
from wmokernel.db import make_engine, make_session_factory
from wmokernel.settings import KernelSettings

from .helpers import over
from .test_generated_year import JAAR, figures

# The logboek has a term of its own (tested in toegang): kept out of these rounds.
KEEP_LOGBOEK = {"logboek": "P100Y"}
SYSTEEM = {"Authorization": "Bearer " + issue_dev_token(
    KernelSettings(), "toegang", ["systeem"], scopes=["inzage:verzamelen"])}


def test_every_table_holding_a_client_id_is_exported_and_anonymised() -> None:
    holding = [t for t in Base.metadata.sorted_tables
               if "client_id" in t.c and t.name != "audit_log"]
    assert {t.name for t in holding} <= {b.tabel.name for b in BRONNEN}
    assert niet_gedekt(holding, REGELS) == []


async def client_ids(url: str) -> dict[str, list[str]]:
    """The client id of every row, per record type."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return {r.soort: [c for c in await conn.scalars(sa.select(r.tabel.c.client_id))
                              if c is not None] for r in REGELS}
    finally:
        await engine.dispose()


async def all_figures(url: str) -> dict[str, Any]:
    result = await figures(url)
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session:
            result["per_gemeente"] = await uitgaven_per_gemeente(session, JAAR)
    finally:
        await engine.dispose()
    return result


async def test_anonymising_an_expired_year_keeps_its_figures(make_database: MakeDatabase
                                                            ) -> None:
    year = generate_year(JAAR, 0.005, seed=7)
    url = await make_database("monitor", "monitor")
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session, session.begin():
            await project(over(session), [p.to_cloudevent(SOURCES[p.topic])
                                          for p in year.events])
    finally:
        await engine.dispose()
    app = create_app(MonitorSettings(database_url=url))
    runtime = app.state.runtime
    try:
        before = await all_figures(url)
        ids = await client_ids(url)
        everyone = set().union(*ids.values())
        assert len(everyone) > 50, "a real sample"
        someone = sorted(ids["meldingen"])[0]

        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://monitor") as http:
            async def inzage() -> dict[str, Any]:
                r = await http.get(f"/api/v1/inzage/{someone}", headers=SYSTEEM,
                                   params={"verzoek": str(uuid.uuid4())})
                assert r.status_code == 200, r.text
                part: dict[str, Any] = r.json()
                return part

            facts = (await inzage())["gegevens"]
            assert [f["clientId"] for f in facts["meldingen"]] == [someone] * len(
                facts["meldingen"])

            async def retention(vandaag: date) -> dict[str, int]:
                async with runtime.unit_of_work() as uow:
                    return await pas_toe(uow, REGELS, vandaag, KEEP_LOGBOEK)

            # Every fact of the generated year lies before 2030: 15 years on, all expired
            # but the provisions granted without an end.
            done = await retention(date(2046, 1, 1))
            after = await client_ids(url)
            left = {c for cs in after.values() for c in cs if not c.startswith(ANONIEM_PREFIX)}
            placeholders = {c for cs in after.values() for c in cs
                            if c.startswith(ANONIEM_PREFIX)}
            assert done == {k: n for k, v in after.items()
                            if (n := sum(c.startswith(ANONIEM_PREFIX) for c in v))}
            assert left < everyone and len(placeholders) == len(everyone - left), (
                "one placeholder per client: each client's facts stay linked")
            assert not placeholders & everyone
            assert await all_figures(url) == before, "the figures are unchanged"
            assert (await inzage())["gegevens"] == {}, "the facts lead to no one"
            assert await retention(date(2046, 1, 1)) == {}, "nothing twice"

        async with runtime.engine.connect() as conn:
            logged = dict((await conn.execute(sa.text(
                "SELECT resource_type, resource_id::int FROM audit_log "
                "WHERE action = 'anonimisering'"))).all())
        assert logged == done
    finally:
        await runtime.engine.dispose()
