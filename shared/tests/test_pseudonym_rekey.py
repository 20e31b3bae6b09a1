"""Rotating the pseudonym key: the mapping old id → new id from a BSN registry, and relinking
a database's stored client ids with it (foreign keys included), against a real PostgreSQL."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from wmokernel.bsn import pseudonymize
from wmokernel.db import make_engine
from wmokernel.rekey import RekeyError, read_mapping, rekey_mapping, relink, write_mapping

OLD, NEW = b"the-key-the-ids-were-made-with-000", b"the-key-that-replaces-it-11111111"
BSNS = ("111222333", "123456782")


def ids(key: bytes) -> list[str]:
    return [pseudonymize(b, key) for b in BSNS]


def test_the_mapping_links_each_clients_old_id_to_its_new_one() -> None:
    (old_a, old_b), (new_a, new_b) = ids(OLD), ids(NEW)
    mapping = rekey_mapping([(old_a, BSNS[0]), (old_b, BSNS[1])], OLD, NEW)
    assert mapping == {old_a: new_a, old_b: new_b}
    # Run again after the registry was relinked: the same mapping.
    assert rekey_mapping([(new_a, BSNS[0]), (new_b, BSNS[1])], OLD, NEW) == mapping


@pytest.mark.parametrize(("previous", "current", "message"), [
    (b"a-key-that-never-made-these-ids-0", NEW, "neither key"),
    (OLD, OLD, "nothing to rotate"),
    (b"", NEW, "WMO_PSEUDONYM_KEY_PREVIOUS is not set"),
])
def test_a_wrong_previous_key_gives_no_mapping(previous: bytes, current: bytes,
                                               message: str) -> None:
    with pytest.raises(RekeyError, match=message):
        rekey_mapping([(ids(OLD)[0], BSNS[0])], previous, current)


def test_the_mapping_file_round_trips_and_holds_no_bsn() -> None:
    mapping = rekey_mapping(zip(ids(OLD), BSNS, strict=True), OLD, NEW)
    out = io.StringIO()
    write_mapping(out, mapping)
    assert not any(b in out.getvalue() for b in BSNS)
    assert read_mapping(io.StringIO(out.getvalue())) == mapping


@pytest.mark.parametrize(("text", "message"), [
    ("old,new\n", "starts with"),
    ("old_client_id,new_client_id\np-1,p-2\n", "two client ids"),
    ("old_client_id,new_client_id\n" + f"{ids(OLD)[0]},{ids(NEW)[0]}\n"
     f"{ids(OLD)[0]},{ids(NEW)[1]}\n", "two new ids"),
    ("old_client_id,new_client_id\n" + f"{ids(OLD)[0]},{ids(NEW)[0]}\n"
     f"{ids(NEW)[0]},{ids(OLD)[1]}\n", "both an old and a new"),
])
def test_a_broken_mapping_file_is_refused(text: str, message: str) -> None:
    with pytest.raises(RekeyError, match=message):
        read_mapping(io.StringIO(text))


async def test_relink_rewrites_every_client_id_in_one_transaction(
        make_database: MakeDatabase) -> None:
    (old_a, old_b), (new_a, new_b) = ids(OLD), ids(NEW)
    stranger = "p-" + "f" * 32  # made from a BSN the registry does not hold
    engine = make_engine(await make_database("rekey"), 1)
    try:
        async with engine.begin() as conn:
            for ddl in (
                "CREATE TABLE clients (id text PRIMARY KEY, naam text)",
                "CREATE TABLE meldingen (nr int PRIMARY KEY, "
                "client_id text NOT NULL REFERENCES clients (id))",
                "CREATE TABLE audit_log (nr int PRIMARY KEY, client_id text)",
                "CREATE TABLE per_client (client_id text PRIMARY KEY, aantal int)",
            ):
                await conn.execute(sa.text(ddl))
            for insert in (
                f"INSERT INTO clients VALUES ('{old_a}', 'A'), ('{old_b}', 'B')",
                f"INSERT INTO meldingen VALUES (1, '{old_a}'), (2, '{old_a}'), (3, '{old_b}')",
                f"INSERT INTO audit_log VALUES (1, '{old_a}'), (2, NULL), (3, '{stranger}')",
                f"INSERT INTO per_client VALUES ('{old_a}', 2), ('{old_b}', 1)",
            ):
                await conn.execute(sa.text(insert))

        async def state() -> dict[str, list[tuple[object, ...]]]:
            async with engine.connect() as conn:
                return {t: [tuple(r) for r in await conn.execute(
                    sa.text(f"SELECT * FROM {t} ORDER BY 1"))]
                    for t in ("clients", "meldingen", "audit_log", "per_client")}

        before = await state()
        mapping = {old_a: new_a, old_b: new_b}
        dry = await relink(engine, mapping, [("clients", "id")], dry_run=True)
        assert await state() == before
        done = await relink(engine, mapping, [("clients", "id")])
        assert dry == done
        assert done.updated == {"audit_log.client_id": 1, "meldingen.client_id": 3,
                                "per_client.client_id": 2, "clients.id": 2}
        assert done.unmapped == {"audit_log.client_id": 1, "meldingen.client_id": 0,
                                 "per_client.client_id": 0, "clients.id": 0}
        assert await state() == {
            "clients": sorted([(new_a, "A"), (new_b, "B")]),
            "meldingen": [(1, new_a), (2, new_a), (3, new_b)],
            "audit_log": [(1, new_a), (2, None), (3, stranger)],
            "per_client": sorted([(new_a, 2), (new_b, 1)]),
        }
        async with engine.begin() as conn:
            # The foreign key is as strict as before: checked per statement, not deferrable.
            assert await conn.scalar(sa.text(
                "SELECT condeferrable FROM pg_constraint WHERE contype = 'f'")) is False
            with pytest.raises(sa.exc.IntegrityError):
                await conn.execute(sa.text(f"INSERT INTO meldingen VALUES (4, '{old_a}')"))
    finally:
        await engine.dispose()


async def test_relink_names_a_registry_column_that_is_not_there(
        make_database: MakeDatabase) -> None:
    engine = make_engine(await make_database("rekey"), 1)
    try:
        with pytest.raises(RekeyError, match=r"clients\.id does not exist"):
            await relink(engine, {}, [("clients", "id")])
    finally:
        await engine.dispose()
