"""Alembic helpers: one migration history per service, guarded by an advisory lock."""

from __future__ import annotations

import asyncio
import zlib

import asyncpg
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


def alembic_config(package: str, database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", f"{package}:migrations")
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(package: str, database_url: str, revision: str = "head") -> None:
    """Migrate a service database (blocking; call from a CLI or a worker thread)."""
    command.upgrade(alembic_config(package, database_url), revision)


def run_env(target_metadata: sa.MetaData) -> None:
    """The body of every service's ``migrations/env.py`` (online mode only)."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    lock_key = zlib.crc32(f"wmo-migrate:{make_url(url).database}".encode()) & 0x7FFFFFFF

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          compare_type=True)
        with context.begin_transaction():
            # Two deploy jobs migrating at once: the second waits, then finds nothing to do.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key})
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run())


async def ensure_database(database_url: str) -> bool:
    """Create the database named in ``database_url`` if missing; True when it was created."""
    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", url.database)
        if exists:
            return False
        await conn.execute(f'CREATE DATABASE "{url.database}"')
        return True
    finally:
        await conn.close()


async def drop_database(database_url: str) -> None:
    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    finally:
        await conn.close()
