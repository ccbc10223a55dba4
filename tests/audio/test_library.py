"""The audio cache: names and URLs, render on demand, damage detection, render-once under load."""
from __future__ import annotations

import json
import multiprocessing
import threading
import time

import pytest

from skill.audio import render
from skill.audio.library import AudioLibrary, UnknownAudio
from skill.audio.timeline import build_timeline

BASE = "https://cdn.example.test/audio"
NAME = "release-1.mp3"   # the shortest session: quick to render for real


def counting(library: AudioLibrary, delay: float = 0.0) -> list[str]:
    """Record every render the library performs (optionally slowed down to widen races)."""
    calls: list[str] = []
    real = library.render_into

    def render_into(name, out):
        calls.append(name)
        time.sleep(delay)
        real(name, out)

    library.render_into = render_into
    return calls


def test_urls_and_names():
    lib = AudioLibrary("/nonexistent", BASE + "/")
    assert lib.url_for("mat", 10) == f"{BASE}/mat-10.mp3"
    assert lib.url_for("release") == f"{BASE}/release-2.mp3"
    assert lib.url_for("mat", 15, without_halfway=True) == f"{BASE}/mat-15-no-halfway.mp3"
    assert lib.cue_url("end_bells") == f"{BASE}/cue-end_bells.mp3"
    with pytest.raises(ValueError):
        lib.url_for("mat", 31)
    with pytest.raises(ValueError):
        lib.url_for("heat", 15, without_halfway=True)       # heat has no halfway cue to leave out
    with pytest.raises(ValueError):
        lib.cue_url("gong")
    with pytest.raises(ValueError):
        AudioLibrary("/nonexistent", "http://insecure.example/audio")


def test_known_names_are_exactly_the_renderable_ones():
    lib = AudioLibrary("/nonexistent", BASE)
    names = set(lib.names())
    assert len(names) == 26 + 30 + 26 + 5 + 7 + 26          # + mat without its halfway cue
    assert {"mat-5.mp3", "mat-30.mp3", "meditation-1.mp3", "release-5.mp3", "cue-inhale.mp3",
            "mat-15-no-halfway.mp3", "mat-30-no-halfway.mp3"} <= names
    for name in ("mat-4.mp3", "mat-31.mp3", "release-6.mp3", "MAT-10.mp3", "mat-10", "../mat-10.mp3",
                 "mat-10.mp3/", "cue-gong.mp3", "", ".meta", None, 10, "heat-15-no-halfway.mp3",
                 "release-2-no-halfway.mp3", "mat-31-no-halfway.mp3", "mat-15-no-halfway"):
        assert not lib.is_known(name)
    with pytest.raises(UnknownAudio):
        lib.path_for("../../etc/passwd")


def test_missing_file_is_rendered_once(tmp_path):
    lib = AudioLibrary(tmp_path, BASE)
    calls = counting(lib)
    path = lib.path_for(NAME)
    assert path == tmp_path / NAME and path.read_bytes() == render.render_timeline(build_timeline("release", 1))
    assert lib.path_for(NAME) == path and calls == [NAME]
    assert AudioLibrary(tmp_path, BASE).path_for(NAME) == path  # another worker trusts the file too
    assert calls == [NAME]
    meta = json.loads((tmp_path / ".meta" / f"{NAME}.json").read_text())
    assert meta["size"] == path.stat().st_size
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_truncated_file_is_rebuilt(tmp_path):
    lib = AudioLibrary(tmp_path, BASE)
    calls = counting(lib)
    good = lib.path_for(NAME).read_bytes()
    with open(tmp_path / NAME, "r+b") as f:
        f.truncate(len(good) // 2)
    assert lib.path_for(NAME).read_bytes() == good
    assert calls == [NAME, NAME]


def test_garbage_of_the_same_size_is_rebuilt(tmp_path):
    good = AudioLibrary(tmp_path, BASE).path_for(NAME).read_bytes()
    (tmp_path / NAME).write_bytes(b"\0" * len(good))
    lib = AudioLibrary(tmp_path, BASE)   # a fresh worker: the sidecar's hash catches it
    calls = counting(lib)
    assert lib.path_for(NAME).read_bytes() == good and calls == [NAME]


def test_file_without_its_record_is_rebuilt(tmp_path):
    lib = AudioLibrary(tmp_path, "https://x.example/a")
    lib.path_for("cue-soft_chime.mp3")
    (tmp_path / ".meta" / "cue-soft_chime.mp3.json").unlink()
    fresh = AudioLibrary(tmp_path, "https://x.example/a")
    calls = counting(fresh)
    fresh.path_for("cue-soft_chime.mp3")
    assert calls == ["cue-soft_chime.mp3"]


def test_failed_render_leaves_nothing_behind(tmp_path):
    lib = AudioLibrary(tmp_path, BASE)

    def broken(name, out):
        out.write(b"partial")
        raise RuntimeError("disk on fire")

    lib.render_into = broken
    with pytest.raises(RuntimeError):
        lib.path_for(NAME)
    assert not (tmp_path / NAME).exists() and not list(tmp_path.glob(".*.tmp"))
    del lib.render_into
    assert lib.path_for(NAME).exists()


def test_stale_temp_files_are_cleaned_up(tmp_path):
    stale = tmp_path / f".{NAME}.crashed.tmp"
    stale.write_bytes(b"half a render")
    AudioLibrary(tmp_path, BASE).path_for(NAME)
    assert not stale.exists()


def test_concurrent_first_requests_render_once(tmp_path):
    lib = AudioLibrary(tmp_path, BASE)
    calls = counting(lib, delay=0.2)
    barrier = threading.Barrier(8)
    results, errors = [], []

    def fetch():
        barrier.wait()
        try:
            results.append(lib.path_for(NAME))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and len(results) == 8 and set(results) == {tmp_path / NAME}
    assert calls == [NAME]


def _worker_fetch(cache_dir, log_path, start_at):
    lib = AudioLibrary(cache_dir, BASE)

    def render_into(name, out):
        with open(log_path, "a") as log:
            log.write(name + "\n")
        time.sleep(0.3)
        out.write(b"fake mp3 " * 100)

    lib.render_into = render_into
    time.sleep(max(0.0, start_at - time.time()))
    lib.path_for(NAME)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_concurrent_workers_render_once(tmp_path):
    """gunicorn workers are processes: the file lock must make them wait for one render."""
    ctx = multiprocessing.get_context("fork")
    log_path = tmp_path / "renders.log"
    start_at = time.time() + 0.5
    workers = [ctx.Process(target=_worker_fetch, args=(tmp_path / "cache", log_path, start_at)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert log_path.read_text().splitlines() == [NAME]


def test_render_all_writes_every_name(tmp_path):
    lib = AudioLibrary(tmp_path / "cache", BASE)
    subset = ["release-1.mp3", "cue-start_bell.mp3", "cue-exhale.mp3"]
    lib.names = lambda: subset
    out = tmp_path / "cdn"
    paths = lib.render_all(out, workers=2)
    assert paths == [out / n for n in subset]
    assert all(p.stat().st_size > 0 for p in paths)
    assert not (tmp_path / "cache").exists()   # rendered straight into out, not twice
