"""indicatie's HTTP API: one module per resource. ``ROUTERS`` in the order of the OpenAPI
document, ``TAGS`` with their descriptions."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    aanvragen,
    berichten,
    beroepen,
    beschikkingen,
    betaalbatches,
    bezwaren,
    cak_meldingen,
    herbeoordelingen,
    hulpmiddelen,
    ingebrekestellingen,
    inzage,
    klachten,
    producten,
    toewijzingen,
    verzoeken,
    wachtrij,
)

TAGS = [
    {"name": "producten", "description": "The product catalogue, versioned by date"},
    {"name": "aanvragen", "description": "Aanvragen, their decision term and beschikkingen"},
    {"name": "beschikkingen", "description": "Beschikkingen, eenvoudig maatwerk, documents"},
    {"name": "toewijzingen", "description": "Toewijzingen to providers, start, change, stop"},
    {"name": "bezwaren", "description": "Bezwaren against beschikkingen"},
    {"name": "beroepen", "description": "Beroep at the rechtbank against a besluit op bezwaar"},
    {"name": "ingebrekestellingen",
     "description": "Ingebrekestelling and dwangsom bij niet tijdig beslissen (Awb 4:17)"},
    {"name": "klachten", "description": "Klachten (Awb chapter 9) and their handling term"},
    {"name": "herbeoordelingen",
     "description": "Periodic review of running care: the worklist and the decision"},
    {"name": "wlz-overgangen",
     "description": "The step to the Wlz: signal, CIZ aanvraag, outcome, Wmo care ended"},
    {"name": "cak-meldingen", "description": "Notifications to the CAK for the eigen bijdrage"},
    {"name": "berichten", "description": "iWmo 3.2 messages: a mailbox per provider"},
    {"name": "verzoeken", "description": "iWmo verzoeken om toewijzing and om wijziging"},
    {"name": "hulpmiddelen", "description": "The depot of aids: issue, return, herverstrekking"},
    {"name": "betaalbatches", "description": "Paying approved declaraties: SEPA batches"},
    {"name": "inzage", "description": "A resident's inzageverzoek (AVG art. 15), for toegang"},
]

ROUTERS: list[APIRouter] = [
    producten.router, aanvragen.router, beschikkingen.router, toewijzingen.router,
    bezwaren.router, beroepen.router, ingebrekestellingen.router, cak_meldingen.router,
    berichten.router, verzoeken.router,
    betaalbatches.router,
    wachtrij.router,
    hulpmiddelen.router,
    klachten.router,
    herbeoordelingen.router,
    inzage.router,
]
