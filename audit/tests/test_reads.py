"""Whether an access check records a read (`audit.reads`): the request's method decides, and
outside a request (commands, jobs) every look-up is a read."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse

from audit.reads import RequestReadsMiddleware, reads_recorded


def test_outside_a_request_an_access_check_records_a_read():
    assert reads_recorded() is True
    assert reads_recorded(False) is False


@pytest.mark.parametrize(
    ("method", "reads"), [("GET", True), ("HEAD", True), ("POST", False), ("PATCH", False)]
)
def test_a_request_reads_by_its_method_and_the_default_comes_back_after_it(rf, method, reads):
    seen: list[bool] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(reads_recorded())
        seen.append(reads_recorded(True))
        return HttpResponse()

    RequestReadsMiddleware(view)(rf.generic(method, "/"))
    assert seen == [reads, True]
    assert reads_recorded() is True
