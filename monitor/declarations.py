"""Service declarations in the Open Terms Archive format: loading and validation.

A declaration file ``<Service ID>.json`` says which documents of a service to track and how
to extract their legal text::

    {
      "name": "Example",
      "terms": {
        "Privacy Policy": {
          "fetch": "https://example.com/privacy",
          "select": "main article",
          "remove": [".cookie-banner", {"startBefore": "#ad", "endAfter": "#ad-end"}],
          "filter": ["cleanUrls", {"removeQueryParams": ["ref"]}]
        },
        "Terms of Service": {
          "combine": [{"fetch": "https://example.com/tos"}, {"fetch": "https://example.com/faq"}],
          "select": "main"
        }
      }
    }

Selectors are a CSS string, a list of them, or a range object (``startBefore`` or
``startAfter`` plus ``endBefore`` or ``endAfter``). Keys beside ``combine`` are defaults for
every combined page. A ``<Service ID>.history.json`` file beside it keeps superseded
declarations per terms type, each with a ``validUntil`` date.

>>> service = parse_service({"name": "Ex", "terms": {"Imprint": {
...     "fetch": "https://ex.com/imprint", "select": "main"}}}, service_id="Ex")
>>> service.documents["Imprint"].pages[0].select
('main',)

Every problem is a `DeclarationError` naming the file, the field and the reason; a file with
several problems raises `DeclarationErrors`, which lists them all.

Two levels of checking. `validate_folder` applies OTA's schema exactly as its validator does
(``strict``): no unknown top-level keys, terms types from OTA's vocabulary
(`monitor.terms_types`), ``select`` required unless the page is a PDF, ``validUntil`` a full
date-time with its zone. Loading for a crawl is lenient on those four rules, which Termswatch
can run without: no vocabulary is applied (its own demo names invented terms types), and the
other three are `Catalogue.warnings`, logged, not errors (a page without ``select`` is read
whole minus navigation and footers).

A terminated service has ``"terms": {}`` and keeps its ``.history.json``; the declaration in
force at an instant is the first history entry whose ``validUntil`` is at or after it (the
engine keeps an entry up to and including its ``validUntil``), else the current one.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import soupsieve

from .declaration_model import (  # noqa: F401  (re-exported: the public names)
    Catalogue, DeclarationError, DeclarationErrors, DocumentDeclaration, Filter, PageDeclaration,
    RangeSelector, Selector, ServiceDeclaration, _parse_time)
from .safepath import UnsafePath, resolve_inside
from .safetext import check_name

log = logging.getLogger(__name__)

PAGE_KEYS = {"fetch", "select", "remove", "filter", "executeClientScripts"}
RANGE_KEYS = {"startBefore", "startAfter", "endBefore", "endAfter"}
SERVICE_KEYS = {"name", "terms", "importedFrom"}
# The engine's schema, copied as written: an unescaped "." before "pdf", so ".../getpdf" passes
PDF_URL = re.compile(r"^https?://.+.[pP][dD][fF](\?.+)?$")
# RFC 3339 date-time (ajv-formats' "date-time"): a date, a time and a zone
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d(:?\d\d)?)$")


# -- loading ---------------------------------------------------------------------------------

@dataclass
class Rules:
    """How strictly to check, and where a file's problems go while it is parsed."""

    strict: bool = False                 # OTA's schema exactly (`validate`), or lenient (crawl)
    vocabulary: Any = None               # a `terms_types.Vocabulary`, or None: any terms type
    problems: list[DeclarationError] = field(default_factory=list)
    warnings: list[DeclarationError] = field(default_factory=list)

    def schema_rule(self, source: str, where: str, reason: str) -> None:
        """A rule of OTA's schema that Termswatch could run without."""
        (self.problems if self.strict else self.warnings).append(DeclarationError(source, where, reason))

    def check_terms_type(self, terms_type: str, source: str, where: str) -> None:
        if self.vocabulary is not None and terms_type not in self.vocabulary:
            self.schema_rule(source, where, f"{terms_type!r} is not a terms type of OTA's vocabulary "
                                            f"({self.vocabulary.source})")

    def collect(self, step, *args):
        """Run one parsing step; a problem it raises is kept and parsing goes on."""
        try:
            return step(*args)
        except DeclarationErrors as errors:
            self.problems.extend(errors.errors)
        except DeclarationError as error:
            self.problems.append(error)
        return None

    def raise_problems(self) -> None:
        if self.problems:
            raise DeclarationErrors(self.problems)


def load_catalogue(root: str | os.PathLike, *, strict: bool = False, vocabulary: Any = None) -> Catalogue:
    """Load every ``*.json`` declaration of a folder (and its ``.history.json``).

    An invalid file does not stop the others from loading: its errors are collected in
    ``Catalogue.errors``. So is a file that is a symlink to somewhere outside the folder
    (see `declaration_files`). A folder that does not exist is an error of its own.
    ``strict`` and ``vocabulary``: see `Rules`.
    """
    root = Path(root)
    if not root.is_dir():
        raise DeclarationError(str(root), "", "declarations folder not found")
    services: dict[str, ServiceDeclaration] = {}
    paths, errors = declaration_files(root)
    warnings: list[DeclarationError] = []
    for path in paths:
        if path.name.endswith(".history.json"):
            continue
        rules = Rules(strict, vocabulary)
        try:
            service = load_service(path, rules)
        except DeclarationErrors as error:
            errors.extend(error.errors)
            continue
        except DeclarationError as error:
            errors.append(error)
            continue
        services[service.id] = service
        warnings.extend(rules.warnings)
    for path in paths:
        if not path.name.endswith(".history.json"):
            continue
        sid = path.name[: -len(".history.json")]
        if sid not in services:
            continue
        rules = Rules(strict, vocabulary)
        try:
            services[sid].history = load_history(path, sid, rules)
        except DeclarationErrors as error:
            errors.extend(error.errors)
        except DeclarationError as error:
            errors.append(error)
        warnings.extend(rules.warnings)
    return Catalogue(services=services, errors=errors, root=root, warnings=warnings)


def load_catalogues(roots: Iterable[str | os.PathLike], **options) -> Catalogue:
    """Several folders as one catalogue (options: `load_catalogue`'s). A service declared in
    more than one is taken from the last, with a warning saying so."""
    merged: Catalogue | None = None
    for root in roots:
        catalogue = load_catalogue(root, **options)
        if merged is None:
            merged = catalogue
            continue
        for sid, service in catalogue.services.items():
            if sid in merged.services:
                merged.warnings.append(DeclarationError(
                    str(service.path), "", f"replaces the declaration of {sid} in {merged.root}"))
            merged.services[sid] = service
        merged.errors += catalogue.errors
        merged.warnings += catalogue.warnings
    if merged is None:
        raise ValueError("no declarations folder given")
    return merged


def declaration_files(root: Path) -> tuple[list[Path], list[DeclarationError]]:
    """The ``*.json`` files of a declarations folder that really are files inside it.

    The folder is the operator's choice; what is in it is data: a declaration or history file
    that is a symlink leading outside the folder, or not a regular file, is refused with a
    `DeclarationError` (and never read), so a folder of declarations cannot publish
    ``/proc/self/environ`` or a file beside it.
    """
    paths, errors = [], []
    for path in sorted(root.glob("*.json")):
        try:
            resolve_inside(root, path.name, entry=str(root))
        except UnsafePath as error:
            errors.append(DeclarationError(str(path), "", error.reason))
            continue
        paths.append(path)
    return paths, errors


def load_service(path: str | os.PathLike, rules: Rules | None = None) -> ServiceDeclaration:
    path = Path(path)
    data = _read_json(path)
    return parse_service(data, service_id=path.stem, source=str(path), path=path, rules=rules)


def load_history(path: str | os.PathLike, service_id: str,
                 rules: Rules | None = None) -> dict[str, list[DocumentDeclaration]]:
    rules = rules or Rules()
    source = str(path)
    data = _read_json(Path(path))
    if not isinstance(data, dict):
        raise DeclarationError(source, "", f"expected an object of terms types, got {_kind(data)}")
    history: dict[str, list[DocumentDeclaration]] = {}
    for terms_type, entries in data.items():
        rules.collect(_check_name, terms_type, "terms type", source, "")
        rules.check_terms_type(terms_type, source, terms_type)
        if not isinstance(entries, list):
            rules.problems.append(DeclarationError(
                source, terms_type, f"expected a list of declarations, got {_kind(entries)}"))
            continue
        parsed = [rules.collect(_parse_history_entry, entry, service_id, terms_type, source,
                                f"{terms_type}[{i}]", rules)
                  for i, entry in enumerate(entries)]
        history[terms_type] = [doc for doc in parsed if doc is not None]
    rules.raise_problems()
    return history


def _parse_history_entry(entry: Any, service_id: str, terms_type: str, source: str, at: str,
                         rules: Rules) -> DocumentDeclaration:
    if not isinstance(entry, dict):
        raise DeclarationError(source, at, f"expected an object, got {_kind(entry)}")
    valid_until = entry.get("validUntil")
    if not isinstance(valid_until, str):
        raise DeclarationError(source, f"{at}.validUntil", "required date-time string is missing")
    try:
        _parse_time(valid_until)
    except ValueError:
        raise DeclarationError(source, f"{at}.validUntil", f"not an ISO 8601 date: {valid_until!r}")
    if not DATE_TIME.match(valid_until):
        rules.schema_rule(source, f"{at}.validUntil", f"not a full date-time with its zone "
                                                      f"(e.g. 2023-12-31T23:59:59Z): {valid_until!r}")
    body = {k: v for k, v in entry.items() if k != "validUntil"}
    doc = _parse_document(body, service_id, terms_type, source, at, rules)
    return DocumentDeclaration(service_id, terms_type, doc.pages, valid_until=valid_until)


def parse_service(data: Any, service_id: str, source: str = "<declaration>",
                  path: Path | None = None, rules: Rules | None = None) -> ServiceDeclaration:
    """Parse a service declaration; every problem found is raised at the end, together."""
    rules = rules or Rules()
    if not isinstance(data, dict):
        raise DeclarationError(source, "", f"expected a JSON object, got {_kind(data)}")
    if not service_id or "/" in service_id or service_id.startswith("."):
        raise DeclarationError(source, "", f"unusable service id (file name) {service_id!r}")
    _check_name(service_id, "service id (file name)", source, "")
    for key in sorted(set(data) - SERVICE_KEYS, key=str):
        rules.schema_rule(source, key, "unknown field (a service declaration has name, terms and importedFrom)")
    if "importedFrom" in data and not isinstance(data["importedFrom"], str):
        rules.problems.append(DeclarationError(source, "importedFrom", "expected a string"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        rules.problems.append(DeclarationError(source, "name", "required non-empty string is missing"))
        name = ""
    else:
        rules.collect(_check_name, name, "name", source, "name")
    terms = data.get("terms")
    if not isinstance(terms, dict):
        rules.problems.append(DeclarationError(source, "terms", "required object of terms types is missing"))
        terms = {}
    documents = {}
    for terms_type, body in terms.items():
        if not terms_type.strip():
            rules.problems.append(DeclarationError(source, "terms", "a terms type name is empty"))
            continue
        try:
            _check_name(terms_type, "terms type", source, "terms")
        except DeclarationError as error:
            rules.problems.append(error)
            continue
        rules.check_terms_type(terms_type, source, f"terms.{terms_type}")
        document = rules.collect(_parse_document, body, service_id, terms_type, source,
                                 f"terms.{terms_type}", rules)
        if document is not None:
            documents[terms_type] = document
    rules.raise_problems()
    return ServiceDeclaration(id=service_id, name=name.strip(), documents=documents, path=path,
                              warnings=list(rules.warnings))


def parse_document(body: Any, service_id: str, terms_type: str,
                   source: str = "<declaration>") -> DocumentDeclaration:
    """Parse one document's declaration (a page, or ``{"combine": [...]}``)."""
    return _parse_document(body, service_id, terms_type, source, terms_type, Rules())


def _parse_document(body: Any, service_id: str, terms_type: str, source: str,
                    where: str, rules: Rules) -> DocumentDeclaration:
    if not isinstance(body, dict):
        raise DeclarationError(source, where, f"expected an object, got {_kind(body)}")
    if "combine" in body:
        pages = body["combine"]
        if not isinstance(pages, list) or not pages:
            raise DeclarationError(source, f"{where}.combine", "expected a non-empty list of pages")
        defaults = {k: v for k, v in body.items() if k != "combine"}
        unknown = set(defaults) - (PAGE_KEYS - {"fetch"})   # each combined page has its own fetch
        if unknown:
            raise DeclarationError(source, where, f"unknown field(s) {sorted(unknown)}")
        _check_filter_list(defaults, source, where, rules)
        parsed = []
        for i, page in enumerate(pages):
            if not isinstance(page, dict):
                raise DeclarationError(source, f"{where}.combine[{i}]", f"expected an object, got {_kind(page)}")
            _check_filter_list(page, source, f"{where}.combine[{i}]", rules)
            parsed.append(_parse_page({**defaults, **page}, source, f"{where}.combine[{i}]"))
        fetched = [page.fetch for page in parsed]
        for url in sorted({url for url in fetched if fetched.count(url) > 1}):
            rules.schema_rule(source, f"{where}.combine", f"declares the same page more than once: {url}")
        return DocumentDeclaration(service_id, terms_type, tuple(parsed))
    _check_filter_list(body, source, where, rules)
    page = _parse_page(body, source, where)
    if "select" not in body and not (set(body) == {"fetch"} and PDF_URL.match(page.fetch)):
        rules.schema_rule(source, f"{where}.select", "required unless the page is a PDF "
                                                     "(a fetch URL ending in .pdf, and no other field)")
    return DocumentDeclaration(service_id, terms_type, (page,))


def _check_filter_list(body: dict, source: str, where: str, rules: Rules) -> None:
    """OTA's schema wants a list of filters; Termswatch also runs a single one."""
    if "filter" in body and not isinstance(body["filter"], list):
        rules.schema_rule(source, f"{where}.filter", "expected a list of filters")


def _parse_page(body: dict, source: str, where: str) -> PageDeclaration:
    unknown = set(body) - PAGE_KEYS
    if unknown:
        raise DeclarationError(source, where, f"unknown field(s) {sorted(unknown)}")
    fetch = body.get("fetch")
    if not isinstance(fetch, str) or not fetch.strip():
        raise DeclarationError(source, f"{where}.fetch", "required URL is missing")
    parts = urlsplit(fetch.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DeclarationError(source, f"{where}.fetch", f"not an http(s) URL: {fetch!r}")
    scripts = body.get("executeClientScripts", False)
    if not isinstance(scripts, bool):
        raise DeclarationError(source, f"{where}.executeClientScripts", "expected true or false")
    return PageDeclaration(
        fetch=fetch.strip(),
        select=_parse_selectors(body.get("select"), source, f"{where}.select"),
        remove=_parse_selectors(body.get("remove"), source, f"{where}.remove"),
        filters=_parse_filters(body.get("filter"), source, f"{where}.filter"),
        execute_client_scripts=scripts,
    )


def _parse_selectors(value: Any, source: str, where: str) -> tuple:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]" if isinstance(value, list) else where
        if isinstance(item, str):
            out.append(_check_css(item, source, at))
        elif isinstance(item, dict):
            unknown = set(item) - RANGE_KEYS
            if unknown:
                raise DeclarationError(source, at, f"unknown range key(s) {sorted(unknown)}")
            starts = [k for k in ("startBefore", "startAfter") if k in item]
            ends = [k for k in ("endBefore", "endAfter") if k in item]
            if len(starts) != 1 or len(ends) != 1:
                raise DeclarationError(
                    source, at, "a range needs exactly one of startBefore/startAfter and one of endBefore/endAfter")
            for key in starts + ends:
                if not isinstance(item[key], str):
                    raise DeclarationError(source, f"{at}.{key}", "expected a CSS selector string")
                _check_css(item[key], source, f"{at}.{key}")
            out.append(RangeSelector(item.get("startBefore"), item.get("startAfter"),
                                     item.get("endBefore"), item.get("endAfter")))
        else:
            raise DeclarationError(
                source, at, f"expected a CSS selector string, a list or a range object, got {_kind(item)}")
    return tuple(out)


def _check_css(selector: str, source: str, where: str) -> str:
    selector = selector.strip()
    if not selector:
        raise DeclarationError(source, where, "empty CSS selector")
    try:
        soupsieve.compile(selector)
    except Exception as error:  # soupsieve raises SelectorSyntaxError and friends
        first = str(error).splitlines()[0]
        raise DeclarationError(source, where, f"invalid CSS selector {selector!r}: {first}")
    return selector


def _parse_filters(value: Any, source: str, where: str) -> tuple[Filter, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            out.append(Filter(item.strip()))
        elif isinstance(item, dict) and len(item) == 1:
            (name, args), = item.items()
            out.append(Filter(name, _freeze(args)))
        else:
            raise DeclarationError(source, f"{where}[{i}]",
                                   "expected a filter name or an object {name: arguments}")
    return tuple(out)


# -- helpers ---------------------------------------------------------------------------------

def _read_json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DeclarationError(str(path), "", f"cannot read: {error.strerror or error}")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DeclarationError(str(path), "", "not UTF-8 text")
    except json.JSONDecodeError as error:
        raise DeclarationError(str(path), f"line {error.lineno} column {error.colno}",
                               f"invalid JSON: {error.msg}")


def _check_name(text: str, what: str, source: str, where: str) -> None:
    """Names reach logs, mail subjects and page titles: no control or bidi characters."""
    try:
        check_name(text, what)
    except ValueError as error:
        raise DeclarationError(source, where, str(error))


def _freeze(value: Any) -> Any:
    """Make filter arguments hashable so declarations stay frozen."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
