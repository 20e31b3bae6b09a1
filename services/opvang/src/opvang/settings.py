from wmokernel.settings import KernelSettings


class OpvangSettings(KernelSettings):
    service_name: str = "opvang"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_opvang"
