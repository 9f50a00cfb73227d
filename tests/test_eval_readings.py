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
