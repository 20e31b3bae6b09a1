"""The monitor's HTTP endpoints: the API's routers (in the order the API lists them) and its
tags; the public dashboard's router is mounted beside the API, outside ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    budgetten,
    dashboard,
    exports,
    inzage,
    kpis,
    rapportages,
    termijnen_bezwaar,
    termijnen_dwangsom,
    termijnen_herbeoordeling,
    termijnen_klachten,
)

ROUTERS: list[APIRouter] = [kpis.router, rapportages.router, budgetten.router, exports.router,
                            dashboard.api_router, termijnen_dwangsom.router,
                            termijnen_klachten.router, termijnen_bezwaar.router,
                            termijnen_herbeoordeling.router, inzage.router]
TAGS = [{"name": "kpis", "description": "Figures against norms"},
        {"name": "inzage",
         "description": "A resident's inzageverzoek (AVG art. 15), for toegang"}]
