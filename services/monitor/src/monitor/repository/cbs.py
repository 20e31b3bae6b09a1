"""CBS Gemeentelijke Monitor Sociaal Domein style export: one row per person × productcategorie
× leveringsvorm with start, end and reden beëindiging. Person-level, pseudonymous client id only;
served to role ``cbs-export`` alone."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from .leveringen_sql import ZORG
from .reference_sql import SQL_BW_VORMEN

_SQL = f"""
WITH {ZORG}, voorz AS (
  SELECT bp.client_id, bp.productcategorie, bp.leveringsvorm,
         coalesce(z.van, bp.ingangsdatum) AS begindatum,
         coalesce(z.tot, bp.einddatum) AS einddatum, z.reden
  FROM beschikte_producten bp
  LEFT JOIN toewijzingen t ON t.beschikt_product_id = bp.beschikt_product_id
  LEFT JOIN zorg z ON z.toewijzing_id = t.toewijzing_id
  UNION ALL
  SELECT o.client_id, CASE WHEN o.vorm IN {SQL_BW_VORMEN} THEN '15' ELSE '16' END, 'zin',
         o.opgenomen_op, u.uitgestroomd_op, NULL
  FROM opvang_opnames o LEFT JOIN opvang_uitstroom u ON u.plaatsing_id = o.plaatsing_id)
SELECT client_id, productcategorie, leveringsvorm, min(begindatum) AS begindatum,
       CASE WHEN bool_or(einddatum IS NULL) THEN NULL ELSE max(einddatum) END AS einddatum,
       (array_agg(reden ORDER BY einddatum DESC NULLS LAST, reden))[1] AS reden
FROM voorz WHERE begindatum <= :e AND (einddatum IS NULL OR einddatum >= :b)
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""


async def cbs_rows(session: AsyncSession, jaar: int) -> list[dict[str, Any]]:
    rows = await session.execute(sa.text(_SQL), {"b": date(jaar, 1, 1), "e": date(jaar, 12, 31)})
    return [{"clientId": r.client_id, "productcategorie": r.productcategorie,
             "leveringsvorm": r.leveringsvorm, "begindatum": r.begindatum.isoformat(),
             "einddatum": None if r.einddatum is None else r.einddatum.isoformat(),
             "redenBeeindiging": r.reden} for r in rows]
