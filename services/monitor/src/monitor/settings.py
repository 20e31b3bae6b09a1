from pydantic import Field, SecretStr
from wmokernel.settings import KernelSettings


class MonitorSettings(KernelSettings):
    service_name: str = "monitor"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_monitor"
    # The producing services' API roots (…/api/v1), asked before a rebuild whether the broker
    # holds their whole event log; empty: the topics are read as they are.
    eventlog_sources: list[str] = Field(default_factory=list)
    # A token with the systeem role for those calls (default: a development token).
    eventlog_token: SecretStr | None = None
