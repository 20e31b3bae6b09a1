"""Subscriptions: owned by the caller (subject and gemeente); others see 404."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from wmokernel.auth import Principal
from wmokernel.paging import PageRequest
from wmokernel.problems import Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.aflevering import nieuw_secret
from ..domain.callback import callback_fout
from ..domain.kanalen import KANAAL, onbekende_filters
from ..domain.reikwijdte import GeenGemeente, reikwijdte
from ..models import Abonnement
from ..repository import abonnementen as repo
from ..schemas import AbonnementIn


def _check(uow: UnitOfWork, data: AbonnementIn) -> None:
    fout = callback_fout(data.callback_url,
                         require_https=uow.settings.notificaties_require_https)
    if fout is not None:
        raise Unprocessable(fout)
    for entry in data.kanalen:
        if entry.naam not in KANAAL:
            raise Unprocessable(f"kanalen: unknown kanaal {entry.naam!r}; see GET /kanalen")
        unknown = onbekende_filters(entry.naam, entry.filters)
        if unknown:
            raise Unprocessable(
                f"kanalen: kanaal {entry.naam!r} offers no filter {', '.join(unknown)}; it "
                f"offers {', '.join(KANAAL[entry.naam].filters)}")


async def create(uow: UnitOfWork, principal: Principal, data: AbonnementIn
                 ) -> tuple[Abonnement, str]:
    """The new subscription and its secret (the only time the secret leaves the service)."""
    try:
        gemeente = reikwijdte(principal.roles, principal.gemeente,
                              uow.settings.notificaties_eigen_gemeente)
    except GeenGemeente as exc:
        raise Forbidden(str(exc)) from exc
    _check(uow, data)
    secret = nieuw_secret()
    now = datetime.now(UTC)
    abonnement = Abonnement(
        id=uuid.uuid4(), callback_url=data.callback_url, auth=data.auth, secret=secret,
        kanalen=[k.model_dump() for k in data.kanalen], eigenaar=principal.subject,
        eigenaar_gemeente=principal.gemeente, reikwijdte_gemeente=gemeente,
        aangemaakt_op=now, gewijzigd_op=now)
    await repo.add(uow.session, abonnement)
    return abonnement, secret


async def read(uow: UnitOfWork, principal: Principal, abonnement_id: uuid.UUID, *,
               for_update: bool = False) -> Abonnement:
    abonnement = await repo.get_owned(uow.session, abonnement_id, principal.subject,
                                      principal.gemeente, for_update=for_update)
    if abonnement is None:
        raise NotFound(f"abonnement {abonnement_id}")
    return abonnement


async def list_owned(uow: UnitOfWork, principal: Principal, page: PageRequest
                     ) -> tuple[list[Abonnement], int]:
    return await repo.page_owned(uow.session, principal.subject, principal.gemeente, page)


async def replace(uow: UnitOfWork, principal: Principal, abonnement_id: uuid.UUID,
                  data: AbonnementIn) -> Abonnement:
    """New callback, auth and kanalen; the secret and the confinement stay."""
    abonnement = await read(uow, principal, abonnement_id, for_update=True)
    _check(uow, data)
    abonnement.callback_url = data.callback_url
    abonnement.auth = data.auth
    abonnement.kanalen = [k.model_dump() for k in data.kanalen]
    abonnement.gewijzigd_op = datetime.now(UTC)
    await uow.session.flush()
    return abonnement


async def delete(uow: UnitOfWork, principal: Principal, abonnement_id: uuid.UUID) -> None:
    """Its pending deliveries go with it."""
    await repo.delete(uow.session, await read(uow, principal, abonnement_id, for_update=True))
