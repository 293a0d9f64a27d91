"""How pytest-xdist shares the tests out among its processes (`make test`, `-n auto`).

Every test is its own unit of work, so the processes stay busy to the end, except the tests of a
module in `ONE_PROCESS_MODULES`: they share something outside the test database (the demo built
in the checkout by `make demo-portal`) and are sent together to one process.

This replaces `--dist loadgroup` with `pytest.mark.xdist_group`: pytest-xdist 3.8 marks a group by
rewriting a test's `_nodeid`, which pytest 9.2 no longer reads, so a group was shared out like any
other tests and two processes built the demo at once in one checkout.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

ONE_PROCESS_MODULES = frozenset({"tests/browser/test_demo.py"})


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its module if that runs in one process, else itself."""
    module = nodeid.split("::", 1)[0]
    return module if module in ONE_PROCESS_MODULES else nodeid


class OneProcessModules(LoadScopeScheduling):
    """xdist's scheduler by scope, with `work_unit` as the scope."""

    def _split_scope(self, nodeid: str) -> str:
        return work_unit(nodeid)
