"""How production serving (gunicorn.conf.py, skill/serving.py) spreads requests over its workers.

A worker whose threads are all busy must not take new connections while another worker is free: a
quick request would wait behind a slow one. And when every worker stays busy, a new connection must
still be taken soon, not once the others stop.
"""
from __future__ import annotations

import http.client
import time
from concurrent.futures import ThreadPoolExecutor

from tests.support.gunicorn_process import gunicorn, request

PID_APP = "tests.support.pid_app:app"


def _served_by_both_workers(port: int) -> set:
    """Pids of the two workers, once both are up (two slow requests at once need both)."""
    deadline = time.monotonic() + 30
    pids: set = set()
    with ThreadPoolExecutor(2) as pool:
        while len(pids) < 2:
            assert time.monotonic() < deadline, f"only {pids} answered"
            answers = pool.map(lambda _: request(port, "/slow?seconds=0.3", method="GET"), range(2))
            pids |= {int(body) for status, body in answers if status == 200}
    return pids


def test_a_quick_request_never_waits_behind_a_slow_one_while_another_worker_is_free(tmp_path):
    env = {"SKILL_WORKERS": "2", "SKILL_THREADS": "1"}
    with gunicorn(PID_APP, env, tmp_path / "gunicorn.log", ready_path="/") as port:
        workers = _served_by_both_workers(port)

        slow = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        slow.request("GET", "/slow?seconds=3")
        time.sleep(0.3)                          # taken by one worker, whose only thread now waits

        quick = []
        for _ in range(8):                       # each on a new connection, as a new client would
            started = time.monotonic()
            status, body = request(port, "/", method="GET", timeout=10)
            quick.append((status, int(body), time.monotonic() - started))
        slow_response = slow.getresponse()
        slow_pid = int(slow_response.read())
        slow.close()

    assert slow_response.status == 200 and slow_pid in workers
    assert all(status == 200 for status, _, _ in quick)
    assert {pid for _, pid, _ in quick} == workers - {slow_pid}, quick
    assert max(seconds for _, _, seconds in quick) < 1.0, quick


def test_a_new_connection_is_served_while_every_worker_stays_busy(tmp_path):
    """Keep-alive clients keep every thread of both workers busy without a pause; a new client
    must still be answered soon, not only once the others stop."""
    env = {"SKILL_WORKERS": "2", "SKILL_THREADS": "1"}
    with gunicorn(PID_APP, env, tmp_path / "gunicorn.log", ready_path="/") as port:
        _served_by_both_workers(port)
        busy_until = time.monotonic() + 4.0

        def keep_busy(_):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            served = 0
            while time.monotonic() < busy_until:
                connection.request("GET", "/slow?seconds=0.05")
                served += connection.getresponse().read() != b""
            connection.close()
            return served

        with ThreadPoolExecutor(4) as pool:
            loops = pool.map(keep_busy, range(4))      # two connections per worker, one thread each
            time.sleep(1.0)
            started = time.monotonic()
            status, _ = request(port, "/", method="GET", timeout=10)
            waited = time.monotonic() - started
            still_busy = time.monotonic() < busy_until
            assert all(served > 0 for served in loops)

    assert status == 200 and still_busy
    assert waited < 1.0, f"a new connection waited {waited:.2f} s behind kept-alive ones"
