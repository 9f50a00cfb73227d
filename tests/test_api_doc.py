"""The Python API's documentation runs: every example of docs/api.md, and the docstring
examples of the modules the CLI calls for text, dates, hashes, the config and the status."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

API_DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_every_example_of_the_api_page_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))   # the examples' state directories go there
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    result = doctest.testfile(str(API_DOC), module_relative=False, report=True)
    assert result.attempted >= 30
    assert result.failed == 0


@pytest.mark.parametrize("name", ["monitor.dates", "monitor.hashing", "monitor.overview", "monitor.config",
                                  "monitor.alerts.config", "monitor.classify.segment", "monitor.diff.segment",
                                  "monitor.versions"])
def test_the_modules_examples_run(name, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
