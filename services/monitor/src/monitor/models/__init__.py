"""Read models, fed only by events. Each fact is keyed by its own id and inserted once, so
duplicates and reordering across keys change nothing; links are resolved at query time."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import DATEMULTIRANGE
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wmokernel.tables import kernel_tables


class Base(DeclarativeBase):
    pass


KERNEL = kernel_tables(Base.metadata)


class MeldingFeit(Base):
    __tablename__ = "meldingen"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    kanaal: Mapped[str] = mapped_column(sa.Text)
    wijk: Mapped[str | None] = mapped_column(sa.Text)
    gemeld_op: Mapped[date] = mapped_column(sa.Date, index=True)
    team: Mapped[str | None] = mapped_column(sa.Text)  # from 0002
    terugkerend: Mapped[bool | None] = mapped_column(sa.Boolean)  # from 0002


class AanvraagFeit(Base):
    __tablename__ = "aanvragen"

    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    melding_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    beslissen_uiterlijk: Mapped[date] = mapped_column(sa.Date)


class BeschikkingFeit(Base):
    __tablename__ = "beschikkingen"

    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    melding_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    besluit: Mapped[str] = mapped_column(sa.Text)
    afgegeven_op: Mapped[date] = mapped_column(sa.Date, index=True)
    client_id: Mapped[str | None] = mapped_column(sa.Text)  # from 0002
    binnen_termijn: Mapped[bool | None] = mapped_column(sa.Boolean)  # from 0002


class EersteContactFeit(Base):
    __tablename__ = "eerste_contacten"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    contact_op: Mapped[date] = mapped_column(sa.Date, index=True)
    werkdagen: Mapped[int] = mapped_column(sa.Integer)
    binnen_norm: Mapped[bool] = mapped_column(sa.Boolean)


class OnderzoekFeit(Base):
    __tablename__ = "onderzoeken"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    afgerond_op: Mapped[date] = mapped_column(sa.Date, index=True)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)
    ondersteuningsvorm: Mapped[str] = mapped_column(sa.Text)
    perspectief: Mapped[str] = mapped_column(sa.Text)


class CasusSluitingFeit(Base):
    __tablename__ = "casus_sluitingen"

    melding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    afgesloten_op: Mapped[date] = mapped_column(sa.Date, index=True)
    uitkomst: Mapped[str] = mapped_column(sa.Text)


class VerwijzingFeit(Base):
    __tablename__ = "verwijzingen"

    verwijzing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    melding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    verwezen_op: Mapped[date] = mapped_column(sa.Date, index=True)


class BeschiktProductFeit(Base):
    """One granted product of a beschikking (from ``beschikking-afgegeven``)."""

    __tablename__ = "beschikte_producten"

    beschikt_product_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    leveringsvorm: Mapped[str] = mapped_column(sa.Text)
    volume: Mapped[int] = mapped_column(sa.Integer)
    eenheid: Mapped[str] = mapped_column(sa.Text)
    frequentie: Mapped[str] = mapped_column(sa.Text)
    ingangsdatum: Mapped[date] = mapped_column(sa.Date, index=True)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    aanbieder: Mapped[str | None] = mapped_column(sa.Text)
    tarief_cents: Mapped[int] = mapped_column(sa.BigInteger)
    afgegeven_op: Mapped[date] = mapped_column(sa.Date)


class VoorzieningClientFeit(Base):
    """The days a client has a granted product of one Bijlage 3 provision: the union of those
    products' periods (from 0003). Derived from ``beschikking-afgegeven`` by an upsert that
    adds a product's period to the union, which neither a duplicate nor another order changes;
    it lets Bijlage 3 count each client once without grouping every product. The provision
    follows reference.voorziening: a change there needs a rebuild."""

    __tablename__ = "voorziening_clienten"

    client_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    voorziening: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    perioden: Mapped[Any] = mapped_column(DATEMULTIRANGE)


class ToewijzingFeit(Base):
    __tablename__ = "toewijzingen"

    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    beschikt_product_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    client_id: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    leveringsvorm: Mapped[str] = mapped_column(sa.Text)
    toegewezen_op: Mapped[date] = mapped_column(sa.Date)
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    einddatum: Mapped[date | None] = mapped_column(sa.Date)
    # from 0004: the changed toewijzing this one follows (the care continues in this one)
    vorige_toewijzing_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)


class LeveringStartFeit(Base):
    """A start of delivery (WMO305). A toewijzing may start again after a stop, so a start is
    keyed by its toewijzing and startdatum (from 0004); ``vervolg`` marks a start that continues
    care (a restart, or the start of a follow-up toewijzing): no new start, no new wait."""

    __tablename__ = "leveringen_gestart"

    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    startdatum: Mapped[date] = mapped_column(sa.Date, primary_key=True, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    verwezen_op: Mapped[date] = mapped_column(sa.Date)
    wachtdagen: Mapped[int] = mapped_column(sa.Integer)
    binnen_norm: Mapped[bool] = mapped_column(sa.Boolean)
    vervolg: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # from 0004
    gemeld_op: Mapped[date | None] = mapped_column(sa.Date)  # from 0004
    # from 0004: gemeld_op within 5 werkdagen of the startdatum; None without gemeld_op
    melding_binnen_termijn: Mapped[bool | None] = mapped_column(sa.Boolean)


class LeveringStopFeit(Base):
    """A stop of delivery (WMO307), keyed by toewijzing, stopdatum and reden (from 0004): a
    temporary stop may be followed by a restart or by a definitive stop."""

    __tablename__ = "leveringen_gestopt"

    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    stopdatum: Mapped[date] = mapped_column(sa.Date, primary_key=True, index=True)
    reden_beeindiging: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    gestart: Mapped[bool] = mapped_column(sa.Boolean)
    gemeld_op: Mapped[date | None] = mapped_column(sa.Date)  # from 0004
    melding_binnen_termijn: Mapped[bool | None] = mapped_column(sa.Boolean)  # from 0004


class LeveringsmeldingVerwijderdFeit(Base):
    """A start or stop the provider withdrew (from 0004): it names the start (toewijzing,
    startdatum) or stop (toewijzing, stopdatum, reden) it undoes; the queries leave those out,
    whichever arrived first."""

    __tablename__ = "leveringsmeldingen_verwijderd"

    toewijzing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # start | stop
    datum: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    reden_beeindiging: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # '' for a start
    verwijderd_op: Mapped[date] = mapped_column(sa.Date)


class BezwaarFeit(Base):
    __tablename__ = "bezwaren"

    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    ingediend_op: Mapped[date] = mapped_column(sa.Date, index=True)
    adviescommissie: Mapped[bool] = mapped_column(sa.Boolean)


class BezwaarBesluitFeit(Base):
    __tablename__ = "bezwaar_besluiten"

    bezwaar_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    uitkomst: Mapped[str] = mapped_column(sa.Text)
    besloten_op: Mapped[date] = mapped_column(sa.Date, index=True)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)


class OpvangAanmeldingFeit(Base):
    __tablename__ = "opvang_aanmeldingen"

    aanmelding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    gemeente: Mapped[str | None] = mapped_column(sa.Text)
    vorm: Mapped[str] = mapped_column(sa.Text)
    kanaal: Mapped[str] = mapped_column(sa.Text)
    verwezen_op: Mapped[date] = mapped_column(sa.Date)
    doelgroep: Mapped[str] = mapped_column(sa.Text)


class OpvangWachtlijstFeit(Base):
    __tablename__ = "opvang_wachtlijst"

    aanmelding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    gemeente: Mapped[str | None] = mapped_column(sa.Text)
    vorm: Mapped[str] = mapped_column(sa.Text)
    verwezen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    norm_dagen: Mapped[int] = mapped_column(sa.Integer)


class OpnameFeit(Base):
    __tablename__ = "opvang_opnames"

    plaatsing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanmelding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    client_id: Mapped[str] = mapped_column(sa.Text)
    gemeente: Mapped[str | None] = mapped_column(sa.Text)
    vorm: Mapped[str] = mapped_column(sa.Text)
    bovenregionaal: Mapped[bool | None] = mapped_column(sa.Boolean)
    locatie_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    capaciteit: Mapped[int | None] = mapped_column(sa.Integer)
    verwezen_op: Mapped[date] = mapped_column(sa.Date)
    opgenomen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    wachtdagen: Mapped[int] = mapped_column(sa.Integer)
    norm_dagen: Mapped[int] = mapped_column(sa.Integer)
    binnen_norm: Mapped[bool] = mapped_column(sa.Boolean)


class UitstroomFeit(Base):
    __tablename__ = "opvang_uitstroom"

    plaatsing_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanmelding_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    vorm: Mapped[str] = mapped_column(sa.Text)
    uitgestroomd_op: Mapped[date] = mapped_column(sa.Date, index=True)
    verblijfsdagen: Mapped[int] = mapped_column(sa.Integer)
    bestemming: Mapped[str] = mapped_column(sa.Text)


class DeclaratieFeit(Base):
    """An approved prestatie (``declaratie-ontvangen``; a credit carries a negative amount):
    realised spend in the year its care period began. ``datum`` is the day it was received.
    Rows of older tolerant shapes have no product code or client and began on their datum."""

    __tablename__ = "declaraties"

    declaratie_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    productcategorie: Mapped[str | None] = mapped_column(sa.Text)
    datum: Mapped[date] = mapped_column(sa.Date, index=True)
    bedrag_cents: Mapped[int] = mapped_column(sa.BigInteger)
    product_code: Mapped[str | None] = mapped_column(sa.Text)  # from 0006
    periode_begin: Mapped[date] = mapped_column(sa.Date, index=True)  # from 0006
    client_id: Mapped[str | None] = mapped_column(sa.Text)  # from 0006
    aanbieder: Mapped[str | None] = mapped_column(sa.Text)  # from 0006


class BetaalbatchFeit(Base):
    """A payment batch (from 0006): made (``betaalbatch-aangemaakt``) and, once the bank
    executed it, paid (``betaalbatch-betaald``); either event may come first, each fills its
    own day (an upsert keeping the earliest, so order and duplicates change nothing)."""

    __tablename__ = "betaalbatches"

    batch_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    totaal_cents: Mapped[int] = mapped_column(sa.BigInteger)
    aangemaakt_op: Mapped[date | None] = mapped_column(sa.Date)
    betaald_op: Mapped[date | None] = mapped_column(sa.Date, index=True)


class BetaalbatchRegelFeit(Base):
    """A line of a payment batch (from 0006): the net amount of one product of the care of one
    year; both batch events carry the same lines."""

    __tablename__ = "betaalbatch_regels"

    batch_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    productcategorie: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    product_code: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    jaar: Mapped[int] = mapped_column(sa.Integer, primary_key=True, index=True)
    bedrag_cents: Mapped[int] = mapped_column(sa.BigInteger)
    aantal_prestaties: Mapped[int] = mapped_column(sa.Integer)


class HulpmiddelVerstrekkingFeit(Base):
    """An aid issued (from 0006): new from the supplier, or again from the depot."""

    __tablename__ = "hulpmiddel_verstrekkingen"

    verstrekking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    hulpmiddel_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    verstrekt_op: Mapped[date] = mapped_column(sa.Date, index=True)
    herverstrekking: Mapped[bool] = mapped_column(sa.Boolean)


class HulpmiddelInnameFeit(Base):
    """An issued aid taken back (from 0006): to the depot (herbruikbaar) or written off."""

    __tablename__ = "hulpmiddel_innames"

    verstrekking_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    hulpmiddel_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    product_code: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str] = mapped_column(sa.Text)
    ingenomen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    herbruikbaar: Mapped[bool] = mapped_column(sa.Boolean)


class IwmoVerzoekFeit(Base):
    """A VOT (WMO315) or VOW (WMO317) received (from 0003)."""

    __tablename__ = "iwmo_verzoeken"

    verzoek_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text)
    client_id: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    productcategorie: Mapped[str | None] = mapped_column(sa.Text)
    product_code: Mapped[str | None] = mapped_column(sa.Text)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    antwoord_uiterlijk: Mapped[date] = mapped_column(sa.Date)


class IwmoVerzoekAntwoordFeit(Base):
    """An answer to a verzoek (from 0003). ``fase``: "eerste" (due in 5 werkdagen) or
    "definitief" (the answer after "in onderzoek", due in 8 weeks); a verzoek has one of each
    at most, so (verzoek, fase) is the fact's own key."""

    __tablename__ = "iwmo_verzoek_antwoorden"

    verzoek_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    fase: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text)
    client_id: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    uitkomst: Mapped[str] = mapped_column(sa.Text)
    reden_afwijzing: Mapped[str | None] = mapped_column(sa.Text)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date)
    beantwoord_op: Mapped[date] = mapped_column(sa.Date, index=True)
    antwoord_uiterlijk: Mapped[date] = mapped_column(sa.Date)
    definitief_uiterlijk: Mapped[date | None] = mapped_column(sa.Date)
    binnen_termijn: Mapped[bool] = mapped_column(sa.Boolean)


class IwmoTermijnsignaalFeit(Base):
    """An iWmo term that nears its end or passed unmet (from 0003); indicatie signals each
    dossier, kind and signal once."""

    __tablename__ = "iwmo_termijnsignalen"

    dossier_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    soort: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    signaal: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # nadert | verstreken
    client_id: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    uiterlijk: Mapped[date] = mapped_column(sa.Date, index=True)
    peildatum: Mapped[date] = mapped_column(sa.Date)


class IwmoBerichtOntvangenFeit(Base):
    """An iWmo message received from a provider and checked (from 0003)."""

    __tablename__ = "iwmo_berichten_ontvangen"

    bericht_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    berichttype: Mapped[str] = mapped_column(sa.Text)
    aanbieder: Mapped[str] = mapped_column(sa.Text)
    clienten: Mapped[int] = mapped_column(sa.Integer)
    ontvangen_op: Mapped[date] = mapped_column(sa.Date, index=True)
    goedgekeurd: Mapped[bool] = mapped_column(sa.Boolean)
    retourcodes: Mapped[list[str]] = mapped_column(sa.ARRAY(sa.Text))


# Reference data (loaded by migration 0002, never touched by a rebuild).
class Ref(DeclarativeBase):
    pass


class BegrotingRegel(Ref):
    """Budget per doelstelling I–V per year, × €1,000 (DOMAIN §6, 000 L1781-1886)."""

    __tablename__ = "begrotingen"

    jaar: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    doelstelling: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    omschrijving: Mapped[str] = mapped_column(sa.Text)
    bedrag_k: Mapped[int] = mapped_column(sa.Integer)


class TaakstellingRegel(Ref):
    """Taakstelling hervormingen sociaal domein, × €1,000 (004 Tabel 1 and 2)."""

    __tablename__ = "taakstellingen"

    jaar: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    wmo_k: Mapped[int] = mapped_column(sa.Integer)
    totaal_k: Mapped[int] = mapped_column(sa.Integer)


# Read models in modules of their own, so a rebuild empties and refills them too.
from . import herbeoordeling as herbeoordeling  # noqa: E402
from . import klachten as klachten  # noqa: E402
