"""Tables of the bezwaar procedure after registration and of the beroep at the rechtbank:
each postponement of a bezwaar's decision term, and the beroep against a besluit op bezwaar."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

_NOW = sa.func.now()


class BezwaarVerdaging(Base):
    """One postponement: the verdaging of Awb 7:10 lid 3 (once: a partial unique index) or a
    further uitstel with the indiener's consent (lid 4)."""

    __tablename__ = "bezwaar_verdagingen"
    __table_args__ = (
        sa.Index("uq_bezwaar_verdagingen_lid3", "bezwaar_id", unique=True,
                 postgresql_where=sa.text("soort = 'verdaging'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("bezwaren.id"), index=True)
    soort: Mapped[str] = mapped_column(sa.Text)
    weken: Mapped[int] = mapped_column(sa.Integer)
    reden: Mapped[str] = mapped_column(sa.Text)
    verzonden_op: Mapped[date] = mapped_column(sa.Date)
    oude_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    nieuwe_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class Beroep(Base):
    """The beroep against a besluit op bezwaar (one per bezwaar). When the rechtbank finds it
    gegrond the aanvraag reopens and the gemeente's next beschikking replaces
    ``te_vervangen_beschikking_id``: that is how the new decision is found again."""

    __tablename__ = "beroepen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("bezwaren.id"), unique=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    rechtbank: Mapped[str] = mapped_column(sa.Text)
    zaaknummer: Mapped[str | None] = mapped_column(sa.Text)
    ingesteld_op: Mapped[date] = mapped_column(sa.Date)
    beroep_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)
    status: Mapped[str] = mapped_column(sa.Text)
    uitspraak: Mapped[str | None] = mapped_column(sa.Text)
    uitspraak_op: Mapped[date | None] = mapped_column(sa.Date)
    te_vervangen_beschikking_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
