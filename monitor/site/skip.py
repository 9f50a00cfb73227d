"""What an incremental build may skip: the services whose data did not change since the last
build, whose pages are then carried over without reading a row of theirs.

Reading every service's changes and fingerprinting each page costs seconds on a large
history, while a capture usually brings one new version. So each build leaves in the site's
manifest (``state``) a *state key* per service: a digest of what `Store.site_states` says
of it (counts, last ids and the timestamps every stage sets when it writes a row), of this
site's version and options, of the scoring parameters and of what depends on the day (which
documents are stale). A service whose key is unchanged, and whose files are all still in
the site, is skipped: its pages are carried over as they are (`output.Page` with no
renderer), and what it gave to the pages that span services is taken from the manifest: its
row of the index, and its changes among the entries of the global feeds.

The global feeds hold the newest entries of every service. Entries of skipped services
cannot be read without reading those services, so the build merges the changes of the
services it read with the skipped services' entries of the last build. That is exact when
every entry of the last build is still at least as new as the newest entries it now keeps;
otherwise (an entry dropped out: a change judged again, a service removed) the skipped
services are read after all (`needs_every_service`).

The state is only a shortcut: a build with ``--full``, or with no usable state, reads
everything, and a page whose data changed is always written (the state keys cover
everything the pages show; tests/test_site_incremental.py checks an incremental build
against a full one).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..clock import now_iso, parse_iso
from ..store import Store
from .output import fingerprint
from .urls import service_slug

STATE_FORMAT = 1


def state_keys(store: Store, version: str, options: tuple, *, now: str | None = None) -> dict[str, str]:
    """{service id: state key} of every service (see the module's docstring)."""
    from datetime import timedelta

    from ..rating import rating_params
    from ..score import load_params

    params = load_params()
    stale_after = timedelta(days=float(rating_params(params)["stale_after_days"]))
    today = parse_iso(now or now_iso())
    shared = fingerprint(version, options, repr(params))
    keys = {}
    for service_id, rows in store.site_states().items():
        # a document turns stale with time alone (`monitor.rating`): its page says so
        stale = [not row[10] or today - parse_iso(row[10]) > stale_after for row in rows if row[0] == "document"]
        keys[service_id] = fingerprint(shared, rows, stale)
    return keys


class PreviousBuild:
    """What the last build left in the manifest: its pages, its services' keys and index rows,
    and its global feeds' entries. Anything malformed reads as no state at all."""

    def __init__(self, out: Path, pages: dict[str, str], state: dict):
        self.out, self.pages = out, pages
        valid = (isinstance(state, dict) and state.get("format") == STATE_FORMAT
                 and _valid_services(state.get("services")) and _valid_feeds(state.get("feeds")))
        self.services: dict = state["services"] if valid else {}
        self.feeds: dict = state["feeds"] if valid else {}
        self.version = state.get("version") if valid else None
        bodies = state.get("bodies") if valid else None
        self.bodies: dict[int, tuple[str, str]] = {
            int(i): (b[0], b[1]) for i, b in bodies.items()
            if i.isdigit() and isinstance(b, list) and len(b) == 2 and all(isinstance(x, str) for x in b)
        } if isinstance(bodies, dict) else {}
        self._owned: dict[str, list[str]] | None = None
        self._files: set[str] | None = None

    def owned_pages(self, service_id: str) -> list[str]:
        """The pages and feeds of the last build that belong to ``service_id``."""
        if self._owned is None:
            self._owned = {}
            for path in self.pages:
                owner = _owner_slug(path)
                if owner:
                    self._owned.setdefault(owner, []).append(path)
        return self._owned.get(service_slug(service_id), [])

    def unchanged(self, service_id: str, key: str) -> bool:
        """Whether the service can be skipped: same key, and every file of it still there."""
        known = self.services.get(service_id)
        if known is None or known["key"] != key:
            return False
        pages = self.owned_pages(service_id)
        return bool(pages) and all(path in self.files for path in pages)

    @property
    def files(self) -> set[str]:
        """The files of the site as it is (one walk of its folders: a stat of each page would
        cost more than the rest of an incremental build)."""
        if self._files is None:
            self._files = set()

            def walk(folder: str, relative: str) -> None:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            walk(entry.path, f"{relative}{entry.name}/")
                        elif entry.is_file(follow_symlinks=False):
                            self._files.add(f"{relative}{entry.name}")
            if self.out.is_dir():
                walk(str(self.out), "")
        return self._files

    def feed_entries(self, service_ids: set[str]) -> list[dict]:
        """The changes of these services among the last build's global feed entries."""
        seen, out = set(), []
        for entries in self.feeds.values():
            for change in entries if isinstance(entries, list) else []:
                if (isinstance(change, dict) and change.get("service_id") in service_ids
                        and change.get("id") not in seen):
                    seen.add(change.get("id"))
                    out.append(change)
        return out

    def needs_every_service(self, feeds: dict[str, list[dict]]) -> bool:
        """Whether the merged global feeds (by path) may miss an entry of a skipped service:
        a feed of the last build was full, and its newest entries now reach further back."""
        from ..feeds import FEED_ENTRIES  # here: monitor.feeds imports this package

        for path, entries in self.feeds.items():
            if not isinstance(entries, list) or len(entries) < FEED_ENTRIES:
                continue
            now = feeds.get(path, [])
            if len(now) < FEED_ENTRIES or _order(now[-1]) < _order(entries[-1]):
                return True
        return False


# What the manifest must hold for its state to be used (the file is in the site's folder: it
# is checked, and anything else makes the build read every service).
_ROW_KEYS = {"id", "name", "page", "rated", "unrated_reason", "score", "grade", "trend", "last"}
_ENTRY_KEYS = {"id", "to", "service_id", "service_name", "terms_type", "direction", "severity", "assessed",
               "categories", "reportable", "digest", "substantive", "suspect", "suspect_status"}


def _valid_services(services) -> bool:
    return isinstance(services, dict) and all(
        isinstance(known, dict) and isinstance(known.get("key"), str) and isinstance(known.get("row"), dict)
        and _ROW_KEYS <= known["row"].keys() for known in services.values())


def _valid_feeds(feeds) -> bool:
    return isinstance(feeds, dict) and all(
        isinstance(entries, list) and all(
            isinstance(c, dict) and _ENTRY_KEYS <= c.keys() and isinstance(c["id"], int)
            and isinstance(c["to"], str) and isinstance(c["service_id"], str) for c in entries)
        for entries in feeds.values())


def _order(change: dict) -> tuple:
    return (change.get("to") or "", change.get("id") or 0)


def _owner_slug(path: str) -> str | None:
    """The slug of the service a page path belongs to (`urls`), if any."""
    if path.startswith("services/"):
        parts = path.split("/")
        return parts[1] if len(parts) > 2 else None
    if path.startswith("feeds/services/"):
        rest = path[len("feeds/services/"):]
        if "/" in rest:
            return rest.split("/", 1)[0]
        return rest[:-len(".xml")] if rest.endswith(".xml") else None
    return None


def new_state(version: str, keys: dict[str, str], rows: dict[str, dict], feeds: dict[str, list[dict]],
              content) -> dict:
    """The state this build leaves for the next one (`PreviousBuild` reads it), once its
    pages are written: with the HTML of the global feeds' entries (``content``, a
    `monitor.feeds.EntryContent`, holds those it rendered last, the global feeds' being
    rendered last), so that the next build renders only the new ones."""
    bodies = {}
    for entries in feeds.values():
        for change in entries:
            body = content.bodies.get(change["id"])
            if body is None:
                known = content.known.get(change["id"])
                body = known[1] if known is not None and known[0] == change["digest"] else None
            if body is not None:
                bodies[str(change["id"])] = [change["digest"], body]
    return {"format": STATE_FORMAT, "version": version,
            "services": {sid: {"key": keys[sid], "row": rows[sid]} for sid in rows if sid in keys},
            "feeds": feeds, "bodies": bodies}
