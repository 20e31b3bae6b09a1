"""The monitor's command line: serve, migrate (the kernel's), rebuild, generate-year."""

import asyncio

import typer
from rich.progress import Progress
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.servicecli import service_cli

from .app import create_app, rebuild
from .settings import MonitorSettings

cli = service_cli("monitor", MonitorSettings, create_app)


@cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the read models from the start of every topic (stop the service first)."""
    with Progress() as bar:
        task = bar.add_task("replaying events", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        count = asyncio.run(rebuild(MonitorSettings(), advance, bar.console.print))
    typer.echo(f"monitor: read models rebuilt from {count} events")


@cli.command("generate-year")
def generate_year_command(
    jaar: int = typer.Option(2022, help="the year to generate"),
    schaal: float = typer.Option(1.0, help="1.0 = a Utrecht-sized year"),
    seed: int = typer.Option(2022, help="random seed"),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)"),
) -> None:
    """Publish a synthetic year of events to the topics and print the generator's truth."""
    import json

    from wmokernel.kafka import ensure_topics

    from .generator import generate_year, publish

    settings = MonitorSettings()
    if bootstrap:
        settings = settings.model_copy(update={"kafka_bootstrap_servers": bootstrap})
    year = generate_year(jaar, schaal, seed)

    async def run() -> int:
        await ensure_topics(settings, list(DOMAIN_TOPICS))
        return await publish(settings.kafka_bootstrap_servers, year.events)

    count = asyncio.run(run())
    typer.echo(f"monitor: published {count} events for {jaar}", err=True)
    typer.echo(json.dumps({"jaar": jaar, "events": count, "truth": year.truth,
                           "uitgaven": year.budget_truth, "hulpmiddelen": year.hulpmiddel_truth},
                          ensure_ascii=False, indent=2))


if __name__ == "__main__":
    cli()
