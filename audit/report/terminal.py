"""Text for a terminal or a log: control characters made visible, colour
decided once (``--color``, ``NO_COLOR``), and the width tables may use.

Quote text, names and file names come from articles anyone can write: printed
raw, an escape sequence in them would drive the reader's terminal (set the
window title, write the clipboard, hide or rewrite lines). ``safe_text`` is
the one function every printer passes such text through."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from typing import TextIO

COLOR_MODES = ("auto", "always", "never")

# What a terminal may act on rather than show: C0 and C1 controls and DEL
# (escape sequences, CSI, OSC, carriage return, backspace), the line and
# paragraph separators, the bidirectional embeddings, overrides and isolates
# (they reorder what is shown: "Trojan source"), and lone surrogates (they
# cannot even be encoded as UTF-8). Newline and tab are allowed per caller.
_UNSAFE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"


def _unsafe_pattern(keep: str) -> re.Pattern[str]:
    allowed = "".join(re.escape(c) for c in keep)
    return re.compile(f"(?![{allowed}])[{_UNSAFE}]" if allowed else f"[{_UNSAFE}]")


_PATTERNS = {keep: _unsafe_pattern(keep) for keep in ("", "\n", "\n\t")}


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, *, keep: str = "") -> str:
    """``text`` with every character a terminal would act on written as a
    visible escape (ESC becomes ``\\x1b``, U+202E ``\\u202e``); the
    characters in ``keep`` (``""``, ``"\\n"`` or ``"\\n\\t"``) stay as they are."""
    return _PATTERNS[keep].sub(_visible, text)


def one_line(text: str) -> str:
    """``text`` on one line (runs of white space, newlines included, become
    one space) with every remaining control character made visible."""
    return safe_text(" ".join(text.split()))


def use_color(mode: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to ``stream``: ``always`` and ``never`` say
    so; ``auto`` colours a terminal unless ``NO_COLOR`` is set to anything
    non-empty (no-color.org) or ``TERM`` is ``dumb``."""
    if mode not in COLOR_MODES:
        raise ValueError(f"colour mode {mode!r} is not one of {', '.join(COLOR_MODES)}")
    if mode != "auto":
        return mode == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return stream.isatty()


def terminal_width(stream: TextIO) -> int | None:
    """The width in columns a table printed to ``stream`` should fit, or None
    when ``stream`` is not a terminal (a file or a pipe gets full text)."""
    if not stream.isatty():
        return None
    return shutil.get_terminal_size().columns


def escape_json_text(dumped: str) -> str:
    """JSON text (from ``json.dumps``, which escapes C0 controls but keeps
    DEL, C1, bidi controls and lone surrogates raw) with those characters as
    ``\\uXXXX`` escapes: the same JSON value, safe to print, always UTF-8."""
    return _PATTERNS["\n"].sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
