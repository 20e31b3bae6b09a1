"""The read models of klachten (Awb chapter 9, from 0007): received, postponed, handled. Each
fact is keyed by the klacht and inserted once; the three are joined when asked."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class KlachtFeit(Base):
    """A klacht received, about the gemeente, a buurtteam or a provider."""

    __tablename__ = "klachten"

    klacht_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    betreft: Mapped[str] = mapped_column(sa.Text)
    organisatie_code: Mapped[str] = mapped_column(sa.Text)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    klachtadviescommissie: Mapped[bool] = mapped_column(sa.Boolean)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)


class KlachtVerdagingFeit(Base):
    """The one postponement of a klacht's handling (Awb 9:11 lid 2)."""

    __tablename__ = "klacht_verdagingen"

    klacht_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    mededeling_op: Mapped[date] = mapped_column(sa.Date)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)


class KlachtAfhandelingFeit(Base):
    """A klacht handled: its outcome and whether within its term."""

    __tablename__ = "klacht_afhandelingen"

    klacht_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    uitkomst: Mapped[str] = mapped_column(sa.Text)
    afgehandeld_op: Mapped[date] = mapped_column(sa.Date)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)
