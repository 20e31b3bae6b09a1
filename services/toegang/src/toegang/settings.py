"""Settings of toegang: the kernel's plus the deadline scan's."""

from wmokernel.settings import KernelSettings


class ToegangSettings(KernelSettings):
    service_name: str = "toegang"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_toegang"
    # Deadline signals: a deadline is "near" within this many werkdagen (today included).
    termijn_nadert_werkdagen: int = 2
    # Seconds between two deadline scans; 0 switches the background scan off.
    termijn_scan_interval_s: float = 300.0
