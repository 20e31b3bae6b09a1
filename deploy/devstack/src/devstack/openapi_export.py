"""Write every service's OpenAPI document to a folder (for linters and client generators)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from .components import SERVICES


def export(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SERVICES:
        app = importlib.import_module(f"{name}.app").create_app()
        api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")
        path = target / f"{name}.json"
        path.write_text(json.dumps(api.openapi(), indent=2))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in export(Path(sys.argv[1] if len(sys.argv) > 1 else "openapi")):
        print(p)
