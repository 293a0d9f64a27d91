"""The layered app graph (docs/architecture.md): `lint-imports` and the function-import check pass
on the tree and fail on a deliberately introduced upward import."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _root_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["root_packages"]


def _tree_with_probes(tmp_path: Path, probes: dict[str, str]) -> Path:
    """A copy of the project made of links to it, but for `probes`: {package: source} adds a
    module `_probe.py` to each package, holding the source."""
    (tmp_path / "pyproject.toml").symlink_to(ROOT / "pyproject.toml")
    for package in _root_packages():
        if package not in probes:
            (tmp_path / package).symlink_to(ROOT / package, target_is_directory=True)
            continue
        (tmp_path / package).mkdir()
        for entry in (ROOT / package).iterdir():
            if entry.name != "__pycache__":
                (tmp_path / package / entry.name).symlink_to(entry)
        (tmp_path / package / "_probe.py").write_text(probes[package], encoding="utf-8")
    return tmp_path


def test_the_tree_keeps_every_import_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_upward_imports_break_the_import_contracts(tmp_path):
    tree = _tree_with_probes(
        tmp_path,
        {
            "units": "from teams.models import Team\n",  # the bottom reaching a domain app
            "children": "def seed():\n    from laget import selectors\n",  # a domain app, the top
            "core": "from people.models import User\n",  # core reaching an app
            "people": "from tests.factories import UserFactory\n",  # production importing tests
        },
    )
    result = _lint_imports(tree)
    output = " ".join(result.stdout.split())
    assert result.returncode == 1, output
    assert "Contracts: 0 kept, 3 broken." in output
    assert "units is not allowed to import teams: - units._probe -> teams.models" in output
    assert "children is not allowed to import laget: - children._probe -> laget" in output
    assert "core is not allowed to import people: - core._probe -> people.models" in output
    assert "people._probe -> tests.factories" in output


def test_an_upward_import_between_domain_apps_breaks_the_layers(tmp_path):
    """The domain apps stand in an order (docs/architecture.md): children below teams, the team
    log below concerns, consents below concerns, teams below plans."""
    tree = _tree_with_probes(
        tmp_path,
        {
            "children": "from teams.models import Team\n",
            "teamlog": "from concerns.models import Concern\n",
            "consents": "from concerns.selectors import concerns_visible\n",
            "teams": "from plans.selectors import plan_page\n",
        },
    )
    result = _lint_imports(tree)
    output = " ".join(result.stdout.split())
    assert result.returncode == 1, output
    assert "Contracts: 2 kept, 1 broken." in output
    assert "children is not allowed to import teams: - children._probe -> teams.models" in output
    assert (
        "teamlog is not allowed to import concerns: - teamlog._probe -> concerns.models" in output
    )
    assert "consents is not allowed to import concerns" in output
    assert "teams is not allowed to import plans: - teams._probe -> plans.selectors" in output


# --- the function-import check -------------------------------------------------------------------


@pytest.fixture(scope="module")
def function_imports():
    spec = importlib.util.spec_from_file_location(
        "check_function_imports", ROOT / "scripts" / "check_function_imports.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def _project(root: Path, files: dict[str, str], allowed: str = "") -> Path:
    (root / "pyproject.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["alpha", "beta", "tests"]\n', encoding="utf-8"
    )
    for name, source in {"alpha/__init__.py": "", "beta/__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, encoding="utf-8")
    (root / "scripts").mkdir()
    (root / "scripts" / "function_imports_allowed.txt").write_text(allowed, encoding="utf-8")
    return root


DODGE = "import os\n\n\ndef seed():\n    from beta.models import Thing\n    return Thing\n"


def test_the_tree_keeps_the_function_import_rule(function_imports, capsys):
    assert function_imports.main(ROOT) == 0, capsys.readouterr().out


def test_an_import_of_another_app_inside_a_function_fails(function_imports, tmp_path):
    root = _project(tmp_path, {"alpha/services.py": DODGE})
    problems = function_imports.check(root)
    assert len(problems) == 1
    assert problems[0].startswith("alpha/services.py:5: imports beta.models inside a function")
    assert function_imports.main(root) == 1


def test_methods_and_nested_functions_are_checked_too(function_imports, tmp_path):
    source = "class Job:\n    def run(self):\n        def inner():\n            import beta.jobs\n"
    root = _project(tmp_path, {"alpha/jobs.py": source})
    assert [p.split(":")[:2] for p in function_imports.check(root)] == [["alpha/jobs.py", "4"]]


def test_own_app_module_level_tests_and_relative_imports_pass(function_imports, tmp_path):
    root = _project(
        tmp_path,
        {
            "alpha/models.py": "from beta.models import Thing\n",  # at the top: the layers judge
            "alpha/apps.py": "def ready():\n    from alpha import jobs\n    from . import tasks\n",
            "alpha/tests/test_x.py": DODGE,
            "alpha/migrations/0001_initial.py": DODGE,
        },
    )
    assert function_imports.check(root) == []


def test_an_allowed_import_passes_and_a_stale_entry_fails(function_imports, tmp_path):
    allowed = "# comment\nalpha/services.py beta.models  waiting for the second pass\n"
    root = _project(tmp_path, {"alpha/services.py": DODGE}, allowed)
    assert function_imports.check(root) == []

    (root / "alpha" / "services.py").write_text("import os\n", encoding="utf-8")
    problems = function_imports.check(root)
    assert problems == [
        "scripts/function_imports_allowed.txt: alpha/services.py no longer imports beta.models "
        "inside a function; remove the entry."
    ]


def test_an_entry_without_a_reason_fails(function_imports, tmp_path):
    root = _project(tmp_path, {"alpha/services.py": DODGE}, "alpha/services.py beta.models\n")
    problems = function_imports.check(root)
    assert problems[0] == (
        "scripts/function_imports_allowed.txt:1: write it as: <file> <module> <reason>"
    )
    assert len(problems) == 2  # and the import itself is not allowed
