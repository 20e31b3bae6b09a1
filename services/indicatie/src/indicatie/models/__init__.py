from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from wmokernel.tables import kernel_tables


class Base(DeclarativeBase):
    pass


KERNEL = kernel_tables(Base.metadata)

_NOW = sa.func.now()


def _created() -> Mapped[datetime]:
    return mapped_column(sa.DateTime(timezone=True), server_default=_NOW)


# --- the product catalogue: reference data, versioned by date --------------------------------


class _Geldig:
    """A catalogue row, valid from ``geldig_van`` up to and including ``geldig_tot`` (None:
    open-ended)."""

    id: Mapped[int] = mapped_column(sa.Integer, sa.Identity(), primary_key=True)
    geldig_van: Mapped[date] = mapped_column(sa.Date)
    geldig_tot: Mapped[date | None] = mapped_column(sa.Date)


class Product(_Geldig, Base):
    __tablename__ = "producten"
    __table_args__ = (sa.UniqueConstraint("code", "geldig_van"),)

    code: Mapped[str] = mapped_column(sa.Text, index=True)
    naam: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    eenheid: Mapped[str] = mapped_column(sa.String(2))
    frequentie: Mapped[str] = mapped_column(sa.String(1))
    soort: Mapped[str] = mapped_column(sa.Text)
    standaard_volume: Mapped[int | None] = mapped_column(sa.Integer)
    max_volume: Mapped[int | None] = mapped_column(sa.Integer)
    min_duur_maanden: Mapped[int | None] = mapped_column(sa.Integer)
    max_duur_maanden: Mapped[int | None] = mapped_column(sa.Integer)
    intensiteit_wijzigbaar: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    verantwoordelijke_per_wijk: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Aanbieder(Base):
    __tablename__ = "aanbieders"

    code: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # AGB code
    naam: Mapped[str] = mapped_column(sa.Text)
    # Where its declaraties are paid (domain/betalingen.py checks them before a batch).
    iban: Mapped[str | None] = mapped_column(sa.Text)
    bic: Mapped[str | None] = mapped_column(sa.Text)
    rekeninghouder: Mapped[str | None] = mapped_column(sa.Text)


class ProductTarief(_Geldig, Base):
    __tablename__ = "product_tarieven"
    __table_args__ = (sa.UniqueConstraint("product_code", "geldig_van"),)

    product_code: Mapped[str] = mapped_column(sa.Text)
    bedrag_cents: Mapped[int] = mapped_column(sa.Integer)


class ProductContract(_Geldig, Base):
    __tablename__ = "product_contracten"
    __table_args__ = (sa.UniqueConstraint("product_code", "aanbieder", "geldig_van"),)

    product_code: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.ForeignKey("aanbieders.code"))


class WijkVerantwoordelijke(_Geldig, Base):
    __tablename__ = "wijk_verantwoordelijken"
    __table_args__ = (sa.UniqueConstraint("wijk", "product_code", "geldig_van"),)

    wijk: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.ForeignKey("aanbieders.code"))


class AbonnementstariefRij(Base):
    __tablename__ = "abonnementstarieven"

    id: Mapped[int] = mapped_column(sa.Integer, sa.Identity(), primary_key=True)
    bedrag_cents: Mapped[int] = mapped_column(sa.Integer)
    geldig_van: Mapped[date] = mapped_column(sa.Date, unique=True)
    geldig_tot: Mapped[date | None] = mapped_column(sa.Date)


# --- dossiers ---------------------------------------------------------------------------------


class ToegangMelding(Base):
    """What indicatie knows of a melding from toegang's events: that the client exists, the
    wijk, and whether the onderzoek ended with its verslag. A read model; toegang owns it."""

    __tablename__ = "toegang_meldingen"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    gemeld_op: Mapped[date | None] = mapped_column(sa.Date)
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    onderzoek_afgerond_op: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = _created()



class Aanvraag(Base):
    __tablename__ = "aanvragen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    melding_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    verwijzing_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, unique=True)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.Text, default="ontvangen")
    grond: Mapped[str] = mapped_column(sa.Text, server_default="verwijzing")
    gemeld_op: Mapped[date | None] = mapped_column(sa.Date)
    verwezen_op: Mapped[date | None] = mapped_column(sa.Date)
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    opgeschorte_dagen: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    spoed: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    tijdelijke_voorziening_code: Mapped[str | None] = mapped_column(sa.Text)
    tijdelijke_voorziening_van: Mapped[date | None] = mapped_column(sa.Date)
    beslisronde: Mapped[int] = mapped_column(sa.Integer, server_default="1")
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = _created()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Opschorting(Base):
    __tablename__ = "opschortingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("aanvragen.id"), index=True)
    van: Mapped[date] = mapped_column(sa.Date)
    tot_en_met: Mapped[date] = mapped_column(sa.Date)
    reden: Mapped[str] = mapped_column(sa.Text)
    door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = _created()


class Beschikking(Base):
    __tablename__ = "beschikkingen"
    __table_args__ = (sa.UniqueConstraint("aanvraag_id", "ronde",
                                          name="uq_beschikkingen_aanvraag_ronde"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("aanvragen.id"), index=True)
    ronde: Mapped[int] = mapped_column(sa.Integer, server_default="1")
    status: Mapped[str] = mapped_column(sa.Text, server_default="afgegeven")
    besluit: Mapped[str] = mapped_column(sa.Text)
    motivering: Mapped[str] = mapped_column(sa.Text)
    afgegeven_op: Mapped[date | None] = mapped_column(sa.Date)
    bezwaar_uiterlijk: Mapped[date | None] = mapped_column(sa.Date)
    afgegeven_door: Mapped[str] = mapped_column(sa.Text)  # who drew it up
    afwijking_reden: Mapped[str | None] = mapped_column(sa.Text)
    afwijkingen: Mapped[str | None] = mapped_column(sa.Text)
    goedgekeurd_door: Mapped[str | None] = mapped_column(sa.Text)
    beoordeeld_op: Mapped[date | None] = mapped_column(sa.Date)
    eigen_bijdrage_cents: Mapped[int] = mapped_column(sa.Integer, server_default="0")
    vervangt_beschikking_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = _created()


class BeschiktProduct(Base):
    __tablename__ = "beschikte_producten"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("beschikkingen.id"),
                                                      index=True)
    product_code: Mapped[str] = mapped_column(sa.Text)
    product_naam: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    leveringsvorm: Mapped[str] = mapped_column(sa.Text)
    volume: Mapped[int] = mapped_column(sa.Integer)
    eenheid: Mapped[str] = mapped_column(sa.String(2))
    frequentie: Mapped[str] = mapped_column(sa.String(1))
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    aanbieder: Mapped[str | None] = mapped_column(sa.Text)
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    tarief_cents: Mapped[int] = mapped_column(sa.Integer)
    eigen_bijdrage_cents: Mapped[int] = mapped_column(sa.Integer)
    pgb_motivering: Mapped[str | None] = mapped_column(sa.Text)
    pgb_budget_beheerbaar: Mapped[bool | None] = mapped_column(sa.Boolean)
    pgb_kwaliteit_gewaarborgd: Mapped[bool | None] = mapped_column(sa.Boolean)


class Toewijzing(Base):
    __tablename__ = "toewijzingen"
    __table_args__ = (
        sa.Index("uq_toewijzingen_lopend", "beschikt_product_id", unique=True,
                 postgresql_where=sa.text("status <> 'gestopt' AND opvolger_id IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikt_product_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("beschikte_producten.id"), index=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text, index=True)
    aanbieder: Mapped[str] = mapped_column(sa.Text, index=True)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    volume: Mapped[int] = mapped_column(sa.Integer)
    eenheid: Mapped[str] = mapped_column(sa.String(2))
    frequentie: Mapped[str] = mapped_column(sa.String(1))
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    herbeoordeling_op: Mapped[date | None] = mapped_column(sa.Date)
    toegewezen_op: Mapped[date] = mapped_column(sa.Date)
    verwezen_op: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.Text)
    startdatum: Mapped[date | None] = mapped_column(sa.Date)
    stopdatum: Mapped[date | None] = mapped_column(sa.Date)
    reden_beeindiging: Mapped[str | None] = mapped_column(sa.String(2))
    # iWmo ToewijzingNummer (LDT_Nummer): unique within the gemeente's Wmo domain.
    nummer: Mapped[int] = mapped_column(sa.Integer, sa.Identity(start=100001), unique=True)
    # iWmo: what may change within one toewijzing is its Einddatum (with a RedenWijziging,
    # WMO002); another omvang ends it and a new toewijzing (new nummer) follows it.
    reden_wijziging: Mapped[str | None] = mapped_column(sa.String(2))
    vorige_toewijzing_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    opvolger_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    referentie_aanbieder: Mapped[str | None] = mapped_column(sa.Text)  # of the VOT/VOW
    budget_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    # changed since the last WMO301: the next snapshot carries it even when it has ended
    te_melden: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false(),
                                            default=False)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = _created()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Leveringsperiode(Base):
    """One delivery period of a toewijzing: its start (WMO305) and stop (WMO307). A temporary
    stop (reden 20) may be followed by a restart (a new period) or by a definitive stop of the
    same period; ``eerdere_stops`` keeps the stops so replaced, so withdrawing the last one
    (StatusAanlevering 3) restores the one before."""

    __tablename__ = "leveringsperioden"
    __table_args__ = (
        sa.Index("uq_leveringsperioden_begin", "toewijzing_id", "begindatum", unique=True,
                 postgresql_where=sa.text("NOT verwijderd")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("toewijzingen.id"),
                                                     index=True)
    begindatum: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    reden_beeindiging: Mapped[str | None] = mapped_column(sa.String(2))
    eerdere_stops: Mapped[list[dict[str, str]]] = mapped_column(JSONB, server_default="[]",
                                                                default=list)
    verwijderd: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false(),
                                             default=False)
    created_at: Mapped[datetime] = _created()


class IntensiteitWijziging(Base):
    __tablename__ = "intensiteit_wijzigingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("toewijzingen.id"),
                                                     index=True)
    oud_volume: Mapped[int] = mapped_column(sa.Integer)
    nieuw_volume: Mapped[int] = mapped_column(sa.Integer)
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    reden: Mapped[str] = mapped_column(sa.Text)
    door: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = _created()


class Bezwaar(Base):
    __tablename__ = "bezwaren"
    __table_args__ = (
        sa.Index("uq_bezwaren_lopend", "beschikking_id", unique=True,
                 postgresql_where=sa.text("status = 'ingediend'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("beschikkingen.id"),
                                                      index=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    ingediend_op: Mapped[date] = mapped_column(sa.Date)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)
    adviescommissie: Mapped[bool] = mapped_column(sa.Boolean)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.Text)
    uitkomst: Mapped[str | None] = mapped_column(sa.Text)
    besloten_op: Mapped[date | None] = mapped_column(sa.Date)
    motivering: Mapped[str | None] = mapped_column(sa.Text)
    # from 0012: who filed it, the term before any verdaging (beslissen_uiterlijk is the term
    # in force), the hearing or the Awb 7:3 ground for none, and the beroepstermijn
    ingediend_door: Mapped[str] = mapped_column(sa.Text, server_default="client", default="client")
    oorspronkelijk_beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    gehoord_op: Mapped[date | None] = mapped_column(sa.Date)
    horen_afgezien: Mapped[str | None] = mapped_column(sa.Text)
    verzonden_op: Mapped[date | None] = mapped_column(sa.Date)
    beroep_uiterlijk: Mapped[date | None] = mapped_column(sa.Date)
    verdagingen: Mapped[list[BezwaarVerdaging]] = relationship(
        lazy="selectin", order_by="BezwaarVerdaging.oude_uiterlijk")
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = _created()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CakMelding(Base):
    __tablename__ = "cak_meldingen"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikt_product_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("beschikte_producten.id"), unique=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    client_id: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.String(2))
    leveringsvorm: Mapped[str] = mapped_column(sa.Text)
    volume: Mapped[int] = mapped_column(sa.Integer)
    eenheid: Mapped[str] = mapped_column(sa.String(2))
    frequentie: Mapped[str] = mapped_column(sa.String(1))
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    eigen_bijdrage_cents: Mapped[int] = mapped_column(sa.Integer)
    melden_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.Text)
    gemeld_op: Mapped[date | None] = mapped_column(sa.Date)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = _created()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Termijnsignaal(Base):
    """One deadline signal per (dossier, kind, signal): the scan may run any number of times."""

    __tablename__ = "termijnsignalen"
    __table_args__ = (sa.UniqueConstraint("dossier_id", "soort", "signaal",
                                          name="uq_termijnsignalen"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    soort: Mapped[str] = mapped_column(sa.Text)
    signaal: Mapped[str] = mapped_column(sa.Text)
    uiterlijk: Mapped[date] = mapped_column(sa.Date)
    peildatum: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = _created()


# Tables in modules of their own that only the migrations would otherwise not see.
from . import betalingen as betalingen  # noqa: E402
from . import dwangsommen as dwangsommen  # noqa: E402
from . import herbeoordeling as herbeoordeling  # noqa: E402
from . import hulpmiddelen as hulpmiddelen  # noqa: E402
from . import klachten as klachten  # noqa: E402
from .bezwaar_beroep import Beroep as Beroep  # noqa: E402
from .bezwaar_beroep import BezwaarVerdaging as BezwaarVerdaging  # noqa: E402
