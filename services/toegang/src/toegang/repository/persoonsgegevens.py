"""Where toegang keeps personal data: what an inzageverzoek exports (every table holding a
client id, or linked to one) and how long each kind of record is kept (its retention rules)."""

from __future__ import annotations

import sqlalchemy as sa
from wmokernel.bewaartermijnen import Bewaarregel, Termijn, tabel
from wmokernel.inzage import bronnen
from wmokernel.normen import BEWAARTERMIJN_WMO_JAREN

from ..models import (
    Base,
    Client,
    DossierMedewerker,
    Melding,
    Onderzoek,
    TermijnSignaal,
    TermijnWijziging,
    Toestemming,
    Verwijzing,
)

WMO = Termijn(jaren=BEWAARTERMIJN_WMO_JAREN)
BRON = "Wmo 2015 art. 5.3.4; Selectielijst gemeenten 2020"

BRONNEN = bronnen(Base.metadata, clientkolommen={"clients": "id"})

_laatste_verwijzing = (sa.select(sa.func.max(Verwijzing.verwezen_op))
                       .where(Verwijzing.melding_id == Melding.id).scalar_subquery())
_laatste_toestemming = (sa.select(sa.func.max(sa.func.greatest(Toestemming.gegeven_op,
                                                               Toestemming.ingetrokken_op)))
                        .where(Toestemming.client_id == Client.id).scalar_subquery())

REGELS = (
    # A casus is kept from its last step once it is referred or closed; while open it runs.
    Bewaarregel(
        "meldingen", tabel(Melding),
        sa.case((Melding.status.in_(("verwezen", "gesloten")),
                 sa.func.greatest(Melding.gemeld_op, Melding.onderzoek_afgerond_op,
                                  Melding.afgesloten_op, _laatste_verwijzing))),
        WMO, BRON,
        onderdelen=(tabel(Onderzoek), tabel(Verwijzing), tabel(TermijnWijziging),
                    tabel(DossierMedewerker), tabel(TermijnSignaal))),
    # The registry entry with the consents, from its last change; it stays while a melding
    # of the client is kept (the melding points to it).
    Bewaarregel(
        "clienten", tabel(Client),
        sa.func.greatest(sa.cast(Client.created_at, sa.Date), sa.cast(Client.updated_at, sa.Date),
                         _laatste_toestemming),
        WMO, BRON, onderdelen=(tabel(Toestemming),)),
)
