"""Bodies of the hostile endpoints: what real sites throw at a crawler.

The table of endpoints and what a capture should make of them is
``scenario.HOSTILE_ENDPOINTS``; the server (`server.py`) decides status codes and timing.

>>> pdf = build_pdf(["Hello (world)", "Second line"])
>>> pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
True
"""

from __future__ import annotations

import random
import textwrap

from .legal import Profile, Section, p, ul
from .pages import render_page, token
from .scenario import START, DocumentState

GLITCHBOX = Profile(
    id="Glitchbox", name="Glitchbox", company="Glitchbox B\u00fcro GmbH",
    address="K\u00f6nigstra\u00dfe 12, 70173 Stuttgart, Germany",
    law="the Federal Republic of Germany", courts="the courts of Stuttgart",
    domain="glitchbox.example", product="an online service that is hard to crawl",
    content="files and comments", min_age=16, sector="test fixture", slug="hostile",
    terms_path="/terms", privacy_path="/privacy")

_SHORT_TERMS = (
    Section("scope", "Scope", (
        p("These terms apply to the services of {company}, {address} (\u201cGlitchbox\u201d). The "
          "managing director is J\u00fcrgen M\u00fcller. Questions? Write to {legal_email}."),
    )),
    Section("prices", "Prices and payment", (
        p("Prices are shown in euros (EUR) and pounds sterling (\u00a3) and include VAT. A "
          "one-off fee of \u00a312 or EUR 14 applies to caf\u00e9 and b\u00e4ckerei partner vouchers, "
          "payable in advance. Refunds are made within 14 days of a valid withdrawal."),
        ul("Invoices are sent by e-mail.", "Late payments bear interest at the statutory rate.",
           "We accept cards, SEPA direct debit and \u00abGlitchbox Credit\u00bb."),
    )),
    Section("liability", "Liability", (
        p("Glitchbox is liable without limitation for intent and gross negligence. For slight "
          "negligence it is liable only for breaches of essential contractual obligations, "
          "limited to the foreseeable damage typical for this type of contract."),
    )),
)


def latin1_page() -> bytes:
    """A legal page encoded in ISO-8859-1 with no charset declared anywhere."""
    state = DocumentState(sections=_SHORT_TERMS, updated=START)
    page = render_page(GLITCHBOX, "Terms of Service", state, noise_key="latin1", path="/hostile/latin1")
    page = page.replace('<meta charset="utf-8">\n', "")
    # Characters latin-1 cannot hold (curly quotes, CJK language names) become character
    # references, as legacy CMSs do; é, ö, ß, £ stay single latin-1 bytes.
    return page.encode("latin-1", errors="xmlcharrefreplace")


def no_match_page() -> bytes:
    """A normal page whose text is not inside ``article.legal`` (the site was redesigned)."""
    state = DocumentState(sections=_SHORT_TERMS, updated=START)
    page = render_page(GLITCHBOX, "Terms of Service", state, noise_key="no-match", path="/hostile/no-match")
    page = page.replace('<article class="legal" id="legal-content">', '<div class="policy-v2" id="policy">')
    page = page.replace("</article>", "</div>")
    return page.encode()


def error_page(status: int, reason: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>{status} {reason}</title></head><body>"
            f"<h1>{status} {reason}</h1><p>Sorry, something went wrong on our side. "
            f"Reference: {token('error', status)}</p></body></html>").encode()


def bot_wall_page(ray: str) -> bytes:
    """What a Cloudflare-style JavaScript challenge looks like to a crawler."""
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=Edge"><meta name="robots" content="noindex,nofollow">
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>*{{box-sizing:border-box;margin:0;padding:0}}html{{line-height:1.15}}body{{display:flex;flex-direction:column;height:100vh;min-height:100vh}}.main-content{{margin:8rem auto;max-width:60rem;width:100%}}</style>
</head><body class="no-js">
<div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">glitchbox.example</h1>
<h2 id="challenge-running" class="h2">Checking if the site connection is secure</h2>
<noscript><div id="challenge-error-title"><div class="h2"><span class="icon-wrapper"></span>
<span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></div></noscript>
<div id="challenge-body-text" class="core-msg spacer">glitchbox.example needs to review the security of your connection before proceeding.</div>
<form id="challenge-form" action="/hostile/bot-wall?__cf_chl_f_tk={ray}" method="POST" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="md" value="{token('md', ray, length=40)}"></form>
</div></div>
<script>(function(){{window._cf_chl_opt={{cvId:'3',cZone:'glitchbox.example',cType:'managed',cRay:'{ray}',cH:'{token('ch', ray, length=40)}'}};var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray={ray}';document.getElementsByTagName('head')[0].appendChild(a);}}());</script>
<div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper">
<div class="ray-id">Ray ID: <code>{ray}</code></div></div>
<div class="text-center" id="footer-text">Performance &amp; security by Cloudflare</div></div></div>
</body></html>""".encode()


def binary_noise(size: int = 64 * 1024) -> bytes:
    """Bytes that no text decoder accepts, starting with invalid UTF-8 but no BOM."""
    return b"\x80\x81\xc3\x28\x00" + random.Random(1234).randbytes(size - 5)


def huge_chunks(total: int, chunk_size: int = 64 * 1024):
    """``total`` bytes of plausible HTML, in chunks (the server streams them)."""
    head = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Terms</title></head><body><main><article class="legal">'
    clause = (b"<p>Clause %07d. The user acknowledges that this document is very long and that "
              b"every clause of it applies with equal force to every other clause.</p>\n")
    sent, n = 0, 0
    buffer = bytearray(head)
    while sent < total:
        while len(buffer) < chunk_size:
            buffer += clause % n
            n += 1
        piece = bytes(buffer[: min(chunk_size, total - sent)])
        del buffer[: len(piece)]
        sent += len(piece)
        yield piece


PDF_TEXT = [
    "Glitchbox Acceptable Use Policy",
    "Last updated: January 6, 2025",
    "",
] + [line for paragraph in (
    "1. Scope. This Acceptable Use Policy applies to everyone who uses the services of Glitchbox "
    "Buero GmbH, Koenigstrasse 12, 70173 Stuttgart, Germany. It is published as a PDF file, as "
    "some companies still do, so that crawlers must extract its text from the PDF itself.",
    "2. Prohibited uses. You may not use Glitchbox to store or distribute unlawful content, to "
    "send spam, to attack other systems, to mine cryptocurrency on shared infrastructure, or to "
    "infringe the intellectual property or privacy rights of others.",
    "3. Enforcement. We may remove content or suspend accounts that breach this policy. Unless "
    "the breach is serious, we will first warn you and give you a reasonable time to fix it. You "
    "can appeal any decision by writing to legal@glitchbox.example.",
    "4. Reporting. Report abuse to abuse@glitchbox.example. We acknowledge reports within one "
    "business day and tell the reporter what we decided and why.",
    "5. Changes. We will announce changes to this policy at least 30 days before they take "
    "effect, by e-mail and on our website.",
) * 4 for line in textwrap.wrap(paragraph, 88) + [""]]


def build_pdf(lines: list[str], lines_per_page: int = 48) -> bytes:
    """A minimal, valid PDF 1.4 (Helvetica, one text object per page) showing ``lines``.

    Written by hand so the demo needs no PDF library; pypdf extracts its text.
    """
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")                    # filled once the page tree's number is known
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page_lines in pages:
        text = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        for line in page_lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            text.append(f"({escaped}) Tj T*")
        text.append("ET")
        stream = "\n".join(text).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (tree, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                         + b"] /Count %d >>" % len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def terms_pdf() -> bytes:
    return build_pdf(PDF_TEXT)
