"""The command line every service has: ``migrate`` and ``serve``."""

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

    return cli
