"""Tables of toegang (SQLAlchemy); the kernel's tables (outbox, audit log, ...) share
the metadata."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wmokernel.tables import kernel_tables


class Base(DeclarativeBase):
    pass


KERNEL = kernel_tables(Base.metadata)

_NOW = sa.func.now()


class Wijk(Base):
    """Reference data: Utrecht's buurtteam areas (loaded by migration 0002)."""

    __tablename__ = "wijken"

    code: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    naam: Mapped[str] = mapped_column(sa.Text)
    fte_min: Mapped[int] = mapped_column(sa.Integer)
    fte_max: Mapped[int] = mapped_column(sa.Integer)


class Postcodegebied(Base):
    """Reference data: 4-digit postcode area → wijk and buurt (a subset, see
    domain/reference.py)."""

    __tablename__ = "postcodegebieden"

    postcode4: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    wijk: Mapped[str] = mapped_column(sa.ForeignKey("wijken.code"))
    buurt: Mapped[str] = mapped_column(sa.Text)
    gemeente: Mapped[str] = mapped_column(sa.String(4))


class Client(Base):
    """The client registry: the only table in the platform with a BSN, name and address."""

    __tablename__ = "clients"

    id: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # pseudonymous client id
    bsn: Mapped[str] = mapped_column(sa.String(9), unique=True)
    naam: Mapped[str | None] = mapped_column(sa.Text)
    straat: Mapped[str | None] = mapped_column(sa.Text)
    huisnummer: Mapped[int | None] = mapped_column(sa.Integer)
    huisnummertoevoeging: Mapped[str | None] = mapped_column(sa.Text)
    postcode: Mapped[str | None] = mapped_column(sa.String(6))
    woonplaats: Mapped[str | None] = mapped_column(sa.Text)
    gemeente: Mapped[str] = mapped_column(sa.String(4), server_default="0344")
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    buurt: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)
    updated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class Melding(Base):
    """A melding and the casus that grows from it (first contact, onderzoek, outcome)."""

    __tablename__ = "meldingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    kanaal: Mapped[str] = mapped_column(sa.Text)
    omschrijving: Mapped[str] = mapped_column(sa.Text)
    gemeld_op: Mapped[date] = mapped_column(sa.Date)
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    buurt: Mapped[str | None] = mapped_column(sa.Text)
    team: Mapped[str | None] = mapped_column(sa.Text)
    signaal_bron: Mapped[str | None] = mapped_column(sa.Text)
    terugkerend: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    eerste_contact_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    onderzoek_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    persoonlijk_plan_uiterlijk: Mapped[date | None] = mapped_column(sa.Date)
    eerste_contact_op: Mapped[date | None] = mapped_column(sa.Date)
    eerste_contact_vorm: Mapped[str | None] = mapped_column(sa.Text)
    ontvangstgesprek_op: Mapped[date | None] = mapped_column(sa.Date)
    triage: Mapped[str | None] = mapped_column(sa.Text)
    persoonlijk_plan_ontvangen_op: Mapped[date | None] = mapped_column(sa.Date)
    onderzoek_afgerond_op: Mapped[date | None] = mapped_column(sa.Date)
    uitkomst: Mapped[str | None] = mapped_column(sa.Text)
    afgesloten_op: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.Text, default="ontvangen")
    idempotency_key: Mapped[str | None] = mapped_column(sa.Text, unique=True)
    geregistreerd_door: Mapped[str] = mapped_column(sa.Text)
    # CBS code of the resident's municipality where it is not Utrecht (NULL: Utrecht)
    gemeente: Mapped[str | None] = mapped_column(sa.String(4))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __table_args__ = (
        sa.Index("ix_meldingen_gemeente", "gemeente",
                 postgresql_where=sa.text("gemeente IS NOT NULL")),
    )


class DossierMedewerker(Base):
    """Need-to-know: which worker is assigned to a casus, from when, until when, and why."""

    __tablename__ = "dossier_medewerkers"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    melding_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("meldingen.id"))
    medewerker: Mapped[str] = mapped_column(sa.Text)
    team: Mapped[str | None] = mapped_column(sa.Text)
    reden: Mapped[str] = mapped_column(sa.Text)
    op_verzoek_inwoner: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    toegewezen_door: Mapped[str] = mapped_column(sa.Text)
    van: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)
    tot: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.Index("ux_dossier_medewerker_actief", "melding_id", "medewerker", unique=True,
                 postgresql_where=sa.text("tot IS NULL")),
        sa.Index("ix_dossier_medewerker_wie", "medewerker", "melding_id"),
    )


class Onderzoek(Base):
    __tablename__ = "onderzoeken"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("meldingen.id"),
                                                  primary_key=True)
    gestart_op: Mapped[date] = mapped_column(sa.Date)
    clientondersteuning_aangeboden_op: Mapped[date] = mapped_column(sa.Date)
    clientondersteuning_gewenst: Mapped[bool] = mapped_column(sa.Boolean)
    clientondersteuner: Mapped[str | None] = mapped_column(sa.Text)
    bevindingen: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    zrm: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    perspectief: Mapped[str | None] = mapped_column(sa.Text)
    ondersteuningsvorm: Mapped[str | None] = mapped_column(sa.Text)
    reden_individueel: Mapped[str | None] = mapped_column(sa.Text)
    verslag: Mapped[str | None] = mapped_column(sa.Text)
    afgerond_op: Mapped[date | None] = mapped_column(sa.Date)
    gestart_door: Mapped[str] = mapped_column(sa.Text)


class TermijnWijziging(Base):
    """An extension or suspension of the onderzoek's deadline, with its reason."""

    __tablename__ = "termijnwijzigingen"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    melding_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("meldingen.id"), index=True)
    soort: Mapped[str] = mapped_column(sa.Text)  # verlenging | opschorting
    van: Mapped[date | None] = mapped_column(sa.Date)
    tot_en_met: Mapped[date | None] = mapped_column(sa.Date)
    oude_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    nieuwe_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    reden: Mapped[str] = mapped_column(sa.Text)
    door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class Verwijzing(Base):
    __tablename__ = "verwijzingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    melding_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("meldingen.id"), index=True)
    naar: Mapped[str] = mapped_column(sa.Text)
    toelichting: Mapped[str] = mapped_column(sa.Text)
    verwezen_op: Mapped[date] = mapped_column(sa.Date)
    verwezen_door: Mapped[str] = mapped_column(sa.Text)
    opvangvorm: Mapped[str | None] = mapped_column(sa.Text)
    urgent: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __table_args__ = (sa.UniqueConstraint("melding_id", "naar"),)


class Toestemming(Base):
    """Consent registry: the resident's explicit consent per recipient and purpose."""

    __tablename__ = "toestemmingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    ontvanger: Mapped[str] = mapped_column(sa.Text)
    doel: Mapped[str] = mapped_column(sa.Text)
    gegeven_op: Mapped[date] = mapped_column(sa.Date)
    ingetrokken_op: Mapped[date | None] = mapped_column(sa.Date)
    vastgelegd_door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class InformatieContact(Base):
    """An anonymous information or advice contact: no BSN, no dossier."""

    __tablename__ = "informatie_contacten"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    kanaal: Mapped[str] = mapped_column(sa.Text)
    onderwerp: Mapped[str] = mapped_column(sa.Text)
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    contact_op: Mapped[date] = mapped_column(sa.Date)
    geregistreerd_door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class TermijnSignaal(Base):
    """Each deadline signal is published once per (melding, kind, signal, deadline)."""

    __tablename__ = "termijnsignalen"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("meldingen.id"),
                                                  primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    signaal: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    uiterlijk: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    peildatum: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)
