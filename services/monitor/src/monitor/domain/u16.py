"""The U16 municipalities (CBS code → name) for which Utrecht is centrumgemeente for opvang
and beschermd wonen (``../shared/domain/DOMAIN.md`` §5). The list is the kernel's
(``wmokernel.regio``); the opvang events name a resident's municipality by this code."""

from __future__ import annotations

from wmokernel.regio import U16_GEMEENTEN

ALLE = "alle"  # the dashboard's choice for the whole region, no municipality


def gemeente_naam(code: str) -> str:
    return U16_GEMEENTEN[code]
