"""Build the gold set (brat standoff) from the marked-up articles in ``markup/``.

Markup: ``{S1 ...}`` is the Source of attribution 1, ``{Q1 ...}`` its Cue,
``{C1 ...}`` its Content (several ``{C1 ...}`` pieces make a discontinuous
span). Braces nest. A line ``@4 source=3`` makes attribution 4 share the
Source span of attribution 3 (a speaker carried to the next quoted paragraph);
``cue=3`` and ``content=3`` do the same for the Cue and the Content.
``markup/<stem>_<annotator>.txt`` gives ``text/<stem>.txt`` and
``attributions/<stem>_<annotator>.ann``.

Run ``python tests/gold/build.py`` after editing the markup; a test checks that
the committed files are what this script produces.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROLES = {"S": "Source", "Q": "Cue", "C": "Content"}


def parse_markup(markup: str) -> tuple[str, dict[int, dict[str, list[tuple[int, int]]]], dict]:
    """Return the plain text, the spans of each attribution by role, and the
    directives (``{n: {"source": m}}``)."""
    directives: dict[int, dict[str, int]] = defaultdict(dict)
    body_lines = []
    for line in markup.split("\n"):
        m = re.fullmatch(r"@(\d+)((?: \w+=\d+)+)", line)
        if m:
            for key, value in re.findall(r"(\w+)=(\d+)", m.group(2)):
                directives[int(m.group(1))][key] = int(value)
        else:
            body_lines.append(line)
    body = "\n".join(body_lines).rstrip("\n") + "\n"
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int]] = []
    spans: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    i = 0
    while i < len(body):
        m = re.match(r"\{([SQC])(\d+) ", body[i:])
        if m:
            stack.append((m.group(1), int(m.group(2)), pos))
            i += m.end()
            continue
        if body[i] == "}":
            role, n, start = stack.pop()
            spans[n][ROLES[role]].append((start, pos))
            i += 1
            continue
        if body[i] == "{":
            raise ValueError(f"stray '{{' at {i}")
        out.append(body[i])
        pos += 1
        i += 1
    if stack:
        raise ValueError(f"unclosed markup {stack}")
    return "".join(out), spans, directives


def to_brat(text: str, spans: dict, directives: dict) -> str:
    """The ``.ann`` text for the parsed markup, PolNeAR style."""
    lines: list[str] = []
    next_t = 1
    ids: dict[tuple[int, str], str] = {}

    def add(label: str, frags: list[tuple[int, int]]) -> str:
        nonlocal next_t
        frags = sorted(frags)
        tid = f"T{next_t}"
        next_t += 1
        offsets = ";".join(f"{a} {b}" for a, b in frags)
        joined = " ".join(text[a:b] for a, b in frags)
        lines.append(f"{tid}\t{label} {offsets}\t{joined}")
        return tid

    for event, n in enumerate(sorted(spans), start=1):
        roles = spans[n]
        args: list[str] = []
        for role in ("Source", "Cue", "Content"):
            if roles.get(role):
                ids[(n, role)] = add(role, roles[role])
        shared = directives.get(n, {})
        source = ids.get((n, "Source")) or ids.get((shared.get("source", -1), "Source"))
        cue = ids.get((n, "Cue")) or ids.get((shared.get("cue", -1), "Cue"))
        if not cue:
            trigger_frags = roles.get("Content") or spans[shared["content"]]["Content"]
        else:
            trigger_frags = roles.get("Cue") or spans[shared["cue"]]["Cue"]
        label = "Attribution" if source else "Attribution-no-source"
        trigger = add(label, list(trigger_frags))
        args.append(f"{label}:{trigger}")
        content = ids.get((n, "Content")) or ids[(shared["content"], "Content")]
        args.append(f"Content:{content}")
        if cue:
            args.append(f"Cue:{cue}")
        if source:
            args.append(f"Source:{source}")
        lines.append(f"E{event}\t" + " ".join(args))
    return "\n".join(lines) + "\n"


def build(markup_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``text/`` and ``attributions/`` under ``out_dir``; return the files."""
    written: list[Path] = []
    texts: dict[str, str] = {}
    for path in sorted(markup_dir.glob("*.txt")):
        stem, _, annotator = path.stem.rpartition("_")
        text, spans, directives = parse_markup(path.read_text(encoding="utf-8"))
        if texts.setdefault(stem, text) != text:
            raise ValueError(f"{path.name}: text differs from the other annotator's")
        for folder, name, content in (
            ("text", f"{stem}.txt", text),
            ("attributions", f"{stem}_{annotator}.ann", to_brat(text, spans, directives)),
        ):
            target = out_dir / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
            written.append(target)
    return written


if __name__ == "__main__":
    for written_path in build(HERE / "markup", HERE):
        print(written_path.relative_to(HERE), file=sys.stderr)
