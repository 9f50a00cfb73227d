"""Hostile datasets, declarations, configs and databases: refused with one line, exit 2,
nothing read from outside the data's folder, nothing recorded, nothing published.

Every test runs the real `termswatch` command in a child process over real files and a real
SQLite database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.alerts.compose import one_line
from monitor.declarations import load_catalogue
from monitor.store import Store

pytestmark = pytest.mark.slow

SECRET = "smtp-password-5f0c9e7a1b"   # in the child's environment: /proc/self/environ holds it
GOOD = "We keep your data for thirty days and never sell it."
DECLARATION = {"name": "Good", "terms": {"Privacy Policy": {"fetch": "https://good.test/privacy", "select": "main"}}}


def termswatch(home: Path, *args: str, timeout: float = 120, secret: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERMSWATCH_SMTP_")}
    if secret:
        env["TERMSWATCH_SMTP_PASSWORD"] = SECRET
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=timeout, env=env)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The run failed with exit 2 and exactly one line on stderr (no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def good_dataset(root: Path) -> Path:
    write(root / "Good" / "Privacy Policy" / "2021-01-01T00-00-00Z.md", GOOD)
    return root


def everything_published(home: Path) -> str:
    """The database (with its WAL), the JSON export and every file of the built site, as text."""
    export, site = home / "export.json", home / "site"
    assert termswatch(home, "-q", "export", "--json", str(export)).returncode == 0
    assert termswatch(home, "-q", "site", "build", "--out", str(site)).returncode == 0
    parts = [export.read_text(encoding="utf-8")]
    parts += [p.read_bytes().decode("utf-8", "replace") for p in home.glob("termswatch.db*")]
    parts += [p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()]
    return "\n".join(parts)


def services_in(home: Path) -> set[str]:
    with Store.open(home / "termswatch.db") as store:
        return {row["id"] for row in store.services()}


# -- paths read from a dataset -------------------------------------------------------------------

def test_index_entries_that_leave_the_dataset_are_refused_and_nothing_leaks(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    write(tmp_path / "outside" / "secret.md", f"password = {SECRET}")
    entries = [
        ("Good", "2021-01-01T00:00:00Z", "Good/Privacy Policy/2021-01-01T00-00-00Z.md"),
        ("Evil", "2021-01-01T00:00:00Z", "../" * 12 + "etc/passwd"),
        ("Evil", "2021-01-02T00:00:00Z", "/proc/self/environ"),
        ("Evil", "2021-01-03T00:00:00Z", "../outside/secret.md"),
        ("Evil", "2021-01-04T00:00:00Z", str(tmp_path / "outside" / "secret.md")),
    ]
    (dataset / "INDEX.json").write_text(json.dumps({"versions": [
        {"service": s, "terms_type": "Privacy Policy", "seq": i, "timestamp": at, "file": file}
        for i, (s, at, file) in enumerate(entries)]}))
    home = tmp_path / "home"
    result = termswatch(home, "-q", "import-ota", str(dataset))
    assert result.returncode == 2, result.stderr
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 4 and "Traceback" not in result.stderr
    for number, line in enumerate(refused, 1):  # each names the index entry and its path
        assert f"INDEX.json versions[{number}] (seq {number})" in line
        assert repr(entries[number][2]) in line
    assert result.stdout.startswith("1 versions imported")  # the valid entry still imports
    assert services_in(home) == {"Good"}                       # nothing at all from the others
    published = everything_published(home)
    assert SECRET not in published and "root:x:0:0" not in published
    assert GOOD in published


def test_symlinks_that_leave_the_dataset_are_refused(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    outside = tmp_path / "outside"
    write(outside / "secret.md", f"password = {SECRET}")
    write(outside / "Stolen" / "Privacy Policy" / "2021-01-01T00-00-00Z.md", f"password = {SECRET}")
    evil = dataset / "Evil" / "Privacy Policy"
    evil.mkdir(parents=True)
    os.symlink(outside / "secret.md", evil / "2021-01-02T00-00-00Z.md")           # a file
    os.symlink(outside / "Stolen", dataset / "Stolen")                             # a service folder
    (dataset / "Sneaky").mkdir()
    os.symlink(outside / "Stolen" / "Privacy Policy", dataset / "Sneaky" / "Privacy Policy")  # a type folder
    # a link that stays inside the dataset is fine
    os.symlink(dataset / "Good" / "Privacy Policy" / "2021-01-01T00-00-00Z.md",
               dataset / "Good" / "Privacy Policy" / "2021-02-01T00-00-00Z.md")
    home = tmp_path / "home"
    result = termswatch(home, "-q", "import-ota", str(dataset))
    assert result.returncode == 2, result.stderr
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 3, result.stderr
    assert any("'Evil/Privacy Policy/2021-01-02T00-00-00Z.md'" in line for line in refused)
    assert any("'Stolen'" in line for line in refused)
    assert any("'Sneaky/Privacy Policy'" in line for line in refused)
    assert all("leaves the folder" in line for line in refused)
    assert services_in(home) == {"Good"}
    assert SECRET not in everything_published(home)


def test_a_fifo_or_a_folder_named_like_a_version_is_refused_without_hanging(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    os.mkfifo(dataset / "Good" / "Privacy Policy" / "2021-02-01T00-00-00Z.md")
    (dataset / "Good" / "Privacy Policy" / "2021-03-01T00-00-00Z.md").mkdir()
    result = termswatch(tmp_path / "home", "-q", "import-ota", str(dataset), timeout=60)
    assert result.returncode == 2
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 2 and all(line.endswith("not a regular file") for line in refused)


def test_an_index_that_is_a_symlink_outside_refuses_the_dataset(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    write(tmp_path / "elsewhere.json", json.dumps({"versions": []}))
    os.symlink(tmp_path / "elsewhere.json", dataset / "INDEX.json")
    line = one_error_line(termswatch(tmp_path / "home", "-q", "import-ota", str(dataset)))
    assert "INDEX.json" in line and "leaves the folder" in line


def test_dataset_declarations_outside_the_dataset_are_not_read(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    write(tmp_path / "outside" / "Good.json", json.dumps({**DECLARATION, "name": SECRET}))
    (dataset / "declarations").mkdir()
    os.symlink(tmp_path / "outside" / "Good.json", dataset / "declarations" / "Good.json")
    home = tmp_path / "home"
    result = termswatch(home, "-q", "import-ota", str(dataset))
    assert result.returncode == 2
    assert "refused: " in result.stderr and "Good.json: leaves the folder" in result.stderr
    assert SECRET not in everything_published(home)


def test_an_invalid_dataset_declaration_is_refused_and_its_name_not_used(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    write(dataset / "declarations" / "Good.json", json.dumps({**DECLARATION, "name": "Good\r\nBcc: x@example.org"}))
    home = tmp_path / "home"
    result = termswatch(home, "-q", "import-ota", str(dataset))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"refused: {dataset / 'declarations' / 'Good.json'}: name: ")
    with Store.open(home / "termswatch.db") as store:
        assert [row["name"] for row in store.services()] == ["Good"]


def test_declaration_and_history_files_outside_the_declarations_folder_are_refused(tmp_path):
    folder, outside = tmp_path / "declarations", tmp_path / "outside"
    write(folder / "Good.json", json.dumps(DECLARATION))
    write(outside / "Stolen.json", json.dumps({**DECLARATION, "name": SECRET}))
    write(outside / "Good.history.json", json.dumps({"Privacy Policy": [
        {"fetch": "https://good.test/old", "select": "body", "validUntil": "2020-01-01T00:00:00Z"}]}))
    os.symlink(outside / "Stolen.json", folder / "Stolen.json")
    os.symlink(outside / "Good.history.json", folder / "Good.history.json")
    os.symlink("/proc/self/environ", folder / "Environ.json")
    catalogue = load_catalogue(folder)
    assert set(catalogue.services) == {"Good"}
    assert catalogue.services["Good"].history == {}
    refused = sorted(str(error) for error in catalogue.errors)
    assert [line.split(": ")[0] for line in refused] == [
        str(folder / "Environ.json"), str(folder / "Good.history.json"), str(folder / "Stolen.json")]
    assert all("leaves the folder" in line for line in refused)


# -- control characters in names -----------------------------------------------------------------

@pytest.mark.parametrize("field, value", [
    ("name", "Good\r\n12:00:00 ERROR termswatch: forged"),
    ("name", "Evil\u202emoc.elgoog"),
    ("terms type", "Privacy\x00Policy"),
    ("terms type", "Privacy\u2066Policy"),
])
def test_declarations_with_control_characters_in_names_are_refused(tmp_path, field, value):
    body = {"fetch": "https://good.test/privacy", "select": "main"}
    data = {"name": value, "terms": {"Privacy Policy": body}} if field == "name" else \
        {"name": "Good", "terms": {value: body}}
    write(tmp_path / "Good.json", json.dumps(data))
    [error] = load_catalogue(tmp_path).errors
    assert str(error).startswith(f"{tmp_path / 'Good.json'}: {'name' if field == 'name' else 'terms'}: ")
    assert "control or bidi character" in str(error) and "\n" not in str(error)


def test_a_file_name_with_a_bidi_override_is_refused(tmp_path):
    write(tmp_path / "Evil\u202eName.json", json.dumps(DECLARATION))
    [error] = load_catalogue(tmp_path).errors
    assert "U+202E" in str(error) and "\u202e" not in str(error)


def test_import_refuses_folder_names_with_control_characters(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    write(dataset / "Evil\nService" / "Privacy Policy" / "2021-01-01T00-00-00Z.md", GOOD)
    write(dataset / "Evil" / "Privacy\u202ePolicy" / "2021-01-01T00-00-00Z.md", GOOD)
    home = tmp_path / "home"
    result = termswatch(home, "-q", "import-ota", str(dataset))
    assert result.returncode == 2
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 2 and len(result.stderr.splitlines()) == 2  # each on one line
    assert services_in(home) == {"Good"}


def test_a_file_name_cannot_forge_a_log_line(tmp_path):
    dataset = good_dataset(tmp_path / "dataset")
    write(dataset / "Good" / "Privacy Policy" / "notes\n23:59:59 CRITICAL termswatch: forged.md", "x")
    result = termswatch(tmp_path / "home", "import-ota", str(dataset))
    assert result.returncode == 0, result.stderr
    assert not any(line.startswith("23:59:59 CRITICAL") for line in result.stderr.splitlines())
    assert "notes\\n23:59:59 CRITICAL termswatch: forged.md: not named by a timestamp" in result.stderr


def test_mail_subjects_hold_no_line_breaks_or_bidi_overrides():
    subject = one_line("[Termswatch] Evil\u202emoc.elgoog\r\nBcc: victim@example.org Terms")
    assert not any(c in subject for c in "\r\n\u202e")


# -- one line, exit 2, instead of a traceback ----------------------------------------------------

def test_corrupt_database(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "termswatch.db").write_bytes(os.urandom(8192))
    for command in (["status"], ["score"], ["export", "--json", str(tmp_path / "x.json")]):
        line = one_error_line(termswatch(home, "-q", *command))
        assert line == f"termswatch: not a Termswatch database: {home / 'termswatch.db'}"


def test_unusable_state_directory_and_config(tmp_path):
    (tmp_path / "a-file").write_text("")
    for command in (["status"], ["import-ota", str(tmp_path)], ["export", "--json", "-"]):
        line = one_error_line(termswatch(tmp_path / "a-file" / "home", "-q", *command))
        assert line.startswith(f"termswatch: cannot create the state directory {tmp_path / 'a-file' / 'home'}: ")
    home = tmp_path / "home"
    (home / "termswatch.toml").mkdir(parents=True)
    line = one_error_line(termswatch(home, "-q", "status"))
    assert line == f"termswatch: {home / 'termswatch.toml'}: cannot read: Is a directory"


def test_unwritable_export_and_site(tmp_path):
    home = tmp_path / "home"
    (tmp_path / "a-file").write_text("")
    assert "cannot write" in one_error_line(termswatch(home, "-q", "export", "--json", str(tmp_path / "a-file" / "x.json")))
    assert "cannot write" in one_error_line(termswatch(home, "-q", "export", "--json", "/proc/termswatch.json"))
    assert "cannot write the site" in one_error_line(termswatch(home, "-q", "site", "build", "--out", str(tmp_path / "a-file" / "site")))
    assert "cannot write the site" in one_error_line(termswatch(home, "-q", "site", "build", "--out", "/proc/site"))


@pytest.mark.parametrize("index", [
    '{"versions": 3}',
    '{"versions": [{"service": "Good"}]}',
    '{"versions": [{"service": "Good", "terms_type": "Privacy Policy", "seq": "x", "timestamp": "x", "file": "x"}]}',
    '{"versions": [{"service": "Good", "terms_type": "Privacy Policy", "seq": 0, "timestamp": "yesterday", '
    '"file": "Good/Privacy Policy/2021-01-01T00-00-00Z.md"}]}',
])
def test_malformed_index(tmp_path, index):
    dataset = good_dataset(tmp_path / "dataset")
    (dataset / "INDEX.json").write_text(index)
    result = termswatch(tmp_path / "home", "-q", "import-ota", str(dataset))
    line = one_error_line(result) if result.stderr.startswith("termswatch:") else None
    if line is None:  # a usable index with a bad entry: that entry is refused, by its position
        assert result.returncode == 2 and "Traceback" not in result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"refused: {dataset / 'INDEX.json'} versions[0]")
    else:
        assert "INDEX.json: not a usable index" in line


@pytest.mark.parametrize("setting", [
    "[schedule]\ninterval = 1e400", '[schedule]\ninterval = "99999999999d"', "[schedule]\njitter = inf",
    '[smtp]\nretry_max = "99999999999d"', "[smtp]\ntimeout = 1e400",
    "[alerts]\nfailures_before_alert = 99999999999999999999999",
])
def test_config_numbers_out_of_range(tmp_path, setting):
    config = write(tmp_path / "termswatch.toml", setting + "\n")
    command = ("run", "--once") if setting.startswith("[smtp]") else ("status",)  # SMTP is read by `run`
    line = one_error_line(termswatch(tmp_path / "home", "-q", "--config", str(config), *command, secret=False))
    assert line.startswith(f"termswatch: {config}: ")


def test_missing_declarations_folder(tmp_path):
    config = write(tmp_path / "termswatch.toml", 'declarations = "nowhere"\n')
    line = one_error_line(termswatch(tmp_path / "home", "-q", "--config", str(config), "run", "--once", secret=False))
    assert line == f"termswatch: {config}: declarations: folder not found: {tmp_path / 'nowhere'}"
    line = one_error_line(termswatch(tmp_path / "home", "-q", "run", "--once", "--declarations", str(tmp_path / "nope"),
                                     secret=False))
    assert line == f"termswatch: {tmp_path / 'nope'}: declarations folder not found"


def test_no_score_on_a_date_is_an_answer(tmp_path):
    home = tmp_path / "home"
    assert termswatch(home, "-q", "import-ota", str(good_dataset(tmp_path / "dataset"))).returncode == 0
    result = termswatch(home, "-q", "score", "Good", "--at", "2020-06-01")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "Good has no score on 2020-06-01 (its first score is from 2021-01-01T00:00:00Z)\n"
    result = termswatch(home, "-q", "score", "Good", "--at", "2020-06-01", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) is None
