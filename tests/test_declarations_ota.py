"""Declarations as Open Terms Archive's engine reads them, and `termswatch validate`.

Every declaration here is our own, written to pin one rule of the engine's schema
(scripts/declarations/validate/service*.schema.js) or one behaviour of its loader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from monitor.declarations import load_catalogue
from monitor.paths import Home, data_dir, declaration_folders

VOCABULARY = {"Terms of Service": {}, "Privacy Policy": {}, "Imprint": {}}


def termswatch(*args: str, home: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def write(folder: Path, name: str, data) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def page(**extra) -> dict:
    return {"fetch": "https://ex.test/legal", "select": "main", **extra}


# each rejected case: the file, the declaration, the field the error names
REJECTED = [
    ("UnknownKey.json", {"name": "A", "terms": {"Privacy Policy": page()}, "homepage": "https://ex.test"},
     "homepage"),
    ("UnknownType.json", {"name": "A", "terms": {"Cookie Manifesto": page()}}, "terms.Cookie Manifesto"),
    ("NoSelect.json", {"name": "A", "terms": {"Privacy Policy": {"fetch": "https://ex.test/privacy.html"}}},
     "terms.Privacy Policy.select"),
    ("PdfWithFilter.json", {"name": "A", "terms": {"Privacy Policy": {
        "fetch": "https://ex.test/privacy.pdf", "filter": ["removeLinks"]}}}, "terms.Privacy Policy.select"),
    ("NoFetch.json", {"name": "A", "terms": {"Privacy Policy": {"select": "main"}}}, "terms.Privacy Policy.fetch"),
    ("BadUrl.json", {"name": "A", "terms": {"Privacy Policy": page(fetch="not-a-url")}},
     "terms.Privacy Policy.fetch"),
    ("NoName.json", {"terms": {"Privacy Policy": page()}}, "name"),
    ("NoTerms.json", {"name": "A"}, "terms"),
    ("TwoKeyFilter.json", {"name": "A", "terms": {"Privacy Policy": page(filter=[{"a": 1, "b": 2}])}},
     "terms.Privacy Policy.filter[0]"),
    ("FilterNotList.json", {"name": "A", "terms": {"Privacy Policy": page(filter="removeLinks")}},
     "terms.Privacy Policy.filter"),
    ("CombineFetch.json", {"name": "A", "terms": {"Privacy Policy": {
        "fetch": "https://ex.test/x", "combine": [{"fetch": "https://ex.test/a"}]}}}, "terms.Privacy Policy"),
    ("Twice.json", {"name": "A", "terms": {"Privacy Policy": {"select": "main", "combine": [
        {"fetch": "https://ex.test/a"}, {"fetch": "https://ex.test/a"}]}}}, "terms.Privacy Policy.combine"),
    ("DateOnly.history.json", {"Privacy Policy": [{**page(), "validUntil": "2023-12-31"}]},
     "Privacy Policy[0].validUntil"),
    ("NoValidUntil.history.json", {"Privacy Policy": [page()]}, "Privacy Policy[0].validUntil"),
    ("OldType.history.json", {"Cookie Manifesto": [{**page(), "validUntil": "2023-12-31T00:00:00Z"}]},
     "Cookie Manifesto"),
]

ACCEPTED = {
    "Pdf.json": {"name": "Pdf", "terms": {"Terms of Service": {"fetch": "https://ex.test/tos.pdf?v=2"}}},
    "Combined.json": {"name": "Combined", "terms": {"Terms of Service": {
        "combine": [{"fetch": "https://ex.test/a"}, {"fetch": "https://ex.test/b", "select": "#b"}]}}},
    "Ranges.json": {"name": "Ranges", "importedFrom": "https://example.org/rules/ranges.xml", "terms": {
        "Imprint": {"fetch": "https://ex.test/imprint",
                    "select": ["main", {"startAfter": "h2", "endBefore": "footer"}],
                    "remove": {"startBefore": "#ad", "endAfter": "#ad-end"},
                    "filter": ["removeLinks", {"removeQueryParams": ["ref"]}], "executeClientScripts": True}}},
    "Gone.json": {"name": "Gone", "terms": {}},
    "Gone.history.json": {"Privacy Policy": [
        {"fetch": "https://ex.test/p.pdf", "validUntil": "2021-09-04T12:23:00.000Z"},
        {"fetch": "https://ex.test/p", "select": "main", "validUntil": "2023-10-18T17:06:00+02:00"}]},
}


def service_files(name: str, data) -> dict:
    """A history file needs its service declaration beside it."""
    if name.endswith(".history.json"):
        return {name.replace(".history", ""): {"name": "H", "terms": {}}, name: data}
    return {name: data}


def test_validate_names_the_file_and_field_of_every_rule_the_engine_enforces(tmp_path):
    folder = tmp_path / "collection" / "declarations"
    write(tmp_path / "collection", "terms-types.json", VOCABULARY)   # the vocabulary it carries
    for name, data, _ in REJECTED:
        for file_name, content in service_files(name, data).items():
            write(folder, file_name, content)
    done = termswatch("validate", str(folder), home=tmp_path / "home")
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("invalid: ")]
    assert len(lines) == len(REJECTED), done.stderr
    for name, _, field in REJECTED:
        assert any(line.startswith(f"invalid: {folder / name}: {field}: ") for line in lines), (name, lines)
    assert "terms-types.json" in done.stdout   # says whose vocabulary it applied


def test_validate_accepts_what_the_engine_accepts(tmp_path):
    folder = tmp_path / "collection" / "declarations"
    write(tmp_path / "collection", "terms-types.json", VOCABULARY)
    for name, data in ACCEPTED.items():
        write(folder, name, data)
    done = termswatch("validate", str(folder), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "4 service declaration(s)" in done.stdout and "all valid" in done.stdout


def test_validate_defaults_to_the_users_folder_and_a_vocabulary_setting(tmp_path):
    home = tmp_path / "home"
    write(home / "declarations", "Mine.json", {"name": "Mine", "terms": {"Charter": page()}})
    write(tmp_path, "types.json", {"Charter": {}})
    done = termswatch("validate", home=home, env={"TERMSWATCH_TERMS_TYPES": str(tmp_path / "types.json")})
    assert done.returncode == 0, done.stderr
    done = termswatch("validate", home=home)  # OTA's vocabulary has no "Charter"
    assert done.returncode == 2 and "terms.Charter: 'Charter' is not a terms type" in done.stderr


def test_the_real_ota_declarations_are_all_valid(ota_corpus, tmp_path):
    done = termswatch("validate", str(ota_corpus / "declarations"), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "15 service declaration(s)" in done.stdout


def test_crawling_is_lenient_on_schema_only_rules_but_says_so(tmp_path):
    """The demo names invented terms types and pages without select: they still load."""
    write(tmp_path, "Demo.json", {"name": "Demo", "terms": {"HTTP 404": {"fetch": "https://ex.test/x"}}})
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.services) == ["Demo"] and catalogue.errors == []
    assert [w.field for w in catalogue.warnings] == ["terms.HTTP 404.select"]


def test_a_terminated_service_keeps_its_history(tmp_path):
    for name, data in ACCEPTED.items():
        if name.startswith("Gone"):
            write(tmp_path, name, data)
    gone = load_catalogue(tmp_path).services["Gone"]
    assert gone.terminated and gone.documents == {}
    assert [d.url for d in gone.history["Privacy Policy"]] == ["https://ex.test/p.pdf", "https://ex.test/p"]
    when = datetime(2022, 1, 1, tzinfo=timezone.utc)
    assert gone.declaration_at("Privacy Policy", when).url == "https://ex.test/p"
    assert gone.declaration_at("Privacy Policy", datetime(2024, 1, 1, tzinfo=timezone.utc)) is None
    assert load_catalogue(tmp_path).documents() == []   # nothing left to crawl


def test_valid_until_is_inclusive_at_the_exact_instant(tmp_path):
    write(tmp_path, "Svc.json", {"name": "Svc", "terms": {"Terms of Service": page(fetch="https://ex.test/new")}})
    # listed out of order, with an offset and a fraction: order is by instant, not by text
    write(tmp_path, "Svc.history.json", {"Terms of Service": [
        {**page(fetch="https://ex.test/middle"), "validUntil": "2022-06-01T14:00:00+02:00"},
        {**page(fetch="https://ex.test/old"), "validUntil": "2021-01-01T00:00:00.500Z"}]})
    svc = load_catalogue(tmp_path).services["Svc"]
    cut = datetime(2022, 6, 1, 12, 0, tzinfo=timezone.utc)
    assert svc.declaration_at("Terms of Service", cut).url == "https://ex.test/middle"
    assert svc.declaration_at("Terms of Service", cut + timedelta(microseconds=1)).url == "https://ex.test/new"
    old_cut = datetime(2021, 1, 1, 0, 0, 0, 500000, tzinfo=timezone.utc)
    assert svc.declaration_at("Terms of Service", old_cut).url == "https://ex.test/old"
    assert svc.declaration_at("Terms of Service", old_cut + timedelta(microseconds=1)).url == "https://ex.test/middle"


def test_crawl_reads_the_users_folder_beside_the_catalogue(tmp_path):
    home = Home(tmp_path / "home")
    assert declaration_folders(home) == [data_dir() / "services"]
    home.declarations.mkdir(parents=True)
    home.catalogue_declarations.mkdir(parents=True)
    assert declaration_folders(home) == [home.catalogue_declarations, home.declarations]


def test_the_users_declaration_of_a_service_replaces_the_catalogues(tmp_path):
    from monitor.declarations import load_catalogues

    write(tmp_path / "catalogue", "Svc.json", {"name": "Svc", "terms": {"Imprint": page(fetch="https://ex.test/old")}})
    write(tmp_path / "catalogue", "Other.json", {"name": "Other", "terms": {"Imprint": page()}})
    write(tmp_path / "mine", "Svc.json", {"name": "Svc", "terms": {"Imprint": page(fetch="https://ex.test/mine")}})
    merged = load_catalogues([tmp_path / "catalogue", tmp_path / "mine"])
    assert sorted(merged.services) == ["Other", "Svc"]
    assert merged.services["Svc"].documents["Imprint"].url == "https://ex.test/mine"
    assert [w.reason for w in merged.warnings] == [f"replaces the declaration of Svc in {tmp_path / 'catalogue'}"]
