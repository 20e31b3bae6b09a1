"""Reference data: the U16 region for which Utrecht is centrumgemeente (CBS codes)."""

from wmokernel.regio import CENTRUMGEMEENTE, U16_GEMEENTEN

__all__ = ["CENTRUMGEMEENTE", "U16_GEMEENTEN"]
