from wmokernel.servicecli import service_cli

from .app import create_app
from .settings import IndicatieSettings

cli = service_cli("indicatie", IndicatieSettings, create_app)

if __name__ == "__main__":
    cli()
