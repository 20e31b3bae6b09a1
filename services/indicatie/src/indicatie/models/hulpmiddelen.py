"""Tables of the gemeente's depot of aids: the physical items and their verstrekkingen to
residents, so a returned aid can be issued again (herverstrekking)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

_NOW = sa.func.now()


class Hulpmiddel(Base):
    """One physical aid (a rolstoel, a scootmobiel, ...) the gemeente owns: in the depot,
    with a resident (verstrekt) or written off (afgeschreven)."""

    __tablename__ = "hulpmiddelen"
    __table_args__ = (sa.UniqueConstraint("product_code", "serienummer",
                                          name="uq_hulpmiddelen_serienummer"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    depotnummer: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(start=1), unique=True)
    product_code: Mapped[str] = mapped_column(sa.Text, index=True)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    serienummer: Mapped[str | None] = mapped_column(sa.Text)  # the supplier's
    herkomst: Mapped[str] = mapped_column(sa.Text)  # "nieuw" or "retour"
    status: Mapped[str] = mapped_column(sa.Text, index=True)
    leverancier: Mapped[str | None] = mapped_column(sa.ForeignKey("aanbieders.code"))
    aangeschaft_op: Mapped[date | None] = mapped_column(sa.Date)
    geregistreerd_op: Mapped[date] = mapped_column(sa.Date)
    afgeschreven_op: Mapped[date | None] = mapped_column(sa.Date)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class HulpmiddelVerstrekking(Base):
    """An aid with one resident on a granted product, from ``verstrekt_op`` until it is
    taken back (``ingenomen_op``), fit to be issued again or not (``herbruikbaar``)."""

    __tablename__ = "hulpmiddel_verstrekkingen"
    __table_args__ = (
        sa.Index("uq_hulpmiddel_verstrekkingen_lopend", "hulpmiddel_id", unique=True,
                 postgresql_where=sa.text("ingenomen_op IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    hulpmiddel_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("hulpmiddelen.id"),
                                                     index=True)
    beschikt_product_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("beschikte_producten.id"), index=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    verstrekt_op: Mapped[date] = mapped_column(sa.Date)
    herverstrekking: Mapped[bool] = mapped_column(sa.Boolean)
    ingenomen_op: Mapped[date | None] = mapped_column(sa.Date)
    herbruikbaar: Mapped[bool | None] = mapped_column(sa.Boolean)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)
