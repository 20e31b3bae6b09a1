"""The OpenAPI documents are contracts: schemathesis (every check, stateful links, a fixed
seed, bounded) against each service running as a real process finds no server error, no
answer outside its schema and no undocumented status. Tokens carry real roles."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import Stack

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
TIME_BUDGET_S = int(os.environ.get("WMO_CONTRACT_TIME_S", "40"))

# The roles a municipal system of each kind holds: a buurtteam worker who is also a gemeente
# clerk (toegang), the gemeente and a system account (indicatie), the Regionale toegang and
# the gemeente (opvang), a policy officer (monitor), Utrecht's own system (notificaties).
TOKENS = {
    "toegang": dict(roles=("buurtteam", "gemeente"), team="overvecht", scopes=("bsn:lezen",)),
    "indicatie": dict(roles=("gemeente", "systeem")),
    "opvang": dict(roles=("regionale-toegang", "gemeente")),
    "monitor": dict(roles=("gemeente", "monitor-viewer")),
    "notificaties": dict(roles=("systeem",)),
}


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "contract_hooks",
           "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=HERE,
                          timeout=TIME_BUDGET_S + 120, check=False)


@pytest.mark.parametrize("service", list(TOKENS))
async def test_the_service_answers_as_its_document_says(stack: Stack, service: str) -> None:
    spec = TOKENS[service]
    token = issue_dev_token(KernelSettings(), f"contract-{service}", spec["roles"],
                            team=spec.get("team"), scopes=spec.get("scopes", ()))
    base = stack.url(service)
    result = await asyncio.to_thread(_run, [
        str(SCHEMATHESIS), "--config-file", str(HERE / "schemathesis.toml"), "run",
        f"{base}/openapi.json", "--url", base, "--checks", "all",
        "--max-time", str(TIME_BUDGET_S), "--workers", "2", "--no-color",
        "--phases", "examples,fuzzing,stateful", "--suppress-health-check", "all",
        "-H", f"Authorization: Bearer {token}",
    ])
    tail = "\n".join(result.stdout.splitlines()[-120:])
    assert result.returncode == 0, f"schemathesis found failures in {service}:\n{tail}"
    tested = re.search(r"Tested: (\d+)", result.stdout)
    assert tested and int(tested.group(1)) > 0, f"schemathesis tested nothing:\n{tail}"
