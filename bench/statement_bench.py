"""CPU per PostgreSQL statement, on the skill's side and the server's: what a round trip costs.

    python -m bench statements [--count 4000]

With PostgreSQL on the same host, every statement a request sends costs CPU twice: in the skill's
thread (psycopg, the system calls of the round trip) and in the server's processes. This runs each
kind of statement a request sends, `--count` times in a row on one warm connection of the store's
request pool, against the webhook benchmark's database (SKILL_BENCH_POSTGRES_URL, emptied first),
and prints both: the skill's thread CPU and the CPU of every PostgreSQL process on this host. Run
it on an otherwise idle host; a `SELECT 1` gives the floor of a round trip.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import Callable, Optional, Sequence

from bench import webhook_bench as web


def _measure(name: str, count: int, statement: Callable[[int], object]) -> None:
    for i in range(min(count, 200)):          # warm: psycopg prepares a statement on its 5th use
        statement(i)
    server_before, client_before = web.postgres_cpu_seconds(), time.thread_time()
    for i in range(count):
        statement(i)
    client = (time.thread_time() - client_before) / count * 1e6
    server = (web.postgres_cpu_seconds() - server_before) / count * 1e6
    print(f"  {name:52} {client:8.0f} µs {server:12.0f} µs")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench statements",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=4000, help="statements of each kind")
    args = parser.parse_args(argv)
    count = min(max(args.count, 100), 100_000)

    from skill.config import Settings
    from skill.simulator.envelopes import EnvelopeFactory
    from skill.store import open_store
    from tests.store.helpers import envelope

    url, skip_reason = web.prepare_postgres(os.environ.get(web.POSTGRES_ENV) or web.DEFAULT_POSTGRES_URL)
    if url is None:
        print(f"PostgreSQL needed: {skip_reason}")
        return 2
    store = open_store(Settings(database_url=url))
    try:
        adapter = store.adapter
        request = envelope(EnvelopeFactory(device="speaker"))
        memory = adapter.get_attributes(request)          # someone with a little memory
        memory["preferences"] = {"mat": 15, "meditation": 5}
        memory["last"] = {"condition": "lower_back_spasm"}
        adapter.save_attributes(request, memory)

        def select_one(i: int) -> None:
            cursor = store.connections.acquire()
            try:
                cursor.execute("SELECT %s::int", (i,), prepare=True).fetchall()
            finally:
                store.connections.release(cursor)

        def load_and_save(i: int) -> None:
            attributes = adapter.get_attributes(request)
            attributes["preferences"] = {"mat": 10 + i % 20, "meditation": 5}
            adapter.save_attributes(request, attributes)

        print(f"CPU per statement, {count} of each on one connection (skill's thread, "
              f"PostgreSQL's processes):")
        print(f"  {'':52} {'skill':>11} {'PostgreSQL':>15}")
        _measure("SELECT 1, prepared (the floor of a round trip)", count, select_one)
        _measure("a person's memory, read only", count, lambda i: adapter.get_attributes(request))
        _measure("a remedy's load storing \"last\", unchanged", count, lambda i: adapter.get_attributes_noting(
            request, {"last": {"condition": "lower_back_spasm"}}))
        _measure("a remedy's load storing \"last\", changed", count, lambda i: adapter.get_attributes_noting(
            request, {"last": {"condition": f"condition {i}"}}))
        _measure("a load, then a save (two statements)", count, load_and_save)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
