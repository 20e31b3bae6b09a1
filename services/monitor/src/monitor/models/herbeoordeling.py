"""The read models of herbeoordelingen and of the step to the Wlz (from 0010). Each fact is
keyed by the review or the overgang and inserted once; they are joined when asked. No client
id: the figures count reviews and overgangen, not persons."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from . import Base


class HerbeoordelingSignaalFeit(Base):
    """A review's date entered the signal window (soort: herbeoordeling or einddatum)."""

    __tablename__ = "herbeoordeling_signalen"

    herbeoordeling_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    herbeoordeling_op: Mapped[date] = mapped_column(sa.Date, index=True)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    peildatum: Mapped[date] = mapped_column(sa.Date)


class HerbeoordelingBesluitFeit(Base):
    """The gemeente's decision on a review, and whether on or before its date."""

    __tablename__ = "herbeoordeling_besluiten"

    herbeoordeling_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    besluit: Mapped[str] = mapped_column(sa.Text)
    besloten_op: Mapped[date] = mapped_column(sa.Date)
    herbeoordeling_op: Mapped[date] = mapped_column(sa.Date, index=True)
    tijdig: Mapped[bool] = mapped_column(sa.Boolean)


class HerbeoordelingAfsluitingFeit(Base):
    """A review closed without a decision: verlopen (the einddatum passed, the care was
    ended) or vervallen (the care ended or moved otherwise; ``reden``)."""

    __tablename__ = "herbeoordeling_afsluitingen"

    herbeoordeling_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text)
    reden: Mapped[str | None] = mapped_column(sa.Text)
    afgesloten_op: Mapped[date] = mapped_column(sa.Date)
    herbeoordeling_op: Mapped[date] = mapped_column(sa.Date, index=True)


class WlzSignaalFeit(Base):
    __tablename__ = "wlz_signalen"

    overgang_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    reden: Mapped[str] = mapped_column(sa.Text)
    team: Mapped[str | None] = mapped_column(sa.Text)
    gesignaleerd_op: Mapped[date] = mapped_column(sa.Date, index=True)


class WlzAanvraagFeit(Base):
    """The Wlz-indicatie requested at the CIZ."""

    __tablename__ = "wlz_aanvragen"

    overgang_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    gesignaleerd_op: Mapped[date] = mapped_column(sa.Date)
    aangevraagd_op: Mapped[date] = mapped_column(sa.Date, index=True)


class WlzBesluitFeit(Base):
    """The CIZ's outcome; when granted, whether the Wmo care ended the day before the Wlz."""

    __tablename__ = "wlz_besluiten"

    overgang_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    besluit: Mapped[str] = mapped_column(sa.Text)
    besloten_op: Mapped[date] = mapped_column(sa.Date, index=True)
    aangevraagd_op: Mapped[date] = mapped_column(sa.Date)
    wlz_ingangsdatum: Mapped[date | None] = mapped_column(sa.Date)
    laatste_wmo_dag: Mapped[date | None] = mapped_column(sa.Date)
    beeindigde_toewijzingen: Mapped[int] = mapped_column(sa.Integer)
    aansluitend: Mapped[bool | None] = mapped_column(sa.Boolean)
