"""The README's examples are run, so they cannot drift from the command line:
its synopsis, its settings file, its GitHub Actions recipe, its pre-commit
example, its completion line and its set-up command."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from audit import cli
from audit.cli import EXIT_FINDINGS, EXIT_OK, main
from audit.options import build_options

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROSE = " ".join(README.split())
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
SEEDS = str(ROOT / "seeds")


def blocks() -> list[str]:
    """The README's indented code blocks, in order."""
    found: list[str] = []
    current: list[str] = []
    for line in [*README.splitlines(), ""]:
        if line.startswith("    ") or (current and not line.strip()):
            current.append(line[4:])
        elif current:
            found.append("\n".join(current).strip("\n"))
            current = []
    return found


def block_after(words: str) -> str:
    """The first code block after the paragraph holding ``words``."""
    start = README.index(words)
    return next(b for b in blocks() if README.index(b.splitlines()[0]) > start)


def command_of(words: list[str]) -> tuple[click.Command, list[str]]:
    """The click command a synopsis names, and the words after its name."""
    command: click.Command = main
    while isinstance(command, click.Group) and words and words[0] in command.commands:
        command = command.commands[words.pop(0)]
    return command, words


def option_names(command: click.Command) -> set[str]:
    return {name for p in command.params for name in getattr(p, "opts", [])}


SYNOPSIS = [line for b in blocks() for line in b.splitlines()
            if line.startswith("citeaudit ") and "$" not in line]


@pytest.mark.parametrize("line", SYNOPSIS)
def test_synopsis_names_real_commands_and_options(line: str) -> None:
    command, rest = command_of(line.split()[1:])
    assert command is not main, line
    options = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", " ".join(rest)))
    assert options <= option_names(command), (line, options - option_names(command))


def test_every_option_the_prose_names_exists() -> None:
    known = option_names(main)
    for name in ("index",):
        group = main.commands[name]
        assert isinstance(group, click.Group)
        for sub in group.commands.values():
            known |= option_names(sub)
    for sub in main.commands.values():
        known |= option_names(sub)
    named = set(re.findall(r"`(--[a-z][\w-]*)", README))
    assert named <= known, named - known


def test_settings_example_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citeaudit.toml").write_text(block_after("Settings live in"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(DRAFTS / "clean.txt"), "--against", SEEDS])
    assert result.exit_code == EXIT_OK, result.stderr


def _recipe_check() -> list[str]:
    recipe = block_after("A GitHub Actions job")
    line = next(x for x in recipe.splitlines() if "citeaudit check" in x)
    return shlex.split(line[line.index("citeaudit check"):])


def test_actions_recipe_fails_a_draft_with_a_misquote_and_a_misspelled_name() -> None:
    words = _recipe_check()[1:]
    words = [str(DRAFTS / "misquote.txt") if w == "$drafts" else w for w in words]
    words = [SEEDS if w == "archive/" else w for w in words]
    for draft in ("misquote.txt", "spelling.txt"):
        argv = [str(DRAFTS / draft) if w.endswith("misquote.txt") else w for w in words]
        result = CliRunner().invoke(main, argv)
        assert result.exit_code == EXIT_FINDINGS, (draft, result.output)
        assert result.stdout.startswith("::warning file="), result.stdout


def test_actions_recipe_installs_from_the_repository() -> None:
    recipe = block_after("A GitHub Actions job")
    install = next(x for x in recipe.splitlines() if "pip install" in x)
    assert "git+https://" in install and "@COMMIT" in install
    assert "not on PyPI: install it from its repository, pinned to a commit" in PROSE


def test_pre_commit_example_pins_a_commit_and_names_the_shipped_hook() -> None:
    example = block_after("A pre-commit hook")
    rev = re.search(r"rev: (\S+)", example)
    assert rev is not None and rev.group(1) == "COMMIT"
    assert "`rev` is the full commit id" in PROSE
    tags = subprocess.run(["git", "tag"], capture_output=True, text=True, cwd=ROOT).stdout
    assert not tags.strip() or rev.group(1) in tags.split()
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook_id = re.search(r"id: (\S+)", example)
    assert hook_id is not None and f"- id: {hook_id.group(1)}" in hooks
    entry = re.search(r"entry: (.+)", hooks)
    assert entry is not None
    args = re.search(r"args: \[(.*)\]", example)
    assert args is not None
    extra = [a.strip().replace("archive/", SEEDS) for a in args.group(1).split(",")]
    argv = shlex.split(entry.group(1))[1:] + extra + [str(DRAFTS / "misquote.txt")]
    assert CliRunner().invoke(main, argv).exit_code == EXIT_FINDINGS


def test_completion_line_works() -> None:
    line = block_after("Shell completion")
    var = re.search(r"(_CITEAUDIT_COMPLETE)=(\w+)", line)
    assert var is not None
    exe = Path(sys.executable).parent / "citeaudit"
    if not exe.exists():
        pytest.skip("the citeaudit script is not installed beside this Python")
    out = subprocess.run([str(exe)], env={var.group(1): var.group(2), "PATH": ""},
                         capture_output=True, text=True, timeout=60)
    assert "complete " in out.stdout and "citeaudit" in out.stdout


def test_set_up_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = block_after("Run the audit of the sample articles")
    command = line.split("&&")[-1].split()
    assert command[0].endswith("citeaudit") and command[1:] == ["report", "seeds/"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").symlink_to(SEEDS)
    assert cli.run(command[1:]) == EXIT_OK
    assert (tmp_path / "reports" / "audit.html").is_file()


def test_documented_exit_statuses_are_the_ones_used() -> None:
    documented = {int(n) for n in re.findall(r"`(\d+)` (?:done|a check|usage|an internal|"
                                             r"interrupted)", README)}
    assert documented == {cli.EXIT_OK, cli.EXIT_FINDINGS, cli.EXIT_USAGE, cli.EXIT_SKIPPED,
                          cli.EXIT_INTERNAL, cli.EXIT_INTERRUPTED}


@pytest.mark.parametrize(("timeout", "total"), [(0.1, 60.0), (20.0, 60.0), (45.0, 135.0)])
def test_total_fetch_time_is_the_rule_the_readme_states(timeout: float, total: float) -> None:
    # Issue 19: the whole fetch of one address was bounded but the bound undocumented.
    assert "may take at most the larger of 60 s and three times `--timeout`" in PROSE
    options = build_options({"timeout": timeout}).fetch_options()
    assert options.total_timeout == total and options.read_timeout == timeout
