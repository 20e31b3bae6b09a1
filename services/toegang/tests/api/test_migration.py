"""Upgrading a database with meldingen from revision 0001: the registering worker stays
assigned and history does not flood the bus with deadline signals."""

from __future__ import annotations

import asyncio
from datetime import date

import sqlalchemy as sa
from devstack.testing import MakeDatabase
from sqlalchemy.ext.asyncio import create_async_engine
from toegang.app import create_app
from toegang.service import signalen
from toegang.settings import ToegangSettings
from wmokernel.migrations import upgrade


async def test_upgrade_from_0001_keeps_access_and_history_quiet(
        make_database: MakeDatabase) -> None:
    url = await make_database("toegang_upgrade", None)
    await asyncio.to_thread(upgrade, "toegang", url, "0001")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(sa.text("INSERT INTO clients (id, bsn) VALUES (:id, '111222333')"),
                           {"id": "p-" + "a" * 32})
        await conn.execute(sa.text(
            "INSERT INTO meldingen (id, client_id, kanaal, omschrijving, gemeld_op, team,"
            " eerste_contact_uiterlijk, onderzoek_uiterlijk, status, geregistreerd_door)"
            " VALUES ('6d1f4a53-2a43-4f3c-9d55-4b6f0c1d9e01', :cid, 'buurtteam', 'oud',"
            " '2025-01-06', 'overvecht', '2025-01-13', '2025-02-17', 'ontvangen', 'w-1')"),
            {"cid": "p-" + "a" * 32})
    await engine.dispose()
    await asyncio.to_thread(upgrade, "toegang", url)

    app = create_app(ToegangSettings(database_url=url))
    rt = app.state.runtime
    try:
        async with rt.unit_of_work() as uow:
            assigned = (await uow.session.scalars(sa.text(
                "SELECT medewerker FROM dossier_medewerkers"))).all()
            plan = await uow.session.scalar(sa.text(
                "SELECT persoonlijk_plan_uiterlijk FROM meldingen"))
            written = await signalen.scan(uow, date.today(), 2)
        assert assigned == ["w-1"]
        assert plan == date(2025, 1, 13)
        assert written == 0
    finally:
        await rt.engine.dispose()
