"""Tables of the payments: the payment batches (one SEPA credit transfer file per provider)
and the link prestatie → batch that makes each prestatie paid once."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base
from . import iwmo as _iwmo  # noqa: F401  (iwmo_prestaties, the linked table, in the metadata)

_NOW = sa.func.now()


class Betaalbatch(Base):
    """The approved prestaties of one provider paid together; the bank details are those of
    the moment it was made, the pain.001 the file as it was validated."""

    __tablename__ = "betaalbatches"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    nummer: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(start=1), unique=True)
    aanbieder: Mapped[str] = mapped_column(sa.ForeignKey("aanbieders.code"), index=True)
    iban: Mapped[str] = mapped_column(sa.Text)
    bic: Mapped[str | None] = mapped_column(sa.Text)
    rekeninghouder: Mapped[str] = mapped_column(sa.Text)
    totaal_cents: Mapped[int] = mapped_column(sa.BigInteger)
    aantal_prestaties: Mapped[int] = mapped_column(sa.Integer)
    # aangemaakt → verzonden → betaald | geweigerd (domain/betalingen.py)
    status: Mapped[str] = mapped_column(sa.Text, index=True)
    aangemaakt_op: Mapped[date] = mapped_column(sa.Date)
    uitvoeren_op: Mapped[date] = mapped_column(sa.Date)  # ReqdExctnDt
    verzonden_op: Mapped[date | None] = mapped_column(sa.Date)
    betaald_op: Mapped[date | None] = mapped_column(sa.Date)
    geweigerd_op: Mapped[date | None] = mapped_column(sa.Date)
    reden_weigering: Mapped[str | None] = mapped_column(sa.Text)
    msg_id: Mapped[str] = mapped_column(sa.Text)
    pain001: Mapped[str] = mapped_column(sa.Text)
    aangemaakt_door: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class BetaaldePrestatie(Base):
    """A prestatie in a batch. Only one active link per prestatie (the partial unique index):
    two batch runs at the same time cannot pay it twice. A refused batch's links go inactive,
    so its prestaties are paid by a later batch while the refused one keeps its contents."""

    __tablename__ = "betaalbatch_prestaties"
    __table_args__ = (
        sa.Index("uq_betaalbatch_prestaties_actief", "prestatie_id", unique=True,
                 postgresql_where=sa.text("actief")),
    )

    batch_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("betaalbatches.id"),
                                                primary_key=True)
    prestatie_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("iwmo_prestaties.id"),
                                                    primary_key=True)
    actief: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.true(), default=True)
