"""Document formats citeaudit does not read, told apart by their first bytes
or, for text markup, by the file name, so the user gets the real reason
("a PDF document") instead of a symptom ("contains NUL bytes")."""

from __future__ import annotations

import os

# File signatures (first bytes) of common document and archive formats.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (Word .docx, OpenDocument, EPUB...)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
# Text markup whose syntax would be read as article text.
_MARKUP_SUFFIXES = {".md": "a Markdown file", ".markdown": "a Markdown file",
                    ".rst": "a reStructuredText file"}
_HINT = "citeaudit reads .txt, .html and .htm: save it as plain text or HTML"


def content_format(raw: bytes) -> str | None:
    """The format not read that ``raw`` opens with (its first bytes), with
    what to do about it, or None."""
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            return f"{what}; {_HINT}"
    return None


def unsupported_format(path: str, raw: bytes) -> str | None:
    """Why the file at ``path`` with content ``raw`` is not read, or None."""
    markup = _MARKUP_SUFFIXES.get(os.path.splitext(path)[1].lower())
    return content_format(raw) or (f"{markup}; {_HINT}" if markup else None)
