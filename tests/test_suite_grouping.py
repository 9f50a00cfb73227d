"""The suite's own scheduling: on two workers (`-n 2 --dist loadgroup`, pyproject.toml), the
tests of a module that share a module-scoped fixture run on one worker, so the fixture (a
crawl, an import, a trained model) is built once. pytest 9.2 broke this silently with
pytest-xdist 3.8 (each worker built the fixture again: minutes of CI); this runs the suite's
own collection hook in a small pytest run on two workers and checks where the tests ran."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SUITE_CONFTEST = Path(__file__).parent / "conftest.py"


def test_a_module_sharing_a_fixture_runs_on_one_worker(tmp_path):
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import importlib.util
        spec = importlib.util.spec_from_file_location("suite_conftest", {str(SUITE_CONFTEST)!r})
        suite = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(suite)
        pytest_collection_modifyitems = suite.pytest_collection_modifyitems
    """))
    (tmp_path / "test_shared.py").write_text(textwrap.dedent("""
        import os, time
        import pytest

        @pytest.fixture(scope="module")
        def built():
            with open("builds.txt", "a") as f:
                f.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
            return True

        @pytest.mark.parametrize("n", range(6))
        def test_uses_it(built, n):
            time.sleep(0.2)   # long enough for the other worker to ask for work

        @pytest.mark.parametrize("n", range(6))
        def test_alone(n):
            time.sleep(0.2)
    """))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "xdist", "-n", "2", "--dist", "loadgroup",
                             "-p", "no:cacheprovider", "-o", "addopts=", str(tmp_path)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    builds = (tmp_path / "builds.txt").read_text().split()
    assert len(builds) == 1, f"the module fixture was built on {builds}: its tests were scattered over the workers"
