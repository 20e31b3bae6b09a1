"""SQL over the delivery facts: the starts and stops that still apply, and the periods a
toewijzing is "in zorg".

- A start or stop the provider withdrew (``leveringsmeldingen_verwijderd``) does not apply,
  whether the withdrawal was projected before or after it. (A start withdrawn and then sent
  again with the very same date stays withdrawn: the facts carry no order to tell.)
- A toewijzing is in zorg from its first start to its last stop when no start follows that
  stop: a temporary stop followed by a restart does not end the period. When a follow-up
  toewijzing (``toewijzingen.vorige_toewijzing_id``) started, the care continues in it: the
  period ends on that start, and its end is no uitstroom.
- A ``vervolg`` start (a restart, or the start of a follow-up) is no new start of support.

Every fragment is a constant; the queries stay idempotent because they are computed from
facts keyed by their own id, never from the order they came in.
"""

from __future__ import annotations

STARTS = (
    "SELECT s.* FROM leveringen_gestart s WHERE NOT EXISTS (SELECT 1 "
    "FROM leveringsmeldingen_verwijderd v WHERE v.toewijzing_id = s.toewijzing_id "
    "AND v.soort = 'start' AND v.datum = s.startdatum)")

STOPS = (
    "SELECT s.* FROM leveringen_gestopt s WHERE NOT EXISTS (SELECT 1 "
    "FROM leveringsmeldingen_verwijderd v WHERE v.toewijzing_id = s.toewijzing_id "
    "AND v.soort = 'stop' AND v.datum = s.stopdatum "
    "AND v.reden_beeindiging = s.reden_beeindiging)")

# new starts of support: the wait and the instroom count these
NIEUWE_STARTS = f"SELECT * FROM ({STARTS}) n WHERE NOT n.vervolg"

# zorg(toewijzing_id, client_id, product_code, productcategorie, aanbieder, van, tot,
#      uitstroom, reden): one row per started toewijzing; ``tot`` NULL while it runs
ZORG = (
    f"zorg AS (SELECT s.toewijzing_id, s.client_id, s.product_code, s.productcategorie, "
    f"s.aanbieder, s.van, CASE WHEN f.start IS NOT NULL THEN f.start "
    f"WHEN e.stop >= s.laatste THEN e.stop END AS tot, "
    f"coalesce(f.start IS NULL AND e.stop >= s.laatste, false) AS uitstroom, "
    f"CASE WHEN f.start IS NULL AND e.stop >= s.laatste THEN e.reden END AS reden "
    f"FROM (SELECT toewijzing_id, min(client_id) AS client_id, "
    f"min(product_code) AS product_code, min(productcategorie) AS productcategorie, "
    f"min(aanbieder) AS aanbieder, min(startdatum) AS van, max(startdatum) AS laatste "
    f"FROM ({STARTS}) a GROUP BY 1) s "
    f"LEFT JOIN (SELECT toewijzing_id, max(stopdatum) AS stop, "
    f"(array_agg(reden_beeindiging ORDER BY stopdatum DESC, reden_beeindiging = '20', "
    f"reden_beeindiging))[1] AS reden "
    f"FROM ({STOPS}) b WHERE gestart GROUP BY 1) e ON e.toewijzing_id = s.toewijzing_id "
    f"LEFT JOIN (SELECT t.vorige_toewijzing_id AS toewijzing_id, min(c.startdatum) AS start "
    f"FROM toewijzingen t JOIN ({STARTS}) c ON c.toewijzing_id = t.toewijzing_id "
    f"WHERE t.vorige_toewijzing_id IS NOT NULL GROUP BY 1) f "
    f"ON f.toewijzing_id = s.toewijzing_id)")
