"""The test processes: a module that must run in one process is one unit of work."""

from pathlib import Path

from tests.scheduling import ONE_PROCESS_MODULES, work_unit

ROOT = Path(__file__).resolve().parent.parent


def test_a_one_process_module_is_one_unit_and_every_other_test_its_own():
    demo = "tests/browser/test_demo.py"
    assert work_unit(f"{demo}::test_a_young_person_logs_in_to_the_demo_portal[phone]") == demo
    assert work_unit(f"{demo}::test_eight_people_read_the_demo_at_once") == demo
    other = "tests/browser/test_moving.py::test_the_consent_forms_moving_choice[320]"
    assert work_unit(other) == other
    # A module whose name only begins like one of them is not one of them.
    assert work_unit(f"{demo}x::test_a") == f"{demo}x::test_a"


def test_every_one_process_module_exists():
    # A renamed module would silently be shared out again.
    assert all((ROOT / module).is_file() for module in ONE_PROCESS_MODULES)
