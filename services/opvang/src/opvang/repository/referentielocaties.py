"""SQL that loads the reference locations: an upsert by the stable key that never changes a
location already in the register (so an admin's later capacity change survives).

Synchronous over a plain Connection, because the Alembic data migration calls it too; the
tables are spelled out here (only the columns written), so the migration keeps working when
the models grow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert

from ..domain.reference import U16_GEMEENTEN
from ..domain.referentielocaties import Referentielocatie

DOOR = "referentiedata"

_locaties = sa.table(
    "locaties", sa.column("id", sa.Uuid), sa.column("naam", sa.Text),
    sa.column("aanbieder", sa.Text), sa.column("gemeente", sa.String),
    sa.column("vorm", sa.Text), sa.column("bovenregionaal", sa.Boolean),
    sa.column("geheim_adres", sa.Boolean), sa.column("specialismen", ARRAY(sa.Text)),
    sa.column("capaciteit", sa.Integer), sa.column("bezet", sa.Integer),
    sa.column("version", sa.Integer), sa.column("referentie", sa.Text),
    sa.column("illustratief", sa.Boolean), sa.column("bron", sa.Text))
_wijzigingen = sa.table(
    "capaciteit_wijzigingen", sa.column("locatie_id", sa.Uuid),
    sa.column("ingangsdatum", sa.Date), sa.column("capaciteit", sa.Integer),
    sa.column("reden", sa.Text), sa.column("door", sa.Text))


class Actie(StrEnum):
    TOEGEVOEGD = "toegevoegd"
    AANWEZIG = "aanwezig"
    CAPACITEIT_GEWIJZIGD = "capaciteit gewijzigd door beheer (behouden)"
    ONTBREEKT = "ontbreekt"


@dataclass(frozen=True, slots=True)
class Resultaat:
    locatie: Referentielocatie
    actie: Actie
    capaciteit: int | None  # in the register now; None when missing


def laad(conn: sa.Connection, locaties: Iterable[Referentielocatie], *,
         alleen_controleren: bool = False) -> list[Resultaat]:
    """Adds each missing reference location with its capacity as the first entry of the
    capacity history; reports the others as they are. ``alleen_controleren`` writes nothing."""
    resultaten: list[Resultaat] = []
    for ref in locaties:
        if not alleen_controleren and _voeg_toe(conn, ref):
            resultaten.append(Resultaat(ref, Actie.TOEGEVOEGD, ref.capaciteit))
            continue
        capaciteit = conn.scalar(sa.select(_locaties.c.capaciteit)
                                 .where(_locaties.c.referentie == ref.referentie))
        actie = (Actie.ONTBREEKT if capaciteit is None else
                 Actie.AANWEZIG if capaciteit == ref.capaciteit else Actie.CAPACITEIT_GEWIJZIGD)
        resultaten.append(Resultaat(ref, actie, capaciteit))
    return resultaten


def _voeg_toe(conn: sa.Connection, ref: Referentielocatie) -> bool:
    """True when it was added; a concurrent loader or an earlier run makes it a no-op."""
    added = conn.scalar(
        insert(_locaties).values(
            id=ref.id, naam=ref.naam, aanbieder=ref.aanbieder, gemeente=ref.gemeente,
            vorm=ref.vorm.value, bovenregionaal=ref.gemeente not in U16_GEMEENTEN,
            geheim_adres=ref.geheim_adres, specialismen=[], capaciteit=ref.capaciteit, bezet=0,
            version=1, referentie=ref.referentie, illustratief=ref.illustratief, bron=ref.bron)
        .on_conflict_do_nothing()  # the key, or the id of one kept by a downgrade
        .returning(_locaties.c.id))
    if added is None:
        return False
    conn.execute(sa.insert(_wijzigingen).values(
        locatie_id=added, ingangsdatum=sa.func.current_date(), capaciteit=ref.capaciteit,
        reden=f"referentielocatie ({ref.bron})", door=DOOR))
    return True
