"""The command line every service has: ``migrate``, ``serve``, ``redrive`` and ``relink``
(``rekey`` for the service with the BSN registry: ``rekey.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Annotated

import typer
import uvicorn
from fastapi import FastAPI

from .migrations import ensure_database, upgrade
from .rekey import ReadRegistry, add_rekey_commands
from .settings import KernelSettings, UnsafeForProduction

# sysexits.h EX_CONFIG: the process refuses its configuration (WMO_ENV=production with
# development secrets or HS256 tokens); restarting it changes nothing.
EXIT_UNSAFE_CONFIG = 78


def refuse_unsafe_settings(package: str, settings: KernelSettings) -> None:
    """Exit with every reason at once when production settings are not fit to serve."""
    problems = settings.production_problems()
    if problems:
        typer.echo(str(UnsafeForProduction(package, problems)), err=True)
        raise typer.Exit(EXIT_UNSAFE_CONFIG)


def service_cli(package: str, settings_factory: Callable[[], KernelSettings],
                app_factory: Callable[[], FastAPI], *,
                client_id_columns: Sequence[tuple[str, str]] = (),
                pseudonym_registry: ReadRegistry | None = None) -> typer.Typer:
    """``client_id_columns``: (table, column) holding client ids besides the ``client_id``
    columns, for ``relink``; ``pseudonym_registry``: reads (client id, BSN) of every client,
    for ``rekey`` (toegang only)."""
    cli = typer.Typer(add_completion=False, help=f"The {package} service.")

    @cli.command()
    def migrate(
        create_database: Annotated[bool, typer.Option(help="create the database if missing")]
        = True,
    ) -> None:
        """Bring the service database to the newest schema (safe to run concurrently)."""
        settings = settings_factory()
        if create_database:
            asyncio.run(ensure_database(settings.database_url))
        upgrade(package, settings.database_url)
        typer.echo(f"{package}: database migrated")

    @cli.command()
    def serve(
        host: Annotated[str, typer.Option()] = "127.0.0.1",
        port: Annotated[int, typer.Option()] = 8000,
        workers: Annotated[int, typer.Option(
            help="worker processes; they share the consumer groups and elect one relay",
            envvar="WMO_WEB_WORKERS")] = 1,
    ) -> None:
        """Run the HTTP API, the outbox relay and the event consumers."""
        refuse_unsafe_settings(package, settings_factory())
        if workers > 1:
            uvicorn.run(f"{package}.app:create_app", factory=True, workers=workers, host=host,
                        port=port, log_config=None, access_log=False,
                        timeout_graceful_shutdown=10)
        else:
            uvicorn.run(app_factory(), host=host, port=port, log_config=None,
                        access_log=False, timeout_graceful_shutdown=10)

    @cli.command()
    def redrive(
        group: Annotated[str | None, typer.Option(
            help="only this consumer group's dead letters (default: all of the service's)")]
        = None,
    ) -> None:
        """Put dead-lettered events back on their topics once the cause is fixed; the
        service's consumers then apply them (each at most once)."""
        from .redrive import redrive as run_redrive
        from .runtime import ServiceRuntime

        refuse_unsafe_settings(package, settings_factory())
        runtime = app_factory().state.runtime
        assert isinstance(runtime, ServiceRuntime)
        results = asyncio.run(run_redrive(runtime, group))
        for r in results:
            typer.echo(f"{r.group_id}: {r.redriven} redriven, {r.unreadable} unreadable")
        if not results:
            typer.echo(f"{package}: no consumer group {group!r}" if group else
                       f"{package}: no consumer groups")
            raise typer.Exit(1 if group else 0)

    add_rekey_commands(cli, package, settings_factory, client_id_columns, pseudonym_registry)
    return cli
