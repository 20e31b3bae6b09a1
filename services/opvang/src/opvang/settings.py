from wmokernel.settings import KernelSettings


class OpvangSettings(KernelSettings):
    service_name: str = "opvang"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_opvang"
    # Load the illustrative reference locations (domain/referentielocaties.py) on migrate and
    # `referentiedata`; false in a production whose register is entered by hand.
    referentie_illustratief: bool = True
