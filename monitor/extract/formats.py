"""Document formats, chosen by media type: the seam where a new kind of body (JSON, DOCX…)
plugs in.

A format is one subclass of `DocumentFormat`, registered by subclassing (as urlwatch's
reporters are): its ``kind``, the ``media_types`` a server labels it with, and ``text``, which
turns one page of that kind into text. `decode.content_kind` picks the kind (a PDF signature
wins over any label; unlabelled bodies are sniffed), `monitor.extract.extract_page` calls the
format registered for it. HTML, PDF and plain text are registered in `monitor.extract`.

Define a new format in a module that `monitor.extract` imports: extraction runs in worker
processes forked from a fork server (`budget`) that imports the extraction code on its own,
so a format defined elsewhere at run time is known to the caller but not to the workers.
"""

from __future__ import annotations

from typing import ClassVar


class DocumentFormat:
    """One kind of document body. Subclasses set ``kind`` and ``media_types`` and implement
    `text`; defining the subclass registers it."""

    registry: ClassVar[dict[str, type["DocumentFormat"]]] = {}
    kind: ClassVar[str] = ""
    media_types: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            DocumentFormat.registry[cls.kind] = cls

    def text(self, page, declaration, extra_params: list[str], max_chars: int | None) -> str:
        """The page's text (before the final normalisation every format shares); ``extra_params``
        may gain link parameters to strip. Raise `ExtractionError` when there is none."""
        raise NotImplementedError


def kind_of_media_type(media_type: str) -> str | None:
    """The kind of the registered format labelled with ``media_type``, if any."""
    for kind, format_class in DocumentFormat.registry.items():
        if media_type in format_class.media_types:
            return kind
    return None


def format_for(kind: str) -> DocumentFormat:
    return DocumentFormat.registry[kind]()
