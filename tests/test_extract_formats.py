"""Document formats by media type (`monitor.extract.formats`): a new format is one subclass."""

from __future__ import annotations

import json

import pytest

from monitor.declarations import PageDeclaration
from monitor.extract import ExtractionError, Page, extract_page
from monitor.extract.formats import DocumentFormat

DECLARATION = PageDeclaration(fetch="https://ex.com/terms.json")
BODY = json.dumps({"title": "Terms", "clauses": ["We may end your account at any time."]}).encode()


def test_the_built_in_formats_are_registered_by_media_type():
    kinds = {kind: cls.media_types for kind, cls in DocumentFormat.registry.items()}
    assert "text/html" in kinds["html"] and "application/pdf" in kinds["pdf"] and "text/plain" in kinds["text"]


def test_a_format_added_by_subclassing_extracts_its_media_type():
    page = Page(BODY, "https://ex.com/terms.json", "application/json")
    with pytest.raises(ExtractionError) as refused:   # not a format Termswatch reads
        extract_page(page, DECLARATION)
    assert refused.value.kind == "unsupported_content"

    class JsonTermsFormat(DocumentFormat):
        kind, media_types = "json-terms", frozenset({"application/json"})

        def text(self, page, declaration, extra_params, max_chars):
            data = json.loads(page.body)
            return "\n\n".join([data["title"], *data["clauses"]])

    try:
        assert extract_page(page, DECLARATION) == "Terms\n\nWe may end your account at any time."
    finally:
        del DocumentFormat.registry[JsonTermsFormat.kind]
    with pytest.raises(ExtractionError):
        extract_page(page, DECLARATION)
