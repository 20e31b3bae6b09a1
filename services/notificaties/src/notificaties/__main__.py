from wmokernel.servicecli import service_cli

from .app import create_app
from .settings import NotificatiesSettings

cli = service_cli("notificaties", NotificatiesSettings, create_app)

if __name__ == "__main__":
    cli()
