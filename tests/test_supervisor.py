"""The launcher's supervisor replaces a broker that died, on its port, and says so (the
restart of a service that dies is shown end to end in tests/e2e/test_faults.py)."""

from __future__ import annotations

from pathlib import Path

from devstack.components import start_broker, wait_for_port
from devstack.supervisor import Supervisor


def test_a_broker_that_dies_is_replaced_on_its_port(tmp_path: Path) -> None:
    broker = start_broker(log_path=tmp_path / "broker.log")
    said: list[str] = []
    supervisor = Supervisor([], broker, said.append, tmp_path / "run", tmp_path / "broker.log")
    try:
        supervisor.tick()
        assert supervisor.broker_restarts == 0, "a live broker is left alone"
        broker.process.kill()
        broker.process.wait()
        supervisor.tick()
        assert supervisor.broker_restarts == 1
        assert supervisor.broker is not None and supervisor.broker is not broker
        assert supervisor.broker.port == broker.port
        wait_for_port("127.0.0.1", broker.port, timeout=10)
        assert any("broker exited" in line for line in said), said
    finally:
        supervisor.stop_all()
