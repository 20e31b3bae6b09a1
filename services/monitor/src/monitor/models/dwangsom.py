"""The read models behind the dwangsom figures (from 0009): the ingebrekestellingen of late
decisions, the dwangsommen set, and the decision terms suspensions moved (to know which open
aanvragen are past their term). Facts keyed by their own id and inserted once, like the
others; part of ``Base``, so a rebuild empties and refills them. What ends a dwangsom, the
beschikking or the beslissing op bezwaar, is in ``beschikkingen`` and ``bezwaar_besluiten``."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class IngebrekestellingFeit(Base):
    __tablename__ = "ingebrekestellingen"

    ingebrekestelling_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    bezwaar_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    client_id: Mapped[str] = mapped_column(sa.Text)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)


class DwangsomVaststellingFeit(Base):
    __tablename__ = "dwangsom_vaststellingen"

    ingebrekestelling_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    vastgesteld_op: Mapped[date] = mapped_column(sa.Date, index=True)
    dagen: Mapped[int] = mapped_column(sa.Integer)
    bedrag_cents: Mapped[int] = mapped_column(sa.Integer)
    geen_dwangsom_grond: Mapped[str | None] = mapped_column(sa.Text)


class BeslistermijnVerlengingFeit(Base):
    """A decision term moved by a suspension (Awb 4:15): the latest is the one in force."""

    __tablename__ = "beslistermijn_verlengingen"

    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date, primary_key=True)
