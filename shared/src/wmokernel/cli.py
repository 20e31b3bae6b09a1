"""``wmo-token``: issue a development bearer token (HS256, the dev issuer)."""

from __future__ import annotations

from typing import Annotated

import typer

from .auth import Role, issue_dev_token
from .settings import KernelSettings

app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def token(
    subject: Annotated[str, typer.Option(help="user or system id")] = "dev-user",
    role: Annotated[list[Role], typer.Option(help="role claim; repeat for several")] = [  # noqa: B006
        Role.GEMEENTE
    ],
    gemeente: Annotated[str, typer.Option(help="CBS code of the municipality")] = "0344",
    team: Annotated[str | None, typer.Option(help="team or wijk claim")] = None,
    scope: Annotated[list[str], typer.Option(help="extra scope; repeat for several")] = [],  # noqa: B006
    hours: Annotated[int, typer.Option(help="validity in hours")] = 8,
) -> None:
    """Print a signed development token for the given claims."""
    typer.echo(issue_dev_token(KernelSettings(), subject, [r.value for r in role],
                               gemeente=gemeente, team=team, scopes=scope, ttl_s=hours * 3600))


events_app = typer.Typer(add_completion=False, help="The event catalogue as documents.")


@events_app.command("asyncapi")
def asyncapi(
    version: Annotated[str, typer.Option(help="document version")] = "1.0.0",
) -> None:
    """Print the AsyncAPI 3 document generated from the event catalogue."""
    import json

    from .asyncapi import asyncapi_document

    typer.echo(json.dumps(asyncapi_document(version), indent=2))


@events_app.command("schemas")
def schemas() -> None:
    """Print the JSON Schema of every event type."""
    import json

    from .catalogue import json_schemas

    typer.echo(json.dumps(json_schemas(), indent=2))


if __name__ == "__main__":
    app()
