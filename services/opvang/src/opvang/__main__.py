from wmokernel.servicecli import service_cli

from .app import create_app
from .settings import OpvangSettings

cli = service_cli("opvang", OpvangSettings, create_app)

if __name__ == "__main__":
    cli()
