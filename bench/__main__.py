"""`python -m bench <name> [options]`: run one benchmark (`make benchmark ARGS="webhook"`).

    webhook   requests/s and latency of POST /alexa under gunicorn vs bare Flask (bench/webhook_bench.py)
    audio     audio rendering and first-byte latency (bench/audio_bench.py)
    instructions  instructions per request, counted by valgrind: steady on a shared host
                  (bench/instructions_bench.py)
    statements    CPU per PostgreSQL statement, the skill's and the server's (bench/statement_bench.py)
"""
from __future__ import annotations

import runpy
import sys

BENCHMARKS = {"webhook": "bench.webhook_bench", "audio": "bench.audio_bench",
              "instructions": "bench.instructions_bench", "statements": "bench.statement_bench"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    name, rest = argv[0], argv[1:]
    if name == "webhook":
        from bench import webhook_bench
        return webhook_bench.main(rest)
    if name == "instructions":
        from bench import instructions_bench
        return instructions_bench.main(rest)
    if name == "statements":
        from bench import statement_bench
        return statement_bench.main(rest)
    # Other benchmarks are plain scripts with their own argument parsing: run them as __main__.
    sys.argv = [f"python -m {BENCHMARKS[name]}", *rest]
    try:
        runpy.run_module(BENCHMARKS[name], run_name="__main__", alter_sys=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
