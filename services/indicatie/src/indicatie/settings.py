from wmokernel.settings import KernelSettings


class IndicatieSettings(KernelSettings):
    service_name: str = "indicatie"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_indicatie"
    # The deadline scan (termijn nadert / verstreken); 0 switches it off.
    deadline_scan_interval_s: float = 300.0
    # iWmo: the reference folder with xsd/ (WMO_IWMO_DIR), else $WMO_SHARED_DIR/iwmo, else
    # the shared/iwmo folder beside the repository.
    iwmo_dir: str | None = None
    shared_dir: str | None = None
    gemeentecode: str = "0344"  # CBS code of Utrecht: Afzender/Ontvanger in iWmo messages
    toegang_url: str = "http://127.0.0.1:8001"  # for the BSN of outgoing messages
    # How often pending WMO301 are composed and the iWmo terms scanned; 0 switches it off.
    iwmo_interval_s: float = 1.0
