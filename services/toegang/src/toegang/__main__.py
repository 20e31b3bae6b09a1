"""Command line of toegang: serve, migrate (``python -m toegang``)."""

from wmokernel.servicecli import service_cli

from .app import create_app
from .settings import ToegangSettings

cli = service_cli("toegang", ToegangSettings, create_app)

if __name__ == "__main__":
    cli()
