"""Reading an annotated corpus: brat standoff ``.ann`` files (spans and
events), the attributions they hold, and the PolNeAR folder layout
(``text/<stem>.txt`` beside ``attributions/<stem>_<annotator>.ann``).

The gold offsets index the raw text file; when ingest changes the text,
``offset_map`` and ``remap_attributions`` carry them over to the text the
pipeline reads.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError

Fragment = tuple[int, int]
"""A ``[start, end)`` character range of an article text."""


@dataclass(frozen=True)
class BratSpan:
    """A text-bound annotation (``T`` line): label and one or more fragments,
    in the order of the file (PolNeAR has a few out of text order)."""

    id: str
    label: str
    fragments: tuple[Fragment, ...]
    text: str

    @property
    def start(self) -> int:
        return min(a for a, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(b for _, b in self.fragments)


@dataclass(frozen=True)
class BratEvent:
    """An event (``E`` line): its label and ``(role, span id)`` arguments, the
    trigger first. Repeated roles carry a number (``Content2``)."""

    id: str
    label: str
    args: tuple[tuple[str, str], ...]

    def ids(self, role: str) -> tuple[str, ...]:
        """The span ids filling ``role`` (``Content`` also gives ``Content2``...)."""
        return tuple(t for r, t in self.args if r.rstrip("0123456789") == role)


@dataclass(frozen=True)
class BratDocument:
    """The spans and events of one ``.ann`` file (notes and other lines dropped)."""

    spans: tuple[BratSpan, ...]
    events: tuple[BratEvent, ...]


@cache
def _record_start() -> re.Pattern[str]:
    # A record starts with an id and a tab; a span's text may run over several
    # lines (PolNeAR keeps raw newlines), so other lines continue the record.
    return re.compile(r"\r?\n(?=(?:[TERAMN]\d+|#\d*|\*)\t)")


def parse_brat(raw: str, path: str = "<ann>") -> BratDocument:
    """Parse brat standoff text into spans and events.

    Raises ``InputError`` naming ``path`` for a malformed ``T`` or ``E`` line."""
    spans: list[BratSpan] = []
    events: list[BratEvent] = []
    for record in _record_start().split(raw):
        if not record or record[0] not in "TE":
            continue
        parts = record.split("\t", 2)
        try:
            if record[0] == "T":
                label, offsets = parts[1].split(" ", 1)
                frags = tuple(
                    (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
                )
                if not frags or any(a > b for a, b in frags):
                    raise ValueError("a fragment ends before it starts")
                text = parts[2].rstrip("\r\n") if len(parts) > 2 else ""
                spans.append(BratSpan(parts[0], label, frags, text))
            else:
                fields = parts[1].split()
                args = tuple((role, ref) for role, ref in (f.split(":", 1) for f in fields))
                events.append(BratEvent(parts[0], args[0][0], args))
        except (IndexError, ValueError) as exc:
            line = record.split("\n", 1)[0][:60]
            raise InputError(path, f"malformed annotation line {line!r} ({exc})") from exc
    return BratDocument(tuple(spans), tuple(events))


def check_offsets(doc: BratDocument, text: str) -> str | None:
    """Describe the first span whose recorded text differs from the slice of
    ``text`` its offsets give (fragments joined by a space), or None."""
    for span in doc.spans:
        if span.end > len(text):
            return f"{span.id} ends at {span.end}, beyond the text ({len(text)})"
        joined = " ".join(text[a:b] for a, b in span.fragments)
        if joined != span.text and joined.strip() != span.text.strip():
            return f"{span.id} text differs from the text file at {span.start}-{span.end}"
    return None


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: Source (empty for ``Attribution-no-source``),
    Cue and Content fragments, in text order. ``labelled`` when a hand-made
    speaker label covers its Source (see ``speaker_labels``); ``person`` is
    the person the label says the Source means, None when the labeller found
    no identifiable person (an anonymous source, a group). ``role`` is how a
    hand label says the Source is credited (``said``, ``via`` or ``credit``;
    see ``source_roles``), None when unlabelled."""

    id: str
    source: tuple[Fragment, ...]
    cue: tuple[Fragment, ...]
    content: tuple[Fragment, ...]
    person: str | None = None
    labelled: bool = False
    role: str | None = None

    @property
    def content_length(self) -> int:
        return sum(b - a for a, b in self.content)


def attributions(doc: BratDocument) -> tuple[GoldAttribution, ...]:
    """The attributions of a document, in event order."""
    by_id = {s.id: s for s in doc.spans}

    def frags(event: BratEvent, role: str) -> tuple[Fragment, ...]:
        return tuple(sorted(f for i in event.ids(role) if i in by_id for f in by_id[i].fragments))

    return tuple(
        GoldAttribution(e.id, frags(e, "Source"), frags(e, "Cue"), frags(e, "Content"))
        for e in doc.events
        if e.label.startswith("Attribution")
    )


# --------------------------------------------------------------------------- the corpus folder


def annotation_files(folder: Path) -> dict[str, list[Path]]:
    """The ``.ann`` files of ``folder/attributions`` by article stem, in
    sorted annotator-id order (the file name is ``<stem>_<annotator>.ann``)."""
    by_stem: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, sep, _annotator = ann.stem.rpartition("_")
        if sep:
            by_stem[stem].append(ann)
    return by_stem


def offset_map(src: str, dst: str) -> list[int]:
    """For each offset of ``src`` (and its end), the matching offset of
    ``dst``; used only when ingest changed the text."""
    mapping = [0] * (len(src) + 1)
    matcher = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2 + 1):
            mapping[k] = j1 + (k - i1 if tag == "equal" else min(k - i1, j2 - j1))
    return mapping


def remap_attributions(
    gold: Sequence[GoldAttribution], mapping: list[int]
) -> tuple[GoldAttribution, ...]:
    """``gold`` with every offset carried over by ``mapping`` (see ``offset_map``)."""

    def f(frags: tuple[Fragment, ...]) -> tuple[Fragment, ...]:
        return tuple((mapping[a], mapping[b]) for a, b in frags)

    return tuple(replace(g, source=f(g.source), cue=f(g.cue), content=f(g.content)) for g in gold)


# --------------------------------------------------------------------------- speaker labels

def _read_toml(path: Path, what: str) -> dict[str, Any]:
    """The TOML data of a label file; InputError naming ``path`` if unreadable."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), f"cannot read {what} ({exc})") from exc


SpeakerLabels = dict[str, dict[Fragment, str | None]]
"""Hand-made speaker labels: by article stem, the Source span (raw-text
offsets, first start to last end) and the person it means (None: read, and
no identifiable person)."""


def speaker_labels(path: Path) -> SpeakerLabels:
    """Read a speaker-label file: TOML ``[[speaker]]`` tables with
    ``article`` (file stem), ``source = [start, end]`` (the annotated Source
    span, offsets into the raw text file) and ``person`` (the person meant, as
    the article writes the name); ``[[unresolved]]`` tables (``article`` and
    ``source``) for Sources the labeller read and found no identifiable person
    for, so that the share of identifiable ones can be estimated. Annotations
    only, never article text.

    Raises ``InputError`` naming ``path`` for an unreadable or malformed file."""
    data = _read_toml(path, "speaker labels")
    out: SpeakerLabels = defaultdict(dict)
    for table, needs_person in (("speaker", True), ("unresolved", False)):
        for n, entry in enumerate(data.get(table, []), 1):
            fields = entry if isinstance(entry, dict) else {}
            span, article = fields.get("source"), fields.get("article")
            person = fields.get("person")
            if not (
                isinstance(span, list)
                and len(span) == 2
                and all(isinstance(x, int) for x in span)
                and isinstance(article, str)
                and (not needs_person or (isinstance(person, str) and person.strip()))
            ):
                need = "article, source [start, end]" + (" and person" if needs_person else "")
                raise InputError(str(path), f"{table} label {n} needs {need}")
            out[article][(span[0], span[1])] = person if needs_person else None
    return dict(out)


def label_speakers(
    gold: Sequence[GoldAttribution], labels: dict[Fragment, str | None]
) -> tuple[tuple[GoldAttribution, ...], int]:
    """``gold`` with each attribution whose Source span the labels name (by
    raw offsets) marked labelled, with its person; and how many labels were used."""
    used: set[Fragment] = set()
    out = []
    for g in gold:
        key = (g.source[0][0], g.source[-1][1]) if g.source else None
        if key is not None and key in labels:
            used.add(key)
            g = replace(g, person=labels[key], labelled=True)
        out.append(g)
    return tuple(out), len(used)


SOURCE_ROLES = ("said", "via", "credit")


def source_roles(path: Path) -> dict[str, dict[Fragment, str]]:
    """Read the Source roles of a gold folder's ``articles.toml`` (built by
    ``tests/gold/news/build.py``): by article stem, the Source span (raw-text
    offsets) and its role, one of ``SOURCE_ROLES``.

    Raises ``InputError`` naming ``path`` for an unreadable or malformed file."""
    data = _read_toml(path, "source roles")
    out: dict[str, dict[Fragment, str]] = {}
    for article in data.get("article", []):
        stem = article.get("stem") if isinstance(article, dict) else None
        if not isinstance(stem, str):
            raise InputError(str(path), "an [[article]] table has no stem")
        spans = out.setdefault(stem, {})
        for source in article.get("source", []):
            span, role = source.get("span"), source.get("role")
            if not (isinstance(span, list) and len(span) == 2 and role in SOURCE_ROLES):
                raise InputError(str(path), f"{stem}: a source needs span [start, end] and a role")
            spans[(span[0], span[1])] = role
    return out


def label_roles(
    gold: Sequence[GoldAttribution], roles: dict[Fragment, str]
) -> tuple[GoldAttribution, ...]:
    """``gold`` with the role of each attribution whose Source span ``roles``
    names (by raw offsets)."""
    return tuple(
        replace(g, role=roles[key])
        if g.source and (key := (g.source[0][0], g.source[-1][1])) in roles
        else g
        for g in gold
    )
