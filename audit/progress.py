"""The one progress bar helper: on stderr, and only when stderr is a terminal
(so pipes, CI logs and JSON on stdout stay clean). It shows how many items
are done, the rate, and, when the number of items is known, the total, a bar
and the time left."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TextIO, TypeVar

T = TypeVar("T")

BAR_WIDTH = 24
# Seconds between redraws: often enough to look live, rarely enough that
# drawing costs nothing next to parsing an article.
REDRAW_EVERY = 0.1


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressBar:
    """One line on ``stream`` (stderr), redrawn in place as items are done:
    ``parsing  [#####-----]  12/40  3.1/s  ETA 0:09``. Draws nothing when
    not ``enabled`` or when the stream is not a terminal."""

    def __init__(self, label: str, total: int | None = None, *, enabled: bool = True,
                 stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream or sys.stderr
        self._on = enabled and self._stream.isatty()
        self._clock = clock
        self._start = clock()
        self._drawn = float("-inf")  # when the line was last drawn

    def line(self) -> str:
        """The progress line as it stands (without the terminal controls)."""
        elapsed = self._clock() - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        parts = [self.label]
        if self.total:
            filled = min(BAR_WIDTH, BAR_WIDTH * self.done // self.total)
            parts.append("[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]")
            parts.append(f"{self.done}/{self.total}")
        else:
            parts.append(str(self.done))
        parts.append(f"{rate:.1f}/s")
        if self.total:
            left = self.total - self.done
            parts.append("ETA " + (_duration(left / rate) if rate > 0 else "--")
                         if left > 0 else f"in {_duration(elapsed)}")
        return "  ".join(parts)

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done, redrawing at most every ``REDRAW_EVERY`` s."""
        self.done += n
        now = self._clock()
        if self._on and (now - self._drawn >= REDRAW_EVERY or self.done == self.total):
            self._drawn = now
            self._stream.write("\r" + self.line() + "\x1b[K")
            self._stream.flush()

    def clear(self) -> None:
        """Blank the line so that a message can be printed; the next advance redraws it."""
        if self._on and self._drawn > float("-inf"):
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._drawn = float("-inf")

    def close(self) -> None:
        """Draw the final line and end it."""
        if self._on:
            self._stream.write("\r" + self.line() + "\x1b[K\n")
            self._stream.flush()
            self._on = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def progress(items: Iterable[T], label: str, *, length: int | None = None,
             enabled: bool = True, stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items``, drawing a ``ProgressBar`` of ``length`` items on
    ``stream`` (stderr) when it is a terminal."""
    with ProgressBar(label, length, enabled=enabled, stream=stream) as bar:
        for item in items:
            yield item
            bar.advance()
