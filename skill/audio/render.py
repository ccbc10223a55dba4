"""Mix a session timeline and encode it as MP3: mono, 24000 Hz, 48 kbps CBR (valid for AudioPlayer
and for SSML `<audio>` alike).

The mix is produced in chunks of integers (see synth), so a 30-minute session never needs more than a
chunk of memory and renders bit-identically everywhere.

Encoder delay: LAME puts ENCODER_DELAY_SAMPLES of silence before the audio and lameenc writes no
Xing/LAME info frame that would let a decoder remove it, so every decoder plays it. We drop that many
samples from the (silent) lead-in before encoding: decoded cues then land where the timeline says.
"""
from __future__ import annotations

from typing import BinaryIO, Iterable, Iterator

import lameenc
import numpy as np

from . import synth
from .timeline import Timeline

SAMPLE_RATE = synth.SAMPLE_RATE
BITRATE_KBPS = 48
# LAME's -q: 2 is near-best and ~3x slower; 5 (LAME's default) sounds the same on bells at 48 kbps.
LAME_QUALITY = 5
# Measured with lameenc 1.9 at 24 kHz mono: 576 (encoder) + 529 (decoder) samples, i.e. 46 ms.
# tests/audio/test_render.py re-measures it by cross-correlation.
ENCODER_DELAY_SAMPLES = 1105
CHUNK_SAMPLES = 30 * SAMPLE_RATE
BED_FADE_IN_SECONDS = 2.0
BED_FADE_OUT_SECONDS = 3.0



def _samples(seconds: float) -> int:
    return int(round(seconds * SAMPLE_RATE))


def pcm_chunks(timeline: Timeline, chunk_samples: int = CHUNK_SAMPLES) -> Iterator[np.ndarray]:
    """The session's int16 samples, chunk by chunk, already advanced by the encoder delay."""
    shift = ENCODER_DELAY_SAMPLES
    length = _samples(timeline.total_seconds) - shift
    placed = [(_samples(c.at_seconds) - shift, synth.sound(c.sound)) for c in timeline.cues]
    bed = synth.ambient_loop(timeline.ambient)
    start, end = _samples(timeline.start_seconds) - shift, _samples(timeline.end_seconds) - shift
    fade_in = _samples(BED_FADE_IN_SECONDS)
    fade_out = min(_samples(BED_FADE_OUT_SECONDS), length - end)
    for a in range(0, length, chunk_samples):
        b = min(length, a + chunk_samples)
        mix = np.zeros(b - a, dtype=np.int64)
        if bed is not None and max(a, start) < b:
            idx = np.arange(max(a, start), b, dtype=np.int64)
            # Linear fades as exact integer fractions: gain = min(in, out) with denominator fade_in*fade_out.
            rise = np.clip(idx - start, 0, fade_in) * fade_out
            fall = np.clip(end + fade_out - idx, 0, fade_out) * fade_in
            gain = np.minimum(rise, fall)
            mix[idx[0] - a:] += bed[(idx - start) % bed.size] * gain // (fade_in * fade_out)
        for onset, samples in placed:
            lo, hi = max(a, onset), min(b, onset + samples.size)
            if lo < hi:
                mix[lo - a:hi - a] += samples[lo - onset:hi - onset]
        yield np.clip(mix, -32768, 32767).astype(np.int16)


def _encoder() -> lameenc.Encoder:
    enc = lameenc.Encoder()
    enc.set_channels(1)
    enc.set_in_sample_rate(SAMPLE_RATE)
    enc.set_out_sample_rate(SAMPLE_RATE)
    enc.set_bit_rate(BITRATE_KBPS)
    enc.set_quality(LAME_QUALITY)
    return enc


def encode(chunks: Iterable[np.ndarray]) -> Iterator[bytes]:
    """MP3 bytes for int16 mono chunks, as they become available."""
    enc = _encoder()
    for chunk in chunks:
        out = enc.encode(np.ascontiguousarray(chunk, dtype=np.int16).tobytes())
        if out:
            yield bytes(out)
    yield bytes(enc.flush())


def write_timeline(timeline: Timeline, out: BinaryIO) -> int:
    """Render and encode into an open binary file; returns the number of bytes written."""
    written = 0
    for data in encode(pcm_chunks(timeline)):
        out.write(data)
        written += len(data)
    return written


def render_timeline(timeline: Timeline) -> bytes:
    return b"".join(encode(pcm_chunks(timeline)))


def render_cue_clip(sound: str) -> bytes:
    """A short clip of one cue for SSML `<audio>` (≤ 5 s, same format as the sessions)."""
    return b"".join(encode([synth.sound(sound)]))
