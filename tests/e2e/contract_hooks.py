"""Schemathesis hooks of the contract run."""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis


@schemathesis.hook
def map_headers(ctx: Any, headers: dict[str, Any] | None) -> dict[str, Any] | None:
    # The fuzzer draws the same few Idempotency-Key values for different bodies, which the API
    # rightly refuses (422, tested in shared/tests/test_idempotency.py); a client sends a fresh
    # key per new request. A key the document forbids (over 200 characters) is kept.
    if headers and 0 < len(str(headers.get("Idempotency-Key", ""))) <= 200:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return headers
