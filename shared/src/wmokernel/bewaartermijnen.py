"""Retention: every kind of record a service keeps on a client has a term (a
:class:`Bewaarregel`); a daily job destroys what has passed it, or anonymises it where the
record must stay for the figures (the monitor), and logs what it did as counts, never contents.

The terms' defaults and their sources are in ``wmokernel.normen``; an installation overrides
one per record type with ``WMO_BEWAARTERMIJNEN`` (JSON, record type → ISO 8601 duration, e.g.
``{"meldingen": "P20Y"}``).

Destroying (:attr:`Actie.VERNIETIGEN`): a record whose term has passed goes with its parts
(``onderdelen``: rows that only exist as part of it, e.g. a melding's onderzoek and
verwijzingen). A record another record still points to (a foreign key from outside its parts)
stays until that one has gone: an aanvraag stays while its beschikking is kept. A record whose
start date is NULL is still running and never expires. Rules run children first, so a
dossier whose records all expired goes in one round.

Anonymising (:attr:`Actie.ANONIMISEREN`) works per client over all the service's
anonymising rules at once: once none of a client's records is within its term, the client id
is replaced in every one of them by one random placeholder, the same for the client's rows and
kept nowhere. Counts per client and links between the rows stay exactly as they were, while
the placeholder leads back to no one.

The logboek dataverwerkingen (the audit log, ``wmokernel.logboek``) is a record type of
every service, ``logboek``: its rows go the same 15 years after they were written, through the
one way the logboek allows (:func:`~wmokernel.logboek.purge_logboek`). No statute names a term
for it; a resident may ask who processed their data as long as the data may be kept, so the
Wmo's term is the conservative choice.

Each round writes one audit record per record type it touched: action ``vernietiging`` or
``anonimisering``, the record type, the number of records as the resource id, the term and
its source as the purpose.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import structlog

from .auth import Principal, Role
from .logboek import purge_logboek
from .normen import BEWAARTERMIJN_WMO_JAREN

if TYPE_CHECKING:
    from .runtime import Job
    from .settings import KernelSettings
    from .unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)

BATCH = 1000
ANONIEM_PREFIX = "anoniem-"
LOGBOEK = "logboek"
LOGBOEK_BRON = "Wmo 2015 art. 5.3.4, the term of the data it concerns (no own term confirmed)"
_DUUR = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Termijn:
    """A retention term in years, months, weeks and days (ISO 8601 ``PnYnMnWnD``)."""

    jaren: int = 0
    maanden: int = 0
    weken: int = 0
    dagen: int = 0

    @classmethod
    def parse(cls, text: str) -> Termijn:
        m = _DUUR.match(text.strip().upper())
        if m is None:
            raise ValueError(f"{text!r} is no ISO 8601 duration like P15Y, P6W or P1Y6M")
        jaren, maanden, weken, dagen = (int(g) if g else 0 for g in m.groups())
        return cls(jaren, maanden, weken, dagen)

    def __str__(self) -> str:
        parts = [(self.jaren, "Y"), (self.maanden, "M"), (self.weken, "W"), (self.dagen, "D")]
        return "P" + ("".join(f"{n}{u}" for n, u in parts if n) or "0D")

    def grens(self, vandaag: date) -> date:
        """The earliest start still within the term on ``vandaag``: a record that started on
        this day or later is kept, one that started before it has expired (its term's last day,
        start + term, lies before ``vandaag``). A day the month lacks becomes its last day."""
        months = vandaag.year * 12 + vandaag.month - 1 - (self.jaren * 12 + self.maanden)
        year, month = divmod(months, 12)
        month += 1
        day = min(vandaag.day, _days_in_month(year, month))
        return date(year, month, day) - timedelta(weeks=self.weken, days=self.dagen)


def _days_in_month(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


class Actie(StrEnum):
    VERNIETIGEN = "vernietigen"
    ANONIMISEREN = "anonimiseren"


_HANDELING = {Actie.VERNIETIGEN: "vernietiging", Actie.ANONIMISEREN: "anonimisering"}


@dataclass(frozen=True)
class Bewaarregel:
    """How long one kind of record is kept and what then happens to it.

    ``begin``: the day the term starts (a date or timestamp expression over ``tabel``, may
    use correlated subqueries); NULL while the record is still running. ``onderdelen``: tables
    whose rows exist only as part of the record, each with a foreign key to ``tabel`` or to an
    earlier onderdeel; they go with it. ``client``: the column holding the client id (what
    anonymising replaces). ``na``: record types whose round comes first though no foreign
    key says so (a read model kept while the records it serves are)."""

    soort: str
    tabel: sa.Table
    begin: sa.ColumnElement[Any]
    termijn: Termijn
    bron: str
    actie: Actie = Actie.VERNIETIGEN
    onderdelen: tuple[sa.Table, ...] = ()
    client: str = "client_id"
    na: tuple[str, ...] = ()
    _ouders: dict[str, tuple[str, sa.Table, str]] = field(default_factory=dict, compare=False,
                                                          repr=False)

    def __post_init__(self) -> None:
        if len(self.tabel.primary_key.columns) != 1 and self.actie is Actie.VERNIETIGEN:
            raise ValueError(f"{self.soort}: {self.tabel.name} needs a one-column primary key")
        if self.actie is Actie.ANONIMISEREN and self.client not in self.tabel.c:
            raise ValueError(f"{self.soort}: {self.tabel.name} has no column {self.client}")
        group = [self.tabel]
        for part in self.onderdelen:
            link = _link(part, group)
            if link is None:
                raise ValueError(f"{self.soort}: onderdeel {part.name} has no foreign key to "
                                 f"{' or '.join(t.name for t in group)}")
            self._ouders[part.name] = link
            group.append(part)

    @property
    def groep(self) -> tuple[sa.Table, ...]:
        return (self.tabel, *self.onderdelen)


def tabel(model: Any) -> sa.Table:
    """The table of a mapped class, typed as the Table it is."""
    table = model.__table__
    if not isinstance(table, sa.Table):
        raise TypeError(f"{model!r} is not mapped to a table")
    return table


def _link(part: sa.Table, group: Sequence[sa.Table]) -> tuple[str, sa.Table, str] | None:
    """(column of ``part``, parent, the parent's primary key) of its foreign key into
    ``group``, preferring the first table of the group."""
    for parent in group:
        pk = list(parent.primary_key.columns)
        for fk in part.foreign_key_constraints:
            element = fk.elements[0]
            if (len(fk.columns) == 1 and element.column.table is parent and len(pk) == 1
                    and element.column.name == pk[0].name):
                return element.parent.name, parent, pk[0].name
    return None


def termijnen(regels: Sequence[Bewaarregel], overrides: Mapping[str, str] | None = None
              ) -> dict[str, Termijn]:
    """The term of each record type: its default, or the installation's override. Raises
    ValueError for an override that is no duration; overrides of record types this service
    does not have are for other services and ignored."""
    out = {LOGBOEK: Termijn(jaren=BEWAARTERMIJN_WMO_JAREN), **{r.soort: r.termijn for r in regels}}
    for soort, text in (overrides or {}).items():
        parsed = Termijn.parse(text)
        if soort in out:
            out[soort] = parsed
    return out


def systeem(service_name: str) -> Principal:
    return Principal(subject=f"{service_name}/bewaartermijnen",
                     roles=frozenset({Role.SYSTEEM.value}))


async def pas_toe(uow: UnitOfWork, regels: Sequence[Bewaarregel], vandaag: date,
                  overrides: Mapping[str, str] | None = None) -> dict[str, int]:
    """One retention round on ``vandaag``: destroys and anonymises what has expired and logs
    the counts. Returns the number of records per record type (an onderdeel as
    ``soort/tabel``), only those with any."""
    terms = termijnen(regels, overrides)
    counts: dict[str, int] = {}
    for regel in _children_first(regels):
        if regel.actie is Actie.VERNIETIGEN:
            for key, n in (await _vernietig(uow, regel, terms[regel.soort].grens(vandaag))
                           ).items():
                counts[key] = counts.get(key, 0) + n
    anonymous = [r for r in regels if r.actie is Actie.ANONIMISEREN]
    if anonymous:
        for key, n in (await _anonimiseer(uow, anonymous, terms, vandaag)).items():
            counts[key] = counts.get(key, 0) + n
    # Before this round's own records are written: with a moved clock they would be older
    # than the cut-off themselves.
    cutoff = datetime.combine(terms[LOGBOEK].grens(vandaag), time(), tzinfo=UTC)
    counts[LOGBOEK] = await purge_logboek(uow.session, cutoff)
    counts = {k: n for k, n in counts.items() if n}
    principal = systeem(uow.settings.service_name)
    sources = {r.soort: (_HANDELING[r.actie], r.bron) for r in regels}
    sources[LOGBOEK] = ("vernietiging", LOGBOEK_BRON)
    for key, n in counts.items():
        soort = key.split("/", 1)[0]
        handeling, bron = sources[soort]
        await uow.audit(principal, action=handeling, resource_type=key, resource_id=str(n),
                        client_id=None,
                        purpose=f"bewaartermijn {terms[soort]} verstreken ({bron})")
    if counts:
        log.info("bewaartermijnen toegepast", vandaag=vandaag.isoformat(), **counts)
    return counts


def _children_first(regels: Sequence[Bewaarregel]) -> list[Bewaarregel]:
    """The rules in their declared order, except that a rule whose records point to another
    rule's (a foreign key), or that the other names in ``na``, comes before it: what points is
    gone before what it points to."""
    def refers(child: Bewaarregel, parent: Bewaarregel) -> bool:
        targets = {t.name for t in parent.groep}
        return child is not parent and (child.soort in parent.na or any(
            fk.elements[0].column.table.name in targets
            for t in child.groep for fk in t.foreign_key_constraints))

    left, done = list(regels), []
    while left:
        ready = next((r for r in left if not any(refers(o, r) for o in left)), left[0])
        done.append(ready)
        left.remove(ready)
    return done


def _expired(regel: Bewaarregel, grens: date) -> list[sa.ColumnElement[bool]]:
    """The record's term has passed and nothing outside its parts points to it."""
    conditions: list[sa.ColumnElement[bool]] = [sa.cast(regel.begin, sa.Date) < grens]
    group = {t.name for t in regel.groep}
    for other in regel.tabel.metadata.sorted_tables:
        for fk in other.foreign_key_constraints:
            element = fk.elements[0]
            target = element.column.table
            if len(fk.columns) != 1 or target.name not in group:
                continue
            if other.name in group and other is not regel.tabel:
                continue
            ref = other.alias() if other is regel.tabel else other
            conditions.append(~sa.exists().where(
                ref.c[element.parent.name] == target.c[element.column.name],
                *_chain(regel, target)))
    return conditions


def _chain(regel: Bewaarregel, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    """The joins from an onderdeel up to the record's own table."""
    out: list[sa.ColumnElement[bool]] = []
    while table is not regel.tabel:
        column, parent, parent_pk = regel._ouders[table.name]
        out.append(table.c[column] == parent.c[parent_pk])
        table = parent
    return out


def _of(regel: Bewaarregel, table: sa.Table, ids: list[Any]) -> sa.ColumnElement[bool]:
    """The rows of ``table`` (the record's table or an onderdeel) belonging to the records
    ``ids``."""
    if table is regel.tabel:
        return next(iter(table.primary_key.columns)).in_(ids)
    column, parent, parent_pk = regel._ouders[table.name]
    if parent is regel.tabel:
        return table.c[column].in_(ids)
    return table.c[column].in_(sa.select(parent.c[parent_pk]).where(_of(regel, parent, ids)))


async def _vernietig(uow: UnitOfWork, regel: Bewaarregel, grens: date) -> dict[str, int]:
    session = uow.session
    pk = next(iter(regel.tabel.primary_key.columns))
    query = sa.select(pk).where(*_expired(regel, grens)).limit(BATCH)
    counts: dict[str, int] = {}
    while ids := list((await session.execute(query)).scalars()):
        for part in reversed(regel.onderdelen):
            result = await session.execute(sa.delete(part).where(_of(regel, part, ids)))
            key = f"{regel.soort}/{part.name}"
            counts[key] = counts.get(key, 0) + _rowcount(result)
        result = await session.execute(sa.delete(regel.tabel).where(pk.in_(ids)))
        counts[regel.soort] = counts.get(regel.soort, 0) + _rowcount(result)
        if _rowcount(result) == 0:  # nothing went: do not ask for the same rows again
            break
    return counts


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def _anonimiseer(uow: UnitOfWork, regels: Sequence[Bewaarregel],
                       terms: Mapping[str, Termijn], vandaag: date) -> dict[str, int]:
    session = uow.session
    candidates = []
    kept = []
    for r in regels:
        column = r.tabel.c[r.client]
        candidates.append(sa.select(column.label("c")).where(
            column.is_not(None), ~column.startswith(ANONIEM_PREFIX)))
        kept.append(sa.select(column.label("c")).where(sa.or_(
            r.begin.is_(None), sa.cast(r.begin, sa.Date) >= terms[r.soort].grens(vandaag))))
    expired = sa.except_(sa.union(*candidates), sa.union(*kept)).subquery()
    query = sa.select(expired.c.c).limit(BATCH)
    counts: dict[str, int] = {}
    while clients := list((await session.execute(query)).scalars()):
        mapping = sa.values(sa.column("oud", sa.Text), sa.column("nieuw", sa.Text),
                            name="placeholders").data(
            [(c, ANONIEM_PREFIX + secrets.token_hex(16)) for c in clients])
        for r in regels:
            column = r.tabel.c[r.client]
            result = await session.execute(
                sa.update(r.tabel).where(column == mapping.c.oud)
                .values({r.client: mapping.c.nieuw}))
            counts[r.soort] = counts.get(r.soort, 0) + _rowcount(result)
    return counts


def bewaar_job(regels: Sequence[Bewaarregel], settings: KernelSettings,
               today: Callable[[], date] = date.today) -> Job:
    """The daily retention round of a service (``WMO_BEWAARTERMIJNEN_INTERVAL_S``; 0 switches
    it off). Raises ValueError at start-up when an override is no duration."""
    from .runtime import Job

    overrides = dict(settings.bewaartermijnen)
    try:
        termijnen(regels, overrides)
    except ValueError as exc:
        raise ValueError(f"{settings.env_name('bewaartermijnen')}: {exc}") from None

    async def run(uow: UnitOfWork) -> dict[str, int]:
        return await pas_toe(uow, regels, today(), overrides)

    return Job("bewaartermijnen", settings.bewaartermijnen_interval_s, run)


def niet_gedekt(tabellen: Sequence[sa.Table], regels: Sequence[Bewaarregel]) -> list[str]:
    """The tables among ``tabellen`` (those holding client data) no rule covers, as record or
    as onderdeel: for a test that keeps every new table under a term."""
    covered = {t.name for r in regels for t in r.groep}
    return sorted(t.name for t in tabellen if t.name not in covered)
