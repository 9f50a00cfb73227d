"""Text out of a PDF, with pypdf.

Pages are joined by one blank line; lines keep pypdf's layout and go through the same
normalisation as plain text. An encrypted PDF is read only if it opens with the empty user
password (as every PDF viewer does); otherwise, or when pypdf cannot parse the file, the
error is ``unreadable_pdf``. A PDF without any text layer (a scan) is ``empty_content``.
"""

from __future__ import annotations

import io
import logging

from .errors import ExtractionError
from .text import normalise_plain_text

log = logging.getLogger(__name__)

# Terms documents are tens of pages; past this, the file is not one (or is hostile).
MAX_PDF_PAGES = 2000


def load_pypdf():
    # Imported on first need: pypdf is only needed by the rare PDF document and costs ~50 ms
    # to import.
    import pypdf
    from pypdf.errors import PyPdfError
    return pypdf, PyPdfError


def pdf_text(body: bytes, url: str, max_chars: int | None = None) -> str:
    """The text of a PDF; with ``max_chars``, ``too_large`` as soon as the pages read so far
    hold more characters than that (a small PDF can expand to millions)."""
    pypdf, PyPdfError = load_pypdf()

    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("unreadable_pdf", f"PDF is encrypted with a password at {url}")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ExtractionError("unreadable_pdf",
                                  f"PDF has {len(pages)} pages (more than {MAX_PDF_PAGES}) at {url}")
        texts, chars = [], 0
        for number, page in enumerate(pages, 1):
            texts.append(page.extract_text() or "")
            chars += len(texts[-1])
            if max_chars is not None and chars > max_chars:
                raise ExtractionError("too_large", f"PDF text is over the cap of {max_chars:,} characters "
                                                   f"by page {number} of {len(pages)} at {url}")
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            NotImplementedError, RecursionError, OSError, ArithmeticError) as error:
        # pypdf reports broken files with a zoo of exception types; all mean "unreadable".
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise ExtractionError("unreadable_pdf", f"cannot read PDF at {url}: {detail}")
    text = normalise_plain_text("\n\n".join(texts))
    if not text:
        raise ExtractionError("empty_content",
                              f"PDF of {len(texts)} page(s) has no text layer at {url}")
    return text
