"""The package as users install it: a wheel built from the sources, installed into a fresh
venv, run from a directory outside the checkout. The shipped data (catalogue, taxonomy,
scoring parameters, model, the method's text) must come from the installed package.

The venv gets the test venv's dependencies through a ``.pth`` line instead of downloading
them again (``--system-site-packages`` would give the base interpreter's, not the test
venv's); that line adds a directory without running its ``.pth`` files, so the editable
install of the checkout stays out of sight and ``monitor`` can only be the wheel's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCES = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                     ".pytest_cache")

# Runs inside the installed package: loads every kind of shipped data and reports every
# file it opened (an audit hook sees each open(), whoever calls it).
READ_EVERYTHING = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and isinstance(args[0], str) and opened.append(args[0]))
import monitor
from monitor.classify import load_classifier
from monitor.classify.taxonomy import load_taxonomy
from monitor.declarations import load_catalogue
from monitor.paths import data_dir, default_catalogue, scoring_method
from monitor.score import load_params
print(json.dumps({
    "package": monitor.__file__,
    "data_dir": str(data_dir()),
    "categories": len(load_taxonomy().categories),
    "grades": sorted(load_params()["grades"]),
    "labels": load_classifier().classify(["We may sell your data to advertisers."])[0].labels,
    "services": len(load_catalogue(default_catalogue()).services),
    "method": scoring_method().read_text(encoding="utf-8").splitlines()[0],
    "opened": opened,
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a clean copy of the checkout (no stale build/ folder can leak in)."""
    scratch = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, scratch / "src", ignore=NOT_SOURCES)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(scratch / "dist"),
                    str(scratch / "src")], check=True, capture_output=True, timeout=600)
    (built,) = (scratch / "dist").glob("termswatch-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> dict:
    """The wheel installed into a fresh venv: its bin/ and site-packages, and a directory
    outside the checkout to run it from."""
    root = tmp_path_factory.mktemp("installed")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    (site_packages / "test-venv-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TERMSWATCH_DATA")}
    env["TERMSWATCH_HOME"] = str(root / "home")
    return {"bin": venv / "bin", "site_packages": site_packages.resolve(), "cwd": elsewhere, "env": env}


def run(installed: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=installed["cwd"], env=installed["env"], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_holds_every_module_and_all_the_shipped_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(ROOT).as_posix() for folder in ("monitor", "spiders")
               for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts}
    assert sources - names == set()
    data = {"monitor/data/" + p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
    assert {"monitor/data/taxonomy.toml", "monitor/data/scoring.toml", "monitor/data/model/clauses.npz"} <= data
    assert sum(n.startswith("monitor/data/services/") and n.endswith(".json") for n in data) >= 40
    assert data - names == set()
    assert "monitor/docs/scoring.md" in names
    assert not [n for n in names if n.startswith("tests/") or "synthetic" in n]   # no test code shipped


# the checkout's categories: the installed package must ship every one of them
CATEGORIES = len(tomllib.loads((Path(__file__).resolve().parent.parent / "data" / "taxonomy.toml")
                               .read_text(encoding="utf-8"))["category"])


def test_clauses_runs_from_the_installed_package(installed):
    result = run(installed, str(installed["bin"] / "termswatch"), "clauses",
                 stdin='{"text": "We may sell your data."}\n')
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    answer = json.loads(line)
    assert answer["text"] == "We may sell your data."
    assert len(answer["scores"]) == CATEGORIES == 21 and set(answer["labels"]) <= set(answer["scores"])


def test_every_kind_of_shipped_data_is_read_from_site_packages(installed):
    result = run(installed, str(installed["bin"] / "python"), "-c", READ_EVERYTHING)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    site_packages = installed["site_packages"]
    assert Path(report["package"]).resolve().is_relative_to(site_packages)
    assert Path(report["data_dir"]).resolve() == site_packages / "monitor" / "data"
    assert report["categories"] == CATEGORIES and report["grades"] == ["A", "B", "C", "D"]
    assert report["services"] >= 40 and report["method"].startswith("# ")

    opened = {Path(p).resolve() for p in report["opened"]}
    test_venv = Path(sys.prefix).resolve()   # the dependencies, which may live inside the checkout
    assert not [p for p in opened if p.is_relative_to(ROOT) and not p.is_relative_to(test_venv)], \
        "read from the checkout"
    data = site_packages / "monitor" / "data"
    for shipped in (data / "taxonomy.toml", data / "scoring.toml", data / "model" / "clauses.npz",
                    site_packages / "monitor" / "docs" / "scoring.md"):
        assert shipped in opened, shipped
    assert sum(p.parent == data / "services" and p.suffix == ".json" for p in opened) >= 40


def test_the_site_method_page_is_rendered_from_the_installed_text(installed, tmp_path):
    result = run(installed, str(installed["bin"] / "termswatch"), "--home", str(tmp_path / "home"),
                 "site", "build", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    heading = (ROOT / "docs" / "scoring.md").read_text().splitlines()[0].lstrip("# ")
    method = (tmp_path / "site" / "method.html").read_text()
    assert f"<h1>{heading}</h1>" in method and "missing from this installation" not in method
