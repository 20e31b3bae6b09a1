"""The monitor's HTTP endpoints: the API's routers (in the order the API lists them) and its
tags; the public dashboard's router is mounted beside the API, outside ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from . import budgetten, dashboard, exports, kpis, rapportages

ROUTERS: list[APIRouter] = [kpis.router, rapportages.router, budgetten.router, exports.router,
                            dashboard.api_router]
TAGS = [{"name": "kpis", "description": "Figures against norms"}]
