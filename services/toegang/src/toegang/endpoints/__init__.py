"""The HTTP API of toegang: the routers app.py mounts, in this order, and their tags."""

from __future__ import annotations

from fastapi import APIRouter

from . import clienten, inzageverzoeken, meldingen, onderzoek, termijnscans

ROUTERS: list[APIRouter] = [meldingen.router, termijnscans.router, onderzoek.router,
                            clienten.router, inzageverzoeken.router]
TAGS: list[dict[str, str]] = [
    {"name": "meldingen", "description": "Meldingen, first contact, outcomes"},
    {"name": "onderzoek", "description": "The onderzoek of Wmo 2015 art. 2.3.2"},
    {"name": "clienten", "description": "Client and consent registry"},
    {"name": "inzage", "description": "A resident's inzageverzoek (AVG art. 15)"},
    {"name": "beheer", "description": "Operations: deadline scans"},
]
