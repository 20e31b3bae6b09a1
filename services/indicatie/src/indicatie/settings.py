from wmokernel.normen import BESLISTERMIJN_WEKEN, ONDERZOEK_WEKEN
from wmokernel.settings import KernelSettings


class IndicatieSettings(KernelSettings):
    service_name: str = "indicatie"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_indicatie"
    # The deadline scan (termijn nadert / verstreken); 0 switches it off.
    deadline_scan_interval_s: float = 300.0
    # Herbeoordeling: a running toewijzing enters the worklist, with its signal, this many weeks
    # before its herbeoordeling date or einddatum. 8 = the onderzoek (6 weeks, Wmo 2015 art.
    # 2.3.2) plus the beschikking (2 weeks, art. 2.3.5): a herindicatie asked for on the day
    # the signal comes can be decided before the care ends. The scan runs every
    # herbeoordeling_scan_interval_s seconds (0 switches it off).
    herbeoordeling_signaal_weken: int = ONDERZOEK_WEKEN + BESLISTERMIJN_WEKEN
    herbeoordeling_scan_interval_s: float = 300.0
    # iWmo: the reference folder with xsd/ (WMO_IWMO_DIR), else $WMO_SHARED_DIR/iwmo, else
    # the shared/iwmo folder beside the repository.
    iwmo_dir: str | None = None
    shared_dir: str | None = None
    gemeentecode: str = "0344"  # CBS code of Utrecht: Afzender/Ontvanger in iWmo messages
    toegang_url: str = "http://127.0.0.1:8001"  # for the BSN of outgoing messages
    # How often pending WMO301 are composed and the iWmo terms scanned; 0 switches it off.
    iwmo_interval_s: float = 1.0
    # The longest wait between two attempts at an outgoing message that could not be sent.
    iwmo_retry_max_s: float = 300.0
    # The gemeente's own account that pays the providers (the debtor of the pain.001 files):
    # WMO_BETAAL_NAAM, WMO_BETAAL_IBAN, WMO_BETAAL_BIC. The default is an ILLUSTRATIVE account
    # (passes the mod-97 check, not a real one) for development only.
    betaal_naam: str = "Gemeente Utrecht"
    betaal_iban: str = "NL66BNGH0123456789"
    betaal_bic: str | None = "BNGHNL2G"
