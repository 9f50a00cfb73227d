"""scripts/eval_readings.py counts a change as the product does: a held, refuted or
not-the-document capture reaches no user, so it reads neutral; a reading dated by a timestamp two
captures share is matched to the one that changed the text."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_readings.py"


def change(to, direction, substantive=True, suspect=False, status=None, frm="2024-01-01T00:00:00Z"):
    return {"from": frm, "to": to, "substantive": substantive, "direction": direction,
            "suspect": suspect, "suspect_status": status, "categories": []}


def agreement(tmp_path, changes, readings):
    export = {"services": [{"name": "Acme", "documents": [{"terms_type": "Privacy Policy", "changes": changes}]}]}
    (tmp_path / "e.json").write_text(json.dumps(export))
    (tmp_path / "r.tsv").write_text("# readings\n" + "".join(
        f"Acme\tPrivacy Policy\t{to}\t{reading}\tnote\n" for to, reading in readings))
    out = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "r.tsv"), str(tmp_path / "e.json"), "--list"],
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


def test_a_capture_that_does_not_count_reads_neutral(tmp_path):
    changes = [change("2024-02-01T00:00:00Z", "worse", suspect=True, status="not_document"),
               change("2024-03-01T00:00:00Z", "better", suspect=True, status="refuted"),
               change("2024-04-01T00:00:00Z", "worse", suspect=True, status="pending"),
               change("2024-05-01T00:00:00Z", "worse", suspect=True, status="confirmed")]
    readings = [("2024-02-01", "neutral"), ("2024-03-01", "neutral"), ("2024-04-01", "neutral"),
                ("2024-05-01", "worse")]
    assert agreement(tmp_path, changes, readings).startswith("agreement strict 4/4")


def test_a_shared_timestamp_matches_the_change_that_changed_the_text(tmp_path):
    changes = [change("2024-02-01T00:00:00Z", "better"),
               change("2024-02-01T00:00:00Z", "neutral", substantive=False, frm="2024-02-01T00:00:00Z")]
    assert agreement(tmp_path, changes, [("2024-02-01T00:00:00Z", "neutral")]).startswith("agreement strict 0/1")
    assert agreement(tmp_path, changes, [("2024-02-01T00:00:00Z", "better")]).startswith("agreement strict 1/1")


def test_reassess_reads_the_direction_the_code_gives_now_not_the_exports(tmp_path):
    """--reassess HOME judges each counted change again from HOME's versions (a judgement change
    measured without a recompute), and leaves HOME's database as it was."""
    base = ["# Privacy notice of Acme", "We collect your name and email address when you create an account.",
            "We keep your data while your account is open."]
    texts = {"2024-01-01T00:00:00Z": base,
             "2024-03-01T00:00:00Z": base[:2] + ["We may sell your personal information to data brokers."] + base[2:]}
    versions = []
    for seq, (stamp, paragraphs) in enumerate(texts.items()):
        name = f"Acme/Privacy Policy/{stamp.replace(':', '-')}.md"
        (tmp_path / "ds" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "ds" / name).write_text("\n\n".join(paragraphs) + "\n")
        versions.append({"service": "Acme", "terms_type": "Privacy Policy", "seq": seq, "timestamp": stamp, "file": name})
    (tmp_path / "ds" / "INDEX.json").write_text(json.dumps({"versions": versions}))
    home = tmp_path / "home"
    for args in (["import-ota", str(tmp_path / "ds"), "--workers", "1"], ["export", "--json", str(tmp_path / "e.json")]):
        subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "-q", *args], check=True,
                       capture_output=True, timeout=300)
    export = json.loads((tmp_path / "e.json").read_text())
    [change] = export["services"][0]["documents"][0]["changes"]
    assert change["direction"] == "worse"
    change["direction"] = "neutral"     # an export made by other code than the one measured
    (tmp_path / "e.json").write_text(json.dumps(export))
    (tmp_path / "r.tsv").write_text("Acme\tPrivacy Policy\t2024-03-01\tworse\tsells data\n")
    database = (home / "termswatch.db").read_bytes()

    def agreement(*extra):
        return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "r.tsv"), str(tmp_path / "e.json"), *extra],
                              capture_output=True, text=True, check=True).stdout.splitlines()[0]
    assert agreement().startswith("agreement strict 0/1")
    assert agreement("--reassess", str(home)).startswith("agreement strict 1/1")
    assert (home / "termswatch.db").read_bytes() == database
