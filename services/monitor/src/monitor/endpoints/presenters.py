"""How the monitor's answers are presented: JSON or, on ``Accept: text/csv``, CSV; the KPI
definitions as the API shows them."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ..domain.kpis import KPIS
from ..schemas import KpiDefinitie

CSV = "text/csv"
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {CSV: {"schema": {"type": "string"}}},
          "description": "JSON, or CSV when the Accept header asks for text/csv"}}


def wants_csv(request: Request) -> bool:
    return CSV in request.headers.get("accept", "")


def csv_response(rows: list[dict[str, Any]], columns: list[str], filename: str) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return Response(buf.getvalue(), media_type=f"{CSV}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def definitie(kpi_id: str) -> KpiDefinitie:
    k = KPIS[kpi_id]
    return KpiDefinitie(id=k.id, titel=k.titel, omschrijving=k.omschrijving, thema=k.thema,
                        eenheid=k.eenheid, norm=k.norm, bron=k.bron, dimensies=sorted(k.dimensies))
