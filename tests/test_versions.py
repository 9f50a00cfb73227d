"""One path from snapshots to a version (`monitor.versions`), for the crawl and re-extraction."""

from __future__ import annotations

import subprocess
import sys

import pytest

from monitor.store import Store
from monitor.versions import ExtractionSettings

PAGE = (b"<html><body><main><h1>Terms</h1><p>Read the <a href='https://ex.com/help?campaign_ref=abc&amp;page=2'>"
        b"help pages</a> before you post anything on the service.</p></main></body></html>")


def test_reextraction_strips_the_tracking_parameters_the_crawl_is_configured_to_strip(tmp_path):
    """The config's [crawl.settings] TERMSWATCH_TRACKING_PARAMS reach re-extraction as they
    reach the crawl: both go through the same extraction settings."""
    home = tmp_path / "home"
    home.mkdir()
    store = Store.open(home / "termswatch.db")
    doc = store.ensure_document("Example", "Example", "Terms of Service", "https://ex.com/terms",
                                {"fetch": "https://ex.com/terms", "select": ["main"]})
    store.record_snapshot(doc, url="https://ex.com/terms", body=PAGE, content_type="text/html; charset=utf-8",
                          fetched_at="2024-01-01T00:00:00Z")
    store.close()
    config = tmp_path / "termswatch.toml"
    config.write_text('[crawl.settings]\nTERMSWATCH_TRACKING_PARAMS = ["campaign_ref"]\n')

    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "--config", str(config),
                             "reextract"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    store = Store.open(home / "termswatch.db")
    version = store.current_version(doc)
    store.close()
    assert version["kind"] == "first" and version["recorded_at"] == "2024-01-01T00:00:00Z"
    assert "https://ex.com/help?page=2" in version["text"]
    assert "campaign_ref" not in version["text"]


@pytest.mark.parametrize("settings, message", [
    ({"DOWNLOAD_MAXSIZE": -1}, "DOWNLOAD_MAXSIZE"),
    ({"DOWNLOAD_MAXSIZE": "lots"}, "DOWNLOAD_MAXSIZE"),
    ({"TERMSWATCH_TRACKING_PARAMS": [1, 2]}, "TERMSWATCH_TRACKING_PARAMS"),
    ({"TERMSWATCH_EXTRACT_TIMEOUT": 0}, "TERMSWATCH_EXTRACT_TIMEOUT"),
])
def test_wrong_extraction_settings_name_the_setting(settings, message):
    with pytest.raises(ValueError, match=message):
        ExtractionSettings.from_settings(settings)


def test_scrapys_no_limit_is_no_byte_cap():
    assert ExtractionSettings.from_settings({"DOWNLOAD_MAXSIZE": 0}).max_bytes > 10 ** 12
    assert ExtractionSettings.from_settings({"TERMSWATCH_TRACKING_PARAMS": "a, b"}).tracking_params == ("a", "b")
