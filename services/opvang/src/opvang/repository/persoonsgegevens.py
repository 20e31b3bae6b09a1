"""Where opvang keeps personal data: what an inzageverzoek exports (every table holding a
client id, or linked to one) and how long each kind of record is kept (its retention rules)."""

from __future__ import annotations

import sqlalchemy as sa
from wmokernel.bewaartermijnen import Bewaarregel, Termijn, tabel
from wmokernel.inzage import bronnen
from wmokernel.normen import BEWAARTERMIJN_WMO_JAREN

from ..models import Aanmelding, Base, Plaatsing, WoningAanbod

WMO = Termijn(jaren=BEWAARTERMIJN_WMO_JAREN)
BRON = "Wmo 2015 art. 5.3.4; Selectielijst gemeenten 2020"
AFGESLOTEN = ("uitgestroomd", "overgedragen")

BRONNEN = bronnen(Base.metadata)

_laatste_plaatsing = (
    sa.select(sa.func.max(sa.func.greatest(Plaatsing.gereserveerd_op, Plaatsing.opgenomen_op,
                                           Plaatsing.uitgestroomd_op)))
    .where(Plaatsing.aanmelding_id == Aanmelding.id).scalar_subquery())

REGELS = (
    # An aanmelding with its placements, from its last step once the resident left the
    # shelter or was handed over to another municipality; while waiting or placed it runs.
    Bewaarregel(
        "aanmeldingen", tabel(Aanmelding),
        sa.case((Aanmelding.status.in_(AFGESLOTEN),
                 sa.func.greatest(Aanmelding.verwezen_op, Aanmelding.overgedragen_op,
                                  Aanmelding.wachtlijst_tot, _laatste_plaatsing))),
        WMO, BRON, onderdelen=(tabel(Plaatsing), tabel(WoningAanbod))),
)
