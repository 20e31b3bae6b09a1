"""Keeps the local platform running: a service that exits unexpectedly is started again after
a growing pause, a broker that dies is replaced on its port, and each of these is said out
loud. ``wmo-dev restart <service>`` asks for one service's restart through a file in the run
directory, which the supervisor picks up on its next round."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .components import Broker, ServiceProcess, start_broker

# A service that ran this long before it exited starts again at once: it was not crash-looping.
_STABLE_AFTER_S = 60.0
_MAX_PAUSE_S = 30.0


@dataclass
class _Watch:
    service: ServiceProcess
    failures: int = 0
    started_at: float = 0.0
    restart_at: float | None = None


def restart_request(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.restart"


@dataclass
class Supervisor:
    services: list[ServiceProcess]
    broker: Broker | None
    say: Callable[[str], None]
    run_dir: Path
    broker_log: Path | None = None
    restarts: dict[str, int] = field(default_factory=dict)
    broker_restarts: int = 0
    _watches: dict[str, _Watch] = field(default_factory=dict)

    def start_all(self) -> None:
        for svc in self.services:
            svc.start()
            self.adopt(svc)

    def adopt(self, svc: ServiceProcess) -> None:
        """Watch a service that is running already."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._watches[svc.name] = _Watch(svc, started_at=time.monotonic())
        self._write_pid(svc)

    def _write_pid(self, svc: ServiceProcess) -> None:
        if svc.process is not None:
            (self.run_dir / f"{svc.name}.pid").write_text(str(svc.process.pid))

    def tick(self) -> None:
        """One round: replace a dead broker, honour restart requests, restart what exited."""
        now = time.monotonic()
        if self.broker is not None and self.broker.process.poll() is not None:
            code = self.broker.process.returncode
            self.broker_restarts += 1
            self.say(f"the broker exited ({code}); starting a fresh one on port "
                     f"{self.broker.port} (the services publish their logs to it again)")
            self.broker = start_broker(self.broker.port, self.broker_log)
        for watch in self._watches.values():
            svc = watch.service
            request = restart_request(self.run_dir, svc.name)
            if request.exists():
                self.say(f"restarting {svc.name} as asked")
                svc.stop()
                request.unlink(missing_ok=True)
                self._start(watch, now, failed=False)
                continue
            if watch.restart_at is not None:
                if now >= watch.restart_at:
                    self._start(watch, now, failed=True)
                continue
            if svc.process is not None and svc.process.poll() is not None:
                code = svc.process.returncode
                ran = now - watch.started_at
                watch.failures = 1 if ran >= _STABLE_AFTER_S else watch.failures + 1
                pause = 0.0 if watch.failures == 1 else min(
                    _MAX_PAUSE_S, 2.0 ** (watch.failures - 1))
                svc.stop()  # closes its log file
                self.say(f"{svc.name} exited unexpectedly ({code}) after {ran:.0f} s; "
                         f"starting it again in {pause:.0f} s; see {svc.log_path}")
                watch.restart_at = now + pause

    def _start(self, watch: _Watch, now: float, *, failed: bool) -> None:
        watch.service.start()
        watch.started_at = now
        watch.restart_at = None
        if failed:
            self.restarts[watch.service.name] = self.restarts.get(watch.service.name, 0) + 1
        self._write_pid(watch.service)

    def stop_all(self) -> None:
        for svc in reversed(self.services):
            svc.stop()
            (self.run_dir / f"{svc.name}.pid").unlink(missing_ok=True)
        if self.broker is not None:
            self.broker.stop()
