"""Rendered audio on disk: every servable name, rendered once on first use, checked on every use.

Several gunicorn workers share one cache directory, so a first render is guarded by a per-name
thread lock (within a worker) and an fcntl lock file (across workers). A file only counts once its
sidecar (`.meta/<name>.json`: render version, size, sha256) agrees with it; the MP3 and then the
sidecar are each written to a temp file and moved into place with os.replace, so a reader never sees
half a file and a crash mid-render leaves nothing that passes the check.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

try:
    import fcntl
except ImportError:  # not POSIX: only the in-process lock applies
    fcntl = None

from .sounds import CUE_SOUNDS, SOUNDS
from .timeline import audio_name, build_timeline, cue_clip_name, load_session_types

log = logging.getLogger(__name__)

# Bump whenever synthesis or rendering changes: every cached file then fails its check and is rebuilt.
RENDER_VERSION = 1


class UnknownAudio(LookupError):
    """The name is not one the library can produce."""


@dataclass(frozen=True)
class CachedAudio:
    name: str
    path: Path
    size: int
    sha256: str

    @property
    def etag(self) -> str:
        """Content-based, so every instance and the CDN agree."""
        return self.sha256[:32]


class _HashingWriter:
    def __init__(self, out: BinaryIO):
        self.out, self.size, self.digest = out, 0, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.out.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file that appears at `path` whole or not at all: a temp file, fsynced, then renamed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_atomically(path: Path, data: bytes) -> None:
    with _atomic_file(path) as f:
        f.write(data)


class AudioLibrary:
    def __init__(self, cache_dir: Path, media_base_url: str):
        if not media_base_url.startswith("https://"):
            raise ValueError(f"Alexa only plays audio over HTTPS, not {media_base_url!r}")
        self.cache_dir = Path(cache_dir)
        self.media_base_url = media_base_url.rstrip("/")
        self._sources: dict[str, tuple[str, object]] = {}
        for kind, spec in load_session_types().items():
            for minutes in spec.allowed_minutes:
                for without_halfway in (False, True) if spec.has_halfway else (False,):
                    name = audio_name(kind, minutes, without_halfway)
                    self._sources[name] = ("session", (kind, minutes, without_halfway))
        for sound in CUE_SOUNDS:
            self._sources[cue_clip_name(sound)] = ("cue", sound)
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._verified: dict[str, tuple[tuple[int, int, int], CachedAudio]] = {}

    # Names and URLs: pure, cheap, safe in the webhook's hot path (nothing is rendered here).
    def names(self) -> list[str]:
        return list(self._sources)

    def is_known(self, name: object) -> bool:
        return isinstance(name, str) and name in self._sources

    def url_for(self, session_type: str, minutes: Optional[int] = None, *,
                without_halfway: bool = False) -> str:
        """HTTPS URL of a session's audio; ValueError for an unknown type, out-of-range minutes, or
        a halfway cue to leave out that the type does not have."""
        timeline = build_timeline(session_type, minutes, without_halfway=without_halfway)
        return f"{self.media_base_url}/{timeline.audio_name}"

    def cue_url(self, sound: str) -> str:
        if sound not in SOUNDS:
            raise ValueError(f"unknown cue sound {sound!r}")
        return f"{self.media_base_url}/{cue_clip_name(sound)}"

    # Files.
    def path_for(self, name: str) -> Path:
        """The valid file for `name`, rendered now if missing or damaged. UnknownAudio if not servable."""
        return self.ensure(name).path

    def ensure(self, name: str) -> CachedAudio:
        """Like path_for, with the size and hash the HTTP route needs for its headers."""
        if not self.is_known(name):
            raise UnknownAudio(name)
        found = self._check(name)
        if found is not None:
            return found
        with self._thread_lock(name), self._file_lock(name):
            found = self._check(name)  # another thread or worker may have rendered it meanwhile
            return found if found is not None else self._build(name)

    def render_into(self, name: str, out: BinaryIO) -> None:
        """Write the MP3 for `name` (the single place rendering happens; tests count calls here)."""
        from . import render  # the encoder loads on the first render, not at start-up
        kind, arg = self._sources[name]
        if kind == "session":
            session_type, minutes, without_halfway = arg
            timeline = build_timeline(session_type, minutes, without_halfway=without_halfway)
            render.write_timeline(timeline, out)
        else:
            out.write(render.render_cue_clip(arg))

    def render_all(self, out_dir: Path, workers: Optional[int] = None) -> list[Path]:
        """Every session length of every type (with and without a halfway cue) plus the cue clips,
        in out_dir (e.g. for a CDN).

        Valid files already there are kept; lameenc releases the GIL, so threads render in parallel.
        """
        out_dir = Path(out_dir)
        same = out_dir.resolve() == self.cache_dir.resolve()
        target = self if same else AudioLibrary(out_dir, self.media_base_url)
        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            return [entry.path for entry in pool.map(target.ensure, self.names())]

    # Internals.
    def _meta_path(self, name: str) -> Path:
        return self.cache_dir / ".meta" / f"{name}.json"

    def _check(self, name: str) -> Optional[CachedAudio]:
        """The cached file if it matches its sidecar; hashes a file once per process per change."""
        path = self.cache_dir / name
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        key = (st.st_ino, st.st_size, st.st_mtime_ns)
        memo = self._verified.get(name)
        if memo is not None and memo[0] == key:
            return memo[1]
        try:
            meta = json.loads(self._meta_path(name).read_text(encoding="utf-8"))
            ok = meta["version"] == RENDER_VERSION and meta["size"] == st.st_size
            ok = ok and _sha256_of(path) == meta["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            return None
        entry = CachedAudio(name, path, st.st_size, meta["sha256"])
        self._verified[name] = (key, entry)
        return entry

    def _build(self, name: str) -> CachedAudio:
        path = self.cache_dir / name
        if path.exists():
            log.warning("audio cache: %s is damaged or has no valid record; rebuilding it", name)
        self._meta_path(name).unlink(missing_ok=True)
        if fcntl is not None:  # only when the file lock proves no other worker is writing them
            for stale in self.cache_dir.glob(f".{name}.*.tmp"):  # left behind by a crashed render
                stale.unlink(missing_ok=True)
        with _atomic_file(path) as f:
            writer = _HashingWriter(f)
            self.render_into(name, writer)
        sha = writer.digest.hexdigest()
        record = {"version": RENDER_VERSION, "size": writer.size, "sha256": sha}
        _write_atomically(self._meta_path(name), json.dumps(record).encode())
        st = path.stat()
        entry = CachedAudio(name, path, writer.size, sha)
        self._verified[name] = ((st.st_ino, st.st_size, st.st_mtime_ns), entry)
        log.info("audio cache: rendered %s (%d bytes)", name, writer.size)
        return entry

    def _thread_lock(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    @contextmanager
    def _file_lock(self, name: str) -> Iterator[None]:
        lock_dir = self.cache_dir / ".locks"
        (self.cache_dir / ".meta").mkdir(parents=True, exist_ok=True)
        lock_dir.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        fd = os.open(lock_dir / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock
