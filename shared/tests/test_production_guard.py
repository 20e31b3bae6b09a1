"""WMO_ENV=production: a service refuses to start on development secrets or HS256 tokens, and
says which setting to change; with production settings it starts and takes only RS256/ES256
tokens. Checked on the apps, on the token validator, and on real service processes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import importlib
import json
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from devstack.components import ServiceProcess, free_port, service_env
from devstack.testing import MakeDatabase
from pydantic import ValidationError
from wmokernel.auth import TokenValidator, Unauthenticated, issue_dev_token
from wmokernel.settings import Environment, KernelSettings, UnsafeForProduction

SERVICES = ("toegang", "indicatie", "opvang", "monitor", "notificaties")
ISSUER = "https://login.utrecht.example/realms/wmo"
AUDIENCE = "wmo-platform"
# Values an operator could copy from the repository: refused in production.
DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key-change-me"
DEV_OVERLAY_PSEUDONYM_KEY = "dev-only-pseudonym-key-not-for-production"  # deploy/k8s dev
DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-32bytes!"
GOOD_KEY = secrets.token_urlsafe(48)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
HS_SECRET = secrets.token_bytes(32)


def pem(private: Any) -> str:
    return str(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())


def signed(private: Any, algorithm: str, roles: tuple[str, ...] = ("gemeente",),
           **headers: str) -> str:
    now = int(time.time())
    return jwt.encode({"sub": "clerk-1", "roles": list(roles), "gemeente": "0344",
                       "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600},
                      private, algorithm=algorithm, headers=headers or None)


def hs256(key: bytes, **header: str) -> str:
    """An HS256 token over the claims ``signed`` uses, keyed with ``key`` whatever it is."""
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    head = part({"typ": "JWT", **header, "alg": "HS256"})
    body = part({"sub": "clerk-1", "roles": ["gemeente"], "iss": ISSUER, "aud": AUDIENCE,
                 "iat": now, "exp": now + 600})
    mac = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def settings_class(service: str) -> type[KernelSettings]:
    module = importlib.import_module(f"{service}.settings")
    return next(c for c in vars(module).values() if isinstance(c, type)
                and issubclass(c, KernelSettings) and c is not KernelSettings)


def production(service: str = "toegang", **overrides: Any) -> KernelSettings:
    """A service's settings as a production deployment sets them, changed by ``overrides``."""
    values: dict[str, Any] = {
        "env": "production", "pseudonym_key": GOOD_KEY, "jwt_public_key": pem(EC_KEY),
        "jwt_issuer": ISSUER, "jwt_audience": AUDIENCE}
    values.update(overrides)
    return settings_class(service)(**values)


def create_app(settings: KernelSettings) -> Any:
    service = settings.service_name
    return importlib.import_module(f"{service}.app").create_app(settings)


# --- refusing ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "setting", "why"), [
    ({"pseudonym_key": DEV_PSEUDONYM_KEY}, "WMO_PSEUDONYM_KEY", "development key"),
    ({"pseudonym_key": DEV_OVERLAY_PSEUDONYM_KEY}, "WMO_PSEUDONYM_KEY", "development key"),
    ({"pseudonym_key": "x" * 31}, "WMO_PSEUDONYM_KEY", "31 bytes, fewer than 32"),
    ({"jwt_public_key": None, "jwt_secret": secrets.token_urlsafe(48)},
     "WMO_JWT_JWKS_URL", "HS256"),
    ({"jwt_public_key": None, "jwt_jwks_url": "http://login.utrecht.example/certs"},
     "WMO_JWT_JWKS_URL", "not an https URL"),
])
def test_production_refuses_to_start_naming_the_setting(
        overrides: dict[str, Any], setting: str, why: str) -> None:
    settings = production(**overrides)
    with pytest.raises(UnsafeForProduction) as refused:
        create_app(settings)
    assert len(refused.value.problems) == 1, refused.value.problems
    assert refused.value.problems[0].startswith(setting)
    assert why in refused.value.problems[0]
    assert "toegang refuses to start with WMO_ENV=production" in str(refused.value)


def test_the_development_jwt_secret_is_refused_with_hs256() -> None:
    settings = production(jwt_public_key=None, jwt_secret=DEV_JWT_SECRET)
    problems = settings.production_problems()
    assert [p.split()[0] for p in problems] == ["WMO_JWT_JWKS_URL", "WMO_JWT_SECRET"]
    assert "public in this repository" in problems[1]


def test_every_reason_is_given_at_once() -> None:
    """A production deployment that set nothing but WMO_ENV: the development defaults."""
    settings = settings_class("indicatie")(env="production")
    with pytest.raises(UnsafeForProduction) as refused:
        create_app(settings)
    named = [p.split()[0] for p in refused.value.problems]
    assert named == ["WMO_PSEUDONYM_KEY", "WMO_JWT_JWKS_URL", "WMO_JWT_SECRET"]


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_starts_with_production_settings(service: str) -> None:
    app = create_app(production(service))
    assert app.state.runtime.settings.env is Environment.PRODUCTION


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_and_test_keep_their_defaults(env: str) -> None:
    settings = settings_class("toegang")(env=env)
    assert settings.production_problems() == []
    assert create_app(settings).state.runtime.settings.env == env


def test_development_is_the_default_and_production_may_be_spelled_otherwise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WMO_ENV", raising=False)
    assert KernelSettings().env is Environment.DEVELOPMENT
    for spelling in ("production", "PRODUCTION", " prod ", "productie"):
        monkeypatch.setenv("WMO_ENV", spelling)
        assert KernelSettings().production_problems(), spelling
    # Not a silent development: an environment the code does not know stops the service.
    monkeypatch.setenv("WMO_ENV", "acceptatie")
    with pytest.raises(ValidationError, match="'development', 'test' or 'production'"):
        KernelSettings()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"jwt_public_key": "not a key"}, "not a PEM public key"),
    ({"jwt_public_key": pem(rsa.generate_private_key(public_exponent=65537, key_size=1024))},
     "at least 2048"),
    ({"jwt_public_key": pem(ec.generate_private_key(ec.SECP384R1()))}, "EC P-256"),
    ({"jwt_jwks_url": "https://login.utrecht.example/certs"}, "not both"),
])
def test_a_public_key_that_cannot_verify_is_refused_in_every_environment(
        overrides: dict[str, Any], message: str) -> None:
    for env in ("development", "production"):
        with pytest.raises(ValidationError, match=message):
            production(env=env, **overrides)


# --- the tokens production takes --------------------------------------------------------------

@pytest.mark.parametrize(("private", "algorithm"), [(EC_KEY, "ES256"), (RSA_KEY, "RS256")])
def test_production_takes_asymmetric_tokens_and_never_hs256(private: Any, algorithm: str
                                                            ) -> None:
    settings = production(jwt_public_key=pem(private))
    validator = TokenValidator(settings)
    assert validator.validate(signed(private, algorithm)).roles == {"gemeente"}
    with pytest.raises(Unauthenticated):
        validator.validate(issue_dev_token(settings, "clerk-1", ["gemeente"]))
    # The classic confusion: an HS256 token keyed with the public key everyone may know.
    with pytest.raises(Unauthenticated):
        validator.validate(hs256(pem(private).encode()))
    other = ec.generate_private_key(ec.SECP256R1()) if algorithm == "ES256" else \
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Unauthenticated):
        validator.validate(signed(other, algorithm))


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """An identity provider's JWKS endpoint with an EC and an RSA key."""
    algorithms = jwt.algorithms
    keys = [
        {**algorithms.ECAlgorithm.to_jwk(EC_KEY.public_key(), as_dict=True), "kid": "ec-1"},
        {**algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key(), as_dict=True), "kid": "rsa-1"},
        # A shared secret published as a key: production must not take HS256 even so.
        {**algorithms.HMACAlgorithm.to_jwk(HS_SECRET, as_dict=True), "kid": "hs-1"},
    ]
    body = json.dumps({"keys": keys}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/certs"
    server.shutdown()


def test_the_jwks_gives_es256_and_rs256_keys_by_kid(jwks_url: str) -> None:
    validator = TokenValidator(production(env="test", jwt_public_key=None, jwt_jwks_url=jwks_url))
    assert validator.validate(signed(EC_KEY, "ES256", kid="ec-1")).subject == "clerk-1"
    assert validator.validate(signed(RSA_KEY, "RS256", kid="rsa-1")).subject == "clerk-1"
    with pytest.raises(Unauthenticated):  # signed with the EC key, claiming the RSA key's kid
        validator.validate(signed(EC_KEY, "ES256", kid="rsa-1"))
    with pytest.raises(Unauthenticated, match="accepted: RS256, ES256"):
        validator.validate(signed(HS_SECRET, "HS256", kid="hs-1"))


# --- real processes ---------------------------------------------------------------------------

def test_a_service_process_with_development_secrets_exits_saying_why(tmp_path: Path) -> None:
    """As the e2e tests start services (devstack's environment), with WMO_ENV=production."""
    port = free_port()
    env = service_env("toegang", "postgresql+asyncpg://nobody@127.0.0.1:1/none",
                      f"127.0.0.1:{free_port()}", {"WMO_ENV": "production"})
    done = subprocess.run([sys.executable, "-m", "toegang", "serve", "--port", str(port)],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 78, done.stderr
    assert "toegang refuses to start with WMO_ENV=production" in done.stderr
    for setting in ("WMO_PSEUDONYM_KEY", "WMO_JWT_JWKS_URL", "WMO_JWT_SECRET"):
        assert f"  - {setting} " in done.stderr, setting
    assert "Uvicorn running" not in done.stdout + done.stderr


async def test_a_production_service_process_serves_asymmetric_tokens_only(
        make_database: MakeDatabase, tmp_path: Path) -> None:
    url = await make_database("prodguard", "toegang")
    # No broker on this port: the service serves anyway (ready, degraded).
    env = service_env("toegang", url, f"127.0.0.1:{free_port()}", {
        "WMO_ENV": "production", "WMO_PSEUDONYM_KEY": GOOD_KEY,
        "WMO_JWT_PUBLIC_KEY": pem(EC_KEY), "WMO_JWT_ISSUER": ISSUER,
        "WMO_JWT_AUDIENCE": AUDIENCE, "WMO_TERMIJN_SCAN_INTERVAL_S": "0"})
    service = ServiceProcess("toegang", free_port(), env, tmp_path / "toegang.log")
    service.start()
    try:
        await asyncio.to_thread(service.wait_ready, 60.0, False)
        async with httpx.AsyncClient(base_url=f"{service.url}/api/v1") as http:
            worker = signed(EC_KEY, "ES256", roles=("buurtteam",))
            ok = await http.get("/meldingen", headers={"Authorization": f"Bearer {worker}"})
            assert ok.status_code == 200, ok.text
            dev = issue_dev_token(KernelSettings(jwt_issuer=ISSUER), "worker-1", ["buurtteam"])
            refused = await http.get("/meldingen", headers={"Authorization": f"Bearer {dev}"})
            assert refused.status_code == 401, refused.text
    finally:
        service.stop()
