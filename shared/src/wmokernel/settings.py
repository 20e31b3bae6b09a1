"""Settings every service shares; each service process reads them from its own environment."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


# The development values below are public (this repository); every development value the
# repository holds starts with the marker, also the dev overlay's in deploy/k8s.
DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key-change-me"
DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-32bytes!"
DEV_MARKER = "dev-only"
# An HMAC-SHA256 key shorter than the hash output weakens it (RFC 2104, section 3). With only
# about 10^9 possible BSNs the key is all that keeps a client id from being traced back.
MIN_PSEUDONYM_KEY_BYTES = 32
ASYMMETRIC_JWT_ALGORITHMS = ("RS256", "ES256")
_ENV_ALIASES = {"prod": "production", "productie": "production", "dev": "development"}
_NEW_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(48))"'


def jwt_public_key_algorithm(pem: str) -> str:
    """RS256 for an RSA public key, ES256 for an EC P-256 one; ValueError for anything else."""
    try:
        key = load_pem_public_key(pem.encode())
    except ValueError as exc:
        raise ValueError(f"not a PEM public key: {exc}") from None
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise ValueError(f"an RSA key of {key.key_size} bits; RS256 needs at least 2048")
        return "RS256"
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return "ES256"
    raise ValueError(f"a {type(key).__name__}; expected an RSA (RS256) or EC P-256 (ES256) key")


class KernelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WMO_", env_file=".env", extra="ignore")

    # WMO_ENV. In production a service refuses to start on development secrets or HS256
    # tokens (production_problems); other values behave alike.
    env: Environment = Environment.DEVELOPMENT
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
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)
    # The key before a rotation: read only by `toegang rekey` (docs/runbook.md).
    pseudonym_key_previous: SecretStr | None = None
    # HS256 (development): tokens signed with this shared secret. Production verifies RS256 or
    # ES256 tokens instead, against the identity provider's JWKS or one PEM public key.
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_jwks_url: str | None = None
    jwt_public_key: str | None = None
    jwt_issuer: str = "wmo-dev"
    jwt_audience: str = "wmo-platform"
    api_version: str = "1.0.0"
    public_url: str = Field(default="https://api.wmo.utrecht.example")
    log_level: str = "INFO"
    log_json: bool = True
    # Retention (wmokernel.bewaartermijnen): the term of a record type overridden, record type
    # → ISO 8601 duration, e.g. WMO_BEWAARTERMIJNEN='{"meldingen": "P20Y"}'; the defaults and
    # their sources are in wmokernel.normen. A round every bewaartermijnen_interval_s (0: off).
    bewaartermijnen: dict[str, str] = Field(default_factory=dict)
    bewaartermijnen_interval_s: float = 24 * 3600.0

    @field_validator("env", mode="before")
    @classmethod
    def _env_alias(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            return _ENV_ALIASES.get(value, value)
        return value

    @field_validator("jwt_public_key")
    @classmethod
    def _public_key(cls, value: str | None) -> str | None:
        if value:
            jwt_public_key_algorithm(value)
        return value or None

    @model_validator(mode="after")
    def _one_token_key(self) -> KernelSettings:
        if self.jwt_jwks_url and self.jwt_public_key:
            raise ValueError(f"set one of {self.env_name('jwt_jwks_url')} and "
                             f"{self.env_name('jwt_public_key')}, not both")
        return self

    @classmethod
    def env_name(cls, field: str) -> str:
        """The environment variable of a setting."""
        return f"{cls.model_config.get('env_prefix', '')}{field}".upper()

    @property
    def asymmetric_tokens(self) -> bool:
        """Bearer tokens are verified with a public key (RS256/ES256), not the HS256 secret."""
        return bool(self.jwt_jwks_url or self.jwt_public_key)

    def production_problems(self) -> list[str]:
        """Why these settings may not serve production: one line per reason, each naming the
        setting to change. Empty outside production."""
        return [*self.pseudonym_key_problems(), *self._token_problems()]

    def pseudonym_key_problems(self) -> list[str]:
        """Why the pseudonym key may not serve production (empty outside production)."""
        if self.env is not Environment.PRODUCTION:
            return []
        name = self.env_name
        problems = []
        key = self.pseudonym_key.get_secret_value()
        if key == DEV_PSEUDONYM_KEY or key.startswith(DEV_MARKER):
            problems.append(
                f"{name('pseudonym_key')} is a development key, public in this repository: "
                f"with it anyone turns a client id back into the BSN. Set a random key of at "
                f"least {MIN_PSEUDONYM_KEY_BYTES} bytes ({_NEW_KEY}); an installation with "
                f"data keyed with it rotates the key (docs/runbook.md).")
        elif len(key.encode()) < MIN_PSEUDONYM_KEY_BYTES:
            problems.append(
                f"{name('pseudonym_key')} has {len(key.encode())} bytes, fewer than "
                f"{MIN_PSEUDONYM_KEY_BYTES}: a short key can be guessed and every client id "
                f"traced back to its BSN. Set a random key ({_NEW_KEY}).")
        return problems

    def _token_problems(self) -> list[str]:
        if self.env is not Environment.PRODUCTION:
            return []
        name = self.env_name
        problems = []
        if not self.asymmetric_tokens:
            problems.append(
                f"{name('jwt_jwks_url')} and {name('jwt_public_key')} are unset, so bearer "
                f"tokens are HS256 with {name('jwt_secret')}, a secret every service holds and "
                f"anyone holding it can sign any role with. Set {name('jwt_jwks_url')} to the "
                f"identity provider's JWKS (or {name('jwt_public_key')} to its PEM public "
                f"key): production accepts only {' and '.join(ASYMMETRIC_JWT_ALGORITHMS)}.")
            secret = self.jwt_secret.get_secret_value()
            if secret == DEV_JWT_SECRET or secret.startswith(DEV_MARKER):
                problems.append(
                    f"{name('jwt_secret')} is the development secret, public in this "
                    f"repository: anyone can sign a token with any role. Production uses no "
                    f"JWT secret: remove it and set {name('jwt_jwks_url')}.")
        elif self.jwt_jwks_url and not self.jwt_jwks_url.lower().startswith("https://"):
            problems.append(
                f"{name('jwt_jwks_url')} is not an https URL: whoever sits between the service "
                f"and the identity provider could hand it their own signing keys.")
        return problems


class UnsafeForProduction(RuntimeError):
    """Settings that must not serve production (WMO_ENV=production); the message lists every
    reason at once."""

    def __init__(self, service: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{service} refuses to start with {KernelSettings.env_name('env')}=production:\n"
            + "\n".join(f"  - {p}" for p in problems))


def ensure_safe_for_production(settings: KernelSettings) -> None:
    """Raise UnsafeForProduction when ``settings`` are production settings with development
    secrets or HS256 tokens; a no-op in development and test."""
    problems = settings.production_problems()
    if problems:
        raise UnsafeForProduction(settings.service_name, problems)
