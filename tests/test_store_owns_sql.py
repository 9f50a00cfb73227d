"""The store package is the only code that talks SQL (issue 12): every read and write of
the database goes through a `monitor.store` method, so each rule about records (which
change counts, which version is current or trusted) is written once, there.

The scan reads the source of every module of `monitor/` and `spiders/` outside
`monitor/store/` and fails on a call of ``execute``/``executemany``/``executescript``/
``query``, on any use of a store's ``.db`` (the sqlite-utils database), and on a string
that is an SQL statement."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "monitor" / "store"
SQL_CALLS = {"execute", "executemany", "executescript", "query"}
SQL_TEXT = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                      r"|CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE|DROP\s+TABLE|PRAGMA\s+\w+)\b")

# What may stay, and why: (file, what the scan found) -> reason.
ALLOWED = {
    ("monitor/redis_queue.py", "execute"): "a Redis transaction's execute(), not SQL",
}


def sql_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) of every SQL call, use of ``.db`` and SQL statement text in ``source``."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            found.append((node.lineno, node.func.attr))
        elif isinstance(node, ast.Attribute) and node.attr == "db":
            found.append((node.lineno, ".db"))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
              and SQL_TEXT.search(node.value)):
            found.append((node.lineno, "SQL text"))
    return found


def test_the_scan_finds_sql_written_the_ways_it_was():
    source = '''
def f(store):
    """Reads SELECT x FROM y in a docstring: not SQL."""
    store.db.execute("UPDATE services SET scored_from = NULL")
    rows = store.query("SELECT * FROM documents")
    with store.db.conn:
        store.db.conn.executemany(SQL, rows)
SQL = "INSERT OR IGNORE INTO clause_labels VALUES (?, ?, ?)"
'''
    found = {what for _, what in sql_uses(source)}
    assert found == {"execute", "query", "executemany", ".db", "SQL text"}
    assert not sql_uses('"""SELECT a FROM b, in a module docstring."""\nx = "select the newest"\n')


def test_no_module_outside_the_store_issues_sql():
    offenders = []
    for path in sorted([*(ROOT / "monitor").rglob("*.py"), *(ROOT / "spiders").rglob("*.py")]):
        if STORE in path.parents:
            continue
        relative = path.relative_to(ROOT).as_posix()
        offenders += [f"{relative}:{line}: {what}" for line, what in sql_uses(path.read_text(encoding="utf-8"))
                      if (relative, what) not in ALLOWED]
    assert not offenders, "SQL outside monitor/store/ (add a store method instead):\n" + "\n".join(offenders)


def test_the_store_package_holds_sql():
    """The scan is not blind: the store's own modules are full of what it looks for."""
    assert sum(len(sql_uses(path.read_text(encoding="utf-8"))) for path in STORE.glob("*.py")) > 50


def test_the_architecture_map_examples_run():
    import doctest

    import monitor.store

    assert doctest.testmod(monitor.store).failed == 0
    result = doctest.testfile(str(ROOT / "docs" / "architecture.md"), module_relative=False)
    assert result.attempted >= 5 and result.failed == 0
