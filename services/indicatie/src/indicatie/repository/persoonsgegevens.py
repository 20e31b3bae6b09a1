"""Where indicatie keeps personal data: what an inzageverzoek exports (every table holding a
client id, or linked to one) and how long each kind of record is kept (its retention rules).

Every term is the Wmo's 15 years (``wmokernel.normen.BEWAARTERMIJN_WMO_JAREN``), started at a
record's last date; a record still running (an open bezwaar, care not ended) has none yet. A
record others point to stays while they are kept: an aanvraag while its beschikking is, a
beschikking while a toewijzing, CAK melding, bezwaar or aid of its products is.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from wmokernel.bewaartermijnen import Bewaarregel, Termijn, tabel
from wmokernel.inzage import Bron, bronnen
from wmokernel.normen import BEWAARTERMIJN_WMO_JAREN

from ..models import (
    Aanvraag,
    Base,
    Beschikking,
    BeschiktProduct,
    Bezwaar,
    CakMelding,
    IntensiteitWijziging,
    Leveringsperiode,
    Opschorting,
    Termijnsignaal,
    ToegangMelding,
    Toewijzing,
)
from ..models.betalingen import BetaaldePrestatie
from ..models.bezwaar_beroep import Beroep, BezwaarVerdaging
from ..models.dwangsommen import Ingebrekestelling
from ..models.herbeoordeling import Herbeoordeling, WlzOvergang
from ..models.hulpmiddelen import HulpmiddelVerstrekking
from ..models.iwmo import IwmoBericht, IwmoDeclaratie, IwmoOpdracht, IwmoPrestatie, IwmoVerzoek
from ..models.klachten import Klacht

WMO = Termijn(jaren=BEWAARTERMIJN_WMO_JAREN)
BRON = "Wmo 2015 art. 5.3.4; Selectielijst gemeenten 2020"


def _termijnsignalen(client_id: str) -> sa.Select[Any]:
    """The deadline signals of the client's dossiers (a signal names its dossier only)."""
    dossiers = sa.union(*(sa.select(t.c.id).where(t.c.client_id == client_id)
                          for t in Base.metadata.sorted_tables
                          if "client_id" in t.c and "id" in t.c
                          and isinstance(t.c.id.type, sa.Uuid)))
    t = tabel(Termijnsignaal)
    return sa.select(t).where(t.c.dossier_id.in_(dossiers)).order_by(t.c.id)


BRONNEN = bronnen(Base.metadata, extra=[
    Bron("termijnsignalen", tabel(Termijnsignaal), _termijnsignalen)])


def _day(column: Any) -> sa.ColumnElement[Any]:
    return sa.cast(column, sa.Date)


def _or_made(created_at: Any, *dates: Any) -> sa.ColumnElement[Any]:
    """The latest of the record's own ``dates``; the day it was made when it has none."""
    return sa.func.coalesce(sa.func.greatest(*dates), _day(created_at))


def _running_unless(done: sa.ColumnElement[bool], *dates: Any) -> sa.ColumnElement[Any]:
    """The latest of ``dates`` once ``done``; NULL (still running) before."""
    return sa.case((done, sa.func.greatest(*dates)))


_aanvraag_van_melding = sa.exists().where(Aanvraag.melding_id == ToegangMelding.melding_id)
_pgb_zonder_einde = sa.exists().where(
    BeschiktProduct.beschikking_id == Beschikking.id, BeschiktProduct.einddatum.is_(None),
    BeschiktProduct.leveringsvorm == "pgb")
_laatste_product_einde = (sa.select(sa.func.max(BeschiktProduct.einddatum))
                          .where(BeschiktProduct.beschikking_id == Beschikking.id)
                          .scalar_subquery())


def _regel(soort: str, model: Any, begin: Any, onderdelen: tuple[Any, ...] = (),
           na: tuple[str, ...] = ()) -> Bewaarregel:
    return Bewaarregel(soort, tabel(model), begin, WMO, BRON,
                       onderdelen=tuple(tabel(m) for m in onderdelen), na=na)


REGELS = (
    _regel("aanvragen", Aanvraag, Aanvraag.ontvangen_op, (Opschorting,)),
    # What toegang told of a melding runs while an aanvraag of it is kept; it goes in the
    # round its last aanvraag goes.
    _regel("toegangMeldingen", ToegangMelding,
           _running_unless(~_aanvraag_van_melding,
                           _or_made(ToegangMelding.created_at, ToegangMelding.gemeld_op,
                                    ToegangMelding.onderzoek_afgerond_op)),
           na=("aanvragen",)),
    # A pgb without einddatum runs as long as the beschikking does (no toewijzing shows it).
    _regel("beschikkingen", Beschikking,
           sa.case((~_pgb_zonder_einde,
                    _or_made(Beschikking.created_at, Beschikking.afgegeven_op,
                             Beschikking.beoordeeld_op, _laatste_product_einde))),
           (BeschiktProduct,)),
    _regel("toewijzingen", Toewijzing,
           _running_unless(sa.or_(Toewijzing.stopdatum.is_not(None),
                                  Toewijzing.einddatum.is_not(None)),
                           Toewijzing.toegewezen_op, Toewijzing.stopdatum,
                           Toewijzing.einddatum),
           (Leveringsperiode, IntensiteitWijziging)),
    _regel("cakMeldingen", CakMelding,
           sa.func.greatest(CakMelding.ingangsdatum, CakMelding.einddatum,
                            CakMelding.gemeld_op)),
    _regel("bezwaren", Bezwaar,
           _running_unless(Bezwaar.status != "ingediend", Bezwaar.ingediend_op,
                           Bezwaar.besloten_op, Bezwaar.verzonden_op, Bezwaar.beroep_uiterlijk),
           (BezwaarVerdaging,)),
    _regel("beroepen", Beroep,
           _running_unless(Beroep.uitspraak_op.is_not(None), Beroep.ingesteld_op,
                           Beroep.uitspraak_op)),
    _regel("ingebrekestellingen", Ingebrekestelling,
           sa.func.greatest(Ingebrekestelling.beslist_op, Ingebrekestelling.vastgesteld_op)),
    _regel("herbeoordelingen", Herbeoordeling,
           sa.func.greatest(Herbeoordeling.besloten_op, Herbeoordeling.afgesloten_op)),
    _regel("wlzOvergangen", WlzOvergang,
           _running_unless(WlzOvergang.status.not_in(("gesignaleerd", "aangevraagd")),
                           WlzOvergang.gesignaleerd_op, WlzOvergang.aangevraagd_op,
                           WlzOvergang.besloten_op, WlzOvergang.laatste_wmo_dag,
                           WlzOvergang.wlz_ingangsdatum)),
    # An aid runs while the resident has it.
    _regel("hulpmiddelVerstrekkingen", HulpmiddelVerstrekking,
           HulpmiddelVerstrekking.ingenomen_op),
    _regel("klachten", Klacht, Klacht.afgehandeld_op),
    _regel("iwmoBerichten", IwmoBericht,
           sa.func.greatest(IwmoBericht.dagtekening, _day(IwmoBericht.opgehaald_op))),
    _regel("iwmoVerzoeken", IwmoVerzoek,
           sa.func.greatest(IwmoVerzoek.ontvangen_op, IwmoVerzoek.beantwoord_op)),
    _regel("iwmoOpdrachten", IwmoOpdracht,
           _running_unless(IwmoOpdracht.status != "open", _day(IwmoOpdracht.created_at),
                           _day(IwmoOpdracht.laatste_poging))),
    _regel("iwmoDeclaraties", IwmoDeclaratie,
           IwmoDeclaratie.periode_eind),
    # A paid prestatie goes with its link to the payment batch; the batch (the provider's
    # bank transfer, no client in it) stays.
    _regel("iwmoPrestaties", IwmoPrestatie,
           IwmoPrestatie.einddatum,
           (BetaaldePrestatie,)),
    _regel("termijnsignalen", Termijnsignaal,
           sa.func.greatest(Termijnsignaal.uiterlijk, Termijnsignaal.peildatum)),
)
