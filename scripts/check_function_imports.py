#!/usr/bin/env python3
"""Lint: no import inside a function reaches into another app.

An import inside a function hides a dependency from the top of the module, and it is the usual
way to dodge an import loop between two apps – the loop is still there, only later. The layers
(docs/architecture.md, checked by `lint-imports`) say which way apps may import; an app that
needs something from an app above it needs another design, not a hidden import.

The apps are the root packages of `[tool.importlinter]` in pyproject.toml; tests and migrations
are not checked. `scripts/function_imports_allowed.txt` lists the few such imports that stay for
now, one a line with its reason; an entry that matches no import fails the check too, so the
list only shrinks.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_FILE = Path("scripts") / "function_imports_allowed.txt"
SKIP_DIRS = {"tests", "migrations", "__pycache__"}


@dataclass(frozen=True)
class FunctionImport:
    path: str  # relative to the project, with forward slashes
    line: int
    module: str


def apps_of(root: Path) -> list[str]:
    """The project's apps: the root packages import-linter checks, less the test helpers."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return [name for name in config["tool"]["importlinter"]["root_packages"] if name != "tests"]


def function_imports(source: str, path: str, apps: list[str]) -> list[FunctionImport]:
    """Imports of another app's modules made inside a function (or method) of `path`."""
    own_app = path.split("/", 1)[0]
    found: list[FunctionImport] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.Import):
                    modules = [alias.name for alias in child.names]
                else:
                    # A relative import stays inside its own package.
                    modules = [child.module] if child.level == 0 and child.module else []
                for module in modules:
                    app = module.split(".", 1)[0]
                    if app in apps and app != own_app:
                        found.append(FunctionImport(path, child.lineno, module))
            visit(child, inside)

    visit(ast.parse(source, path), in_function=False)
    return found


def allowed_entries(root: Path) -> tuple[dict[tuple[str, str], str], list[str]]:
    """The allow-list as {(path, module): reason}, and the problems with the file itself."""
    entries: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    allowed = root / ALLOWED_FILE
    if not allowed.exists():
        return entries, problems
    for number, raw in enumerate(allowed.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 3 or not parts[2].strip():
            problems.append(f"{ALLOWED_FILE}:{number}: write it as: <file> <module> <reason>")
            continue
        entries[(parts[0], parts[1])] = parts[2].strip()
    return entries, problems


def check(root: Path) -> list[str]:
    """Every problem as a line of text; none when the tree keeps the rule."""
    apps = apps_of(root)
    allowed, problems = allowed_entries(root)
    used: set[tuple[str, str]] = set()
    for app in apps:
        for file in sorted((root / app).rglob("*.py")):
            relative = file.relative_to(root)
            if SKIP_DIRS & set(relative.parts):
                continue
            path = relative.as_posix()
            for found in function_imports(file.read_text(encoding="utf-8"), path, apps):
                key = (found.path, found.module)
                if key in allowed:
                    used.add(key)
                    continue
                problems.append(
                    f"{found.path}:{found.line}: imports {found.module} inside a function: import "
                    "it at the top if the layers allow it, else change the design "
                    "(docs/architecture.md)."
                )
    for path, module in sorted(set(allowed) - used):
        problems.append(
            f"{ALLOWED_FILE}: {path} no longer imports {module} inside a function; "
            "remove the entry."
        )
    return problems


def main(root: Path = ROOT) -> int:
    problems = check(root)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
