from __future__ import annotations

import asyncio

from wmokernel.periodic import every


async def test_a_failing_round_is_retried_and_leaving_stops_the_job() -> None:
    rounds: list[int] = []

    async def job() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise ConnectionError("database away")

    async with every(0.01, job, "test-job"):
        for _ in range(200):
            if len(rounds) >= 3:
                break
            await asyncio.sleep(0.01)
    assert len(rounds) >= 3, "the job went on after its first round failed"
    stopped_at = len(rounds)
    await asyncio.sleep(0.05)
    assert len(rounds) == stopped_at, "no rounds after the context is left"
