"""The README's curl walk-through, run as written against the platform its launcher starts:
the only change is the ports (the launcher is given free ones, the README shows the defaults).
A step that fails stops the script (bash -e, pipefail) and fails the test."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

from devstack.components import SERVICES
from wmokernel.migrations import drop_database

from .test_launcher_ports import _launch, _ports, wait_until_ready

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BASE = 8001


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## The slice, with curl"):]
    match = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert match, "the README has no curl walk-through"
    return match.group(1)


def on_ports(script: str, base: int) -> str:
    for i in range(len(SERVICES)):
        script = script.replace(f"localhost:{DEFAULT_BASE + i}", f"localhost:{base + i}")
    return script


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


async def test_the_readme_walkthrough_runs_as_written(pg_url_template: str,
                                                      tmp_path: Path) -> None:
    script = walkthrough()
    assert "localhost:8001" in script and "localhost:8004" in script
    base, broker_port = _ports()
    template = pg_url_template.replace("{db}", f"t_readme_{uuid.uuid4().hex[:6]}_{{db}}")
    launcher = _launch(tmp_path, base, broker_port, template)
    try:
        await wait_until_ready(launcher, base, tmp_path / "launcher.log")
        uv = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
        env = {**os.environ, "PATH": f"{Path(uv).parent}:{os.environ['PATH']}"}
        result = await asyncio.to_thread(_run, on_ports(script, base), env)
        assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"

        figures = json.loads(result.stdout.strip().splitlines()[-1])
        assert figures["meldingen"] == 1 and figures["aanvragen"] == 1
        assert figures["beschikkingen"] == 1
    finally:
        launcher.send_signal(signal.SIGINT)
        try:
            launcher.wait(60)
        except subprocess.TimeoutExpired:
            launcher.kill()
        for name in SERVICES:
            with contextlib.suppress(Exception):
                await drop_database(template.replace("{db}", f"wmo_{name}"))
