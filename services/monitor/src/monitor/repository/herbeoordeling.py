"""The SQL of the herbeoordeling and Wlz figures (``service/herbeoordeling.py`` says what they
count)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

# A review belongs to the year of its herbeoordeling date (the earliest any fact names: the
# scan follows the running toewijzing, whose date may move). Decided reviews count by their
# decision; the others by how they closed, or as still open.
_HERBEOORDELINGEN = sa.text("""
    WITH h AS (
        SELECT herbeoordeling_id, min(herbeoordeling_op) AS op FROM (
            SELECT herbeoordeling_id, herbeoordeling_op FROM herbeoordeling_signalen
            UNION ALL SELECT herbeoordeling_id, herbeoordeling_op FROM herbeoordeling_besluiten
            UNION ALL SELECT herbeoordeling_id, herbeoordeling_op
                      FROM herbeoordeling_afsluitingen) x
        GROUP BY herbeoordeling_id)
    SELECT count(*) AS te_beoordelen,
           count(b.herbeoordeling_id) AS besloten,
           count(*) FILTER (WHERE b.tijdig) AS op_tijd,
           count(*) FILTER (WHERE NOT b.tijdig) AS te_laat,
           count(*) FILTER (WHERE b.besluit = 'voortzetten') AS voortgezet,
           count(*) FILTER (WHERE b.besluit = 'beeindigen') AS beeindigd,
           count(*) FILTER (WHERE b.herbeoordeling_id IS NULL AND a.soort = 'verlopen')
               AS verlopen,
           count(*) FILTER (WHERE b.herbeoordeling_id IS NULL AND a.soort = 'vervallen')
               AS vervallen,
           count(*) FILTER (WHERE b.herbeoordeling_id IS NULL AND a.herbeoordeling_id IS NULL)
               AS open,
           count(*) FILTER (WHERE b.herbeoordeling_id IS NULL AND a.herbeoordeling_id IS NULL
                            AND h.op < :peildatum) AS open_achterstallig
    FROM h LEFT JOIN herbeoordeling_besluiten b USING (herbeoordeling_id)
           LEFT JOIN herbeoordeling_afsluitingen a USING (herbeoordeling_id)
    WHERE h.op BETWEEN :begin AND :eind""")

_WLZ = sa.text("""
    SELECT (SELECT count(*) FROM wlz_signalen
            WHERE gesignaleerd_op BETWEEN :begin AND :eind) AS signalen,
           (SELECT count(*) FROM wlz_signalen WHERE reden = 'permanent-toezicht'
            AND gesignaleerd_op BETWEEN :begin AND :eind) AS permanent_toezicht,
           (SELECT count(*) FROM wlz_signalen WHERE reden = '24-uurs-zorg-in-de-nabijheid'
            AND gesignaleerd_op BETWEEN :begin AND :eind) AS zorg_in_de_nabijheid,
           (SELECT count(*) FROM wlz_aanvragen
            WHERE aangevraagd_op BETWEEN :begin AND :eind) AS ciz_aanvragen,
           count(*) AS besloten,
           count(*) FILTER (WHERE besluit = 'toegekend') AS toegekend,
           count(*) FILTER (WHERE besluit = 'afgewezen') AS afgewezen,
           count(*) FILTER (WHERE besluit = 'toegekend' AND aansluitend) AS aansluitend,
           count(*) FILTER (WHERE besluit = 'toegekend' AND aansluitend IS NOT TRUE)
               AS niet_aansluitend
    FROM wlz_besluiten WHERE besloten_op BETWEEN :begin AND :eind""")


def _jaar(jaar: int) -> dict[str, date]:
    return {"begin": date(jaar, 1, 1), "eind": date(jaar, 12, 31)}


async def herbeoordelingen(session: AsyncSession, jaar: int, peildatum: date
                           ) -> dict[str, int]:
    row = (await session.execute(_HERBEOORDELINGEN,
                                 {**_jaar(jaar), "peildatum": peildatum})).mappings().one()
    return {k: int(v) for k, v in row.items()}


async def wlz(session: AsyncSession, jaar: int) -> dict[str, int]:
    row = (await session.execute(_WLZ, _jaar(jaar))).mappings().one()
    return {k: int(v) for k, v in row.items()}
