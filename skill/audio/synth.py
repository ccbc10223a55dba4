"""Cue sounds and the ambient bed, synthesised in code so no audio files need licensing or storing.

Everything is mono at 24000 Hz, the rate that is valid both for SSML `<audio>` clips and for
AudioPlayer streams. Sounds are computed in float64 and quantised to int16 once, at a fixed design
level: the renderer then mixes integers, which keeps renders bit-identical on every instance (float32
SIMD maths can differ between CPUs; float64 differences vanish in the rounding).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .sounds import SAMPLE_RATE, SOUNDS, Bell, Glide

# A struck bell: (frequency ratio to the strike's pitch, relative amplitude, relative decay time).
# Inharmonic ratios (hum, prime, minor third, fifth, nominal, upper partials) give the "bell" colour;
# higher partials die away faster so the strike is bright and then mellows.
_BELL_PARTIALS = (
    (0.5, 0.30, 1.6), (1.0, 1.00, 1.0), (1.19, 0.40, 0.8), (1.5, 0.25, 0.7), (2.0, 0.45, 0.55),
    (2.51, 0.16, 0.4), (2.66, 0.14, 0.35), (3.01, 0.10, 0.3), (4.07, 0.06, 0.2),
)


def _seconds(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.float64) / SAMPLE_RATE


def _ramp(n: int) -> np.ndarray:
    """Raised-cosine 0→1 over n samples: no click, yet a sharp attack if n is small."""
    return 0.5 - 0.5 * np.cos(np.pi * np.arange(n, dtype=np.float64) / n)


def _to_int16(x: np.ndarray, peak: float) -> np.ndarray:
    x = x * (peak / np.max(np.abs(x)))
    out = np.round(x * 32767.0).astype(np.int16)
    out.flags.writeable = False
    return out


def _bell(spec: Bell) -> np.ndarray:
    n = int(round(spec.seconds * SAMPLE_RATE))
    out = np.zeros(n)
    attack = int(0.003 * SAMPLE_RATE)
    for strike in spec.strikes:
        start = int(round(strike.at * SAMPLE_RATE))
        t = _seconds(n - start)
        tone = np.zeros(n - start)
        for pitch in strike.pitches:
            for ratio, amp, decay in _BELL_PARTIALS:
                freq = pitch * ratio
                if freq >= SAMPLE_RATE * 0.45:
                    continue
                tone += amp * np.exp(-t / (strike.decay * decay)) * np.sin(2 * np.pi * freq * t)
        tone[:attack] *= _ramp(attack)
        out[start:] += tone / len(strike.pitches)
    fade = int(min(1.0, spec.seconds / 3) * SAMPLE_RATE)     # let the ring die away, no cut-off
    out[-fade:] *= _ramp(fade)[::-1]
    return out


def _glide(spec: Glide) -> np.ndarray:
    n = int(round(spec.seconds * SAMPLE_RATE))
    t = _seconds(n)
    ratio = spec.end_hz / spec.start_hz
    # Exponential pitch slide; phase is its closed-form integral, so no cumulative rounding.
    phase = 2 * np.pi * spec.start_hz * spec.seconds / np.log(ratio) * (ratio ** (t / spec.seconds) - 1)
    tone = np.sin(phase) + 0.25 * np.sin(2 * phase) + 0.08 * np.sin(3 * phase)
    envelope = np.ones(n)
    attack, release = int(0.04 * SAMPLE_RATE), int(0.45 * spec.seconds * SAMPLE_RATE)
    envelope[:attack] = _ramp(attack)
    envelope[-release:] = _ramp(release)[::-1] ** 2
    swell = 0.8 + 0.2 * np.sin(np.pi * t / spec.seconds)
    return tone * envelope * swell


@lru_cache(maxsize=None)
def sound(name: str) -> np.ndarray:
    """The named cue as read-only int16 samples at its design level."""
    spec = SOUNDS[name]
    raw = _bell(spec) if isinstance(spec, Bell) else _glide(spec)
    return _to_int16(raw, spec.peak)


BED_LOOP_SECONDS = 60
BED_RMS = 0.01          # about -40 dBFS: felt more than heard under the cues


@lru_cache(maxsize=None)
def ambient_loop(kind: str) -> np.ndarray | None:
    """A seamless loop of the ambient bed (read-only int16), or None for silence.

    The soft bed is low band-limited noise (a distant-surf rumble) swelling slowly, over a quiet
    low drone. Noise shaped in the frequency domain is exactly periodic, and every modulation and
    drone frequency completes whole cycles per loop, so the loop repeats without a seam.
    """
    if kind == "silence":
        return None
    if kind != "soft_bed":
        raise ValueError(f"unknown ambient kind {kind!r}")
    n = BED_LOOP_SECONDS * SAMPLE_RATE
    rng = np.random.default_rng(20240611)
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    shape = np.zeros_like(freqs)
    band = freqs > 0
    # Pink-ish slope, high-passed at 60 Hz, rolled off steeply above 450 Hz.
    shape[band] = (1 / np.sqrt(freqs[band])) / (1 + (60 / freqs[band]) ** 4) / (1 + (freqs[band] / 450) ** 4)
    spectrum = shape * np.exp(2j * np.pi * rng.random(freqs.size))
    noise = np.fft.irfft(spectrum, n)
    noise /= np.sqrt(np.mean(noise**2))
    noise = 3 * np.tanh(noise / 3)      # round off the rare peaks: no noise burst sounds like a cue
    t = _seconds(n)
    cycles = lambda period: 2 * np.pi * round(BED_LOOP_SECONDS / period) / BED_LOOP_SECONDS * t  # noqa: E731
    swell = 0.55 + 0.3 * np.sin(cycles(12)) + 0.15 * np.sin(cycles(20) + 1.0)
    drone = sum(
        amp * (0.7 + 0.3 * np.sin(cycles(period) + k)) * np.sin(cycles(1 / hz))
        for k, (hz, amp, period) in enumerate(((110.0, 0.35, 15), (164.8, 0.2, 10), (220.0, 0.1, 30)))
    )
    bed = noise * swell + drone
    return _to_int16(bed, BED_RMS * np.max(np.abs(bed)) / np.sqrt(np.mean(bed**2)))
