"""Fixtures shared by the whole suite: a fresh state directory and the reference data."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.paths import Home, shared_dir as _shared_dir
from monitor.store import Store


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Home:
    """A fresh state directory; TERMSWATCH_HOME points at it for subprocesses too."""
    root = tmp_path / "home"
    monkeypatch.setenv("TERMSWATCH_HOME", str(root))
    return Home(root).ensure()


@pytest.fixture
def store(home: Home) -> Store:
    store = Store.open(home.database)
    yield store
    store.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` (or $TERMSWATCH_SHARED): the real reference data, read-only."""
    path = _shared_dir()
    if not (path / "corpus" / "ota").is_dir():
        pytest.skip(f"reference data not found at {path} (set TERMSWATCH_SHARED)")
    return path


@pytest.fixture(scope="session")
def ota_corpus(shared: Path) -> Path:
    return shared / "corpus" / "ota"


@pytest.fixture(scope="session", autouse=True)
def allow_loopback_crawls():
    """The suite crawls its own servers on 127.0.0.1, which the network boundary refuses by
    default: opt in for the whole suite (crawler child processes inherit it). The boundary's
    own tests (test_network_boundary.py) unset it again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TERMSWATCH_ALLOW_PRIVATE_NETWORKS", "1")
        yield


# -- running on several workers (pytest-xdist, `-n` in pyproject.toml) ---------------------------

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Two things for `--dist loadgroup`, before xdist reads the marks:

    - the tests of a module that share a module-scoped fixture (a crawl, an import, a built
      wheel, a browser) go to one worker, so that fixture is built once, not once per worker;
    - slow tests are handed out first, so the run does not end on one worker still busy with
      a minute-long test while the other has nothing left (`--no-loadscope-reorder` keeps
      this order). A module with one slow test moves as a whole, so its module fixtures are
      still built once."""
    def module_of(item) -> str:
        return item.nodeid.split("::")[0]

    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        shares_a_module_fixture = fixtures is not None and any(
            definitions[-1].scope == "module" for definitions in fixtures.name2fixturedefs.values())
        if shares_a_module_fixture:
            item.add_marker(pytest.mark.xdist_group(module_of(item)))
    slow_modules = {module_of(item) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: module_of(item) not in slow_modules)
