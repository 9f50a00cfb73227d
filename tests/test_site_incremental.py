"""An incremental build reads only the services whose data changed since the last build
(`monitor.site.skip`), and writes exactly the site a full build writes: same files, same
bytes. Real stores (synthetic histories, and one run through the real pipeline), real builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.feeds import FEED_ENTRIES
from monitor.site import build as site_build
from monitor.site import build_site, urls
from monitor.site.output import read_manifest
from monitor.store import Store
from synthetic_store import add_version, populate


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != urls.MANIFEST}


def assert_same_as_full(store: Store, incremental_site: Path, tmp_path: Path) -> None:
    full = tmp_path / f"full-{len(list(tmp_path.iterdir()))}"
    build_site(store, full, incremental=False)
    assert _files(incremental_site) == _files(full)
    assert read_manifest(incremental_site) == read_manifest(full)


@pytest.fixture
def services_read(monkeypatch):
    """The ids of the services each build reads from the store (the real loader, observed)."""
    seen: list[str] = []
    real = site_build.load_site_data

    def observed(store, service_ids=None):
        seen.extend(service_ids or [])
        return real(store, service_ids)
    monkeypatch.setattr(site_build, "load_site_data", observed)
    return seen


def test_one_new_version_reads_one_service_and_gives_the_full_build(tmp_path, services_read):
    store = Store.open(tmp_path / "db")
    populate(store, services=6, versions=6)
    site = tmp_path / "site"
    build_site(store, site)
    assert len(set(services_read)) == 6

    services_read.clear()
    assert build_site(store, site).written == 0
    assert services_read == []                       # nothing changed: nothing read

    new = add_version(store, "Service 0004", "Privacy Policy")
    report = build_site(store, site)
    assert services_read == ["Service 0004"]
    assert urls.change_page("Service 0004", new["change_id"]) in report.written_paths
    assert {"index.html", "feeds/all.xml", urls.service_page("Service 0004")} <= set(report.written_paths)
    assert not any(path.startswith("services/Service-0003") for path in report.written_paths)
    assert_same_as_full(store, site, tmp_path)


def test_a_new_service_and_versions_of_several_give_the_full_build(tmp_path, services_read):
    store = Store.open(tmp_path / "db")
    populate(store, services=4, versions=5, hostile=True)
    site = tmp_path / "site"
    build_site(store, site)
    populate(store, service_ids=["Newcomer <b>"], versions=3)
    add_version(store, "Service 0001")
    add_version(store, "Service 0002", hostile=True)
    services_read.clear()
    build_site(store, site)
    assert sorted(services_read) == ["Newcomer <b>", "Service 0001", "Service 0002"]
    assert_same_as_full(store, site, tmp_path)


def test_an_entry_leaving_full_global_feeds_makes_the_build_read_every_service(tmp_path, services_read):
    """When a change of the global feeds stops being reportable, an older change of a
    service not read may come into them: the build must read it after all."""
    store = Store.open(tmp_path / "db")
    populate(store, services=8, versions=12)
    site = tmp_path / "site"
    build_site(store, site)
    newest = next(store.query("SELECT c.to_version_id, d.service_id FROM changes c JOIN assessments a ON "
                              "a.change_id = c.id JOIN documents d ON d.id = c.document_id JOIN versions v ON "
                              "v.id = c.to_version_id WHERE c.substantive = 1 ORDER BY v.recorded_at DESC, c.id DESC"))
    all_feed = (site / "feeds/all.xml").read_text(encoding="utf-8")
    assert all_feed.count("<entry>") == FEED_ENTRIES            # the feed is full
    assert store.mark_changes_not_substantive([newest["to_version_id"]], "test_reason") == [newest["to_version_id"]]
    services_read.clear()
    build_site(store, site)
    assert set(services_read) == {f"Service {n:04d}" for n in range(1, 9)}
    assert_same_as_full(store, site, tmp_path)


def test_a_version_through_the_real_pipeline_gives_the_full_build(tmp_path, services_read):
    from monitor.pipeline import process_new_records

    store = Store.open(tmp_path / "db")
    texts = {"Alpha": "We collect your email address to run the service.",
             "Beta": "You may delete your account at any time and we erase your data."}
    docs = {name: store.ensure_document(name, name, "Privacy Policy", f"https://{name.lower()}.test/p", {})
            for name in texts}
    for name, text in texts.items():
        store.record_version(docs[name], f"# Privacy\n\n{text}\n\nContact us with any question.",
                             recorded_at="2025-01-01T00:00:00Z")
    process_new_records(store)
    site = tmp_path / "site"
    build_site(store, site)
    store.record_version(docs["Alpha"], f"# Privacy\n\n{texts['Alpha']}\n\nWe may sell your personal data to "
                         "advertisers.\n\nContact us with any question.", recorded_at="2025-02-01T00:00:00Z")
    process_new_records(store)
    services_read.clear()
    report = build_site(store, site)
    assert services_read == ["Alpha"]
    assert urls.service_page("Beta") not in report.written_paths
    assert_same_as_full(store, site, tmp_path)


def test_a_tampered_state_is_ignored_not_trusted(tmp_path):
    import json

    store = Store.open(tmp_path / "db")
    populate(store, services=3, versions=4)
    site = tmp_path / "site"
    build_site(store, site)
    manifest = json.loads((site / urls.MANIFEST).read_text())
    manifest["state"]["feeds"] = {"feeds/all.xml": [None, 3, "x"]}
    (site / urls.MANIFEST).write_text(json.dumps(manifest))
    add_version(store, "Service 0001")
    build_site(store, site)
    assert_same_as_full(store, site, tmp_path)
    manifest = json.loads((site / urls.MANIFEST).read_text())
    manifest["state"]["services"]["Service 0003"]["row"] = {"id": "Service 0003"}
    (site / urls.MANIFEST).write_text(json.dumps(manifest))
    add_version(store, "Service 0002")
    build_site(store, site)
    assert_same_as_full(store, site, tmp_path)


def test_new_versions_of_a_document_with_grouped_cosmetic_changes_give_the_full_build(tmp_path, services_read):
    from monitor.site.change_pages import COSMETIC_PAGES_MAX

    store = Store.open(tmp_path / "db")
    populate(store, service_ids=["Flappy", "Calm"], versions=60, documents=("Terms of Service",))
    site = tmp_path / "site"
    build_site(store, site)
    group = urls.cosmetic_changes_page("Flappy", "terms-of-service")
    assert (site / group).is_file()
    before = (site / group).read_bytes()
    for _ in range(5):      # every fifth synthetic version is a cosmetic one
        add_version(store, "Flappy")
    services_read.clear()
    report = build_site(store, site)
    assert services_read == ["Flappy"]
    assert group in report.written_paths and (site / group).read_bytes() != before
    cosmetic = [c for c in store.query("SELECT id FROM changes WHERE substantive = 0 AND suspect = 0 AND "
                                       "document_id = (SELECT id FROM documents WHERE service_id = 'Flappy')")]
    assert len(cosmetic) > COSMETIC_PAGES_MAX
    listed = (site / group).read_text(encoding="utf-8")
    assert all(f'id="change-{c["id"]}"' in listed for c in cosmetic)    # every cosmetic change on it
    assert_same_as_full(store, site, tmp_path)


def test_scores_computed_again_with_other_reasons_give_the_full_build(tmp_path, services_read):
    """A service scored again with the same ids, times and grades but other reasons (the
    scoring's explanation changed): its page shows the new reasons."""
    import json

    store = Store.open(tmp_path / "db")
    populate(store, services=3, versions=4)
    site = tmp_path / "site"
    build_site(store, site)
    last = "Service 0003"   # scored last: its rows have the highest ids, which a new history reuses
    history = [dict(row) for row in store.query("SELECT * FROM scores WHERE service_id = ? ORDER BY id", [last])]
    ids = [row["id"] for row in history]
    for row in history:
        row["reasons"] = json.loads(row["reasons"])
    history[-1]["reasons"] = history[-1]["reasons"][:1]
    assert history[-1]["reasons"], "the latest score must have reasons to drop"
    store.replace_scores(last, history, "test")
    assert [row["id"] for row in store.query("SELECT id FROM scores WHERE service_id = ? ORDER BY id", [last])] == ids
    services_read.clear()
    build_site(store, site)
    assert services_read == [last]
    assert_same_as_full(store, site, tmp_path)
