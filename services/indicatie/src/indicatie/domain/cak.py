"""The CAK export: every provision with an eigen bijdrage is reported within 1 month of the
beschikking (PGB 4 months; the term is in ``termijnen``), as a semicolon-separated file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

CSV_COLUMNS = ("id", "client_id", "beschikking_id", "product_code", "productcategorie",
               "leveringsvorm", "volume", "eenheid", "frequentie", "ingangsdatum", "einddatum",
               "eigen_bijdrage_cents", "melden_uiterlijk", "status", "gemeld_op")


def as_csv(rows: Iterable[object]) -> str:
    """The outgoing export of CAK notifications (objects with the ``CSV_COLUMNS`` as
    attributes; semicolon-separated, the Dutch spreadsheet default)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(["" if getattr(r, c) is None else str(getattr(r, c))
                         for c in CSV_COLUMNS])
    return out.getvalue()
