"""From imported history to the export: every stage over real Open Terms Archive versions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.store import Store

pytestmark = pytest.mark.slow

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def termswatch(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), *args],
                          capture_output=True, text=True, input=stdin, timeout=600)


@pytest.fixture(scope="module")
def imported(ota_corpus, tmp_path_factory):
    """WhatsApp and Google imported through the CLI (a dataset folder of copies — a dataset's
    symlinks may not lead outside it — with their part of the index, which marks the
    archive's re-extractions and repeats)."""
    root = tmp_path_factory.mktemp("pipeline")
    dataset = root / "dataset"
    dataset.mkdir()
    for service in ("WhatsApp", "Google"):
        shutil.copytree(ota_corpus / service, dataset / service)
    index = json.loads((ota_corpus / "INDEX.json").read_text())
    index["versions"] = [v for v in index["versions"] if v["service"] in ("WhatsApp", "Google")]
    (dataset / "INDEX.json").write_text(json.dumps(index))
    (dataset / "declarations").mkdir()
    for name in ("WhatsApp.json", "Google.json"):
        shutil.copy(ota_corpus / "declarations" / name, dataset / "declarations" / name)
    home = root / "home"
    result = termswatch(home, "import-ota", str(dataset))
    assert result.returncode == 0, result.stderr
    return {"home": home, "dataset": dataset, "output": result.stdout}


def test_import_records_every_file_with_its_date(imported, ota_corpus):
    store = Store.open(imported["home"] / "termswatch.db")
    for service in ("WhatsApp", "Google"):
        for terms_type in ("Terms of Service", "Privacy Policy"):
            files = sorted((ota_corpus / service / terms_type).glob("*.md"))
            doc = store.find_document(service, terms_type)
            versions = store.versions(doc["id"], with_text=True)
            # every file, plus the versions that repeat earlier content (A -> B -> A)
            assert {v["text"] for v in versions} == {f.read_text(encoding="utf-8") for f in files}
            assert len(versions) >= len(files)
            first = files[0].stem  # 2020-07-29T14-30-20Z
            assert versions[0]["recorded_at"] == f"{first[:13]}:{first[14:16]}:{first[17:19]}Z"
            assert versions[-1]["text"] == files[-1].read_text(encoding="utf-8")
    assert doc["url"].startswith("https://")  # taken from the dataset's declarations


def test_reimporting_is_a_no_op(imported):
    store = Store.open(imported["home"] / "termswatch.db")
    counts = store.db.execute("SELECT (SELECT count(*) FROM versions), (SELECT count(*) FROM changes), "
                              "(SELECT count(*) FROM assessments), (SELECT count(*) FROM scores)").fetchone()
    store.close()
    result = termswatch(imported["home"], "import-ota", str(imported["dataset"]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 versions imported")
    store = Store.open(imported["home"] / "termswatch.db")
    assert store.db.execute("SELECT (SELECT count(*) FROM versions), (SELECT count(*) FROM changes), "
                            "(SELECT count(*) FROM assessments), (SELECT count(*) FROM scores)").fetchone() == counts


def test_whatsapp_2021_sharing_with_facebook_is_worse(imported):
    """The WhatsApp privacy policy of January 2021 (data shared with the Facebook companies),
    which the archive captured between November 2020 and April 2021."""
    store = Store.open(imported["home"] / "termswatch.db")
    rows = list(store.query("""
        SELECT a.direction, a.categories, a.severity FROM changes c JOIN assessments a ON a.change_id = c.id
        JOIN versions v ON v.id = c.to_version_id JOIN documents d ON d.id = c.document_id
        WHERE d.service_id = 'WhatsApp' AND d.terms_type = 'Privacy Policy' AND c.substantive = 1
          AND v.recorded_at BETWEEN '2020-11-01' AND '2021-05-31'"""))
    assert rows, "the 2021 policy change was not recorded as substantive"
    assert any(r["direction"] == "worse" and "data_sharing" in json.loads(r["categories"]) for r in rows)


def test_google_2023_ai_training_is_found(imported):
    """Google's July 2023 privacy policy: public information used to train AI models."""
    store = Store.open(imported["home"] / "termswatch.db")
    rows = list(store.query("""
        SELECT c.id, a.direction, a.categories FROM changes c JOIN assessments a ON a.change_id = c.id
        JOIN versions v ON v.id = c.to_version_id JOIN documents d ON d.id = c.document_id
        WHERE d.service_id = 'Google' AND d.terms_type = 'Privacy Policy' AND c.substantive = 1
          AND v.recorded_at BETWEEN '2023-06-01' AND '2023-09-30'"""))
    hits = [r for r in rows if "ai_training" in json.loads(r["categories"])]
    assert hits and hits[0]["direction"] == "worse"
    evidence = store.change_details([hits[0]["id"]])[0]["evidence"]   # (stored compressed: read by the store)
    assert any("AI" in e["text"] or "Bard" in e["text"] for e in json.loads(evidence))


def test_reextractions_are_never_substantive(imported):
    store = Store.open(imported["home"] / "termswatch.db")
    rows = list(store.query("SELECT c.substantive, c.reasons FROM changes c JOIN versions v ON v.id = c.to_version_id "
                            "WHERE v.kind = 'reextraction'"))
    assert rows
    assert all(not r["substantive"] and "reextraction" in json.loads(r["reasons"]) for r in rows)


def test_the_export_follows_the_contract(imported, tmp_path):
    out = tmp_path / "export.json"
    result = termswatch(imported["home"], "export", "--json", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert {s["id"] for s in data["services"]} == {"WhatsApp", "Google"}
    for service in data["services"]:
        assert {"id", "name", "score", "grade", "history", "reasons", "documents"} <= set(service)
        assert 0 <= service["score"] <= 100 and service["grade"] in "ABCDE"
        assert service["history"] and all(ISO.match(h["at"]) and h["grade"] in "ABCDE" for h in service["history"])
        for document in service["documents"]:
            assert {"terms_type", "url", "versions", "errors", "changes"} <= set(document)
            times = [v["recorded_at"] for v in document["versions"]]
            assert times == sorted(times) and all(ISO.match(t) for t in times)
            assert document["versions"][0]["kind"] == "first"
            assert {v["kind"] for v in document["versions"]} <= {"first", "change", "reextraction"}
            assert all(len(v["sha256"]) == 64 and v["chars"] > 0 for v in document["versions"])
            assert len(document["changes"]) == len(document["versions"]) - 1
            for change in document["changes"]:
                assert change["from"] in times and change["to"] in times and change["from"] <= change["to"]
                assert isinstance(change["substantive"], bool) and isinstance(change["suspect"], bool)
                assert change["direction"] in ("worse", "better", "neutral")
                assert change["severity"] in (0, 1, 2, 3)
                assert all(re.match(r"^[a-z_]+$", c) for c in change["categories"])
                assert set(change["imposed"]) >= {"notice_days", "effective_date", "consent_by_use"}
                assert all({"kind", "section", "old", "new"} <= set(h) for h in change["hunks"])
                if not change["substantive"]:
                    assert change["direction"] == "neutral" and change["severity"] == 0


def test_status_lists_every_document(imported):
    result = termswatch(imported["home"], "status", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["service"], r["terms_type"]) for r in rows} == {
        (s, t) for s in ("WhatsApp", "Google") for t in ("Terms of Service", "Privacy Policy")}
    assert all(r["last_change"] and ISO.match(r["last_change"]) for r in rows)


def test_a_folder_that_is_not_a_dataset_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    result = termswatch(tmp_path / "home", "import-ota", str(tmp_path / "empty"))
    assert result.returncode == 2
    assert "no <service>/<terms type>/<timestamp>.md files found" in result.stderr


def test_clauses_answers_line_by_line(tmp_path):
    lines = [{"text": "Any dispute will be resolved by binding arbitration."},
             {"text": "These terms are governed by the laws of the State of California."},
             {"text": "Welcome to our service."}]
    result = termswatch(tmp_path, "clauses", stdin="\n".join(json.dumps(l) for l in lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["text"] for a in answers] == [l["text"] for l in lines]
    assert "Arbitration" in answers[0]["labels"]
    assert "Choice of law" in answers[1]["labels"]
    assert answers[2]["labels"] == []
    assert set(answers[0]["scores"]) >= {"Limitation of liability", "Unilateral termination", "Unilateral change",
                                         "Content removal", "Contract by using", "Choice of law", "Jurisdiction",
                                         "Arbitration"}


def test_recomputing_gives_the_same_changes_under_the_same_ids(imported):
    def snapshot():
        store = Store.open(imported["home"] / "termswatch.db")
        try:
            return (list(store.query("SELECT id, to_version_id, substantive, suspect, suspect_status, reasons "
                                     "FROM changes ORDER BY id")),
                    list(store.query("SELECT change_id, direction, severity, categories FROM assessments "
                                     "ORDER BY change_id")),
                    list(store.query("SELECT service_id, at, score, grade FROM scores ORDER BY id")))
        finally:
            store.close()

    before = snapshot()
    for command in (["diff", "--recompute"], ["classify", "--recompute"], ["score", "--recompute"]):
        result = termswatch(imported["home"], *command)
        assert result.returncode == 0, result.stderr
        assert snapshot() == before, command


def test_a_score_at_any_date_is_explained_item_by_item(imported):
    """`termswatch score SERVICE --at DATE`: the score as it stood then, every item with its
    points and where it comes from; the items add up to the score."""
    early = json.loads(termswatch(imported["home"], "score", "WhatsApp", "--at", "2021-06-01", "--json").stdout)
    latest = json.loads(termswatch(imported["home"], "score", "whatsapp", "--json").stdout)
    assert early["at"] <= "2021-06-01T23:59:59Z" < latest["at"]
    for result in (early, latest):
        assert round(100 + sum(item["points"] for item in result["reasons"])) == result["score"]
        for item in result["reasons"]:
            link = item["link"]
            # a clause of a version, a change, or a count of changes (frequency) / a cap (0 points)
            assert ("change_id" in link or ("version_id" in link and link["quote"])
                    or item["kind"] == "frequency" or item["points"] == 0), item
    # the 2021 policy (sharing with the Facebook companies) costs WhatsApp points in June 2021
    assert any(item["kind"] == "change" and item["points"] < 0 for item in early["reasons"])
    text = termswatch(imported["home"], "score", "WhatsApp", "--at", "2021-06-01").stdout
    assert text.startswith(f"WhatsApp: {early['grade']} {early['score']}/100") and "[change " in text
    before = termswatch(imported["home"], "score", "WhatsApp", "--at", "2001-01-01")  # an answer, not an error
    assert before.returncode == 0 and before.stdout.startswith("WhatsApp has no score on 2001-01-01")
    assert termswatch(imported["home"], "score", "Nobody").returncode == 2
    assert termswatch(imported["home"], "score", "--at", "2021-06-01").returncode == 2
