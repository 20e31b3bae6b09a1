"""Herbeoordeling and Wlz events published by indicatie on ``wmo.indicatie.v1`` (listed in
``events.indicatie.EVENTS``).

Herbeoordeling: the periodic review of a running toewijzing (the seeds: "periodiek herijking
... zodat mensen niet voor jaren in de aanvullende zorg blijven", 002 L1828-1832). Its events
are keyed by the aanvraag, so they stay in order with the dossier's toewijzing events.

Wlz: the step from the Wmo to the Wet langdurige zorg when the Wmo is "niet meer toereikend"
(000 L795-798), keyed by the overgang. Payloads carry the pseudonymous client id only; the
toelichting and motivering stay in indicatie.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from .base import TOPIC_INDICATIE, ClientId, EventPayload


class HerbeoordelingBesluit(StrEnum):
    VOORTZETTEN = "voortzetten"  # a herindicatie aanvraag follows
    BEEINDIGEN = "beeindigen"  # the care ends on the einddatum; the provider gets its WMO301


class HerbeoordelingVervalReden(StrEnum):
    """Why a review is no longer needed."""

    LEVERING_GESTOPT = "levering-gestopt"  # the provider stopped the care for good (WMO307)
    TOEWIJZING_VERVANGEN = "toewijzing-vervangen"  # a toewijzing of another product follows
    WLZ = "wlz"  # the client moved to the Wlz


class WlzReden(StrEnum):
    """The Wlz access criterion (Wlz art. 3.2.1): a lasting need of permanent toezicht, or of
    24-hour care in the nabijheid."""

    PERMANENT_TOEZICHT = "permanent-toezicht"
    ZORG_IN_DE_NABIJHEID = "24-uurs-zorg-in-de-nabijheid"


class WlzBesluit(StrEnum):
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"


class _HerbeoordelingEvent(EventPayload):
    """One review of a granted product in kind, with the running toewijzing it concerns."""

    herbeoordeling_id: uuid.UUID
    aanvraag_id: uuid.UUID
    beschikking_id: uuid.UUID
    beschikt_product_id: uuid.UUID
    toewijzing_id: uuid.UUID
    client_id: ClientId
    productcategorie: str = Field(pattern=r"^[0-9]{2}$", description="iWmo WMO020")
    aanbieder: str
    herbeoordeling_op: date
    einddatum: date | None

    def aggregate_id(self) -> str:
        return str(self.aanvraag_id)


class HerbeoordelingNadert(_HerbeoordelingEvent):
    event_type = "nl.utrecht.wmo.indicatie.herbeoordeling-nadert"
    topic = TOPIC_INDICATIE
    summary = ("A running toewijzing's herbeoordeling date entered the signal window (or has "
               "passed): it is on the worklist.")

    peildatum: date


class EinddatumNadert(_HerbeoordelingEvent):
    event_type = "nl.utrecht.wmo.indicatie.einddatum-nadert"
    topic = TOPIC_INDICATIE
    summary = ("A running toewijzing's einddatum entered the signal window without a decision "
               "on its continuation.")

    peildatum: date


class HerbeoordelingBesloten(_HerbeoordelingEvent):
    event_type = "nl.utrecht.wmo.indicatie.herbeoordeling-besloten"
    topic = TOPIC_INDICATIE
    summary = ("The gemeente decided a herbeoordeling: continue (a herindicatie aanvraag "
               "follows) or end the care on the einddatum.")

    besluit: HerbeoordelingBesluit
    besloten_op: date
    tijdig: bool = Field(description="decided on or before the herbeoordeling date")
    herindicatie_aanvraag_id: uuid.UUID | None = None


class HerbeoordelingVerlopen(_HerbeoordelingEvent):
    event_type = "nl.utrecht.wmo.indicatie.herbeoordeling-verlopen"
    topic = TOPIC_INDICATIE
    summary = ("The einddatum passed without a decision: the toewijzing was ended and the "
               "provider gets its WMO301.")

    verlopen_op: date


class HerbeoordelingVervallen(_HerbeoordelingEvent):
    event_type = "nl.utrecht.wmo.indicatie.herbeoordeling-vervallen"
    topic = TOPIC_INDICATIE
    summary = "A review is no longer needed: the care ended or moved otherwise."

    reden: HerbeoordelingVervalReden
    vervallen_op: date


class _WlzEvent(EventPayload):
    overgang_id: uuid.UUID
    client_id: ClientId

    def aggregate_id(self) -> str:
        return str(self.overgang_id)


class WlzGesignaleerd(_WlzEvent):
    event_type = "nl.utrecht.wmo.indicatie.wlz-gesignaleerd"
    topic = TOPIC_INDICATIE
    summary = "A buurtteam or the gemeente signalled that a client may need the Wlz."

    reden: WlzReden
    gesignaleerd_op: date
    team: str | None = Field(default=None, description="the signalling buurtteam (wijk code)")


class WlzAangevraagd(_WlzEvent):
    event_type = "nl.utrecht.wmo.indicatie.wlz-aangevraagd"
    topic = TOPIC_INDICATIE
    summary = "A Wlz-indicatie was requested at the CIZ for a signalled client."

    gesignaleerd_op: date
    aangevraagd_op: date


class WlzBesloten(_WlzEvent):
    event_type = "nl.utrecht.wmo.indicatie.wlz-besloten"
    topic = TOPIC_INDICATIE
    summary = ("The CIZ decided on the Wlz-indicatie; when granted, every Wmo toewijzing of the "
               "client ends the day before the Wlz starts.")

    besluit: WlzBesluit
    besloten_op: date
    aangevraagd_op: date
    wlz_ingangsdatum: date | None = Field(default=None, description="when granted")
    laatste_wmo_dag: date | None = Field(
        default=None, description="the last day of Wmo care in kind after the transition")
    beeindigde_toewijzingen: int = Field(default=0, ge=0)
    aansluitend: bool | None = Field(
        default=None, description="granted: the Wmo care ends exactly the day before the Wlz "
                                  "starts (no gap, no overlap)")


EVENTS: tuple[type[EventPayload], ...] = (
    HerbeoordelingNadert, EinddatumNadert, HerbeoordelingBesloten, HerbeoordelingVerlopen,
    HerbeoordelingVervallen, WlzGesignaleerd, WlzAangevraagd, WlzBesloten,
)
