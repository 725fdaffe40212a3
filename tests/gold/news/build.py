"""Build the multi-domain news gold set (brat standoff and speaker labels)
from the marked-up excerpts in ``markup/``.

Each ``markup/<stem>_a1.txt`` holds the paragraphs kept from one real news
article (only those with the quotes and attributions labelled), marked up as
in ``tests/gold/build.py`` (``{S1 ...}`` Source, ``{Q1 ...}`` Cue, ``{C1 ...}``
Content; ``@4 source=3`` shares a span), plus header lines that never reach
the text:

* ``#url <address>``, ``#taken <date>``, ``#country <name>``, ``#topic <topic>``,
  ``#kind <wire|state media|newspaper|broadcaster|agency|blog>``: where the
  excerpt comes from and what it is;
* ``@<n> person <Full Name>``: the person attribution ``n`` is spoken by, full
  name as the article gives it (becomes a ``[[speaker]]`` label, so strict
  scoring compares the predicted speaker with that person);
* ``@<n> role <said|via|credit>``: how the Source of attribution ``n`` is
  credited (default ``said``): ``via`` an outlet or channel a statement passed
  through ("Beta reported", "told TASS"), ``credit`` a wire or dateline credit.

Output: ``text/``, ``attributions/``, ``speakers.toml`` (labels read by
``citeaudit eval``) and ``articles.toml`` (address, date, country, topic, kind
and the role of every Source span). Run ``python tests/gold/news/build.py``
after editing the markup; a test checks the committed files are what it builds.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROLES = ("said", "via", "credit")
META = ("url", "taken", "country", "topic", "kind")


def _base_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gold_build", HERE.parent / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split_header(markup: str, name: str) -> tuple[str, dict[str, str], dict[int, dict[str, str]]]:
    """The markup without header lines, the ``#`` metadata and the ``@n``
    person and role labels. Raises ValueError naming ``name`` for a bad line."""
    meta: dict[str, str] = {}
    labels: dict[int, dict[str, str]] = {}
    body: list[str] = []
    for line in markup.split("\n"):
        if line.startswith("#"):
            key, _, value = line[1:].partition(" ")
            if key not in META or not value.strip():
                raise ValueError(f"{name}: bad header line {line!r}")
            meta[key] = value.strip()
        elif m := re.fullmatch(r"@(\d+) (person|role) (.+)", line):
            if m.group(2) == "role" and m.group(3) not in ROLES:
                raise ValueError(f"{name}: unknown role {m.group(3)!r}")
            labels.setdefault(int(m.group(1)), {})[m.group(2)] = m.group(3).strip()
        else:
            body.append(line)
    missing = [k for k in META if k not in meta]
    if missing:
        raise ValueError(f"{name}: header lacks {', '.join(missing)}")
    return "\n".join(body).lstrip("\n"), meta, labels


def _toml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def build(markup_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``text/``, ``attributions/``, ``speakers.toml`` and
    ``articles.toml`` under ``out_dir``; return the files written."""
    base = _base_builder()
    written: list[Path] = []
    speakers = ["# Built by build.py from markup/: the person of each attribution.", ""]
    articles = ["# Built by build.py from markup/: source, date and Source roles.", ""]
    for path in sorted(markup_dir.glob("*.txt")):
        stem = path.stem.rpartition("_")[0]
        body, meta, labels = split_header(path.read_text(encoding="utf-8"), path.name)
        text, spans, directives = base.parse_markup(body)
        for n in labels:
            if n not in spans:
                raise ValueError(f"{path.name}: label for unknown attribution {n}")
        for folder, name, content in (
            ("text", f"{stem}.txt", text),
            ("attributions", f"{stem}_a1.ann", base.to_brat(text, spans, directives)),
        ):
            target = out_dir / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
            written.append(target)
        articles += ["[[article]]", f"stem = {_toml(stem)}"]
        articles += [f"{k} = {_toml(meta[k])}" for k in META]
        for n in sorted(spans):
            own = spans[n].get("Source")
            shared = directives.get(n, {}).get("source")
            frags = own or (spans[shared]["Source"] if shared is not None else None)
            if not frags:
                continue
            start, end = min(a for a, _ in frags), max(b for _, b in frags)
            role = labels.get(n, {}).get("role", "said")
            articles += ["[[article.source]]", f"span = [{start}, {end}]", f"role = {_toml(role)}"]
            person = labels.get(n, {}).get("person")
            if person:
                speakers += [
                    "[[speaker]]",
                    f"article = {_toml(stem)}",
                    f"source = [{start}, {end}]",
                    f"person = {_toml(person)}",
                    "",
                ]
        articles.append("")
    for name, lines in (("speakers.toml", speakers), ("articles.toml", articles)):
        target = out_dir / name
        target.write_text("\n".join(lines), encoding="utf-8", newline="\n")
        written.append(target)
    return written


if __name__ == "__main__":
    for written_path in build(HERE / "markup", HERE):
        print(written_path.relative_to(HERE), file=sys.stderr)
