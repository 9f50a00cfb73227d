"""The site is published atomically: a build killed or failing half-way (SIGKILL, a full
disk) leaves the previous site exactly as it was, and the next build leaves no debris. Real
`termswatch site build` processes over a real store."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.paths import Home
from monitor.site import build_site, urls
from synthetic_store import add_version, populate
from monitor.store import Store

from test_site import test_every_relative_link_and_anchor_resolves as check_links  # noqa: E402

pytestmark = pytest.mark.slow


def contents(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def debris(parent: Path) -> list[str]:
    """Staging folders and temporary files left anywhere beside or in the site."""
    return sorted(str(p.relative_to(parent)) for p in parent.rglob("*")
                  if ".build-" in p.name or p.name.endswith(".tmp"))


@pytest.fixture
def published(tmp_path):
    """A home with a store and its built site; then one more version, not yet published."""
    home = Home(tmp_path / "home").ensure()
    with Store.open(home.database) as store:
        populate(store, services=40, versions=10)
        build_site(store, home.site)
        add_version(store, "Service 0003", "Privacy Policy")
    return home


def site_build(home: Home, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "monitor", "--home", str(home.root), "site", "build", *args],
                            env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def test_a_build_killed_half_way_leaves_the_previous_site_whole(published):
    home = published
    before = contents(home.site)
    started = time.time()
    build = site_build(home, "--full")
    # Kill it once it has written its first page (anywhere: in the site or beside it).
    deadline = time.monotonic() + 60
    while build.poll() is None and time.monotonic() < deadline:
        if any(p.suffix == ".html" and p.stat().st_mtime > started
               for p in home.root.rglob("*.html") if p.is_file()):
            build.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    build.wait()
    assert build.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    assert contents(home.site) == before                       # not one file changed
    check_links((None, home.site, None))                      # and it is whole
    # The next build cleans up what the killed one left, and publishes the new version.
    again = site_build(home)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert debris(home.root) == []
    assert contents(home.site) != before
    check_links((None, home.site, None))


def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))   # Python ignores SIGXFSZ: EFBIG
    return apply


def test_a_build_failing_on_a_full_disk_leaves_the_previous_site_and_no_debris(published):
    home = published
    before = contents(home.site)
    largest = max(p.stat().st_size for p in home.site.rglob("*") if p.is_file())
    assert largest > 64_000   # room for SQLite's own files under the limit
    build = site_build(home, "--full", preexec_fn=_limit_file_size(largest - 1))
    out, err = build.communicate(timeout=120)
    assert build.returncode != 0
    assert b"File too large" in err
    assert contents(home.site) == before
    assert debris(home.root) == []
    # with room again, the build goes through
    again = site_build(home)
    assert again.wait(timeout=120) == 0
    assert contents(home.site) != before and debris(home.root) == []


def test_files_the_site_did_not_write_are_carried_over_and_old_scratch_files_dropped(tmp_path):
    out = tmp_path / "site"
    with Store.open(tmp_path / "db") as store:
        populate(store, services=2, versions=2)
        build_site(store, out)
        (out / "notes.txt").write_text("not ours")
        (out / f".index.html.{os.getpid()}.tmp").write_text("left by an interrupted write")
        assert build_site(store, out).written == 0   # nothing changed: the site is left alone
        add_version(store, "Service 0001")
        report = build_site(store, out)
    assert report.written > 0 and (out / "notes.txt").read_text() == "not ours"
    assert debris(tmp_path) == []
    assert (out / "index.html").is_file() and (out / urls.MANIFEST).is_file()
