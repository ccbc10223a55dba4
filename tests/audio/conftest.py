"""One audio cache for the audio tests: renders are deterministic, so each is made once per run."""
from __future__ import annotations

import pytest

from skill.audio.library import AudioLibrary

MEDIA_BASE = "https://cdn.example.test/audio"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: renders long audio (still part of the normal run)")


@pytest.fixture(scope="session")
def shared_library(tmp_path_factory) -> AudioLibrary:
    return AudioLibrary(tmp_path_factory.mktemp("audio-cache"), MEDIA_BASE)


@pytest.fixture(scope="session")
def rendered(shared_library):
    """name -> MP3 bytes, rendered through the library once per test run."""
    cache: dict[str, bytes] = {}

    def get(name: str) -> bytes:
        if name not in cache:
            cache[name] = shared_library.path_for(name).read_bytes()
        return cache[name]

    return get
