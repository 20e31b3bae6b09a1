"""The container side of the deployment: Dockerfiles, docker-compose.yml and its config files.

No Docker engine runs here: these tests validate the files with maintained validators
(the Compose Specification schema shipped in check-jsonschema, dockerfile-parse, hadolint) and
check them against what the code needs (settings, topics, consumer groups, health and metrics).
"""

from __future__ import annotations

import fnmatch
import functools
import importlib
import inspect
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr
from pydantic.fields import FieldInfo
from wmokernel.consumer import dead_letter_topic
from wmokernel.events.base import DOMAIN_TOPICS
from wmokernel.settings import KernelSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE_DIR = ROOT / "deploy" / "compose"
SERVICES = ("toegang", "indicatie", "opvang", "monitor", "notificaties")
METRICS = ("wmo_http_requests_total", "wmo_http_request_duration_seconds", "wmo_outbox_backlog",
           "wmo_outbox_published_total", "wmo_events_consumed_total")
PORT = 8000
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
# A setting satisfied by another one: production validates RS256 tokens against a JWKS URL.
ALTERNATIVES = {"jwt_secret": "jwt_jwks_url"}
MISSING_VALIDATOR = "add it to the `dev` dependency group in pyproject.toml"


# --- what the code needs ----------------------------------------------------------------------

def settings_class(service: str) -> type[KernelSettings]:
    module = importlib.import_module(f"{service}.settings")
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass)
               if issubclass(c, KernelSettings) and c is not KernelSettings
               and c.__module__ == module.__name__]
    assert len(classes) == 1, f"{service}.settings should define one settings class: {classes}"
    return classes[0]


def env_name(cls: type[KernelSettings], field: str) -> str:
    return f"{cls.model_config.get('env_prefix', '')}{field}".upper()


def is_secret(field: str, info: FieldInfo) -> bool:
    """Secrets: SecretStr settings, and the database URL (it carries the password)."""
    return "SecretStr" in repr(info.annotation) or field == "database_url"


def needs_deploy_value(field: str, info: FieldInfo) -> bool:
    """No safe default in a deployment: required, a (dev) secret, a loopback address, the name."""
    if info.is_required() or field == "service_name":
        return True
    default = info.get_default()
    if isinstance(default, SecretStr):
        return True
    return isinstance(default, str) and any(host in default for host in LOOPBACK)


@functools.cache
def required_settings(service: str) -> dict[str, tuple[str, bool]]:
    """field -> (environment variable, is secret) for what each deployment must set."""
    cls = settings_class(service)
    return {field: (env_name(cls, field), is_secret(field, info))
            for field, info in cls.model_fields.items() if needs_deploy_value(field, info)}


def known_env_names() -> set[str]:
    return {env_name(cls, field) for cls in map(settings_class, SERVICES)
            for field in cls.model_fields}


def consumer_groups() -> set[str]:
    """Consumer groups the services' apps subscribe (read off the apps themselves)."""
    groups = set()
    for app_file in ROOT.glob("services/*/src/*/app.py"):
        app = importlib.import_module(f"{app_file.parent.name}.app").create_app()
        groups.update(sub.group_id for sub in app.state.runtime.subscriptions)
    return groups


def readme_ports() -> dict[str, int]:
    rows = re.findall(r"^\| `services/(\w+)` \|.*\| (\d+) \|$", (ROOT / "README.md").read_text(),
                      re.MULTILINE)
    return {name: int(port) for name, port in rows}


def tool(name: str) -> str:
    # The venv's own binary (from a wheel) first, then the PATH.
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"`{name}` not installed: {MISSING_VALIDATOR}")
    return found


# --- the compose file -------------------------------------------------------------------------

@functools.cache
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict)
    return data


def service(name: str) -> dict[str, Any]:
    services = compose()["services"]
    assert name in services, f"docker-compose.yml has no service {name!r}"
    return services[name]


def environment(name: str) -> dict[str, str]:
    env = service(name).get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def depends_on(name: str) -> dict[str, str]:
    deps = service(name).get("depends_on", {})
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {k: v.get("condition", "service_started") for k, v in deps.items()}


def test_compose_file_matches_the_compose_specification() -> None:
    pytest.importorskip("check_jsonschema", reason=f"check-jsonschema: {MISSING_VALIDATOR}")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
         str(COMPOSE_FILE)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_validator_rejects_an_invalid_file(tmp_path: Path) -> None:
    """The schema check is real: a misspelt key fails it."""
    pytest.importorskip("check_jsonschema", reason=f"check-jsonschema: {MISSING_VALIDATOR}")
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  api:\n    image: x\n    helthcheck: {test: [NONE]}\n")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
         str(broken)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0


def test_every_service_and_its_migration_step_is_in_compose() -> None:
    names = set(compose()["services"])
    for name in SERVICES:
        assert {name, f"{name}-migrate"} <= names
        migrate = service(f"{name}-migrate")
        assert migrate["command"] == ["python", "-m", name, "migrate"]
        assert migrate.get("restart") == "no"
        assert migrate["build"] == service(name)["build"]
        assert migrate["image"] == service(name)["image"]
        assert service(name)["build"]["dockerfile"] == f"services/{name}/Dockerfile"
        assert (ROOT / service(name)["build"]["dockerfile"]).is_file()


def test_services_start_after_migration_kafka_and_postgres() -> None:
    for name in SERVICES:
        deps = depends_on(name)
        assert deps.get(f"{name}-migrate") == "service_completed_successfully", name
        assert deps.get("kafka-init") == "service_completed_successfully", name
        assert deps.get("postgres") == "service_healthy", name
        assert deps.get("kafka") == "service_healthy", name
        assert depends_on(f"{name}-migrate").get("postgres") == "service_healthy"
    assert depends_on("kafka-init").get("kafka") == "service_healthy"


def test_services_have_healthchecks_ports_and_run_unprivileged() -> None:
    ports = readme_ports()
    for name in (*SERVICES, "postgres", "kafka"):
        check = service(name).get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), f"{name}: healthcheck"
    for name in SERVICES:
        spec = service(name)
        probe = " ".join(spec["healthcheck"]["test"])
        assert re.search(rf"http://127\.0\.0\.1:{PORT}/health/(live|ready)", probe), probe
        assert spec["command"] == ["python", "-m", name, "serve", "--host", "0.0.0.0",
                                   "--port", str(PORT)]
        assert f"{ports[name]}:{PORT}" in [str(p) for p in spec["ports"]], \
            f"{name} should publish the README's port {ports[name]}"
        for step in (name, f"{name}-migrate"):
            user = str(service(step).get("user", "0")).split(":")[0]
            assert user not in ("0", "root"), f"{step} runs as root"
            assert service(step).get("read_only") is True


def test_compose_environment_provides_what_the_code_needs() -> None:
    for name in SERVICES:
        env = environment(name)
        for field, (var, secret) in required_settings(name).items():
            alternative = ALTERNATIVES.get(field)
            if var not in env and alternative:
                var = env_name(settings_class(name), alternative)
            assert env.get(var), f"{name}: {var} is not set in docker-compose.yml"
            if secret:
                # Secrets come from the operator's environment (.env), never from this file.
                assert re.fullmatch(r".*\$\{[A-Z0-9_]+:\?[^}]*\}.*", env[var]), \
                    f"{name}: {var} must be interpolated as ${{VAR:?...}}, not written here"
        assert env["WMO_SERVICE_NAME"] == name
        assert env["WMO_KAFKA_ENABLE_IDEMPOTENCE"] == "true"
        assert env["WMO_KAFKA_BOOTSTRAP_SERVERS"].split(":")[0] == "kafka"
        url = env["WMO_DATABASE_URL"]
        assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in url, url
        assert environment(f"{name}-migrate")["WMO_DATABASE_URL"] == url
        assert environment(f"{name}-migrate")["WMO_SERVICE_NAME"] == name
    # Every service pseudonymises with the same key and accepts the same tokens.
    for var in ("WMO_PSEUDONYM_KEY", "WMO_JWT_SECRET", "WMO_JWT_JWKS_URL", "WMO_JWT_PUBLIC_KEY",
                "WMO_ENV"):
        assert len({environment(name)[var] for name in SERVICES}) == 1, var
    # Production or not is the operator's choice in .env, never a default of this file.
    assert re.fullmatch(r"\$\{WMO_ENV:\?[^}]*\}", environment("toegang")["WMO_ENV"])


def test_the_derived_requirements_cover_the_known_ones() -> None:
    for name in SERVICES:
        required = required_settings(name)
        assert {"service_name", "database_url", "kafka_bootstrap_servers", "pseudonym_key",
                "jwt_secret"} <= set(required), required
        assert required["pseudonym_key"][1] and required["database_url"][1]


def test_compose_sets_only_settings_the_code_knows() -> None:
    known = known_env_names()
    for name in compose()["services"]:
        if name == "postgres":  # gets the database passwords for its init script
            continue
        unknown = {k for k in environment(name) if k.startswith("WMO_")} - known
        assert not unknown, f"{name}: unknown settings {unknown}"


def test_kafka_runs_in_kraft_mode_without_auto_created_topics() -> None:
    env = environment("kafka")
    assert service("kafka")["image"].startswith("apache/kafka:")
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] and env["CLUSTER_ID"]
    assert not any("ZOOKEEPER" in key for key in env)
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    init = service("kafka-init")
    assert init["command"] == ["/bin/sh", "/opt/wmo/create-topics.sh"]
    assert "./deploy/compose/kafka:/opt/wmo:ro" in init["volumes"]


def topics() -> dict[str, tuple[int, dict[str, str]]]:
    result = {}
    for line in (COMPOSE_DIR / "kafka" / "topics.txt").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, partitions, configs = line.split()
            result[name] = (int(partitions), dict(c.split("=", 1) for c in configs.split(",")))
    return result


def test_topics_have_intended_partitions_and_retention() -> None:
    declared = topics()
    for topic in DOMAIN_TOPICS:
        partitions, configs = declared[topic]
        assert partitions == 6, topic
        assert configs["retention.ms"] == "-1", f"{topic} must be kept forever"
        assert configs.get("cleanup.policy", "delete") == "delete"
    groups = consumer_groups()
    assert {"indicatie.toegang", "monitor.readmodels"} <= groups
    dlqs = {dead_letter_topic(group) for group in groups}
    for topic in dlqs:
        partitions, configs = declared[topic]
        assert partitions >= 1
        assert int(configs["retention.ms"]) > 0, f"{topic} needs a finite retention"
    assert set(declared) == set(DOMAIN_TOPICS) | dlqs
    for name in SERVICES:
        assert environment(name)["WMO_KAFKA_TOPIC_PARTITIONS"] == "6"


def test_topic_script_and_list_are_the_same_for_compose_and_kubernetes() -> None:
    k8s = ROOT / "deploy" / "k8s" / "base" / "kafka-topics"
    for file in ("create-topics.sh", "topics.txt"):
        assert (COMPOSE_DIR / "kafka" / file).read_text() == (k8s / file).read_text(), file


def test_postgres_init_creates_one_database_per_service() -> None:
    script = (COMPOSE_DIR / "postgres" / "init-databases.sh").read_text()
    created = dict(re.findall(r"^create_service_database (\w+) (\w+) ", script, re.MULTILINE))
    postgres_env = environment("postgres")
    for name in SERVICES:
        match = re.fullmatch(r"postgresql\+asyncpg://(\w+):\$\{(\w+):\?[^}]*\}@postgres:5432/(\w+)",
                             environment(name)["WMO_DATABASE_URL"])
        assert match, environment(name)["WMO_DATABASE_URL"]
        role, password_var, database = match.groups()
        assert created.get(role) == database, f"init script does not create {role}/{database}"
        assert password_var in postgres_env and f'"${password_var}"' in script
    assert len(set(created.values())) == len(SERVICES)
    mounts = service("postgres")["volumes"]
    init_dir = "/docker-entrypoint-initdb.d/"
    assert any(m.startswith(f"./deploy/compose/postgres/init-databases.sh:{init_dir}")
               for m in mounts)


def test_observability_profile_scrapes_the_services_and_shows_their_metrics() -> None:
    for name in ("prometheus", "grafana"):
        assert service(name)["profiles"] == ["observability"]
    for name in SERVICES:
        assert "profiles" not in service(name)
    config = yaml.safe_load((COMPOSE_DIR / "prometheus" / "prometheus.yml").read_text())
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "wmo-services")
    assert job["metrics_path"].rstrip("/") == "/metrics"
    targets = {t for group in job["static_configs"] for t in group["targets"]}
    assert targets >= {f"{name}:{PORT}" for name in SERVICES}

    dashboard_text = (COMPOSE_DIR / "grafana" / "dashboards" / "wmo-services.json").read_text()
    dashboard = json.loads(dashboard_text)
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for metric in METRICS:
        assert metric in exprs, f"the dashboard has no panel for {metric}"
    datasource = yaml.safe_load(
        (COMPOSE_DIR / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    uid = datasource["datasources"][0]["uid"]
    assert {p["datasource"]["uid"] for p in dashboard["panels"]} == {uid}
    provider = yaml.safe_load(
        (COMPOSE_DIR / "grafana" / "provisioning" / "dashboards" / "wmo.yml").read_text())
    path = provider["providers"][0]["options"]["path"]
    assert f"./deploy/compose/grafana/dashboards:{path}:ro" in service("grafana")["volumes"]


def test_every_mounted_file_exists() -> None:
    for name, spec in compose()["services"].items():
        for mount in spec.get("volumes", []):
            source = str(mount).split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name}: {source} is missing"


# --- the Dockerfiles --------------------------------------------------------------------------

def dockerfile(name: str) -> list[dict[str, Any]]:
    parser_module = pytest.importorskip(
        "dockerfile_parse", reason=f"dockerfile-parse: {MISSING_VALIDATOR}")
    parser = parser_module.DockerfileParser(path=str(ROOT / "services" / name / "Dockerfile"))
    return [i for i in parser.structure if i["instruction"] != "COMMENT"]


def stages(instructions: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    result: list[list[dict[str, Any]]] = []
    for instruction in instructions:
        if instruction["instruction"] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def workspace_members() -> list[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    members = config["tool"]["uv"]["workspace"]["members"]
    return sorted(p for pattern in members for p in ROOT.glob(pattern)
                  if (p / "pyproject.toml").is_file())


@pytest.mark.parametrize("name", SERVICES)
def test_dockerfile_is_multi_stage_unprivileged_and_healthchecked(name: str) -> None:
    all_stages = stages(dockerfile(name))
    assert len(all_stages) >= 2, "multi-stage build"
    final = all_stages[-1]
    by_kind: dict[str, list[str]] = {}
    for instruction in final:
        by_kind.setdefault(instruction["instruction"], []).append(instruction["value"])
    assert re.match(r"python:\S+-slim", by_kind["FROM"][0]), "a slim runtime base"
    user = by_kind["USER"][-1].split(":")[0]
    assert user not in ("root", "0") and int(user) >= 10000, "a non-root USER"
    healthcheck = by_kind["HEALTHCHECK"][-1]
    assert f"http://127.0.0.1:{PORT}/health/live" in healthcheck
    assert "urllib" in healthcheck, "no curl in the slim image"
    assert str(PORT) in by_kind["EXPOSE"][-1].split()
    assert json.loads(by_kind["CMD"][-1]) == ["python", "-m", name, "serve", "--host", "0.0.0.0",
                                              "--port", str(PORT)]
    assert any("--from=builder /app/.venv" in v for v in by_kind["COPY"])
    assert "RUN" not in by_kind or not any("uv " in v for v in by_kind["RUN"])


@pytest.mark.parametrize("name", SERVICES)
def test_dockerfile_installs_the_locked_service_non_editable(name: str) -> None:
    instructions = dockerfile(name)
    builder = next(s for s in stages(instructions) if " AS builder" in s[0]["value"])
    runs = " ".join(i["value"] for i in builder if i["instruction"] == "RUN")
    assert re.search(rf"uv sync --locked --no-dev --no-editable --package wmo-{name}\b", runs)
    copied = {source for i in builder if i["instruction"] == "COPY"
              and not i["value"].startswith("--") for source in i["value"].split()[:-1]}
    # uv checks the whole workspace against uv.lock: every member's pyproject.toml is needed.
    for member in workspace_members():
        assert f"{member.relative_to(ROOT)}/pyproject.toml" in copied, member
    assert {"pyproject.toml", "uv.lock", "shared/src", f"services/{name}/src"} <= copied


def test_dockerignore_lets_through_what_the_dockerfiles_copy() -> None:
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]

    def included(path: str) -> bool:
        result = True
        for pattern in patterns:
            negate = pattern.startswith("!")
            pattern = pattern.lstrip("!").rstrip("/")
            parts = path.split("/")
            prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
            if any(fnmatch.fnmatch(p, pattern) for p in prefixes):
                result = negate
        return result

    for name in SERVICES:
        for instruction in dockerfile(name):
            if instruction["instruction"] == "COPY" and not instruction["value"].startswith("--"):
                for source in instruction["value"].split()[:-1]:
                    assert included(source), f".dockerignore excludes {source}"
    assert not included(".venv/bin/python") and not included(".git/config")
    assert not included(".env")


def test_dockerfiles_pass_hadolint() -> None:
    hadolint = tool("hadolint")
    files = [str(ROOT / "services" / name / "Dockerfile") for name in SERVICES]
    result = subprocess.run([hadolint, "--failure-threshold", "warning", *files],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
