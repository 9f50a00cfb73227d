"""The shipped catalogue (data/services/) loads cleanly and covers enough real services."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest

from monitor.declarations import load_catalogue
from monitor.paths import default_catalogue

REQUIRED_TYPES = ("Terms of Service", "Privacy Policy")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(default_catalogue())


def test_every_declaration_loads_without_errors(catalogue):
    assert catalogue.errors == []
    files = [p for p in default_catalogue().glob("*.json") if not p.name.endswith(".history.json")]
    assert len(catalogue.services) == len(files)


def test_at_least_thirty_services(catalogue):
    assert len(catalogue.services) >= 30


@pytest.mark.parametrize("terms_type", REQUIRED_TYPES)
def test_every_service_declares_terms_and_privacy(catalogue, terms_type):
    missing = [sid for sid, svc in catalogue.services.items() if terms_type not in svc.documents]
    assert missing == []


def test_every_url_is_https(catalogue):
    urls = [page.fetch for doc in catalogue.documents() for page in doc.pages]
    assert urls
    not_https = [url for url in urls if urlsplit(url).scheme != "https"]
    assert not_https == []


def test_no_duplicate_ids_or_names(catalogue):
    # File names are unique on a case-sensitive disk, but not on macOS/Windows checkouts.
    ids = Counter(sid.casefold() for sid in catalogue.services)
    names = Counter(svc.name.casefold() for svc in catalogue.services.values())
    assert [i for i, n in ids.items() if n > 1] == []
    assert [i for i, n in names.items() if n > 1] == []


def test_files_use_the_current_ota_key():
    # Older OTA files say "documents"; the loader (and OTA today) want "terms".
    for path in default_catalogue().glob("*.json"):
        assert "terms" in json.loads(path.read_text(encoding="utf-8")), path.name
