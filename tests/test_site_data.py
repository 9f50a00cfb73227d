"""The site's bulk reads agree with `monitor.views`, the one-question-at-a-time reads."""

from __future__ import annotations

import pytest

from monitor import views
from monitor.site.data import load_hunks, load_site_data
from monitor.store import Store

from synthetic_store import populate  # tests/synthetic_store.py


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("data") / "db")
    populate(store, service_ids=["Amazon.com", "Disney+", "Plain"], versions=7)
    yield store
    store.close()


def test_changes_have_the_shape_and_values_of_views(store):
    data = load_site_data(store)
    expected = views.change_rows(store, newest_first=False)
    assert [c["id"] for c in data.changes] == [c["id"] for c in expected]
    for mine, theirs in zip(data.changes, expected):
        assert {k: mine[k] for k in theirs} == theirs
        assert mine["digest"] and mine["computed_at"]


def test_terms_scores_and_documents_match_views(store):
    data = load_site_data(store)
    for service in views.service_rows(store):
        sid = service["id"]
        view = views.service_view(store, sid)
        assert data.terms_in_force.get(sid, []) == views.terms_in_force(store, sid)
        assert [{k: h[k] for k in ("at", "score", "grade")} for h in data.scores[sid]] == view["history"]
        assert data.latest_reasons[sid] == view["score"]["reasons"]
        assert [d["id"] for d in data.documents[sid]] == [d["id"] for d in view["documents"]]
        for doc in view["documents"]:
            assert [v["id"] for v in data.versions[doc["id"]]] == [v["id"] for v in doc["versions"]]
            assert [e["id"] for e in data.errors.get(doc["id"], [])] == [e["id"] for e in reversed(doc["errors"])]


def test_hunks_match_views(store):
    ids = [c["id"] for c in views.change_rows(store)]
    loaded = load_hunks(store, ids)
    for change_id in ids:
        assert loaded.get(change_id, []) == views.hunks(store, change_id)


def test_digest_follows_the_data(store):
    before = {c["id"]: c["digest"] for c in load_site_data(store).changes}
    assert before == {c["id"]: c["digest"] for c in load_site_data(store).changes}
    change_id = next(iter(before))
    with store.db.conn:
        store.db.execute("UPDATE hunks SET new = new || ' (edited)' WHERE change_id = ?", [change_id])
    after = {c["id"]: c["digest"] for c in load_site_data(store).changes}
    assert [i for i in before if before[i] != after[i]] == [change_id]
