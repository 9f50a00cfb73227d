"""scripts/readings_pool.py: the dataset of every document the readings name (its last versions),
and the agreement of an export with every reading at once."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import readings_pool  # noqa: E402


def write_readings(folder: Path) -> None:
    folder.mkdir()
    (folder / "unseen90.tsv").write_text("# a\nAcme\tPrivacy Policy\t2024-03-01\tworse\tnote\n"
                                         "Acme\tPrivacy Policy\t2024-04-01\tneutral\tnote\n")
    (folder / "unseen91.tsv").write_text("Beta\tTerms of Service\t2024-02-01T00:00:00Z\tmixed\tnote\n")
    # a second reading of the same changes is left out
    (folder / "unseen90b.tsv").write_text("Acme\tPrivacy Policy\t2024-03-01\tbetter\tnote\n")


def test_build_keeps_the_last_versions_of_the_named_documents_only(tmp_path):
    full = tmp_path / "full"
    versions = []
    for service, terms_type, months in (("Acme", "Privacy Policy", 5), ("Acme", "Terms of Service", 2),
                                        ("Beta", "Terms of Service", 3)):
        for month in range(1, months + 1):
            name = f"{service}/{terms_type}/2024-0{month}-01T00-00-00Z.md"
            (full / name).parent.mkdir(parents=True, exist_ok=True)
            (full / name).write_text(f"{service} {terms_type} version {month}\n")
            versions.append({"service": service, "terms_type": terms_type, "timestamp": f"2024-0{month}-01T00:00:00Z",
                             "file": name})
    (full / "INDEX.json").write_text(json.dumps({"versions": versions}))
    write_readings(tmp_path / "readings")
    # the last 2 versions, or from the version before the oldest change read (unseen30-32 read earlier windows)
    assert readings_pool.build(full, tmp_path / "out", last=2, folder=tmp_path / "readings") == (2, 7)
    kept = json.loads((tmp_path / "out" / "INDEX.json").read_text())["versions"]
    assert [(v["service"], v["terms_type"], v["timestamp"][:7]) for v in kept] == [
        ("Acme", "Privacy Policy", "2024-02"), ("Acme", "Privacy Policy", "2024-03"),
        ("Acme", "Privacy Policy", "2024-04"), ("Acme", "Privacy Policy", "2024-05"),
        ("Beta", "Terms of Service", "2024-01"), ("Beta", "Terms of Service", "2024-02"),
        ("Beta", "Terms of Service", "2024-03")]
    assert all((tmp_path / "out" / v["file"]).exists() for v in kept)
    assert not (tmp_path / "out" / "Acme" / "Terms of Service").exists()


def test_eval_counts_every_first_reading_as_the_product_does(tmp_path):
    write_readings(tmp_path / "readings")
    export = {"services": [
        {"name": "Acme", "documents": [{"terms_type": "Privacy Policy", "changes": [
            {"to": "2024-03-01T00:00:00Z", "substantive": True, "direction": "worse", "suspect": False},
            # held as not the document: it reaches no user, so it reads neutral
            {"to": "2024-04-01T00:00:00Z", "substantive": True, "direction": "worse", "suspect": True,
             "suspect_status": "not_document"}]}]},
        {"name": "Beta", "documents": [{"terms_type": "Terms of Service", "changes": [
            {"to": "2024-02-01T00:00:00Z", "substantive": True, "direction": "better", "suspect": False}]}]}]}
    (tmp_path / "e.json").write_text(json.dumps(export))
    (tmp_path / "readings" / "unseen92.tsv").write_text("Gamma\tPrivacy Policy\t2024-01-01\tworse\tnot imported\n")
    rows = readings_pool.evaluate(tmp_path / "e.json", None, folder=tmp_path / "readings")
    assert [r[4:] for r in rows] == [("worse", "worse"), ("neutral", "neutral"), ("mixed", "better"), ("worse", None)]
    text = readings_pool.report(rows)
    assert text.splitlines()[0] == "pooled agreement strict 2/3 (66.7 %), lenient 3/3 (100.0 %)"
    assert "unseen90 2/2, unseen91 0/1" in text
    assert "1 readings not found" in text and "Gamma / Privacy Policy / 2024-01-01" in text
