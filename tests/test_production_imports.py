"""Production code never imports test code: nothing outside the test folders imports a `tests`
package (the portal's local provider lives in `portal/devprovider.py` for that reason)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "node_modules", "var", "tests", "migrations", ".git"}


def _production_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
        and path.name != "conftest.py"
        and not path.name.startswith("test_")
    ]


def _imported(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            # Relative imports: `from .tests import x`, `from . import tests`.
            names += [node.module or "", *(alias.name for alias in node.names)]
    return names


def _test_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [name for name in _imported(tree) if "tests" in name.split(".")]


def test_production_code_imports_no_test_code():
    modules = _production_modules()
    assert ROOT / "portal" / "management" / "commands" / "portal_mock_provider.py" in modules
    found = {
        str(path.relative_to(ROOT)): names for path in modules if (names := _test_imports(path))
    }
    assert found == {}


def test_the_check_sees_an_import_from_tests(tmp_path):
    module = tmp_path / "command.py"
    module.write_text(
        "from portal.tests.provider import provider_running\nfrom . import tests\n",
        encoding="utf-8",
    )
    assert _test_imports(module) == ["portal.tests.provider", "tests"]
