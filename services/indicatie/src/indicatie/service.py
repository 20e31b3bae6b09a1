"""Entry point of the event consumer (kept for callers of ``indicatie.service``)."""

from __future__ import annotations

from .aanvragen import on_toegang_event, open_aanvraag_from_verwijzing

__all__ = ["on_toegang_event", "open_aanvraag_from_verwijzing"]
