"""The CLI sits on top of the stages and nothing sits on top of it: every module of `monitor`
imports, nothing outside `monitor/cli` imports `monitor.cli` (only the entry point
`monitor/__main__.py`), and the modules of `monitor/cli` do not import each other in a circle.

The graph is read from the source with `ast`, lazy imports inside functions included (they
are how the old circle `cli.py <-> commands.py <-> alerts/cli.py <-> site/cli.py` hid)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import monitor

PACKAGE_DIR = Path(monitor.__file__).resolve().parent
ENTRY_POINT = "monitor.__main__"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `monitor` that ``path`` imports anywhere in its body, by absolute name;
    ``from X import y`` counts ``X.y`` when that is a module, else ``X``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                child = f"{origin}.{alias.name}"
                found.add(child if child in known else origin)
    return {module for module in found if module in known}


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imported_modules(name, path, set(modules)) for name, path in modules.items()}


def in_cli(name: str) -> bool:
    return name == "monitor.cli" or name.startswith("monitor.cli.")


def test_every_module_of_monitor_imports():
    for name in all_modules():
        if name != ENTRY_POINT:
            importlib.import_module(name)


def test_nothing_outside_the_cli_package_imports_it():
    graph = import_graph()
    assert "monitor.cli.base" in graph  # the graph really covers the package
    importers = sorted(name for name, imports in graph.items()
                       if not in_cli(name) and name != ENTRY_POINT and any(in_cli(m) for m in imports))
    assert importers == []


def test_the_cli_modules_import_each_other_without_a_circle():
    graph = import_graph()
    # A module of the package implicitly loads its package's __init__, which loads the
    # command modules: that edge is Python's, not ours, so only the explicit ones count.
    cli_graph = {name: {m for m in imports if in_cli(m) and m != "monitor.cli"}
                 for name, imports in graph.items() if in_cli(name)}
    assert len(cli_graph) >= 8
    assert find_cycle(cli_graph) is None


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, path + [node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def test_find_cycle_finds_the_old_circle():
    old = {"monitor.cli": {"monitor.commands"}, "monitor.commands": {"monitor.cli", "monitor.alerts.cli"},
           "monitor.alerts.cli": {"monitor.cli"}}
    cycle = find_cycle(old)
    assert cycle[0] == cycle[-1] and {"monitor.cli", "monitor.commands"} <= set(cycle)
    assert find_cycle({"a": {"b"}, "b": set()}) is None
