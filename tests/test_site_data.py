"""The site's bulk reads agree with `monitor.views`, the one-question-at-a-time reads."""

from __future__ import annotations

import pytest

from monitor import views
from monitor.site.data import DETAIL_FIELDS, load_change_details, load_hunks, load_page_hunks, load_site_data
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
    details = load_change_details(store, [c["id"] for c in expected])
    for mine, theirs in zip(data.changes, expected):
        assert not set(DETAIL_FIELDS) & set(mine)     # the bulky part is read per page
        whole = {**mine, **details.get(mine["id"], {"evidence": [], "hunk_assessments": []})}
        assert {k: whole[k] for k in theirs} == theirs
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
    edited = [(*h[:4], h[4] + " (edited)", *h[5:]) for h in store.hunk_tuples(change_id)]
    with store.db.conn:
        store.write_hunks(change_id, edited)
    after = {c["id"]: c["digest"] for c in load_site_data(store).changes}
    assert [i for i in before if before[i] != after[i]] == [change_id]


def test_page_hunks_are_the_first_of_each_kind_plus_what_evidence_quotes(store):
    ids = [c["id"] for c in views.change_rows(store)]
    some = ids[0]
    all_hunks = views.hunks(store, some)
    far = all_hunks[-1]["position"]
    loaded = load_page_hunks(store, ids, 2, {some: {far}})
    for change_id in ids:
        whole = views.hunks(store, change_id)
        page = loaded.get(change_id)
        if not whole:
            assert page is None
            continue
        assert page.substantive == sum(h["substantive"] for h in whole)
        assert page.other == len(whole) - page.substantive
        assert page.cosmetic_reasons == sorted({h["reason"] for h in whole if not h["substantive"]})
        first = ([h for h in whole if h["substantive"]][:2] + [h for h in whole if not h["substantive"]][:2])
        extra = [h for h in whole if h["position"] == far] if change_id == some else []
        expected = sorted({h["position"]: h for h in first + extra}.values(), key=lambda h: h["position"])
        assert page.hunks == expected


def test_page_details_read_the_evidence_alone_as_the_whole_read_gives_it(store):
    # pages and feeds show evidence, never per-hunk assessments: the site reads only the former
    ids = [c["id"] for c in views.change_rows(store)]
    whole = load_change_details(store, ids)
    evidence = load_change_details(store, ids, ("evidence",))
    assert whole and evidence == {i: {"evidence": d["evidence"]} for i, d in whole.items()}
    with pytest.raises(ValueError):
        store.change_details(ids[:1], ("evidence FROM assessments; --",))
