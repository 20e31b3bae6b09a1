"""The tables of opvang (SQLAlchemy), with the kernel's outbox, inbox and audit tables."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wmokernel.tables import kernel_tables


class Base(DeclarativeBase):
    pass


KERNEL = kernel_tables(Base.metadata)


def _now() -> Mapped[datetime]:
    return mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Gemeente(Base):
    __tablename__ = "gemeenten"

    cbs_code: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    naam: Mapped[str] = mapped_column(sa.Text)
    centrumgemeente: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Locatie(Base):
    """A location with places of one form; ``bezet`` never exceeds ``capaciteit`` (a CHECK)."""

    __tablename__ = "locaties"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    naam: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text, index=True)
    gemeente: Mapped[str] = mapped_column(sa.String(4))
    vorm: Mapped[str] = mapped_column(sa.Text)
    bovenregionaal: Mapped[bool] = mapped_column(sa.Boolean)
    geheim_adres: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    min_leeftijd: Mapped[int | None] = mapped_column(sa.Integer)
    max_leeftijd: Mapped[int | None] = mapped_column(sa.Integer)
    geslacht: Mapped[str | None] = mapped_column(sa.Text)
    specialismen: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), default=list)
    capaciteit: Mapped[int] = mapped_column(sa.Integer)
    bezet: Mapped[int] = mapped_column(sa.Integer, default=0)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    # Set for a reference location (domain/referentielocaties.py): its stable key, whether its
    # place in the register is illustrative (distributed from the seeds' totals), its source.
    referentie: Mapped[str | None] = mapped_column(sa.Text, unique=True)
    illustratief: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    bron: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = _now()


class CapaciteitWijziging(Base):
    __tablename__ = "capaciteit_wijzigingen"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    locatie_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("locaties.id"), index=True)
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    capaciteit: Mapped[int] = mapped_column(sa.Integer)
    reden: Mapped[str] = mapped_column(sa.Text)
    door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = _now()


class Aanmelding(Base):
    __tablename__ = "aanmeldingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    gemeente: Mapped[str | None] = mapped_column(sa.String(4), index=True)
    buiten_regio: Mapped[bool] = mapped_column(sa.Boolean)
    kanaal: Mapped[str] = mapped_column(sa.Text)
    team: Mapped[str | None] = mapped_column(sa.Text)
    melding_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    bron_id: Mapped[str | None] = mapped_column(sa.Text, unique=True)
    vorm: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.Text, index=True)
    urgent: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    crisis: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    verwezen_op: Mapped[date] = mapped_column(sa.Date)
    leeftijd: Mapped[int | None] = mapped_column(sa.Integer)
    geslacht: Mapped[str | None] = mapped_column(sa.Text)
    specialismen: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), default=list)
    beschermd: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    doelgroep: Mapped[str] = mapped_column(sa.Text, default="wmo")
    financiering: Mapped[str] = mapped_column(sa.Text)
    indicatie_bw_op: Mapped[date | None] = mapped_column(sa.Date)
    indicatie_bw_door: Mapped[str | None] = mapped_column(sa.Text)
    bovenregionaal_toegestaan: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    intake_mo_op: Mapped[date | None] = mapped_column(sa.Date)
    beste_kans_gemeente: Mapped[str | None] = mapped_column(sa.String(4))
    beoordeling_toelichting: Mapped[str | None] = mapped_column(sa.Text)
    overgedragen_aan: Mapped[str | None] = mapped_column(sa.String(4))
    overgedragen_op: Mapped[date | None] = mapped_column(sa.Date)
    wachtlijst_tot: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = _now()


class Plaatsing(Base):
    __tablename__ = "plaatsingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanmelding_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("aanmeldingen.id"),
                                                     index=True)
    locatie_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("locaties.id"), index=True)
    status: Mapped[str] = mapped_column(sa.Text)
    gereserveerd_op: Mapped[date] = mapped_column(sa.Date)
    opgenomen_op: Mapped[date | None] = mapped_column(sa.Date)
    uitgestroomd_op: Mapped[date | None] = mapped_column(sa.Date)
    bestemming: Mapped[str | None] = mapped_column(sa.Text)
    uitstroom_geblokkeerd_reden: Mapped[str | None] = mapped_column(sa.Text)
    uitstroom_geblokkeerd_sinds: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = _now()


class WoningAanbod(Base):
    __tablename__ = "woningaanbiedingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    plaatsing_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("plaatsingen.id"), index=True)
    soort: Mapped[str] = mapped_column(sa.Text)
    gemeente: Mapped[str | None] = mapped_column(sa.String(4))
    aangeboden_op: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = _now()
