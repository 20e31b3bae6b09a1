"""The command line every service has: ``migrate``, ``serve`` and ``redrive``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated

import typer
import uvicorn
from fastapi import FastAPI

from .migrations import ensure_database, upgrade
from .settings import KernelSettings


def service_cli(package: str, settings_factory: Callable[[], KernelSettings],
                app_factory: Callable[[], FastAPI]) -> typer.Typer:
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

        runtime = app_factory().state.runtime
        assert isinstance(runtime, ServiceRuntime)
        results = asyncio.run(run_redrive(runtime, group))
        for r in results:
            typer.echo(f"{r.group_id}: {r.redriven} redriven, {r.unreadable} unreadable")
        if not results:
            typer.echo(f"{package}: no consumer group {group!r}" if group else
                       f"{package}: no consumer groups")
            raise typer.Exit(1 if group else 0)

    return cli
