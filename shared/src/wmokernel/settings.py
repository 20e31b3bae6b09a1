"""Settings every service shares; each service process reads them from its own environment."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class KernelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WMO_", env_file=".env", extra="ignore")

    service_name: str = "wmo"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/wmo"
    # Units of work at once (more queue in the runtime): twice the database's cores. More only
    # makes its cores switch between transactions: on the 2-core bench machine 8 gave the
    # slice a 40-50% higher p95 than 4, at the same throughput.
    db_pool_size: int = 4
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Tansu (the dev/test broker) does not support the idempotent producer; Apache Kafka does.
    kafka_enable_idempotence: bool = False
    kafka_request_timeout_ms: int = 5000
    kafka_topic_partitions: int = 3
    outbox_batch_size: int = 500
    # The relay is woken by NOTIFY on commit; this is only the fallback poll.
    outbox_poll_interval_s: float = 1.0
    consumer_max_records: int = 500
    # How long the broker may hold a fetch when no records are there. Tansu answers an empty
    # fetch only when this runs out (a record produced meanwhile does not end the wait), so it
    # bounds the consumer's latency; Apache Kafka answers early and could take 500.
    consumer_fetch_max_wait_ms: int = 20
    consumer_max_attempts: int = 3
    consumer_retry_backoff_s: float = 0.05
    # How often the relay checks that the broker still holds what it published.
    broker_check_interval_s: float = 5.0
    # How long a request's Idempotency-Key is remembered (its answer replayed on a retry).
    idempotency_key_ttl_s: int = 24 * 3600
    pseudonym_key: SecretStr = SecretStr("dev-only-pseudonym-key-change-me")
    jwt_secret: SecretStr = SecretStr("dev-only-jwt-secret-change-me-32bytes!")
    jwt_jwks_url: str | None = None
    jwt_issuer: str = "wmo-dev"
    jwt_audience: str = "wmo-platform"
    api_version: str = "1.0.0"
    public_url: str = Field(default="https://api.wmo.utrecht.example")
    log_level: str = "INFO"
    log_json: bool = True
