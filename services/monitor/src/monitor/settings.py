from wmokernel.settings import KernelSettings


class MonitorSettings(KernelSettings):
    service_name: str = "monitor"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_monitor"
