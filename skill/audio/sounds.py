"""What each cue sound is, as data: names, bell strikes and tone glides. Synthesis (numpy) is in
synth.py and loads only when audio is rendered, so serving requests does not import numpy.
"""
from __future__ import annotations

from dataclasses import dataclass

SAMPLE_RATE = 24000


@dataclass(frozen=True)
class Strike:
    """One bell strike inside a sound: when (s from the sound's start), which pitches, how long it rings."""

    at: float
    pitches: tuple[float, ...]
    decay: float            # seconds for the prime partial to fall by 1/e


@dataclass(frozen=True)
class Bell:
    strikes: tuple[Strike, ...]
    seconds: float
    peak: float             # normalised peak, full scale = 1.0


@dataclass(frozen=True)
class Glide:
    """A soft tone sliding between two pitches: the breath pacing tones."""

    start_hz: float
    end_hz: float
    seconds: float
    peak: float


# Levels leave headroom: a cue ringing over the bed and a breath tone never clips.
SOUNDS: dict[str, Bell | Glide] = {
    # A warm low bowl: the session begins.
    "start_bell": Bell((Strike(0.0, (261.6,), 3.0),), seconds=4.5, peak=0.70),
    # A light high ding every few minutes; quiet so it does not break relaxation.
    "soft_chime": Bell((Strike(0.0, (784.0,), 1.1),), seconds=2.5, peak=0.35),
    # A chord (C-E-G) struck once: fuller than the soft chime, clearly "half way".
    "halfway_chime": Bell((Strike(0.0, (523.3, 659.3, 784.0), 1.5),), seconds=3.5, peak=0.50),
    # Two tones, high then low ("ding-dong"): time to change sides.
    "switch_chime": Bell((Strike(0.0, (659.3,), 0.9), Strike(0.5, (523.3,), 1.5)), seconds=3.5, peak=0.55),
    # Three descending strikes: the session is over. Fits inside the 4 s tail.
    "end_bells": Bell(
        (Strike(0.0, (392.0,), 0.9), Strike(0.65, (329.6,), 1.0), Strike(1.3, (261.6,), 2.0)),
        seconds=3.8, peak=0.70,
    ),
    # Breath pacing: rising while breathing in, falling while breathing out.
    "inhale": Glide(196.0, 293.7, seconds=2.8, peak=0.22),
    "exhale": Glide(293.7, 174.6, seconds=3.8, peak=0.20),
}
CUE_SOUNDS = tuple(SOUNDS)


def strike_offsets(sound: str) -> tuple[float, ...]:
    """Seconds from a sound's start to each of its attacks (tests detect every one of them)."""
    spec = SOUNDS[sound]
    return tuple(s.at for s in spec.strikes) if isinstance(spec, Bell) else (0.0,)
