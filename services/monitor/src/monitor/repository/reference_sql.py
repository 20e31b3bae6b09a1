"""The SQL twins of the reference data in ``domain/reference.py``: CASE expressions and IN
lists built from its constants only (never from user input)."""

from __future__ import annotations

from ..domain.reference import BUURTTEAM_KANALEN, BW_VORMEN, MO_VORMEN, VOORZIENINGEN


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def voorziening_sql(code: str = "product_code", cat: str = "productcategorie") -> str:
    """The SQL twin of :func:`voorziening` (constants only, no user input)."""
    whens = [f"WHEN {code} IN {_in(codes)} THEN '{naam}'" for naam, codes, _ in VOORZIENINGEN
             if codes]
    whens += [f"WHEN {cat} IN {_in(cats)} THEN '{naam}'" for naam, _, cats in VOORZIENINGEN
              if cats]
    return f"(CASE {' '.join(whens)} ELSE 'Overig (' || {cat} || ')' END)"


def bw_soort_sql(vorm: str = "vorm", boven: str = "bovenregionaal") -> str:
    return (f"(CASE WHEN {vorm} = 'beschermd-thuis' THEN 'Beschermd Thuis' "
            f"WHEN {vorm} = 'beschermd-verblijf' AND coalesce({boven}, false) "
            f"THEN 'Beschermd Wonen bovenregionaal' "
            f"WHEN {vorm} = 'beschermd-verblijf' THEN 'Beschermd Verblijf' "
            f"WHEN {vorm} = 'living-lab' THEN 'Living Lab' ELSE {vorm} END)")


SQL_BUURTTEAM_KANALEN = _in(BUURTTEAM_KANALEN)
SQL_BW_VORMEN = _in(BW_VORMEN)
SQL_MO_VORMEN = _in(MO_VORMEN)
