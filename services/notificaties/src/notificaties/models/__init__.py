"""The tables of notificaties (SQLAlchemy), with the kernel's outbox, inbox and audit tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wmokernel.tables import kernel_tables


class Base(DeclarativeBase):
    pass


KERNEL = kernel_tables(Base.metadata)


def _now() -> Mapped[datetime]:
    return mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Kanaal(Base):
    __tablename__ = "kanalen"

    naam: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    topic: Mapped[str] = mapped_column(sa.Text)
    omschrijving: Mapped[str] = mapped_column(sa.Text)
    hoofd_object: Mapped[str] = mapped_column(sa.Text)
    resource: Mapped[str] = mapped_column(sa.Text)
    filters: Mapped[list[str]] = mapped_column(ARRAY(sa.Text))


class Abonnement(Base):
    """A subscription; ``reikwijdte_gemeente`` (null: all) confines what it ever receives."""

    __tablename__ = "abonnementen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    callback_url: Mapped[str] = mapped_column(sa.Text)
    auth: Mapped[str] = mapped_column(sa.Text)
    secret: Mapped[str] = mapped_column(sa.Text)
    kanalen: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    eigenaar: Mapped[str] = mapped_column(sa.Text)
    eigenaar_gemeente: Mapped[str | None] = mapped_column(sa.String(4))
    reikwijdte_gemeente: Mapped[str | None] = mapped_column(sa.String(4))
    aangemaakt_op: Mapped[datetime] = _now()
    gewijzigd_op: Mapped[datetime] = _now()


class Aflevering(Base):
    """One notification to one subscription; ``volgnummer`` keeps the order per resource."""

    __tablename__ = "afleveringen"
    __table_args__ = (
        sa.UniqueConstraint("abonnement_id", "notificatie_id"),
        sa.Index("ix_afleveringen_wachtend", "abonnement_id", "hoofd_object", "volgnummer",
                 postgresql_where=sa.text("status = 'wachtend'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    volgnummer: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), unique=True)
    abonnement_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("abonnementen.id", ondelete="CASCADE"), index=True)
    notificatie_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    kanaal: Mapped[str] = mapped_column(sa.Text)
    hoofd_object: Mapped[str] = mapped_column(sa.Text)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.Text, default="wachtend")
    pogingen: Mapped[int] = mapped_column(sa.Integer, default=0)
    laatste_statuscode: Mapped[int | None] = mapped_column(sa.Integer)
    laatste_fout: Mapped[str | None] = mapped_column(sa.Text)
    volgende_poging: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    termijn_start: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    laatste_poging_op: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    afgeleverd_op: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    aangemaakt_op: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
