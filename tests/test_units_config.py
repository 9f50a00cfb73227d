"""Config validation (`monitor.config`): every key's type and range errors name the file and
the key; good values come through typed. Real TOML files. The assertions name only the keys
they are about, so a key added later does not break them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import Config, ConfigError, load_config, parse_duration


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "termswatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert str(error).startswith(f"{path}: ")                # names the file
    assert "\n" not in str(error)                            # one line
    return error


@pytest.mark.parametrize("text, key", [
    # the top level
    ('declarations = 3', "declarations"),
    ('declarations = ["a"]', "declarations"),
    ('schedule = "6h"', "schedule"),
    ('crawl = 1', "crawl"),
    ('alerts = []', "alerts"),
    ('smtp = "localhost"', "smtp"),
    ('site = true', "site"),
    # [schedule]
    ('[schedule]\ninterval = "often"', "schedule.interval"),
    ('[schedule]\ninterval = "6 hours"', "schedule.interval"),
    ('[schedule]\ninterval = true', "schedule.interval"),
    ('[schedule]\ninterval = -5', "schedule.interval"),
    ('[schedule]\ninterval = "0s"', "schedule.interval"),
    ('[schedule]\ninterval = 0', "schedule.interval"),
    ('[schedule]\njitter = "-1m"', "schedule.jitter"),
    ('[schedule]\njitter = [10]', "schedule.jitter"),
    ('[schedule]\ntick = "soon"', "schedule.tick"),
    ('[schedule]\nservices = "1h"', "schedule.services"),
    ('[schedule.services]\nGoogle = "hourly"', "schedule.services.Google"),
    ('[schedule.documents]\n"Google / Privacy Policy" = false', "schedule.documents.Google / Privacy Policy"),
    # [crawl]
    ('[crawl]\nsettings = 2', "crawl.settings"),
    # [alerts]
    ('[alerts]\noperators = "ops@example.org"', "alerts.operators"),
    ('[alerts]\noperators = ["not an address"]', "alerts.operators"),
    ('[alerts]\noperators = [1]', "alerts.operators"),
    ('[alerts]\nfailures_before_alert = 0', "alerts.failures_before_alert"),
    ('[alerts]\nfailures_before_alert = -3', "alerts.failures_before_alert"),
    ('[alerts]\nfailures_before_alert = 2.5', "alerts.failures_before_alert"),
    ('[alerts]\nfailures_before_alert = true', "alerts.failures_before_alert"),
    ('[alerts]\nfailures_before_alert = "3"', "alerts.failures_before_alert"),
    ('[alerts]\nsite_url = 1', "alerts.site_url"),
    ('[alerts]\nunsubscribe_url = ["https://x.test"]', "alerts.unsubscribe_url"),
    # [site]
    ('[site]\nout = 5', "site.out"),
    ('[site]\nbuild = "yes"', "site.build"),
    ('[site]\nbuild = 1', "site.build"),
])
def test_a_wrong_type_or_range_names_the_key(tmp_path, text, key):
    error = refused(tmp_path, text)
    assert error.key == key
    assert f": {key}: " in str(error)


@pytest.mark.parametrize("text, key", [
    ('colour = "blue"', "colour"),
    ('[schedule]\nintervall = "6h"', "schedule.intervall"),
    ('[crawl]\nsetings = {}', "crawl.setings"),
    ('[alerts]\noperator = []', "alerts.operator"),
    ('[smtp]\nhostname = "mail"', "smtp.hostname"),
    ('[site]\noutput = "x"', "site.output"),
])
def test_an_unknown_key_is_named_with_its_table(tmp_path, text, key):
    error = refused(tmp_path, text)
    assert error.key == key and "unknown key" in error.reason


@pytest.mark.parametrize("content, reason", [
    (b'[schedule\ninterval = "6h"', "invalid TOML"),
    (b'interval = "6h"\ninterval = "1h"', "invalid TOML"),
    (b'declarations = "\xff\xfe"', "not UTF-8"),
])
def test_a_file_that_is_not_toml_is_refused_whole(tmp_path, content, reason):
    path = tmp_path / "termswatch.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == "" and reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")


def test_good_values_come_through_typed(tmp_path):
    (tmp_path / "catalogue").mkdir()   # a declarations folder must exist
    path = write(tmp_path, """
declarations = "catalogue"

[schedule]
interval = "1.5h"
jitter = 0
tick = 30
[schedule.services]
Google = "2h"
[schedule.documents]
"Google / Privacy Policy" = "30m"

[crawl.settings]
DOWNLOAD_DELAY = 2

[alerts]
operators = ["ops@example.org"]
failures_before_alert = 5
site_url = "https://terms.example.org/"

[smtp]
host = "mail.example.org"
port = 587

[site]
out = "/srv/site"
build = false
""")
    config = load_config(path)
    assert config.source == str(path)
    assert config.declarations == tmp_path / "catalogue"     # relative to the config's folder
    assert config.schedule.interval == timedelta(hours=1, minutes=30)
    assert config.schedule.jitter == timedelta(0) and config.schedule.tick == timedelta(seconds=30)
    assert config.schedule.interval_for("Google", "Terms of Service") == timedelta(hours=2)
    assert config.schedule.interval_for("Google", "Privacy Policy") == timedelta(minutes=30)
    assert config.schedule.interval_for("Bing", "Terms of Service") == timedelta(hours=1, minutes=30)
    assert config.crawl_settings["DOWNLOAD_DELAY"] == 2
    assert config.operators == ["ops@example.org"] and config.failures_before_alert == 5
    assert config.site_url == "https://terms.example.org/"
    assert config.smtp["host"] == "mail.example.org" and config.smtp["port"] == 587
    assert config.site_out == Path("/srv/site") and config.site_build is False


def test_no_file_or_an_empty_one_gives_the_defaults(tmp_path):
    defaults = Config()
    for config in (load_config(None), load_config(tmp_path / "missing.toml"), load_config(write(tmp_path, ""))):
        assert config.schedule == defaults.schedule
        assert (config.declarations, config.site_out, config.site_build) == (None, None, True)
        assert config.operators == [] and config.failures_before_alert == 3


@pytest.mark.parametrize("value, seconds", [("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400),
                                            (" 2h ", 7200), ("0.5m", 30), (45, 45), (1.5, 1.5)])
def test_durations(value, seconds):
    assert parse_duration(value).total_seconds() == seconds


@pytest.mark.parametrize("value", ["6", "6 hours", "1w", "h", "-1h", "", True, False, None, -1, [1], {}])
def test_what_is_not_a_duration_names_the_key(value):
    with pytest.raises(ConfigError) as caught:
        parse_duration(value, "my.toml", "schedule.tick")
    assert str(caught.value).startswith("my.toml: schedule.tick: expected a duration")


def test_a_password_in_the_file_is_refused_with_the_way_to_give_it(tmp_path):
    error = refused(tmp_path, '[smtp]\nhost = "mail.example.org"\npassword = "hunter2"')
    assert error.key == "smtp.password"
    assert "TERMSWATCH_SMTP_PASSWORD" in error.reason and "hunter2" not in str(error)


def test_one_schema_declares_every_key_the_smtp_reader_knows():
    from monitor.alerts.config import SmtpConfig
    from monitor.config import SCHEMA, SMTP_KEYS, Key

    listed = {name for name, key in SCHEMA["smtp"].items() if key.listed}
    assert listed == set(SMTP_KEYS)
    # every field of SmtpConfig but the password (environment only) is a key of [smtp]
    assert set(SmtpConfig.__dataclass_fields__) - {"password"} == set(SMTP_KEYS)
    # every Config attribute is filled from the schema (none parsed by hand elsewhere)
    filled = set()

    def walk(table):
        for key in table.values():
            if isinstance(key, Key):
                filled.add((key.attribute or "").partition(".")[0])
            else:
                walk(key)
    walk(SCHEMA)
    assert set(Config.__dataclass_fields__) - {"source", "smtp"} <= filled


def test_the_cli_exits_2_naming_the_file_and_key(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, '[schedule]\ninterval = "often"')
    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(tmp_path / "home"), "--config",
                             str(path), "status"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f'termswatch: {path}: schedule.interval: expected a duration such as "6h" or "30m", got \'often\'']
