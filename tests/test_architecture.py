"""The shape every service keeps (see docs/LAYOUT.md), checked on the source itself.

- no module in ``services/*/src`` or the kernel over 500 lines;
- no import cycle between folders: a folder's modules may import a sibling, child or parent
  folder only where that folder never imports them back, directly or through others;
- no service imports another service;
- the layers keep their direction: endpoint handlers never open a transaction, use-case code
  never commits, and pure domain modules import no I/O.
"""

from __future__ import annotations

import ast
import graphlib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "src").is_dir())
PACKAGES: dict[str, Path] = {
    **{s: ROOT / "services" / s / "src" / s for s in SERVICES},
    "wmokernel": ROOT / "shared" / "src" / "wmokernel",
}
MAX_LINES = 500
IO_MODULES = ("sqlalchemy", "fastapi", "httpx", "aiokafka", "asyncpg", "starlette")


def _modules(package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module of ``package``."""
    base = PACKAGES[package]
    out: dict[str, Path] = {}
    for path in base.rglob("*.py"):
        rel = path.relative_to(base.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path) -> list[str]:
    """Every module ``name`` imports (absolute names, submodules resolved where named)."""
    tree = ast.parse(path.read_text(), str(path))
    is_package = path.name == "__init__.py"
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = name.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                target = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.append(target)
            found += [f"{target}.{a.name}" for a in node.names]
    return found


def _folder(path: Path) -> str:
    return str(path.parent.relative_to(ROOT))


def _graph() -> dict[str, set[str]]:
    """Folder → the folders its modules import (within the same package)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES:
        modules = _modules(package)
        for name, path in modules.items():
            graph.setdefault(_folder(path), set())
            for target in _imports(name, path):
                target_path = modules.get(target)
                if target_path is not None and _folder(target_path) != _folder(path):
                    graph[_folder(path)].add(_folder(target_path))
    return graph


def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for package in PACKAGES
            for p in _modules(package).values()
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_cycle_between_folders() -> None:
    try:
        list(graphlib.TopologicalSorter(_graph()).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"folders import each other: {' → '.join(exc.args[1])}")


def test_the_folder_check_sees_a_cycle_when_there_is_one() -> None:
    graph = _graph()
    assert any(graph.values()), "the import graph is empty: the check would pass on nothing"
    folder, targets = next((f, t) for f, t in graph.items() if t)
    cyclic = {**graph, next(iter(targets)): {*graph.get(next(iter(targets)), set()), folder}}
    with pytest.raises(graphlib.CycleError):
        list(graphlib.TopologicalSorter(cyclic).static_order())


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another(service: str) -> None:
    others = set(SERVICES) - {service}
    wrong = sorted({f"{name} → {target}" for name, path in _modules(service).items()
                    for target in _imports(name, path) if target.split(".")[0] in others})
    assert not wrong


def _calls(path: Path, attribute: str) -> list[int]:
    """Lines that call a method named ``attribute`` (``x.attribute(...)``)."""
    tree = ast.parse(path.read_text(), str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == attribute]


@pytest.mark.parametrize("service", SERVICES)
def test_use_case_code_never_opens_or_commits_a_transaction(service: str) -> None:
    """Only the kernel opens, commits and rolls back a unit of work."""
    wrong = {str(p.relative_to(ROOT)): lines for p in _modules(service).values()
             if "migrations" not in p.parts
             and (lines := [*_calls(p, "transaction"), *_calls(p, "unit_of_work"),
                            *_calls(p, "commit"), *_calls(p, "rollback"),
                            *_calls(p, "begin")])}
    assert not wrong, f"transaction handling outside the kernel: {wrong}"


@pytest.mark.parametrize("service", SERVICES)
def test_domain_modules_do_no_io(service: str) -> None:
    domain = PACKAGES[service] / "domain"
    assert domain.is_dir(), f"{service} has no domain/ folder for its pure rules"
    wrong = {str(p.relative_to(ROOT)): sorted(t for t in _imports(n, p)
                                               if t.split(".")[0] in IO_MODULES)
             for n, p in _modules(service).items() if domain in p.parents}
    assert not {k: v for k, v in wrong.items() if v}
