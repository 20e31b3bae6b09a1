"""Which errors pass by themselves (retry, keep the position) and which will fail the same
way again (dead-letter). A record is dead-lettered only for the second kind: a database that
is restarting or a broker that timed out says nothing about the event."""

from __future__ import annotations

import sqlalchemy.exc
from aiokafka.errors import KafkaError

# SQLSTATE classes and codes that describe the moment, not the data: connection exceptions
# (08), serialization failure and deadlock (40001, 40P01), insufficient resources (53),
# operator intervention such as a shutdown or a server still starting (57), system errors (58).
_TRANSIENT_SQLSTATE_CLASSES = ("08", "53", "57", "58")
_TRANSIENT_SQLSTATES = ("40001", "40P01")


def _sqlstate(exc: BaseException) -> str | None:
    state = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    return state if isinstance(state, str) else None


def is_transient(exc: BaseException) -> bool:
    """True when trying again later may succeed: the error is about connections, timeouts,
    locks or availability, anywhere in its chain of causes."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlalchemy.exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
                                sqlalchemy.exc.TimeoutError, sqlalchemy.exc.DisconnectionError)):
            return True
        # OSError covers ConnectionError and TimeoutError (asyncio's included).
        if isinstance(current, OSError):
            return True
        if isinstance(current, KafkaError) and getattr(current, "retriable", False):
            return True
        state = _sqlstate(current)
        if state is not None and (state in _TRANSIENT_SQLSTATES
                                  or state[:2] in _TRANSIENT_SQLSTATE_CLASSES):
            return True
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return False


def backoff_s(failures: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Exponential backoff: base, 2·base, 4·base… up to ``cap`` seconds."""
    return float(min(cap, base * 2 ** max(failures - 1, 0)))
