"""`termswatch demo`, the README's first command: the whole pipeline, offline, end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_the_demo_reaches_the_scenarios_conclusions(tmp_path):
    home = tmp_path / "home"
    result = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "demo"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [l for l in result.stdout.splitlines() if l.startswith(("  ok ", "  DIFF "))]
    assert len(lines) == 16
    # every harm, improvement, cosmetic edit, markup-only page and broken capture is called right
    misses = [l for l in lines if l.startswith("  DIFF")]
    assert misses == [], misses
    site = home / "demo" / "site" / "index.html"
    assert site.exists() and f"Open the site:   {site.as_uri()}" in result.stdout
    export = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home / "demo"), "export", "--json", "-"],
                            capture_output=True, text=True, timeout=120)
    data = json.loads(export.stdout)
    chirper = next(s for s in data["services"] if s["id"] == "Chirper")
    tos = next(d for d in chirper["documents"] if d["terms_type"] == "Terms of Service")
    arbitration = [c for c in tos["changes"] if c["direction"] == "worse"]
    assert arbitration and "arbitration" in arbitration[0]["categories"]
    assert arbitration[0]["imposed"]["notice_days"] == 30 and arbitration[0]["imposed"]["consent_by_use"] is True
    glitchbox = next(s for s in data["services"] if s["id"] == "Glitchbox")
    broken = [d for d in glitchbox["documents"] if not d["versions"]]
    assert broken and all(d["errors"] for d in broken)  # listed, with their errors, and no versions
    # the login wall of day 5 is not the document: held out of the terms in force for good; the
    # policy coming back on day 6 is compared with the policy from before the wall: nothing changed
    pixelvault = next(s for s in data["services"] if s["id"] == "PixelVault")
    policy = next(d for d in pixelvault["documents"] if d["terms_type"] == "Privacy Policy")
    wall, restored = policy["changes"][-2:]
    assert wall["suspect"] and wall["suspect_status"] == "not_document"
    assert any(r.startswith("suspect_not_document") for r in wall["reasons"])
    assert restored["from"] == wall["from"] and not restored["substantive"] and "flapping" in restored["reasons"]
    assert policy["versions"][-1]["sha256"] == policy["versions"][-3]["sha256"]
