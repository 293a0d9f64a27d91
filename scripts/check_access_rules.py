#!/usr/bin/env python3
"""Lint: views and API modules never fetch personal-data models directly.

Personal data is read through each app's access helpers (`access_*`) and selectors, which check
rights and write the access log. This check fails when a `views.py` or `api.py`, or a module of
a `views/` or `api/` package, uses `<Model>.objects` or `get_object_or_404(<Model>…)` for a model
listed in PERSONAL_DATA_MODELS.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.personal_data import PERSONAL_DATA_MODELS  # noqa: E402

GUARDED_FILES = {"views.py", "api.py"}
GUARDED_PACKAGES = {"views", "api"}
SKIP_DIRS = {".venv", "node_modules", "var", "migrations", ".git"}


def violations(source: str, filename: str) -> list[str]:
    """Each offending use as 'file:line: message'."""
    tree = ast.parse(source, filename)
    guarded = {name.rsplit(".", 1)[1] for name in PERSONAL_DATA_MODELS}
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in guarded
        ):
            found.append(f"{filename}:{node.lineno}: {node.value.id}.{node.attr} in a view")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in guarded
        ):
            found.append(f"{filename}:{node.lineno}: {node.func.id}({node.args[0].id}) in a view")
    return found


def main() -> int:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        guarded = path.name in GUARDED_FILES or path.parent.name in GUARDED_PACKAGES
        if guarded and not SKIP_DIRS & parts:
            problems += violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    for problem in problems:
        print(f"{problem}: read personal data through an access_* helper or a selector.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
