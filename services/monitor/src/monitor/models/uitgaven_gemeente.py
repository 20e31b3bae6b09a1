"""The read models behind the spend per municipality (from 0011): each client's municipality
of residence, and which approved prestaties a payment batch pays. Part of ``Base``, so a
rebuild empties and refills them with the others."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class ClientGemeenteFeit(Base):
    """A client's municipality of residence: the latest an event named (by the event's time,
    its id breaking a tie), kept by an upsert that only a later event changes, so neither a
    duplicate nor another order does. ``event_id`` is empty for a row 0011 took over from
    the opvang read models (the fact's day as its time): any event of that day wins."""

    __tablename__ = "client_gemeenten"

    client_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    gemeente: Mapped[str] = mapped_column(sa.Text, index=True)
    bekend_op: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    event_id: Mapped[str] = mapped_column(sa.Text)


class BetaalbatchDeclaratieFeit(Base):
    """An approved prestatie (``declaraties.declaratie_id``) a payment batch pays, as the
    batch's events name them (``declaratieIds``; batches of older producers name none)."""

    __tablename__ = "betaalbatch_declaraties"

    batch_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    declaratie_id: Mapped[str] = mapped_column(sa.Text, primary_key=True, index=True)
