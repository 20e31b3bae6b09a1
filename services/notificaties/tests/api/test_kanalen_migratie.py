"""Migration 0004 gives a database from before the kanaal wlz-overgangen that kanaal, as the
code defines it, and leaves one that has it (seeded by 0001 from the code) as it is (real
PostgreSQL)."""

from __future__ import annotations

import asyncio

import asyncpg
from devstack.testing import MakeDatabase
from notificaties.domain.kanalen import KANAAL
from sqlalchemy.engine import make_url
from wmokernel.migrations import upgrade

PACKAGE = "notificaties"


async def kanalen(url: str) -> dict[str, tuple[str, str, str, list[str]]]:
    conn = await asyncpg.connect(make_url(url).set(drivername="postgresql")
                                 .render_as_string(hide_password=False))
    try:
        rows = await conn.fetch("SELECT naam, topic, hoofd_object, resource, filters "
                                "FROM kanalen")
    finally:
        await conn.close()
    return {r["naam"]: (r["topic"], r["hoofd_object"], r["resource"], list(r["filters"]))
            for r in rows}


async def test_an_older_database_gets_the_wlz_kanaal(make_database: MakeDatabase) -> None:
    url = await make_database("kanalen_migratie", None)
    await asyncio.to_thread(upgrade, PACKAGE, url, "0002")
    conn = await asyncpg.connect(make_url(url).set(drivername="postgresql")
                                 .render_as_string(hide_password=False))
    try:  # as it stood before the kanaal was in the code
        await conn.execute("DELETE FROM kanalen WHERE naam = 'wlz-overgangen'")
    finally:
        await conn.close()
    assert "wlz-overgangen" not in await kanalen(url)

    await asyncio.to_thread(upgrade, PACKAGE, url, "head")
    k = KANAAL["wlz-overgangen"]
    expected = (k.topic, k.hoofd_object[1], k.resource[0], list(k.filters))
    assert (await kanalen(url))["wlz-overgangen"] == expected
    assert expected == ("wmo.indicatie.v1", "wlz-overgangen", "wlz-overgang",
                        ["eventType", "gemeente", "clientId", "besluit"])


async def test_a_new_database_has_every_kanaal_once(make_database: MakeDatabase) -> None:
    url = await make_database("kanalen_nieuw", PACKAGE)
    assert sorted(await kanalen(url)) == sorted(KANAAL)
