"""Settings every service shares; each service process reads them from its own environment."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class KernelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WMO_", env_file=".env", extra="ignore")

    service_name: str = "wmo"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo"
    db_pool_size: int = 8
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Tansu (the dev/test broker) does not support the idempotent producer; Apache Kafka does.
    kafka_enable_idempotence: bool = False
    kafka_request_timeout_ms: int = 5000
    kafka_topic_partitions: int = 3
    outbox_batch_size: int = 500
    # The relay is woken by NOTIFY on commit; this is only the fallback poll.
    outbox_poll_interval_s: float = 1.0
    consumer_max_records: int = 500
    consumer_max_attempts: int = 3
    consumer_retry_backoff_s: float = 0.05
    pseudonym_key: SecretStr = SecretStr("dev-only-pseudonym-key-change-me")
    jwt_secret: SecretStr = SecretStr("dev-only-jwt-secret-change-me-32bytes!")
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "wmo-dev"
    jwt_audience: str = "wmo-platform"
    api_version: str = "1.0.0"
    public_url: str = Field(default="https://api.wmo.utrecht.example")
    log_level: str = "INFO"
    log_json: bool = True
