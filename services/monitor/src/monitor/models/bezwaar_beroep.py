"""The read models behind the bezwaar and beroep compliance figures (from 0008): a bezwaar's
decision term as first set and who filed it, each postponement of that term, the beroepen and
their uitspraken, and which beschikking replaced which (to see a new decision follow a gegrond
beroep). Facts keyed by their own id and inserted once, like the others; part of ``Base``, so
a rebuild empties and refills them. The bezwaar itself and its decision stay in ``bezwaren``
and ``bezwaar_besluiten``."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class BezwaarTermijnFeit(Base):
    __tablename__ = "bezwaar_termijnen"

    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    ingediend_op: Mapped[date] = mapped_column(sa.Date, index=True)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    ingediend_door: Mapped[str] = mapped_column(sa.Text)


class BezwaarVerdagingFeit(Base):
    __tablename__ = "bezwaar_verdagingen"

    verdaging_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    soort: Mapped[str] = mapped_column(sa.Text)
    verzonden_op: Mapped[date] = mapped_column(sa.Date, index=True)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)


class BeroepFeit(Base):
    __tablename__ = "beroepen"

    beroep_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    rechtbank: Mapped[str] = mapped_column(sa.Text)
    ingesteld_op: Mapped[date] = mapped_column(sa.Date, index=True)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)


class BeroepUitspraakFeit(Base):
    __tablename__ = "beroep_uitspraken"

    beroep_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    uitspraak: Mapped[str] = mapped_column(sa.Text)
    uitspraak_op: Mapped[date] = mapped_column(sa.Date, index=True)
    te_vervangen_beschikking_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)


class BeschikkingVervangingFeit(Base):
    __tablename__ = "beschikking_vervangingen"

    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    vervangt_beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    afgegeven_op: Mapped[date] = mapped_column(sa.Date)
