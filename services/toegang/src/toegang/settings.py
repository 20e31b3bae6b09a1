"""Settings of toegang: the kernel's plus the deadline scan's and the inzageverzoek's."""

from wmokernel.settings import KernelSettings


class ToegangSettings(KernelSettings):
    service_name: str = "toegang"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_toegang"
    # Deadline signals: a deadline is "near" within this many werkdagen (today included).
    termijn_nadert_werkdagen: int = 2
    # Seconds between two deadline scans; 0 switches the background scan off.
    termijn_scan_interval_s: float = 300.0
    # The services an inzageverzoek (AVG art. 15) gathers from, and how long each may take.
    indicatie_url: str = "http://127.0.0.1:8002"
    opvang_url: str = "http://127.0.0.1:8003"
    monitor_url: str = "http://127.0.0.1:8004"
    notificaties_url: str = "http://127.0.0.1:8005"
    inzage_timeout_s: float = 30.0
