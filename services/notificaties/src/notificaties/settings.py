from wmokernel.settings import KernelSettings


class NotificatiesSettings(KernelSettings):
    service_name: str = "notificaties"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo_notificaties"
    # https only for callbacks in production; development receivers run on http.
    notificaties_require_https: bool = False
    # The centrumgemeente: residents of events without a gemeente are its residents.
    notificaties_eigen_gemeente: str = "0344"
    # How long a delivery is retried before it goes to dead-letter.
    notificaties_max_leeftijd_s: float = 24 * 3600.0
    # Retry after a failed attempt: full jitter up to base × 2^(attempt-1), at most cap.
    notificaties_backoff_base_s: float = 2.0
    notificaties_backoff_cap_s: float = 15 * 60.0
    notificaties_timeout_s: float = 10.0
    # Seconds between delivery rounds (0 switches delivery off).
    notificaties_interval_s: float = 1.0
    notificaties_batch_size: int = 200
    notificaties_gelijktijdig: int = 8
    notificaties_max_body_bytes: int = 16 * 1024
    notificaties_max_response_bytes: int = 16 * 1024
