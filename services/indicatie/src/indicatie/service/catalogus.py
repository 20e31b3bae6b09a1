"""The product catalogue as it stands on a date."""

from __future__ import annotations

from datetime import date

from wmokernel.unit_of_work import UnitOfWork

from ..domain.catalogus import Abonnementstarief, ProductVersie, op_datum
from ..repository.catalogus import abonnementstarieven, catalogus_op

Productregel = tuple[ProductVersie, int | None, list[tuple[str, str]], dict[str, str]]


async def catalogus(uow: UnitOfWork, d: date) -> tuple[list[Productregel],
                                                       Abonnementstarief | None]:
    """Every product valid on ``d`` (tariff, contracted providers, the accountable provider
    per wijk) and the abonnementstarief of that date."""
    rows = await catalogus_op(uow.session, d)
    return rows, op_datum(await abonnementstarieven(uow.session), d)
