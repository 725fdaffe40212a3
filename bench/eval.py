"""Score extraction against an annotated folder (see ``audit.eval``).

    python bench/eval.py ../shared/data/polnear-train [--limit N] [--format json]
        [--floors bench/eval_floors.toml] [--speakers FILE] [--snippets]

The same library as ``citeaudit eval``; ``--speakers`` reads hand-made speaker
labels (default: ``FOLDER/speakers.toml`` when it exists); ``--snippets`` also prints a short
excerpt of each error example (article text: for the terminal only, never
commit it). Exit status 1 when a pinned floor is not met.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from audit.eval import check_floors, evaluate, format_report_table


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the report; 1 if a floor fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--floors", type=Path, default=None)
    parser.add_argument("--speakers", type=Path, default=None)
    parser.add_argument("--snippets", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(args.folder, limit=args.limit, speakers=args.speakers)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(format_report_table(report, snippets=args.snippets), end="")
    failures = check_floors(report, args.floors) if args.floors else []
    for failure in failures:
        print(f"floor not met: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
