"""`python -m skill render-audio --out DIR`: pre-render every session and cue clip, e.g. for a CDN.

Upload the `*.mp3` files only; the hidden `.meta/` and `.locks/` folders are the cache's bookkeeping
(they make a re-run skip files that are already valid).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .library import AudioLibrary

# Rendering does not depend on where the files will be served from.
_PLACEHOLDER_BASE_URL = "https://localhost/audio"


def render_audio_main(out_dir: str, workers: int | None = None) -> int:
    """Render everything into out_dir, print one line per file and a total; returns an exit status."""
    started = time.perf_counter()
    try:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = AudioLibrary(out, _PLACEHOLDER_BASE_URL).render_all(out, workers=workers)
    except (OSError, ValueError) as exc:
        print(f"render-audio: {exc}", file=sys.stderr)
        return 1
    total = 0
    for path in paths:
        size = path.stat().st_size
        total += size
        print(f"{path}\t{size / 1e6:.2f} MB")
    elapsed = time.perf_counter() - started
    print(f"{len(paths)} files, {total / 1e6:.1f} MB in {out} ({elapsed:.1f} s)")
    return 0
