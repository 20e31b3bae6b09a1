"""Where the monitor keeps personal data: its read models carry the pseudonymous client id.
What an inzageverzoek exports of them, and when they are anonymised.

The monitor destroys nothing: its figures are counted from these rows. Once none of a
client's facts lies within the Wmo's term (15 years from the fact's date, the same term the
services that produced the facts keep their records), the client id in every one of them is
replaced by one random placeholder (``wmokernel.bewaartermijnen``): each count, distinct count
and link between the client's facts stays what it was, and the placeholder leads to no one.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from wmokernel.bewaartermijnen import Actie, Bewaarregel, Termijn, tabel
from wmokernel.inzage import bronnen
from wmokernel.normen import BEWAARTERMIJN_WMO_JAREN

from ..models import (
    AanvraagFeit,
    Base,
    BeschikkingFeit,
    BeschiktProductFeit,
    DeclaratieFeit,
    IwmoTermijnsignaalFeit,
    IwmoVerzoekAntwoordFeit,
    IwmoVerzoekFeit,
    LeveringStartFeit,
    LeveringStopFeit,
    MeldingFeit,
    OpnameFeit,
    OpvangAanmeldingFeit,
    OpvangWachtlijstFeit,
    ToewijzingFeit,
    VoorzieningClientFeit,
)
from ..models.dwangsom import IngebrekestellingFeit
from ..models.uitgaven_gemeente import ClientGemeenteFeit

WMO = Termijn(jaren=BEWAARTERMIJN_WMO_JAREN)
BRON = "Wmo 2015 art. 5.3.4 (the facts' sources' term); figures kept"

# Facts keyed by a melding or aanmelding only: the client's through that one.
BRONNEN = bronnen(Base.metadata, koppelingen={
    **{t: ("melding_id", "meldingen", "melding_id")
       for t in ("eerste_contacten", "onderzoeken", "casus_sluitingen", "verwijzingen")},
    "opvang_uitstroom": ("aanmelding_id", "opvang_aanmeldingen", "aanmelding_id"),
})


def _regel(soort: str, model: Any, *dates: Any) -> Bewaarregel:
    begin = dates[0] if len(dates) == 1 else sa.func.greatest(*dates)
    return Bewaarregel(soort, tabel(model), begin, WMO, BRON, actie=Actie.ANONIMISEREN)


REGELS = (
    _regel("meldingen", MeldingFeit, MeldingFeit.gemeld_op),
    _regel("aanvragen", AanvraagFeit, AanvraagFeit.ontvangen_op),
    _regel("beschikkingen", BeschikkingFeit, BeschikkingFeit.afgegeven_op),
    _regel("beschikteProducten", BeschiktProductFeit, BeschiktProductFeit.afgegeven_op,
           BeschiktProductFeit.ingangsdatum, BeschiktProductFeit.einddatum),
    # A provision without an end runs (an unbounded range has no upper bound: NULL).
    _regel("voorzieningClienten", VoorzieningClientFeit,
           sa.func.upper(VoorzieningClientFeit.perioden)),
    _regel("toewijzingen", ToewijzingFeit, ToewijzingFeit.toegewezen_op,
           ToewijzingFeit.ingangsdatum, ToewijzingFeit.einddatum),
    _regel("leveringenGestart", LeveringStartFeit, LeveringStartFeit.startdatum,
           LeveringStartFeit.gemeld_op),
    _regel("leveringenGestopt", LeveringStopFeit, LeveringStopFeit.stopdatum,
           LeveringStopFeit.gemeld_op),
    _regel("opvangAanmeldingen", OpvangAanmeldingFeit, OpvangAanmeldingFeit.verwezen_op),
    _regel("opvangWachtlijst", OpvangWachtlijstFeit, OpvangWachtlijstFeit.verwezen_op),
    _regel("opvangOpnames", OpnameFeit, OpnameFeit.opgenomen_op),
    _regel("declaraties", DeclaratieFeit, DeclaratieFeit.datum, DeclaratieFeit.periode_begin),
    _regel("iwmoVerzoeken", IwmoVerzoekFeit, IwmoVerzoekFeit.ontvangen_op),
    _regel("iwmoVerzoekAntwoorden", IwmoVerzoekAntwoordFeit,
           IwmoVerzoekAntwoordFeit.beantwoord_op),
    _regel("iwmoTermijnsignalen", IwmoTermijnsignaalFeit, IwmoTermijnsignaalFeit.uiterlijk,
           IwmoTermijnsignaalFeit.peildatum),
    _regel("ingebrekestellingen", IngebrekestellingFeit, IngebrekestellingFeit.ontvangen_op),
    _regel("clientGemeenten", ClientGemeenteFeit, ClientGemeenteFeit.bekend_op),
)
