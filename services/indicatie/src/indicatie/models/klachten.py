"""The klacht (Awb chapter 9) about the gemeente, a buurtteam or a provider, with its steps:
acknowledgement, hearing, postponement and handling."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

_NOW = sa.func.now()


class Klacht(Base):
    __tablename__ = "klachten"
    __table_args__ = (
        sa.Index("ix_klachten_organisatie", "betreft", "organisatie_code"),
        sa.CheckConstraint("betreft IN ('gemeente', 'buurtteam', 'aanbieder')",
                           name="ck_klachten_betreft"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    betreft: Mapped[str] = mapped_column(sa.Text)  # gemeente | buurtteam | aanbieder
    organisatie_code: Mapped[str] = mapped_column(sa.Text)
    organisatie_naam: Mapped[str | None] = mapped_column(sa.Text)
    client_id: Mapped[str | None] = mapped_column(sa.Text, index=True)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    omschrijving: Mapped[str] = mapped_column(sa.Text)  # the klager's words: never in events
    klachtadviescommissie: Mapped[bool] = mapped_column(sa.Boolean)
    ontvangstbevestiging_op: Mapped[date | None] = mapped_column(sa.Date)
    gehoord_op: Mapped[date | None] = mapped_column(sa.Date)
    horen_afgezien_op: Mapped[date | None] = mapped_column(sa.Date)
    horen_afzien_grond: Mapped[str | None] = mapped_column(sa.Text)
    verdaagd_op: Mapped[date | None] = mapped_column(sa.Date)  # the notice's date
    verdaging_reden: Mapped[str | None] = mapped_column(sa.Text)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)  # the term in force
    status: Mapped[str] = mapped_column(sa.Text, index=True)
    uitkomst: Mapped[str | None] = mapped_column(sa.Text)
    afgehandeld_op: Mapped[date | None] = mapped_column(sa.Date)
    tijdig: Mapped[bool | None] = mapped_column(sa.Boolean)
    toelichting: Mapped[str | None] = mapped_column(sa.Text)
    geregistreerd_door: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
