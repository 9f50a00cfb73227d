"""Why a page yielded no text: a stable `kind` code for programs, a `reason` for people."""

from __future__ import annotations

# Every kind of failure, in the order extraction can meet them.
KINDS = (
    "too_large",            # the body is over the byte cap (checked before any parsing), or
                            # its text over the character cap (see `budget`)
    "unsupported_content",  # an image, an archive, binary octet-stream...
    "undecodable",          # no plausible text encoding decodes the bytes
    "unreadable_pdf",       # an encrypted or broken PDF
    "bot_wall",             # a captcha, "enable JavaScript", access-denied or login page
    "selector_no_match",    # a declared selector matches nothing on the page
    "empty_content",        # the page (or the selected part) has no text
    "extraction_timeout",   # extraction ran out of its time budget (see `budget`)
    "extraction_crashed",   # the process extracting the page died (out of memory...)
)


class ExtractionError(Exception):
    """Extraction failed; the capture pipeline records it as a fetch error.

    >>> error = ExtractionError("selector_no_match", "selector 'main' matches nothing at https://ex.com/")
    >>> error.kind, str(error)
    ('selector_no_match', "selector_no_match: selector 'main' matches nothing at https://ex.com/")
    """

    def __init__(self, kind: str, reason: str):
        if kind not in KINDS:
            raise ValueError(f"unknown extraction error kind {kind!r}")
        self.kind = kind
        self.reason = " ".join(reason.split())  # always one line
        super().__init__(f"{kind}: {self.reason}")

    def __reduce__(self):  # keep kind and reason when pickled (e.g. across processes)
        return (type(self), (self.kind, self.reason))
