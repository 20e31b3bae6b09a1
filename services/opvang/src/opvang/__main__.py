import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import ProgrammingError
from wmokernel.servicecli import service_cli

from .app import create_app
from .repository.referentielocaties import Actie
from .service.referentiedata import laad_referentielocaties
from .settings import OpvangSettings

cli = service_cli("opvang", OpvangSettings, create_app)


@cli.command()
def referentiedata(
    illustratief: Annotated[bool | None, typer.Option(
        "--illustratief/--zonder-illustratief",
        help="include the illustrative entries (default: WMO_REFERENTIE_ILLUSTRATIEF, true)")]
    = None,
    controleer: Annotated[bool, typer.Option(
        help="only compare the register with the reference set; write nothing")] = False,
) -> None:
    """Load the U16 MO and BW reference locations (the migration does this too) or re-check
    them. A location already in the register is never changed: a capacity an admin set since
    is kept. Exits 1 when checking finds a reference location missing."""
    settings = OpvangSettings()
    met_illustratief = settings.referentie_illustratief if illustratief is None else illustratief
    try:
        resultaten = asyncio.run(laad_referentielocaties(
            settings, met_illustratief=met_illustratief,
            alleen_controleren=controleer))
    except ProgrammingError as exc:
        typer.echo(f"opvang: the register is not ready; run `python -m opvang migrate` first "
                   f"({exc.orig})", err=True)
        raise typer.Exit(2) from None
    table = Table(title="U16 referentielocaties" + (" (controle)" if controleer else ""))
    for kolom in ("referentie", "gemeente", "vorm", "aanbieder", "referentie-capaciteit",
                  "capaciteit", "illustratief", "actie"):
        table.add_column(kolom)
    for r in resultaten:
        loc = r.locatie
        table.add_row(loc.referentie, loc.gemeente, loc.vorm.value, loc.aanbieder,
                      str(loc.capaciteit), "-" if r.capaciteit is None else str(r.capaciteit),
                      "ja" if loc.illustratief else "nee", r.actie.value)
    Console().print(table)
    telling = {a: sum(r.actie is a for r in resultaten) for a in Actie}
    typer.echo("opvang: " + ", ".join(f"{n} {a.value}" for a, n in telling.items() if n)
               if resultaten else "opvang: no reference locations selected")
    if controleer and telling[Actie.ONTBREEKT]:
        raise typer.Exit(1)


if __name__ == "__main__":
    cli()
