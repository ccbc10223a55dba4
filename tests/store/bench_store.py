"""Per-request cost of the store: load + unchanged save, and load + one change + one append.

    python -m tests.store.bench_store [DATABASE_URL] [--threads 16] [--history 30]

Not a test (pytest does not collect it); the numbers in the store's report come from here.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY, open_store

from .helpers import envelope


def _percentiles(samples):
    samples = sorted(samples)
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] * 1000  # noqa: E731
    return f"mean {statistics.fmean(samples) * 1000:.3f} ms  p50 {pick(0.5):.3f}  p99 {pick(0.99):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--history", type=int, default=30)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    store = open_store(Settings(database_url=url))
    users = [EnvelopeFactory() for _ in range(args.threads)]
    now = datetime.now(timezone.utc)
    for factory in users:                                  # each user: a few preferences + history
        request = envelope(factory)
        attrs = store.adapter.get_attributes(request)
        attrs.update(voice={"pace": "slow"}, favourite="mat", reminders=True, last_area="lower_back")
        attrs[HISTORY] += [{"type": "mat", "minutes": 10,
                            "finished_at": (now - timedelta(hours=i)).isoformat()}
                           for i in range(args.history)]
        store.adapter.save_attributes(request, attrs)
    requests = [envelope(f) for f in users]

    def unchanged(request):
        store.adapter.save_attributes(request, store.adapter.get_attributes(request))

    def changed(request):
        attrs = store.adapter.get_attributes(request)
        attrs["favourite"] = "walk" if attrs["favourite"] == "mat" else "mat"
        attrs[HISTORY].append({"type": "mat", "minutes": 1,
                               "finished_at": datetime.now(timezone.utc).isoformat()})
        store.adapter.save_attributes(request, attrs)

    print(f"{store.backend}, history {args.history} entries")
    for name, work in (("load + unchanged save", unchanged), ("load + change + append", changed)):
        samples = []
        for i in range(args.requests):
            t = time.perf_counter()
            work(requests[i % len(requests)])
            samples.append(time.perf_counter() - t)
        print(f"  1 thread,  {name:24s} {_percentiles(samples)}")

        samples, lock = [], threading.Lock()

        def run(request):
            mine = []
            for _ in range(args.requests // args.threads):
                t = time.perf_counter()
                work(request)
                mine.append(time.perf_counter() - t)
            with lock:
                samples.extend(mine)

        threads = [threading.Thread(target=run, args=(r,)) for r in requests]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"  {args.threads} threads, {name:24s} {_percentiles(samples)}")
    store.close()


if __name__ == "__main__":
    main()
