"""Command line of toegang: serve, migrate, redrive, and for a pseudonym key rotation rekey
and relink (``python -m toegang``)."""

from wmokernel.servicecli import service_cli

from .app import create_app
from .repository.clienten import ids_and_bsns
from .settings import ToegangSettings

# The registry's own key is a client id too; the BSN is in the same row (rekey).
cli = service_cli("toegang", ToegangSettings, create_app,
                  client_id_columns=[("clients", "id")], pseudonym_registry=ids_and_bsns)

if __name__ == "__main__":
    cli()
