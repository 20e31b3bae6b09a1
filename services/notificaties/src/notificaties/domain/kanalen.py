"""The kanalen (channels) a subscriber can follow and how a domain event becomes a notification.

A notification is about one resource (``resourceUrl``) under its main object (``hoofdObject``):
the aggregate its events are keyed by (melding, aanvraag, aanmelding, Wlz overgang), so one
resident's steps share a ``hoofdObject`` and are delivered in order. Kenmerken carry only
pseudonymous data.

Only what happens in a resident's dossier is notified. Klachten (Awb chapter 9) are not: they
are about an organisation's conduct, name no resident and hang under no dossier, and every
subscriber of the gemeente (providers and buurtteams among them) would learn of complaints
about the others; the gemeente follows them in indicatie and the monitor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

TOPIC_TOEGANG = "wmo.toegang.v1"
TOPIC_INDICATIE = "wmo.indicatie.v1"
TOPIC_OPVANG = "wmo.opvang.v1"

_COMMON_FILTERS = ("eventType", "gemeente", "clientId")


@dataclass(frozen=True)
class KanaalDef:
    naam: str
    topic: str
    omschrijving: str
    hoofd_object: tuple[str, str, str]  # (service, collection, data field of the id)
    resource: tuple[str, str, str]  # (resource name, collection, data field of the id)
    filters: tuple[str, ...] = _COMMON_FILTERS


KANALEN: tuple[KanaalDef, ...] = (
    KanaalDef("meldingen", TOPIC_TOEGANG, "A resident's melding and its casus in toegang",
              ("toegang", "meldingen", "meldingId"), ("melding", "meldingen", "meldingId")),
    KanaalDef("aanvragen", TOPIC_INDICATIE, "Aanvragen for a maatwerkvoorziening",
              ("indicatie", "aanvragen", "aanvraagId"), ("aanvraag", "aanvragen", "aanvraagId")),
    KanaalDef("beschikkingen", TOPIC_INDICATIE, "Beschikkingen on an aanvraag",
              ("indicatie", "aanvragen", "aanvraagId"),
              ("beschikking", "beschikkingen", "beschikkingId"),
              (*_COMMON_FILTERS, "besluit")),
    KanaalDef("toewijzingen", TOPIC_INDICATIE, "Toewijzingen to providers and deliveries",
              ("indicatie", "aanvragen", "aanvraagId"),
              ("toewijzing", "toewijzingen", "toewijzingId"),
              (*_COMMON_FILTERS, "productcategorie")),
    KanaalDef("wlz-overgangen", TOPIC_INDICATIE,
              "A resident's step from the Wmo to the Wlz: signal, CIZ aanvraag, CIZ besluit",
              ("indicatie", "wlz-overgangen", "overgangId"),
              ("wlz-overgang", "wlz-overgangen", "overgangId"), (*_COMMON_FILTERS, "besluit")),
    KanaalDef("aanmeldingen", TOPIC_OPVANG, "Aanmeldingen for opvang and beschermd wonen",
              ("opvang", "aanmeldingen", "aanmeldingId"),
              ("aanmelding", "aanmeldingen", "aanmeldingId"), (*_COMMON_FILTERS, "vorm")),
    KanaalDef("plaatsingen", TOPIC_OPVANG, "Placements: reservation, opname, uitstroom",
              ("opvang", "aanmeldingen", "aanmeldingId"),
              ("plaatsing", "plaatsingen", "plaatsingId"), (*_COMMON_FILTERS, "vorm")),
)
KANAAL: dict[str, KanaalDef] = {k.naam: k for k in KANALEN}

_PREFIX = "nl.utrecht.wmo."

# Event type (without the prefix) → (kanaal, actie). Events not listed raise no notification.
EVENTS: dict[str, tuple[str, str]] = {
    "toegang.melding-ontvangen": ("meldingen", "create"),
    "toegang.eerste-contact-gelegd": ("meldingen", "update"),
    "toegang.ontvangstgesprek-gevoerd": ("meldingen", "update"),
    "toegang.onderzoek-gestart": ("meldingen", "update"),
    "toegang.onderzoek-termijn-gewijzigd": ("meldingen", "update"),
    "toegang.onderzoek-afgerond": ("meldingen", "update"),
    "toegang.verwijzing-gedaan": ("meldingen", "update"),
    "toegang.verwijzing-wmo-loket-gedaan": ("meldingen", "update"),
    "toegang.aanmelding-opvang-gedaan": ("meldingen", "update"),
    "toegang.casus-gesloten": ("meldingen", "update"),
    "indicatie.aanvraag-ontvangen": ("aanvragen", "create"),
    "indicatie.beslistermijn-opgeschort": ("aanvragen", "update"),
    # the dwangsom bij niet tijdig beslissen runs on the aanvraag (or its bezwaar's)
    "indicatie.ingebrekestelling-ontvangen": ("aanvragen", "update"),
    "indicatie.dwangsom-vastgesteld": ("aanvragen", "update"),
    "indicatie.beschikking-afgegeven": ("beschikkingen", "create"),
    "indicatie.bezwaar-ingediend": ("beschikkingen", "update"),
    "indicatie.bezwaar-verdaagd": ("beschikkingen", "update"),
    "indicatie.bezwaar-beslist": ("beschikkingen", "update"),
    "indicatie.beroep-ingesteld": ("beschikkingen", "update"),
    "indicatie.beroep-uitspraak": ("beschikkingen", "update"),
    "indicatie.toewijzing-gedaan": ("toewijzingen", "create"),
    "indicatie.toewijzing-gewijzigd": ("toewijzingen", "update"),
    "indicatie.levering-gestart": ("toewijzingen", "update"),
    "indicatie.intensiteit-gewijzigd": ("toewijzingen", "update"),
    "indicatie.levering-gestopt": ("toewijzingen", "update"),
    # the periodic review of a running toewijzing
    "indicatie.herbeoordeling-nadert": ("toewijzingen", "update"),
    "indicatie.einddatum-nadert": ("toewijzingen", "update"),
    "indicatie.herbeoordeling-besloten": ("toewijzingen", "update"),
    "indicatie.herbeoordeling-verlopen": ("toewijzingen", "update"),
    "indicatie.herbeoordeling-vervallen": ("toewijzingen", "update"),
    "indicatie.wlz-gesignaleerd": ("wlz-overgangen", "create"),
    "indicatie.wlz-aangevraagd": ("wlz-overgangen", "update"),
    "indicatie.wlz-besloten": ("wlz-overgangen", "update"),
    "opvang.aanmelding-ontvangen": ("aanmeldingen", "create"),
    "opvang.indicatie-bw-gezet": ("aanmeldingen", "update"),
    "opvang.intake-mo-gedaan": ("aanmeldingen", "update"),
    "opvang.op-wachtlijst-geplaatst": ("aanmeldingen", "update"),
    "opvang.regiobinding-beoordeeld": ("aanmeldingen", "update"),
    "opvang.warme-overdracht-gedaan": ("aanmeldingen", "update"),
    "opvang.plaats-gereserveerd": ("plaatsingen", "create"),
    "opvang.client-opgenomen": ("plaatsingen", "update"),
    "opvang.uitstroom-geblokkeerd": ("plaatsingen", "update"),
    "opvang.woning-aangeboden": ("plaatsingen", "update"),
    "opvang.client-uitgestroomd": ("plaatsingen", "update"),
}

_CBS = re.compile(r"^[0-9]{4}$")
_CLIENT_ID = re.compile(r"^p-[0-9a-f]{32}$")
# Kenmerken besides the common ones, copied from the event's data when they are plain codes.
_EXTRA = {"vorm": "vorm", "besluit": "besluit", "productcategorie": "productcategorie"}
_CODE = re.compile(r"^[a-z0-9-]{1,40}$")


@dataclass(frozen=True)
class Notificatie:
    kanaal: str
    hoofd_object: str
    resource: str
    resource_url: str
    actie: str
    aanmaakdatum: datetime
    kenmerken: dict[str, str]

    @property
    def gemeente(self) -> str:
        """The resident's municipality (CBS code): decides who may receive it."""
        return self.kenmerken["gemeente"]

    def as_json(self) -> dict[str, Any]:
        return {"kanaal": self.kanaal, "hoofdObject": self.hoofd_object,
                "resource": self.resource, "resourceUrl": self.resource_url,
                "actie": self.actie, "aanmaakdatum": self.aanmaakdatum.isoformat(),
                "kenmerken": dict(self.kenmerken)}


def gemeente_van(data: dict[str, Any], eigen_gemeente: str) -> str:
    """The resident's municipality: the event's ``gemeente`` when it carries a CBS code, else
    the centrumgemeente (toegang's and indicatie's residents are Utrecht's)."""
    value = data.get("gemeente")
    return value if isinstance(value, str) and _CBS.match(value) else eigen_gemeente


def notificatie(event_type: str, data: dict[str, Any], *, api_url: str, eigen_gemeente: str,
                aanmaakdatum: datetime) -> Notificatie | None:
    """The notification for an event, or None when no kanaal carries its type (or its data
    lacks the ids the kanaal needs). ``api_url``: the public base, e.g.
    ``https://api.example`` (the service name and ``/api/v1`` are added)."""
    if not event_type.startswith(_PREFIX):
        return None
    name = event_type.removeprefix(_PREFIX)
    entry = EVENTS.get(name)
    if entry is None:
        return None
    kanaal = KANAAL[entry[0]]
    service, collection, field = kanaal.hoofd_object
    resource, resource_collection, resource_field = kanaal.resource
    hoofd_id, resource_id = data.get(field), data.get(resource_field)
    if not hoofd_id or not resource_id:
        return None
    base = api_url.rstrip("/")
    kenmerken = {"eventType": name.split(".", 1)[1],
                 "gemeente": gemeente_van(data, eigen_gemeente)}
    client_id = data.get("clientId")
    if isinstance(client_id, str) and _CLIENT_ID.match(client_id):
        kenmerken["clientId"] = client_id
    for key, source in _EXTRA.items():
        value = data.get(source)
        if key in kanaal.filters and isinstance(value, str) and _CODE.match(value):
            kenmerken[key] = value
    return Notificatie(
        kanaal=kanaal.naam,
        hoofd_object=f"{base}/{service}/api/v1/{collection}/{hoofd_id}",
        resource=resource,
        resource_url=f"{base}/{service}/api/v1/{resource_collection}/{resource_id}",
        actie=entry[1], aanmaakdatum=aanmaakdatum, kenmerken=kenmerken)


def onbekende_filters(kanaal: str, filters: dict[str, str]) -> list[str]:
    """The filter names a kanaal does not offer (an unknown kanaal offers none)."""
    offered = KANAAL[kanaal].filters if kanaal in KANAAL else ()
    return sorted(f for f in filters if f not in offered)


def past(notificatie: Notificatie, kanalen: list[dict[str, Any]]) -> bool:
    """Whether a subscription's kanalen (``[{naam, filters}]``) ask for the notification: one
    entry of its kanaal whose every filter equals the kenmerk of the same name."""
    for entry in kanalen:
        if entry.get("naam") != notificatie.kanaal:
            continue
        filters: dict[str, str] = entry.get("filters") or {}
        if all(notificatie.kenmerken.get(k) == v for k, v in filters.items()):
            return True
    return False
