"""PDF bodies: text with pypdf, sniffed even when mislabelled."""

from __future__ import annotations

import io

import pypdf
import pytest

from monitor.declarations import PageDeclaration
from monitor.extract import ExtractionError, Page, extract_page

URL = "https://example.com/legal/terms.pdf"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF whose pages show the given lines in Helvetica (no library needed:
    the objects, the content streams and the cross-reference table are written out)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for n, lines in enumerate(pages):
        page_id, content_id = 4 + 2 * n, 5 + 2 * n
        shown = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
        stream = ("BT /F1 12 Tf 16 TL 72 720 Td " + " T* ".join(f"({line}) Tj" for line in shown)
                  + " ET").encode("latin-1")
        objects[content_id] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id)
        kids.append(b"%d 0 R" % page_id)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


TERMS = [["Terms of Service", "1. We may   change (these) terms at any time."],
         ["2. Disputes go to arbitration."]]


def extract(body: bytes, content_type: str | None) -> str:
    return extract_page(Page(body, URL, content_type), PageDeclaration(fetch=URL))


@pytest.mark.parametrize("content_type", ["application/pdf", "application/octet-stream", None,
                                          "text/html"])
def test_pdf_text_whatever_the_label(content_type):
    assert extract(make_pdf(TERMS), content_type) == (
        "Terms of Service\n1. We may change (these) terms at any time.\n\n2. Disputes go to arbitration.")


def test_pdf_with_an_owner_password_only_opens():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(TERMS))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    body = io.BytesIO()
    writer.write(body)
    assert extract(body.getvalue(), "application/pdf").startswith("Terms of Service")


def test_pdf_without_text_is_empty():
    with pytest.raises(ExtractionError) as caught:
        extract(make_pdf([[]]), "application/pdf")
    assert caught.value.kind == "empty_content" and URL in caught.value.reason


def test_truncated_pdf_is_unreadable():
    with pytest.raises(ExtractionError) as caught:
        extract(make_pdf(TERMS)[:300], "application/pdf")
    assert caught.value.kind == "unreadable_pdf" and URL in caught.value.reason


def test_an_html_page_quoting_the_pdf_signature_stays_html():
    body = b"<html><head><script>var magic = '%PDF-1.7';</script></head><body><p>Terms.</p></body></html>"
    assert extract(body, "text/html") == "Terms."
