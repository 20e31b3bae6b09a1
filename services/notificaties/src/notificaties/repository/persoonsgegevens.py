"""Where notificaties keeps personal data: the deliveries, whose notifications carry the
resident's pseudonymous client id (``kenmerken.clientId``). What an inzageverzoek exports of
them, with the recipient each went to (AVG art. 15 lid 1 (c)), and how long they are kept."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from wmokernel.bewaartermijnen import Bewaarregel, Termijn, tabel
from wmokernel.inzage import Bron
from wmokernel.normen import BEWAARTERMIJN_WMO_JAREN

from ..domain.aflevering import Status
from ..models import Abonnement, Aflevering

# No statute names a term for a notification's delivery record. It is the record of to whom
# the resident's data went, which the resident may ask for as long as the dossier it came
# from is kept: the dossier's term (Wmo 2015 art. 5.3.4), the conservative choice.
WMO = Termijn(jaren=BEWAARTERMIJN_WMO_JAREN)
BRON = "the dossier's term, Wmo 2015 art. 5.3.4 (no own term confirmed)"


def _afleveringen(client_id: str) -> sa.Select[Any]:
    client = (sa.func.convert_from(Aflevering.body, "UTF8").cast(JSONB)
              ["kenmerken"]["clientId"].astext)
    columns: list[Any] = [
        Aflevering.id, Aflevering.notificatie_id, Aflevering.kanaal, Aflevering.hoofd_object,
        Aflevering.body.label("notificatie"), Aflevering.status, Aflevering.pogingen,
        Aflevering.laatste_statuscode, Aflevering.aangemaakt_op, Aflevering.laatste_poging_op,
        Aflevering.afgeleverd_op, Abonnement.eigenaar.label("ontvanger"),
        Abonnement.callback_url.label("ontvangerUrl")]
    return (sa.select(*columns)
            .join(Abonnement, Abonnement.id == Aflevering.abonnement_id)
            .where(client == client_id)
            .order_by(Aflevering.volgnummer))


BRONNEN = [Bron("afleveringen", tabel(Aflevering), _afleveringen)]

REGELS = (
    # A delivery still being tried runs; a delivered or given-up one from its last attempt.
    Bewaarregel(
        "afleveringen", tabel(Aflevering),
        sa.case((Aflevering.status != Status.WACHTEND.value,
                 sa.func.greatest(Aflevering.aangemaakt_op, Aflevering.laatste_poging_op,
                                  Aflevering.afgeleverd_op))),
        WMO, BRON),
)
