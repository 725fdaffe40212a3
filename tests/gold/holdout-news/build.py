"""Build the holdout news set (``tests/gold/holdout-news``) from its markup.

The same format and builder as the multi-domain news set: the markup, header
lines and labels are described in ``tests/gold/news/build.py``, which this
script runs on this folder. Run ``python tests/gold/holdout-news/build.py``
after editing the markup; a test checks the committed files are what it builds.

This set is a holdout: the speaker and source rules are measured on it, and
whoever writes those rules does not read it (see docs/accuracy.md).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def news_builder() -> ModuleType:
    """The news set's build script, loaded as a module."""
    spec = importlib.util.spec_from_file_location("news_build", HERE.parent / "news" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(markup_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``text/``, ``attributions/``, ``speakers.toml`` and
    ``articles.toml`` under ``out_dir``; return the files written."""
    written: list[Path] = news_builder().build(markup_dir, out_dir)
    return written


if __name__ == "__main__":
    for written_path in build(HERE / "markup", HERE):
        print(written_path.relative_to(HERE), file=sys.stderr)
