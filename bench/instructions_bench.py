"""Instructions per request: the skill's own work, counted by valgrind (callgrind), not timed.

    python -m bench instructions [--requests 500] [--no-postgres]

On a shared host, seconds move with the neighbours (the webhook benchmark's bare Flask floor has
moved by half within minutes); instruction counts do not: the same code and requests give the same
count whatever else runs. This counts the instructions AlexaWebhook.handle executes in this process
for a request of the webhook benchmark's mix (verification, the skill, the store's client side),
as served and with verification or the database left out, on SQLite and on PostgreSQL. It does
not count the kernel (system calls, loopback TCP) or a PostgreSQL server's own work.

Each figure is two runs under callgrind that differ only in how many requests they handle after a
warm-up: (count with N) - (count with 0), divided by N. The requests are signed and the database
seeded outside valgrind, just before each run, since signatures are only good for 150 s.
Needs valgrind on PATH.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence

from bench import webhook_bench as web
from bench.apps import CERT_URL, verifier_for_test_ca

WARMUP = 300
VARIANTS = ("as served", "no verification", "no database")


def _database_url(work: Path, postgres_url: Optional[str]) -> str:
    return postgres_url or f"sqlite:///{work / 'memory.sqlite3'}"


def _prepare(work: Path, postgres_url: Optional[str], requests: int) -> None:
    """A fresh database seeded with sessions, a test CA on disk, and the mix signed by it."""
    from bench.apps import save_test_ca
    from tests.support.alexa_ca import AlexaTestCA

    ca = AlexaTestCA()
    save_test_ca(ca, work / "ca")
    if postgres_url:
        web.prepare_postgres(postgres_url)
    else:
        for old in work.glob("memory.sqlite3*"):
            old.unlink()
    webhook, store = web._webhook(work, ca, "as served", _database_url(work, postgres_url))
    args = argparse.Namespace(profile=WARMUP + requests, users=512)
    kinds, prepared = web._prepared(args, ca, lambda body, headers: json.loads(
        webhook.handle(body, headers).body))
    store.close()
    (work / "requests.pkl").write_bytes(pickle.dumps(prepared))


class _CaOnDisk:
    """What web._webhook needs of a test CA, from the files _prepare wrote."""

    def __init__(self, directory: Path):
        self.directory = directory

    def make_verifier(self, url: str):
        assert url == CERT_URL          # the only URL the benchmark's requests name
        return verifier_for_test_ca(self.directory)


def handle(work: Path, variant: str, postgres_url: Optional[str], count: int) -> int:
    """The process valgrind watches: a warm-up, then `count` requests. Returns how many failed."""
    prepared = pickle.loads((work / "requests.pkl").read_bytes())
    webhook, store = web._webhook(work, _CaOnDisk(work / "ca"), variant,
                                  _database_url(work, postgres_url))
    for headers, body in prepared[:WARMUP]:
        webhook.handle(body, headers)
    failed = sum(webhook.handle(body, headers).status != 200
                 for headers, body in prepared[WARMUP:WARMUP + count])
    store.close()
    return failed


def _instructions(work: Path, variant: str, postgres_url: Optional[str], count: int) -> int:
    _prepare(work, postgres_url, count)
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, "-m", "bench.instructions_bench", "--handle", str(count),
               "--variant", variant, "--work", str(work)]
    if postgres_url:
        command += ["--postgres-url", postgres_url]
    done = subprocess.run(command, capture_output=True, text=True, cwd=web.PROJECT_DIR)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"valgrind run failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return int(found.group(1))


def per_request(variant: str, postgres_url: Optional[str], requests: int) -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-instructions-"))
    try:
        return (_instructions(work, variant, postgres_url, requests)
                - _instructions(work, variant, postgres_url, 0)) // requests
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench instructions",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="requests counted per figure")
    parser.add_argument("--no-postgres", dest="postgres", action="store_false")
    parser.add_argument("--handle", type=int, help=argparse.SUPPRESS)      # inside valgrind
    parser.add_argument("--variant", default="as served", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--postgres-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.handle is not None:
        return 1 if handle(Path(args.work), args.variant, args.postgres_url, args.handle) else 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    web._log_to_file(Path(tempfile.mkdtemp(prefix="bench-instructions-log-")))
    databases: List[tuple] = [("SQLite", None)]
    if args.postgres:
        url, reason = web.prepare_postgres(os.environ.get(web.POSTGRES_ENV) or web.DEFAULT_POSTGRES_URL)
        databases.append(("PostgreSQL", url) if url else ("PostgreSQL", reason))
    print(f"instructions per request in AlexaWebhook.handle (callgrind), {args.requests} requests "
          f"of the webhook benchmark's mix after {WARMUP} of warm-up:")
    for database, url in databases:
        if url is not None and not url.startswith("postgres"):
            print(f"  {database}: skipped ({url})")
            continue
        counts = {variant: per_request(variant, url, args.requests) for variant in VARIANTS}
        served = counts["as served"]
        parts = ", ".join(f"{variant} {count / 1000:,.0f}k ({(count - served) / 1000:+,.0f}k)"
                          for variant, count in counts.items() if variant != "as served")
        print(f"  {database:10} as served {served / 1000:,.0f}k; {parts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
