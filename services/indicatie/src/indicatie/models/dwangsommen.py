"""The ingebrekestellingen of late decisions and the dwangsom each runs (Awb 4:17-4:18)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class Ingebrekestelling(Base):
    """A notice of default about the decision on an aanvraag (``bezwaar_id`` empty) or on a
    bezwaar: one each, as a dwangsom is owed once per decision. The dwangsom's days and
    amount follow from the dates (``domain/dwangsom.py``); ``beslist_op`` is the day the
    decision ended it, the vastgesteld columns the beschikking that set it (Awb 4:18)."""

    __tablename__ = "ingebrekestellingen"
    __table_args__ = (
        sa.Index("uq_ingebrekestellingen_aanvraag", "aanvraag_id", unique=True,
                 postgresql_where=sa.text("bezwaar_id IS NULL")),
        sa.Index("uq_ingebrekestellingen_bezwaar", "bezwaar_id", unique=True,
                 postgresql_where=sa.text("bezwaar_id IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("aanvragen.id"), index=True)
    bezwaar_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("bezwaren.id"))
    client_id: Mapped[str] = mapped_column(sa.Text)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)  # the term that had passed
    eerste_dag: Mapped[date] = mapped_column(sa.Date)
    beslist_op: Mapped[date | None] = mapped_column(sa.Date)
    vastgesteld_op: Mapped[date | None] = mapped_column(sa.Date)
    dagen: Mapped[int | None] = mapped_column(sa.Integer)
    bedrag_cents: Mapped[int | None] = mapped_column(sa.Integer)
    geen_dwangsom_grond: Mapped[str | None] = mapped_column(sa.Text)
    geregistreerd_door: Mapped[str] = mapped_column(sa.Text)
    vastgesteld_door: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True),
                                                 server_default=sa.func.now())

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
