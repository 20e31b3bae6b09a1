"""``GET /inzage/{clientId}``: everything opvang holds on one client and its processing log,
for toegang's gathering of an inzageverzoek (AVG art. 15)."""

from __future__ import annotations

from wmokernel.inzage import inzage_router

from ..repository.persoonsgegevens import BRONNEN

router = inzage_router(BRONNEN)
