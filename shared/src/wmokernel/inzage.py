"""The resident's right of access (AVG art. 15), the part every service has: everything the
service holds on one pseudonymous client, grouped per record type, with the service's
processing log of that client (who, when, what, why).

Toegang gathers it for the gemeente's privacy officer: it calls ``GET /inzage/{clientId}`` of
each service with a service token (role ``systeem``, scope ``inzage:verzamelen``) and merges the
answers into one export. Each answer is itself a processing of the client's data and is
audit-logged as one, with the inzageverzoek it serves.

What a service exports is derived from its table metadata (:func:`bronnen`): every table with a
``client_id`` column, and every table that reaches one through a foreign key (a beschikking
through its aanvraag), so a table added later is exported without anyone remembering to. A
service adds links its schema does not declare (``koppelingen``), leaves out columns that are
secrets rather than personal data, and adds queries of its own (``extra``).
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query
from pydantic import Field
from pydantic.alias_generators import to_camel
from sqlalchemy.ext.asyncio import AsyncSession

from .auth import Principal, Role, issue_dev_token
from .dependencies import Authenticated, UnitOfWorkDep
from .logboek import logboek_voor
from .problems import Forbidden
from .settings import KernelSettings
from .unit_of_work import UnitOfWork
from .wire.apimodel import CamelModel

SCOPE_INZAGE = "inzage:verzamelen"
CLIENT_ID_PATTERN = r"^p-[0-9a-f]{32}$"
KERNEL_TABELLEN = frozenset({"outbox", "processed_events", "audit_log", "idempotency_keys"})
DOEL = "inzageverzoek (AVG art. 15)"

ClientQuery = Callable[[str], "sa.Select[Any]"]


@dataclass(frozen=True)
class Bron:
    """One record type of the export: ``query`` selects the client's records of ``tabel``."""

    soort: str
    tabel: sa.Table
    query: ClientQuery


def mag_verzamelen(principal: Principal) -> bool:
    """Only a system with the dedicated scope (toegang, for the privacy officer)."""
    return Role.SYSTEEM in principal.roles and SCOPE_INZAGE in principal.scopes


def bronnen(metadata: sa.MetaData, *, clientkolommen: Mapping[str, str] | None = None,
            koppelingen: Mapping[str, tuple[str, str, str]] | None = None,
            overslaan: Iterable[str] = (), weglaten: Mapping[str, Iterable[str]] | None = None,
            extra: Sequence[Bron] = ()) -> list[Bron]:
    """The record types of a service: every table with a ``client_id`` column, and every table
    linked to one by a single-column foreign key or by ``koppelingen`` (table → (column,
    parent table, parent column), for links the schema does not declare), in the metadata's
    order (parents first). ``clientkolommen`` names tables whose client id column has another
    name (the registry's ``id``). The kernel's own tables and ``overslaan`` are left out (the audit
    log is exported as the processing log); ``weglaten`` names columns never exported (per
    table); ``extra`` are queries of the service's own, added after."""
    skip = KERNEL_TABELLEN | set(overslaan)
    links = dict(koppelingen or {})
    hidden = {name: frozenset(cols) for name, cols in (weglaten or {}).items()}
    filters: dict[str, Callable[[str], sa.ColumnElement[bool]]] = {}
    tables = [t for t in metadata.sorted_tables if t.name not in skip]
    own = dict(clientkolommen or {})
    for t in tables:
        column = own.get(t.name, "client_id")
        if column in t.c:
            filters[t.name] = _direct(t.c[column])
    changed = True
    while changed:
        changed = False
        for t in tables:
            if t.name in filters:
                continue
            for column, parent, parent_column in _parents(t, links):
                if parent.name in filters and parent.name != t.name:
                    filters[t.name] = _via(t.c[column], parent, parent_column,
                                           filters[parent.name])
                    changed = True
                    break
    found = [Bron(_soort(t.name), t, _select(t, filters[t.name], hidden.get(t.name, frozenset())))
             for t in tables if t.name in filters]
    return [*found, *extra]


def _direct(column: sa.Column[Any]) -> Callable[[str], sa.ColumnElement[bool]]:
    def where(client_id: str) -> sa.ColumnElement[bool]:
        return column == client_id
    return where


def _via(column: sa.Column[Any], parent: sa.Table, parent_column: str,
         parent_filter: Callable[[str], sa.ColumnElement[bool]]
         ) -> Callable[[str], sa.ColumnElement[bool]]:
    def where(client_id: str) -> sa.ColumnElement[bool]:
        return column.in_(sa.select(parent.c[parent_column]).where(parent_filter(client_id)))
    return where


def _parents(t: sa.Table, links: Mapping[str, tuple[str, str, str]]
             ) -> list[tuple[str, sa.Table, str]]:
    """(own column, parent table, parent column) of each single-column link of ``t``."""
    out = []
    for fk in t.foreign_key_constraints:
        if len(fk.columns) == 1:
            element = fk.elements[0]
            out.append((element.parent.name, element.column.table, element.column.name))
    if t.name in links:
        column, parent, parent_column = links[t.name]
        out.append((column, t.metadata.tables[parent], parent_column))
    return out


def _select(t: sa.Table, where: Callable[[str], sa.ColumnElement[bool]],
            hidden: frozenset[str]) -> ClientQuery:
    columns = [c for c in t.c if c.name not in hidden]

    def query(client_id: str) -> sa.Select[Any]:
        return sa.select(*columns).where(where(client_id)).order_by(*t.primary_key.columns)
    return query


def _soort(table_name: str) -> str:
    return to_camel(table_name)


def waarde(value: Any) -> Any:
    """A database value as JSON: dates ISO, ids as text, JSON held as bytes as JSON."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        try:
            return json.loads(raw)
        except ValueError:
            return base64.b64encode(raw).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): waarde(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [waarde(v) for v in value]
    return str(value)  # ranges and other database types, as PostgreSQL writes them


async def verzamel(session: AsyncSession, bronnen_: Sequence[Bron], client_id: str
                   ) -> dict[str, list[dict[str, Any]]]:
    """The client's records per record type (types without records left out)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for bron in bronnen_:
        rows = (await session.execute(bron.query(client_id))).mappings().all()
        if rows:
            out.setdefault(bron.soort, []).extend(
                {to_camel(str(k)): waarde(v) for k, v in row.items()} for row in rows)
    return out


class Verwerking(CamelModel):
    """One processing of the client's data, from the service's logboek dataverwerkingen."""

    tijdstip: datetime
    actor: str = Field(description="who processed it (a person's or a system's subject)")
    rollen: list[str]
    handeling: str = Field(description="create, read, update, geweigerd, ...")
    soort: str = Field(description="the kind of record processed")
    object_id: str = Field(description="the record processed")
    doel: str = Field(description="why")
    activiteit: str | None = Field(default=None, description="the processing activity in the "
                                                             "register (AVG art. 30)")
    grondslag: str | None = Field(default=None, description="the legal basis it rested on")
    trace_id: str | None = Field(default=None, description="links it to the processing in "
                                                           "other services")


async def verwerkingen(session: AsyncSession, client_id: str) -> list[Verwerking]:
    """The processing log of one client, oldest first."""
    return [Verwerking(tijdstip=r["at"], actor=r["actor"],
                       rollen=[x for x in r["roles"].split(",") if x], handeling=r["action"],
                       soort=r["resource_type"], object_id=r["resource_id"],
                       doel=r["purpose"], activiteit=r.get("activity"),
                       grondslag=r.get("grondslag"), trace_id=r.get("trace_id"))
            for r in await logboek_voor(session, client_id)]


class InzageDienst(CamelModel):
    """What one service holds on one client."""

    dienst: str
    client_id: str
    verzoek_id: uuid.UUID
    verzameld_op: datetime
    gegevens: dict[str, list[dict[str, Any]]] = Field(
        description="the client's records per record type (camelCase table name); types "
                    "without records are left out")
    verwerkingen: list[Verwerking] = Field(
        description="every processing of the client's data this service logged")


async def inzage(uow: UnitOfWork, principal: Principal, bronnen_: Sequence[Bron],
                 client_id: str, verzoek_id: uuid.UUID, nu: datetime) -> InzageDienst:
    """The service's part of an inzageverzoek; refused (403, audit-logged) without the scope."""
    doel = f"{DOEL}, verzoek {verzoek_id}"
    if not mag_verzamelen(principal):
        uow.audit_refusal(principal, "inzage", str(verzoek_id), client_id, doel)
        raise Forbidden(f"an inzage needs the role systeem and the scope {SCOPE_INZAGE}")
    gegevens = await verzamel(uow.session, bronnen_, client_id)
    log = await verwerkingen(uow.session, client_id)
    await uow.audit(principal, action="read", resource_type="inzage",
                    resource_id=str(verzoek_id), client_id=client_id, purpose=doel)
    return InzageDienst(dienst=uow.settings.service_name, client_id=client_id,
                        verzoek_id=verzoek_id, verzameld_op=nu, gegevens=gegevens,
                        verwerkingen=log)


def inzage_router(bronnen_: Sequence[Bron]) -> APIRouter:
    """``GET /inzage/{clientId}`` over the service's record types."""
    router = APIRouter(tags=["inzage"])

    @router.get("/inzage/{client_id}", response_model=InzageDienst,
                summary="Everything this service holds on one client (AVG art. 15)")
    async def get_inzage(
        client_id: Annotated[str, Path(pattern=CLIENT_ID_PATTERN,
                                       description="pseudonymous client id")],
        verzoek: Annotated[uuid.UUID, Query(description="the inzageverzoek this serves, "
                                                        "for the audit log")],
        uow: UnitOfWorkDep, principal: Authenticated,
    ) -> InzageDienst:
        """For toegang's gathering of an inzageverzoek: needs the role `systeem` and the
        scope `inzage:verzamelen`. Every record this service holds on the client, per record
        type, and every processing of the client's data it logged. The answer is itself
        audit-logged, with the verzoek."""
        return await inzage(uow, principal, bronnen_, client_id, verzoek,
                            datetime.now(UTC))

    return router


class DienstToken:
    """Development: a service token for the gathering call, signed with the shared HS256
    secret and renewed in time; production plugs in a client-credentials source."""

    def __init__(self, settings: KernelSettings, ttl_s: int = 3600) -> None:
        self._settings = settings
        self._ttl = ttl_s
        self._token: str | None = None
        self._expires = 0.0

    async def token(self) -> str:
        if self._token is None or time.monotonic() > self._expires - 300:
            self._token = issue_dev_token(self._settings, self._settings.service_name,
                                          [Role.SYSTEEM], scopes=[SCOPE_INZAGE],
                                          ttl_s=self._ttl)
            self._expires = time.monotonic() + self._ttl
        return self._token
