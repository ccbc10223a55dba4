"""Decode MP3s and find where sounds start, for checking rendered audio against its timeline."""
from __future__ import annotations

import miniaudio
import numpy as np

HOP = 120            # 5 ms at 24 kHz
RISE = 4.0           # energy must jump this many times above the preceding ~100 ms
FLOOR = 0.05 ** 2    # and be louder than -26 dBFS (the ambient bed stays near -40 dBFS)
REFRACTORY = 0.25    # seconds: one attack is reported once


def decode(mp3: bytes) -> tuple[np.ndarray, int, int]:
    """(float samples in [-1, 1], sample rate, channels) at the file's native format."""
    decoded = miniaudio.mp3_read_s16(mp3)
    samples = np.frombuffer(decoded.samples, dtype=np.int16).astype(np.float32) / 32768.0
    return samples, decoded.sample_rate, decoded.nchannels


def detect_onsets(x: np.ndarray, rate: int = 24000) -> list[float]:
    """Times (s) where energy rises sharply: robust to a slowly swelling bed and to ringing bells."""
    frames = x.size // HOP
    energy = (x[: frames * HOP].reshape(frames, HOP).astype(np.float64) ** 2).mean(axis=1)
    csum = np.concatenate(([0.0], np.cumsum(energy)))
    i = np.arange(20, frames - 2)
    short = (csum[i + 2] - csum[i]) / 2                  # the 10 ms from frame i
    ref = (csum[i - 2] - csum[i - 20]) / 18              # the 90 ms ending 10 ms before it
    hits = i[(short > FLOOR) & (short > RISE * ref)]
    found: list[float] = []
    last = -1e9
    for frame in hits:
        t = frame * HOP / rate
        if t - last > REFRACTORY:
            found.append(t)
        last = t
    return found
