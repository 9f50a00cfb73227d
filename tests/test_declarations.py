"""Declarations: the Open Terms Archive format loads unchanged; mistakes get precise errors."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from monitor.declarations import (DeclarationError, RangeSelector, load_catalogue,
                                  parse_service)


def test_the_real_ota_declarations_load_unchanged(ota_corpus):
    catalogue = load_catalogue(ota_corpus / "declarations")
    assert catalogue.errors == []
    assert len(catalogue.services) == 15
    telegram = catalogue.services["Telegram"]
    tos = telegram.documents["Terms of Service"]
    assert [p.fetch for p in tos.pages] == ["https://telegram.org/tos", "https://telegram.org/faq?setln=en"]
    imprint = telegram.documents["Imprint"].pages[0]
    assert isinstance(imprint.select[0], RangeSelector)
    assert imprint.select[0].start_before == "[name=q-who-are-the-people-behind-telegram]"
    # history files: superseded declarations, each with the date it stopped applying
    facebook = catalogue.services["Facebook"]
    assert facebook.history["Terms of Service"]
    assert all(d.valid_until for d in facebook.history["Terms of Service"])


def test_history_gives_the_declaration_in_force_at_a_date(ota_corpus):
    facebook = load_catalogue(ota_corpus / "declarations").services["Facebook"]
    old = facebook.declaration_at("Terms of Service", datetime(2021, 6, 1, tzinfo=timezone.utc))
    new = facebook.declaration_at("Terms of Service", datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert old.valid_until is not None and new.valid_until is None
    assert old.sha256 != new.sha256


def test_combine_shares_its_defaults_with_every_page():
    svc = parse_service({"name": "X", "terms": {"Terms of Service": {
        "combine": [{"fetch": "https://x.test/a"}, {"fetch": "https://x.test/b", "remove": "nav"}],
        "select": "main", "remove": "footer"}}}, service_id="X")
    a, b = svc.documents["Terms of Service"].pages
    assert a.select == b.select == ("main",)
    assert a.remove == ("footer",) and b.remove == ("nav",)


@pytest.mark.parametrize("body, field, words", [
    ({"terms": {"Privacy Policy": {"fetch": "https://x.test"}}}, "name", "missing"),
    ({"name": "X"}, "terms", "missing"),
    ({"name": "X", "terms": {"Privacy Policy": {"select": "main"}}}, "terms.Privacy Policy.fetch", "missing"),
    ({"name": "X", "terms": {"Privacy Policy": {"fetch": "ftp://x.test/p"}}}, "terms.Privacy Policy.fetch", "not an http"),
    ({"name": "X", "terms": {"Privacy Policy": {"fetch": "https://x.test", "select": "div[["}}},
     "terms.Privacy Policy.select", "invalid CSS selector"),
    ({"name": "X", "terms": {"Privacy Policy": {"fetch": "https://x.test", "select": 42}}},
     "terms.Privacy Policy.select", "expected a CSS selector"),
    ({"name": "X", "terms": {"Privacy Policy": {"fetch": "https://x.test", "select": [{"startBefore": "h1"}]}}},
     "terms.Privacy Policy.select[0]", "exactly one of"),
    ({"name": "X", "terms": {"Privacy Policy": {"fetch": "https://x.test", "selekt": "main"}}},
     "terms.Privacy Policy", "unknown field"),
    ({"name": "X", "terms": {"Privacy Policy": {"combine": []}}}, "terms.Privacy Policy.combine", "non-empty"),
])
def test_mistakes_name_the_file_the_field_and_the_reason(body, field, words):
    with pytest.raises(DeclarationError) as caught:
        parse_service(body, service_id="X", source="services/X.json")
    error = caught.value
    assert error.source == "services/X.json"
    assert error.field == field
    assert words in error.reason
    assert str(error).startswith(f"services/X.json: {field}: ")


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "Good.json").write_text(json.dumps(
        {"name": "Good", "terms": {"Privacy Policy": {"fetch": "https://good.test/p", "select": "main"}}}))
    (tmp_path / "Broken.json").write_text('{"name": "Broken", "terms": ')
    (tmp_path / "Latin1.json").write_bytes('{"name": "Caf\xe9"}'.encode("latin-1"))
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.services) == ["Good"]
    messages = sorted(str(e) for e in catalogue.errors)
    assert any("Broken.json: line 1 column" in m and "invalid JSON" in m for m in messages)
    assert any("Latin1.json" in m and "not UTF-8" in m for m in messages)


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(DeclarationError, match="declarations folder not found"):
        load_catalogue(tmp_path / "nope")
