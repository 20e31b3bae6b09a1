"""``wmo-dev``: the whole system on its embedded default, with one command."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .components import (
    SERVICES,
    Broker,
    ServiceProcess,
    port_is_free,
    service_env,
    start_broker,
    start_embedded_postgres,
)
from .supervisor import Supervisor, restart_request

app = typer.Typer(add_completion=False, help=__doc__)
console = Console()


@app.callback()
def main() -> None:
    """Run the Wmo platform locally."""


def service_urls(name: str, ports: dict[str, int]) -> dict[str, str]:
    """Where a service finds the others on the chosen ports."""
    base = {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
    if name == "indicatie":
        return {"WMO_TOEGANG_URL": base["toegang"]}
    if name == "toegang":  # an inzageverzoek gathers every service's part
        return {f"WMO_{n.upper()}_URL": base[n]
                for n in ("indicatie", "opvang", "monitor", "notificaties")}
    if name == "monitor":
        return {"WMO_EVENTLOG_SOURCES": json.dumps(
            [f"{base[n]}/api/v1" for n in ("toegang", "indicatie", "opvang")])}
    return {}


@app.command()
def up(
    data_dir: Annotated[Path, typer.Option(help="keeps the database between runs")] = Path(
        ".wmo-data"),
    base_port: Annotated[int, typer.Option(help="toegang gets this port, the others the next")]
    = 8001,
    broker_port: Annotated[int, typer.Option(help="port of the embedded broker")] = 9092,
    database_url: Annotated[str | None, typer.Option(
        help="external PostgreSQL, e.g. postgresql+asyncpg://user@host:5432/{db}; "
             "{db} is replaced by each service's database", envvar="WMO_DEV_DATABASE_URL")]
    = None,
    kafka: Annotated[str | None, typer.Option(
        help="external Kafka bootstrap servers instead of the embedded broker",
        envvar="WMO_DEV_KAFKA")] = None,
) -> None:
    """Start PostgreSQL, the broker and the five services; Ctrl-C stops everything."""
    ports = [base_port + i for i in range(len(SERVICES))] + ([] if kafka else [broker_port])
    busy = [p for p in ports if not port_is_free(p)]
    if busy:
        console.print(f"[red]port(s) {', '.join(map(str, busy))} in use: is the platform "
                      "already running? Choose others with --base-port / --broker-port.")
        raise typer.Exit(1)
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        with console.status("starting embedded PostgreSQL"):
            database_url = start_embedded_postgres(data_dir / "postgres")
    broker: Broker | None = None
    if kafka is None:
        with console.status("starting the embedded broker (Tansu)"):
            broker = start_broker(broker_port, data_dir / "logs" / "broker.log")
        kafka = broker.bootstrap
    service_ports = {name: base_port + i for i, name in enumerate(SERVICES)}
    services = [
        ServiceProcess(name, service_ports[name],
                       service_env(name, database_url.replace("{db}", f"wmo_{name}"), kafka,
                                   service_urls(name, service_ports)),
                       data_dir / "logs" / f"{name}.log")
        for name in SERVICES
    ]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    supervisor = Supervisor(services, broker, lambda msg: console.print(f"[yellow]{msg}"),
                            data_dir / "run", data_dir / "logs" / "broker.log")
    try:
        for svc in services:
            with console.status(f"migrating {svc.name}"):
                svc.migrate()
        supervisor.start_all()
        with console.status("waiting for the services to be ready"):
            for svc in services:
                svc.wait_ready()
        table = Table(title="Wmo platform is running (Ctrl-C stops it)")
        for col in ("service", "API (OpenAPI at /api/v1/openapi.json)", "log"):
            table.add_column(col, no_wrap=True)
        for svc in services:
            table.add_row(svc.name, f"{svc.url}/api/v1", str(svc.log_path))
        Console(width=max(console.width, 140)).print(table)
        console.print(f"broker: {kafka}   database: {database_url.replace('{db}', 'wmo_*')}")
        console.print("a service that exits is started again; restart one with "
                      "`wmo-dev restart <service>`")
        while not stop.is_set():
            supervisor.tick()
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        # Ctrl-C reaches uv and us both, and uv forwards it: a second interrupt must not cut
        # the clean-up short and leave processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        console.print("stopping…")
        supervisor.stop_all()
        console.print("stopped; data kept in " + str(data_dir))


@app.command()
def restart(
    service: Annotated[str, typer.Argument(help=f"one of {', '.join(SERVICES)}")],
    data_dir: Annotated[Path, typer.Option(help="the data directory `up` runs with")] = Path(
        ".wmo-data"),
    wait_s: Annotated[float, typer.Option(help="how long to wait for the launcher")] = 30.0,
) -> None:
    """Restart one service of a running `wmo-dev up` (the others keep running)."""
    if service not in SERVICES:
        console.print(f"[red]unknown service {service!r}; choose one of {', '.join(SERVICES)}")
        raise typer.Exit(2)
    run_dir = data_dir.resolve() / "run"
    if not (run_dir / f"{service}.pid").exists():
        console.print(f"[red]no running platform found in {data_dir} (start it with "
                      "`wmo-dev up`)")
        raise typer.Exit(1)
    request = restart_request(run_dir, service)
    request.touch()
    deadline = time.monotonic() + wait_s
    while request.exists():
        if time.monotonic() > deadline:
            request.unlink(missing_ok=True)
            console.print(f"[red]the launcher did not pick up the restart within {wait_s:.0f} s")
            raise typer.Exit(1)
        time.sleep(0.2)
    console.print(f"{service} restarted")


@app.command()
def token(
    role: Annotated[list[str], typer.Option(help="role claim; repeat for several")],
    subject: Annotated[str, typer.Option()] = "dev-user",
    team: Annotated[str | None, typer.Option()] = None,
    gemeente: Annotated[str, typer.Option()] = "0344",
) -> None:
    """Print a development bearer token (same as ``wmo-token``)."""
    from wmokernel.auth import issue_dev_token
    from wmokernel.settings import KernelSettings

    typer.echo(issue_dev_token(KernelSettings(), subject, role, gemeente=gemeente, team=team))


if __name__ == "__main__":
    app()
