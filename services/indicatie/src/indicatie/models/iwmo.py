"""Tables of the iWmo berichtenverkeer: the mailbox (in and out), the verzoeken (VOT/VOW),
the pending toewijzingberichten, and the declaraties with their approved prestaties."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from . import Base

_NOW = sa.func.now()

BERICHT_IDENTIFICATIE = sa.Sequence("iwmo_bericht_identificatie", start=1, metadata=Base.metadata)


class IwmoBericht(Base):
    __tablename__ = "iwmo_berichten"
    __table_args__ = (sa.UniqueConstraint("richting", "afzender", "identificatie",
                                          name="uq_iwmo_berichten_identificatie"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    richting: Mapped[str] = mapped_column(sa.Text)  # "in" (from a provider) or "uit"
    berichttype: Mapped[str] = mapped_column(sa.Text)
    afzender: Mapped[str] = mapped_column(sa.Text)
    ontvanger: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text, index=True)
    identificatie: Mapped[str] = mapped_column(sa.Text)
    dagtekening: Mapped[date] = mapped_column(sa.Date)
    sha256: Mapped[str] = mapped_column(sa.Text)
    xml: Mapped[str] = mapped_column(sa.Text)
    client_id: Mapped[str | None] = mapped_column(sa.Text)
    # uit: nieuw → opgehaald → retour-ontvangen | retour-afgekeurd (the provider's WMO302/320);
    # in: goedgekeurd, deels-afgekeurd, afgekeurd; a provider's retour: verwerkt
    status: Mapped[str] = mapped_column(sa.Text)
    # in: our retourcodes; uit: the provider's retourcodes on the message (from its retour)
    retour: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    verzoek_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    opgehaald_op: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The retourbericht that answers this message (ours on an incoming one, the provider's
    # on an outgoing one), and on a retourbericht the message it answers.
    retour_bericht_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("iwmo_berichten.id", name="fk_iwmo_berichten_retour_bericht"))
    origineel_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("iwmo_berichten.id", name="fk_iwmo_berichten_origineel"),
        index=True)
    # A declaratie (WMO323): asked and approved per prestatie (retour.Toekenning as JSON).
    toekenning: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class IwmoVerzoek(Base):
    __tablename__ = "iwmo_verzoeken"
    __table_args__ = (sa.UniqueConstraint("aanbieder", "referentie_aanbieder",
                                          name="uq_iwmo_verzoeken_referentie"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text)  # vot, vow
    bericht_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("iwmo_berichten.id"))
    aanbieder: Mapped[str] = mapped_column(sa.Text, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    referentie_aanbieder: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str | None] = mapped_column(sa.String(2))
    product_code: Mapped[str | None] = mapped_column(sa.Text)
    ingangsdatum: Mapped[date | None] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    volume: Mapped[int | None] = mapped_column(sa.Integer)
    eenheid: Mapped[str | None] = mapped_column(sa.String(2))
    frequentie: Mapped[str | None] = mapped_column(sa.String(1))
    inhoud: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    ontvangen_op: Mapped[date] = mapped_column(sa.Date)
    antwoord_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    # ontvangen → in-onderzoek → afgewezen | toegewezen
    status: Mapped[str] = mapped_column(sa.Text)
    in_onderzoek_op: Mapped[date | None] = mapped_column(sa.Date)
    definitief_uiterlijk: Mapped[date | None] = mapped_column(sa.Date)
    beantwoord_op: Mapped[date | None] = mapped_column(sa.Date)
    reden_afwijzing: Mapped[str | None] = mapped_column(sa.Text)
    toewijzing_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class IwmoOpdracht(Base):
    """A toewijzingbericht (WMO301) to draw up for one client and provider: the snapshot is
    taken when it is composed, with the BSN fetched from toegang."""

    __tablename__ = "iwmo_opdrachten"
    __table_args__ = (sa.Index("uq_iwmo_opdrachten_open", "client_id", "aanbieder", unique=True,
                               postgresql_where=sa.text("status = 'open'")),
                      sa.Index("ix_iwmo_opdrachten_wachtend", "created_at",
                               postgresql_where=sa.text("status = 'open' AND pogingen > 0")))

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.Text, server_default="open")  # open, klaar
    pogingen: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    volgende_poging: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True),
                                                      server_default=_NOW)
    # Why the last attempt failed (domain/iwmo/wachtrij.py WachtReden) and its detail.
    reden: Mapped[str | None] = mapped_column(sa.Text)
    fout: Mapped[str | None] = mapped_column(sa.Text)
    laatste_poging: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    bericht_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class IwmoDeclaratie(Base):
    __tablename__ = "iwmo_declaraties"
    __table_args__ = (sa.UniqueConstraint("aanbieder", "declaratienummer",
                                          name="uq_iwmo_declaraties_nummer"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    bericht_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("iwmo_berichten.id"))
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    declaratienummer: Mapped[str] = mapped_column(sa.Text)
    periode_begin: Mapped[date] = mapped_column(sa.Date)
    periode_eind: Mapped[date] = mapped_column(sa.Date)
    ingediend_cents: Mapped[int] = mapped_column(sa.BigInteger)
    toegekend_cents: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


class IwmoPrestatie(Base):
    """An approved prestatie: the realised spend on a toewijzing."""

    __tablename__ = "iwmo_prestaties"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    declaratie_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("iwmo_declaraties.id"),
                                                     index=True)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    referentie: Mapped[str] = mapped_column(sa.Text)
    debet_credit: Mapped[str] = mapped_column(sa.String(1))
    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("toewijzingen.id"),
                                                     index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    product_code: Mapped[str] = mapped_column(sa.Text)
    begindatum: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date] = mapped_column(sa.Date)
    volume: Mapped[int] = mapped_column(sa.Integer)
    eenheid: Mapped[str] = mapped_column(sa.String(2))
    bedrag_cents: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=_NOW)

    __table_args__ = (sa.Index("ix_iwmo_prestaties_referentie", "aanbieder", "referentie"),)
