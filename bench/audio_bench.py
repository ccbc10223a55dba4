"""Audio benchmark: render time of a 30-minute session, first-byte latency of a cached file over
HTTP (Flask test client and a real loopback server), and MP3 size per minute.

    python -m bench.audio_bench [--requests N]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from skill.audio.library import AudioLibrary
from skill.audio.routes import register_audio_routes
from skill.audio.timeline import build_timeline


def _summary(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    median = statistics.median(ordered)
    return f"median {median:.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms (n={len(ordered)})"


def _first_byte_test_client(app: Flask, path: str, n: int) -> list[float]:
    client = app.test_client()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(path, buffered=False)
        next(iter(response.response))
        times.append((time.perf_counter() - t0) * 1000)
        response.close()
    return times


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args) -> None:  # one line per request would drown the numbers
        pass


def _first_byte_loopback(app: Flask, path: str, n: int) -> list[float]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}{path}"
    times = []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read(1)
                times.append((time.perf_counter() - t0) * 1000)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per latency loop (max 2000)")
    args = parser.parse_args(argv)
    n = max(1, min(args.requests, 2000))
    timeline = build_timeline("mat", 30)
    with tempfile.TemporaryDirectory(prefix="audio-bench-") as tmp:
        library = AudioLibrary(Path(tmp), "https://localhost/audio")
        t0, cpu0 = time.perf_counter(), time.process_time()
        entry = library.ensure(timeline.audio_name)
        render_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        minutes = timeline.total_seconds / 60
        print(f"render {timeline.audio_name} ({timeline.total_seconds:.0f} s of audio, fresh cache): "
              f"{render_s:.2f} s wall, {cpu_s:.2f} s CPU (wall is higher on a busy machine)")
        print(f"MP3 size: {entry.size / 1e6:.2f} MB, {entry.size / minutes / 1000:.1f} kB per minute")
        app = Flask(__name__)
        register_audio_routes(app, library)
        path = f"/audio/{timeline.audio_name}"
        print(f"cached first byte, Flask test client: {_summary(_first_byte_test_client(app, path, n))}")
        print(f"cached first byte, loopback HTTP:     {_summary(_first_byte_loopback(app, path, n))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
