"""The herbeoordeling worklist and the Wlz overgangen (migration 0014)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

_NOW = sa.func.now()


class Herbeoordeling(Base):
    """One review of a granted product in kind, on the worklist from the day its herbeoordeling
    date or einddatum enters the signal window. The dates and the toewijzing are those of the
    product's running toewijzing, refreshed by every scan while the review is open."""

    __tablename__ = "herbeoordelingen"
    __table_args__ = (
        sa.Index("ix_herbeoordelingen_open", "uiterlijk",
                 postgresql_where=sa.text("status = 'open'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikt_product_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("beschikte_producten.id"), unique=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    wijk: Mapped[str | None] = mapped_column(sa.Text, index=True)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    herbeoordeling_op: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    uiterlijk: Mapped[date] = mapped_column(sa.Date, index=True)
    gesignaleerd_op: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.Text, server_default="open", default="open")
    besluit: Mapped[str | None] = mapped_column(sa.Text)
    besloten_op: Mapped[date | None] = mapped_column(sa.Date)
    besloten_door: Mapped[str | None] = mapped_column(sa.Text)
    motivering: Mapped[str | None] = mapped_column(sa.Text)
    herindicatie_aanvraag_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    afgesloten_op: Mapped[date | None] = mapped_column(sa.Date)  # verlopen or vervallen
    reden_afsluiting: Mapped[str | None] = mapped_column(sa.Text)  # why it vervallen
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class WlzOvergang(Base):
    """A client's step from the Wmo to the Wlz: the signal, the CIZ aanvraag and its outcome;
    one running overgang per client."""

    __tablename__ = "wlz_overgangen"
    __table_args__ = (
        sa.Index("uq_wlz_overgangen_lopend", "client_id", unique=True,
                 postgresql_where=sa.text("status IN ('gesignaleerd', 'aangevraagd')")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    team: Mapped[str | None] = mapped_column(sa.Text, index=True)
    reden: Mapped[str] = mapped_column(sa.Text)
    toelichting: Mapped[str] = mapped_column(sa.Text)
    gesignaleerd_op: Mapped[date] = mapped_column(sa.Date)
    gesignaleerd_door: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.Text)
    aangevraagd_op: Mapped[date | None] = mapped_column(sa.Date)
    besluit: Mapped[str | None] = mapped_column(sa.Text)
    besloten_op: Mapped[date | None] = mapped_column(sa.Date)
    wlz_ingangsdatum: Mapped[date | None] = mapped_column(sa.Date)
    laatste_wmo_dag: Mapped[date | None] = mapped_column(sa.Date)
    # per Wmo toewijzing the step changed: toewijzingId, einddatum, redenWijziging
    beeindigd: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]",
                                                            default=list)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
