"""The load half of `benchmarks/pages.py`: locust, as a library, in its own process (locust
patches the standard library with gevent, so it stays out of the Django process).

    python benchmarks/pages_load.py PLAN.json RESULTS.json

For each endpoint of the plan and each concurrency: a short warm-up at concurrency 1, then
`requests` requests from `concurrency` locust users with no wait between requests, all with the
endpoint's session cookie. No request starts after `seconds` (warm-up and batch each): a slow
endpoint gets fewer requests, and the run stays bounded. Redirects are not followed; a status
other than the expected one counts as an error. Writes p50, p95, max (ms, from every request's
own time), requests per second (requests over the wall time of the batch) and the error count.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser


@dataclass
class _State:
    left: int
    deadline: float
    issued: int = 0
    samples: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def batch(
    base: str, endpoint: dict[str, Any], cookie: str, count: int, users: int, seconds: float
) -> dict[str, Any]:
    state = _State(left=count, deadline=time.perf_counter() + seconds)
    headers = {"Cookie": f"{cookie}={endpoint['session']}"}

    class Reader(FastHttpUser):
        host = base
        wait_time = constant(0)

        def on_start(self) -> None:
            # Only the session cookie of the plan: nothing the server sets is kept.
            self.client.cookiejar.set_policy(DefaultCookiePolicy(allowed_domains=[]))

        @task
        def read(self) -> None:
            if state.left <= 0 or time.perf_counter() > state.deadline:
                raise StopUser()
            state.left -= 1
            state.issued += 1
            with self.client.get(
                endpoint["url"],
                headers=headers,
                allow_redirects=False,
                catch_response=True,
                name=endpoint["name"],
            ) as response:
                if response.status_code != endpoint["status"]:
                    response.failure(f"status {response.status_code}")

    env = Environment(user_classes=[Reader])

    def on_request(response_time: float, exception: Exception | None, **kwargs: Any) -> None:
        state.samples.append(response_time)
        if exception is not None:
            state.errors += 1
            state.first_error = state.first_error or str(exception)

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(users, spawn_rate=users)
    while (state.left > 0 and time.perf_counter() <= state.deadline) or len(
        state.samples
    ) < state.issued:
        gevent.sleep(0.005)
    took = time.perf_counter() - started
    runner.quit()
    samples = sorted(state.samples)
    return {
        "name": endpoint["name"],
        "url": endpoint["url"],
        "concurrency": users,
        "requests": len(samples),
        "p50": round(statistics.median(samples), 1),
        "p95": round(
            statistics.quantiles(samples, n=20, method="inclusive")[18]
            if len(samples) > 1
            else samples[-1],
            1,
        ),
        "max": round(samples[-1], 1),
        "rps": round(len(samples) / took, 1),
        "errors": state.errors,
        "first_error": state.first_error,
    }


def main() -> None:
    with open(sys.argv[1]) as source:
        plan = json.load(source)
    rows = []
    for users in plan["concurrency"]:
        for endpoint in plan["endpoints"]:
            batch(plan["base"], endpoint, plan["cookie"], plan["warmup"], 1, plan["seconds"])
            row = batch(
                plan["base"], endpoint, plan["cookie"], plan["requests"], users, plan["seconds"]
            )
            rows.append(row)
            print(
                f"  c={users} {endpoint['name']:<36.36} p95 {row['p95']:7.1f} ms"
                + (f"  {row['errors']} errors ({row['first_error']})" if row["errors"] else ""),
                flush=True,
            )
    with open(sys.argv[2], "w") as out:
        json.dump(rows, out)


if __name__ == "__main__":
    main()
