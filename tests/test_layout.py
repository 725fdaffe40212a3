"""The package's layout rules, checked on the source so they cannot quietly
come back: modules of a readable size, classes of a readable size, and no
module reaching into another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from paths import ROOT

PACKAGE = ROOT / "audit"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 1000
MAX_CLASS_LINES = 500
# A module or class over its limit says why at its top, in a docstring line
# that starts with this.
REASON = "Why this size:"


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_readable_size(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    doc = ast.get_docstring(_tree(path)) or ""
    assert lines <= MAX_MODULE_LINES or REASON in doc, (
        f"{_name(path)} has {lines} lines; split it or say why in its docstring"
    )


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_classes_are_readable_size(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
            size = node.end_lineno - node.lineno + 1
            doc = ast.get_docstring(node) or ""
            assert size <= MAX_CLASS_LINES or REASON in doc, (
                f"class {node.name} in {_name(path)} has {size} lines"
            )


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_private_name_crosses_modules(path: Path) -> None:
    tree = _tree(path)
    modules: set[str] = set()  # local names bound to modules of the package
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "") == "audit"
                                                 or (node.module or "").startswith("audit.")):
            for alias in node.names:
                if _private(alias.name) and alias.name != "_version":
                    found.append(f"line {node.lineno}: imports {alias.name}")
                target = f"{node.module}.{alias.name}" if node.module else alias.name
                if _is_module(path, node.level, target):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("audit"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr)
                and isinstance(node.value, ast.Name) and node.value.id in modules):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    assert found == [], f"{_name(path)} uses other modules' private names: {found}"


def _is_module(path: Path, level: int, dotted: str) -> bool:
    """Does ``from <level dots><dotted>`` name a module or package of audit/?"""
    base = path.parent
    for _ in range(max(level - 1, 0)):
        base = base.parent
    if not level:
        base = ROOT
    target = base.joinpath(*dotted.split("."))
    return target.with_suffix(".py").is_file() or (target / "__init__.py").is_file()
