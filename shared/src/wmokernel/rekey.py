"""Rotating the pseudonym key without losing the link between a client's old and new id.

A client id is ``p-`` + HMAC-SHA256(``WMO_PSEUDONYM_KEY``, BSN) (``bsn.py``): every service
derives it, none stores a random one, so a new key gives every client a new id. Only toegang's
registry holds the BSNs, so only toegang can tell which new id belongs to which old one:

1. ``python -m toegang rekey`` reads the registry and writes the mapping old id → new id (no
   BSN in it), with ``WMO_PSEUDONYM_KEY_PREVIOUS`` the old key and ``WMO_PSEUDONYM_KEY`` the new.
2. ``python -m <service> relink --mapping FILE`` rewrites, in one transaction, every column
   named ``client_id`` of the service's database (and the extra columns the service names:
   toegang's ``clients.id``), foreign keys included.

Events already written (the topics, each service's outbox, notificaties' deliveries) keep the
old ids: they are history. docs/runbook.md, "Rotating the pseudonym key", has the procedure.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TextIO

import sqlalchemy as sa
import typer
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from .bsn import pseudonymize
from .logboek import allow_relink
from .settings import KernelSettings, UnsafeForProduction

HEADER = ("old_client_id", "new_client_id")
CLIENT_ID = re.compile(r"p-[0-9a-f]{32}")
_BATCH = 5000

ReadRegistry = Callable[[AsyncSession], Awaitable[Iterable[tuple[str, str]]]]
"""(stored client id, BSN) of every client in a registry."""


class RekeyError(ValueError):
    """The keys, the registry or a mapping file do not allow a sound rotation."""


# --- the mapping --------------------------------------------------------------------------------

def rekey_mapping(clients: Iterable[tuple[str, str]], previous: bytes,
                  current: bytes) -> dict[str, str]:
    """Old id → new id for every (stored id, BSN). Each stored id must be the BSN's pseudonym
    under ``previous`` (or, after a relink, under ``current``): anything else means
    ``previous`` is not the key the registry was made with, and nothing is returned."""
    if not previous:
        raise RekeyError("WMO_PSEUDONYM_KEY_PREVIOUS is not set: it must hold the key the "
                         "client ids were made with")
    if previous == current:
        raise RekeyError("WMO_PSEUDONYM_KEY_PREVIOUS equals WMO_PSEUDONYM_KEY: nothing to "
                         "rotate")
    mapping: dict[str, str] = {}
    strangers: list[str] = []
    for client_id, bsn in clients:
        old, new = pseudonymize(bsn, previous), pseudonymize(bsn, current)
        if client_id not in (old, new):
            strangers.append(client_id)
        mapping[old] = new
    if strangers:
        raise RekeyError(
            f"{len(strangers)} client(s) have an id made with neither key (first: "
            f"{strangers[0]}): WMO_PSEUDONYM_KEY_PREVIOUS is not the key in use")
    return mapping


def write_mapping(out: TextIO, mapping: dict[str, str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(sorted(mapping.items()))


def read_mapping(lines: Iterable[str]) -> dict[str, str]:
    """A mapping file as ``write_mapping`` writes it, checked: one new id per old id, no id
    both old and new."""
    reader = csv.reader(lines)
    if tuple(next(reader, ())) != HEADER:
        raise RekeyError(f"a mapping file starts with the line {','.join(HEADER)}")
    mapping: dict[str, str] = {}
    for row in reader:
        if len(row) != 2 or not all(CLIENT_ID.fullmatch(v) for v in row):
            raise RekeyError(f"line {reader.line_num}: expected two client ids, got {row}")
        old, new = row
        if mapping.setdefault(old, new) != new:
            raise RekeyError(f"line {reader.line_num}: {old} has two new ids")
    if len(set(mapping.values())) != len(mapping):
        raise RekeyError("two old ids map to the same new id")
    if set(mapping.values()) & mapping.keys():
        raise RekeyError("an id is both an old and a new one: is the file made with the "
                         "keys the wrong way round?")
    return mapping


async def registry_mapping(engine: AsyncEngine, read: ReadRegistry, previous: bytes,
                           current: bytes) -> dict[str, str]:
    """The mapping for every client of the registry ``read`` reads (in one read-only
    transaction)."""
    async with AsyncSession(engine) as session, session.begin():
        rows = list(await read(session))
    return rekey_mapping(rows, previous, current)


# --- relinking a database ---------------------------------------------------------------------

@dataclass
class Relinked:
    """Per ``table.column``: rows given their new id, and distinct ids the mapping does not
    hold (left as they are)."""

    updated: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, int] = field(default_factory=dict)


async def client_id_columns(conn: AsyncConnection,
                            extra: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Every text column named ``client_id`` of the schema's tables, plus ``extra``."""
    rows = (await conn.execute(sa.text(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
        "AND c.column_name = 'client_id' AND c.data_type IN ('text', 'character varying') "
        "ORDER BY 1"))).all()
    columns = [(r[0], r[1]) for r in rows]
    for table, column in extra:
        found = await conn.scalar(sa.text(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = :t AND column_name = :c"),
            {"t": table, "c": column})
        if not found:
            raise RekeyError(f"{table}.{column} does not exist: is the database migrated?")
        columns.append((table, column))
    return columns


async def _foreign_keys(conn: AsyncConnection, columns: Sequence[tuple[str, str]]
                        ) -> list[tuple[str, str, bool]]:
    """(table, constraint, deferrable) of every foreign key with one of ``columns`` on either
    side: they are checked at the end of the relink, not per row."""
    rows = (await conn.execute(sa.text(
        "SELECT src.relname, con.conname, con.condeferrable, "
        "ARRAY(SELECT attname FROM pg_attribute WHERE attrelid = con.conrelid "
        "      AND attnum = ANY(con.conkey)), "
        "dst.relname, "
        "ARRAY(SELECT attname FROM pg_attribute WHERE attrelid = con.confrelid "
        "      AND attnum = ANY(con.confkey)) "
        "FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid "
        "JOIN pg_class dst ON dst.oid = con.confrelid "
        "JOIN pg_namespace n ON n.oid = con.connamespace "
        "WHERE con.contype = 'f' AND n.nspname = current_schema()"))).all()
    wanted = set(columns)
    return [(r[0], r[1], bool(r[2])) for r in rows
            if any((r[0], c) in wanted for c in r[3]) or any((r[4], c) in wanted for c in r[5])]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def relink(engine: AsyncEngine, mapping: dict[str, str],
                 extra_columns: Sequence[tuple[str, str]] = (), *,
                 dry_run: bool = False) -> Relinked:
    """Give every stored client id in ``mapping`` its new id, in one transaction (rolled back
    when ``dry_run``). Run it with the service stopped."""
    result = Relinked()
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            # The logboek is append-only; its client ids follow the relink (logboek.py).
            await allow_relink(conn)
            columns = await client_id_columns(conn, extra_columns)
            await conn.execute(sa.text(
                "CREATE TEMPORARY TABLE wmo_relink (old_id text PRIMARY KEY, "
                "new_id text NOT NULL UNIQUE) ON COMMIT DROP"))
            pairs = [{"o": o, "n": n} for o, n in mapping.items()]
            for start in range(0, len(pairs), _BATCH):
                await conn.execute(sa.text("INSERT INTO wmo_relink VALUES (:o, :n)"),
                                   pairs[start:start + _BATCH])
            # Row by row a foreign key would see a half-relinked client: check them at the end.
            keys = await _foreign_keys(conn, columns)
            for table, name, deferrable in keys:
                if not deferrable:
                    await conn.execute(sa.text(
                        f"ALTER TABLE {_q(table)} ALTER CONSTRAINT {_q(name)} DEFERRABLE"))
            if keys:
                await conn.execute(sa.text(
                    "SET CONSTRAINTS " + ", ".join(_q(name) for _, name, _ in keys)
                    + " DEFERRED"))
            for table, column in columns:
                t, c = _q(table), _q(column)
                done = await conn.execute(sa.text(
                    f"UPDATE {t} SET {c} = m.new_id FROM wmo_relink m WHERE {t}.{c} = m.old_id"))
                result.updated[f"{table}.{column}"] = done.rowcount
                result.unmapped[f"{table}.{column}"] = int(await conn.scalar(sa.text(
                    f"SELECT count(DISTINCT {c}) FROM {t} WHERE {c} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM wmo_relink m WHERE m.new_id = {t}.{c})")) or 0)
            if keys:
                await conn.execute(sa.text("SET CONSTRAINTS ALL IMMEDIATE"))
            for table, name, deferrable in keys:
                if not deferrable:
                    await conn.execute(sa.text(
                        f"ALTER TABLE {_q(table)} ALTER CONSTRAINT {_q(name)} NOT DEFERRABLE"))
        except BaseException:
            await transaction.rollback()
            raise
        if dry_run:
            await transaction.rollback()
        else:
            await transaction.commit()
    return result


# --- the commands -----------------------------------------------------------------------------

def _open(path: str, mode: str) -> AbstractContextManager[Any]:
    if path == "-":
        return nullcontext(sys.stdout if "w" in mode else sys.stdin)
    return Path(path).open(mode, encoding="utf-8", newline="")


def add_rekey_commands(cli: typer.Typer, package: str,
                       settings_factory: Callable[[], KernelSettings],
                       client_id_columns: Sequence[tuple[str, str]] = (),
                       registry: ReadRegistry | None = None) -> None:
    """``relink`` for every service; ``rekey`` for the one with the BSN ``registry``."""
    import asyncio

    from .db import make_engine

    @cli.command("relink")
    def relink_command(
        mapping: Annotated[str, typer.Option(
            help="the mapping `toegang rekey` wrote (CSV; - reads standard input)")],
        dry_run: Annotated[bool, typer.Option(help="count only; change nothing")] = False,
    ) -> None:
        """After a pseudonym key rotation: give every stored client id its new id (stop the
        service first; docs/runbook.md)."""
        settings = settings_factory()
        try:
            with _open(mapping, "r") as lines:
                pairs = read_mapping(lines)
        except (OSError, RekeyError) as exc:
            typer.echo(f"{package}: {exc}", err=True)
            raise typer.Exit(2) from None

        async def run() -> Relinked:
            engine = make_engine(settings.database_url, 1)
            try:
                return await relink(engine, pairs, client_id_columns, dry_run=dry_run)
            finally:
                await engine.dispose()

        try:
            done = asyncio.run(run())
        except RekeyError as exc:
            typer.echo(f"{package}: {exc}", err=True)
            raise typer.Exit(2) from None
        for column, rows in done.updated.items():
            typer.echo(f"{column}: {rows} rows relinked, {done.unmapped[column]} ids not in "
                       f"the mapping")
        typer.echo(f"{package}: {'dry run, nothing changed' if dry_run else 'relinked'} "
                   f"({len(pairs)} ids in the mapping)", err=True)

    if registry is None:
        return

    @cli.command("rekey")
    def rekey_command(
        out: Annotated[str, typer.Option(help="where to write the mapping (- for standard "
                                              "output)")] = "-",
    ) -> None:
        """Write the mapping old client id → new one for every client in the registry:
        WMO_PSEUDONYM_KEY_PREVIOUS holds the old key, WMO_PSEUDONYM_KEY the new one. Reads
        only; feed the file to `relink` of every service."""
        settings = settings_factory()
        problems = settings.pseudonym_key_problems()
        if problems:
            typer.echo(str(UnsafeForProduction(package, problems)), err=True)
            raise typer.Exit(78)
        previous = (settings.pseudonym_key_previous.get_secret_value().encode()
                    if settings.pseudonym_key_previous else b"")

        async def run() -> dict[str, str]:
            engine = make_engine(settings.database_url, 1)
            try:
                return await registry_mapping(
                    engine, registry, previous, settings.pseudonym_key.get_secret_value().encode())
            finally:
                await engine.dispose()

        try:
            pairs = asyncio.run(run())
        except RekeyError as exc:
            typer.echo(f"{package}: {exc}", err=True)
            raise typer.Exit(2) from None
        with _open(out, "w") as sink:
            write_mapping(sink, pairs)
        typer.echo(f"{package}: mapping of {len(pairs)} client ids written", err=True)
