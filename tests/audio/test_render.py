"""Decoded session audio matches its timeline: every attack on schedule, nothing unexpected."""
from __future__ import annotations

import numpy as np
import pytest

from skill.audio import render, sounds, synth
from skill.audio import timeline
from skill.audio.timeline import COLLISION_SECONDS, build_timeline
from tests.audio.mp3frames import frames
from tests.audio.onsets import decode, detect_onsets

TOLERANCE = 0.050   # seconds, either way


def expected_attacks(timeline) -> list[float]:
    return sorted(c.at_seconds + offset for c in timeline.cues for offset in sounds.strike_offsets(c.sound))


def nearest(t: float, times: list[float]) -> float:
    return min(times, key=lambda x: abs(x - t))


def assert_on_schedule(timeline, samples: np.ndarray, rate: int) -> None:
    """Every attack the timeline schedules is heard within 50 ms, and no other."""
    wanted, found = expected_attacks(timeline), detect_onsets(samples, rate)
    late_or_missing = [t for t in wanted if not found or abs(nearest(t, found) - t) > TOLERANCE]
    unexpected = [t for t in found if abs(nearest(t, wanted) - t) > TOLERANCE]
    assert not late_or_missing, f"cues not heard within 50 ms: {late_or_missing}"
    assert not unexpected, f"loud attacks nobody scheduled: {unexpected}"


@pytest.mark.parametrize("kind,minutes", [
    ("mat", 10),             # halfway falls on the five-minute chime
    ("meditation", 1),       # breath pacing
    ("meditation", 2),       # breath pacing around the one-minute chime
    ("heat", 5),             # silence instead of the bed
    ("release", 1),          # switch sides
    pytest.param("mat", 30, marks=pytest.mark.slow),
])
def test_cues_sound_on_schedule(rendered, kind, minutes):
    timeline = build_timeline(kind, minutes)
    samples, rate, channels = decode(rendered(timeline.audio_name))
    assert (rate, channels) == (24000, 1)
    assert abs(samples.size / rate - timeline.total_seconds) <= 0.5
    assert_on_schedule(timeline, samples, rate)

    peak = float(np.max(np.abs(samples)))
    assert 0.3 < peak < 0.99                                    # audible, never clipped
    lead_in = samples[: int((timeline.lead_in_seconds - 0.1) * rate)]
    assert float(np.max(np.abs(lead_in))) < 0.002               # the lead-in is quiet


def tone_level(samples: np.ndarray, rate: int, at: float, hz: float) -> float:
    """How strongly `hz` sounds in the second from `at` (1 Hz resolution)."""
    second = samples[int(at * rate):int(at * rate) + rate] * np.hanning(rate)
    return float(np.abs(np.fft.rfft(second))[int(round(hz))])


@pytest.mark.parametrize("minutes", [
    10,     # the halfway chord stands in for the five-minute chime, which rings in its place
    15,     # the halfway (7:30) falls between chimes: nothing rings there
])
def test_the_render_without_the_halfway_is_the_full_render_minus_the_halfway_chord(rendered, minutes):
    full_timeline = build_timeline("mat", minutes)
    timeline = build_timeline("mat", minutes, without_halfway=True)
    full, rate, _ = decode(rendered(full_timeline.audio_name))
    samples, _, _ = decode(rendered(timeline.audio_name))
    assert timeline.audio_name == f"mat-{minutes}-no-halfway.mp3" and samples.size == full.size
    assert_on_schedule(timeline, samples, rate)

    (halfway,) = [c.at_seconds for c in full_timeline.cues if c.label == "halfway"]
    assert min(abs(t - halfway) for t in detect_onsets(full, rate)) <= TOLERANCE
    chord = sounds.SOUNDS["halfway_chime"]
    for hz in chord.strikes[0].pitches[:2]:     # C and E: the soft chime (a high G) has neither
        assert tone_level(samples, rate, halfway, hz) < tone_level(full, rate, halfway, hz) / 50
    chimes_there = [c.sound for c in timeline.cues if abs(c.at_seconds - halfway) < COLLISION_SECONDS]
    assert chimes_there == (["soft_chime"] if minutes == 10 else [])

    # Everywhere else the two files are the same sound: played on from any place, only the
    # halfway chord is missing.
    outside = np.ones(full.size, dtype=bool)
    outside[int((halfway - 0.5) * rate):int((halfway + chord.seconds + 1) * rate)] = False
    assert float(np.max(np.abs(samples[outside] - full[outside]))) < 1e-3


def test_breath_tones_are_at_their_times(rendered):
    timeline = build_timeline("meditation", 2)
    found = detect_onsets(*decode(rendered(timeline.audio_name))[:2])
    breaths = [c for c in timeline.cues if c.sound in ("inhale", "exhale")]
    assert len(breaths) >= 20
    assert all(abs(nearest(c.at_seconds, found) - c.at_seconds) <= TOLERANCE for c in breaths)


def test_soft_bed_plays_under_the_session_but_not_the_lead_in(rendered):
    timeline = build_timeline("meditation", 1)
    samples, rate, _ = decode(rendered(timeline.audio_name))
    # 7-9 s: after the start bell has faded, before the first breath tone (13 s).
    between = samples[int(9 * rate):int(12.5 * rate)]
    rms = float(np.sqrt(np.mean(between ** 2)))
    assert 0.002 < rms < 0.03


def test_encoder_delay_is_what_we_compensate():
    """Re-measure LAME's delay by cross-correlating a burst through encode and decode."""
    rate = render.SAMPLE_RATE
    burst = (np.hanning(480) * np.sin(2 * np.pi * 1000 * np.arange(480) / rate) * 20000).astype(np.int16)
    pcm = np.zeros(2 * rate, dtype=np.int16)
    pcm[rate:rate + burst.size] = burst
    decoded, _, _ = decode(b"".join(render.encode([pcm])))
    lags = range(0, 3000)
    score = [float(np.dot(decoded[rate + lag:rate + lag + burst.size], burst)) for lag in lags]
    assert lags[int(np.argmax(score))] == render.ENCODER_DELAY_SAMPLES


def test_chunking_does_not_change_the_audio():
    timeline = build_timeline("meditation", 1)
    whole = np.concatenate(list(render.pcm_chunks(timeline)))
    odd = np.concatenate(list(render.pcm_chunks(timeline, chunk_samples=7919)))
    assert np.array_equal(whole, odd)
    assert whole.size == round(timeline.total_seconds * render.SAMPLE_RATE) - render.ENCODER_DELAY_SAMPLES


def test_renders_are_deterministic(rendered):
    timeline = build_timeline("release", 1)
    assert render.render_timeline(timeline) == rendered(timeline.audio_name)


def test_session_files_are_cbr_48k_mono_24khz(rendered):
    found = frames(rendered("release-1.mp3"))
    assert {(f.bitrate_kbps, f.sample_rate, f.mono) for f in found} == {(48, 24000, True)}


@pytest.mark.parametrize("sound", sounds.CUE_SOUNDS)
def test_cue_clips_are_valid_ssml_audio(sound):
    clip = render.render_cue_clip(sound)
    assert timeline.cue_clip_name(sound) == f"cue-{sound}.mp3"
    found = frames(clip)
    assert {(f.bitrate_kbps, f.sample_rate, f.mono) for f in found} == {(48, 24000, True)}
    samples, rate, channels = decode(clip)
    assert (rate, channels) == (24000, 1)
    assert samples.size / rate <= 5.0            # Alexa allows 240 s per response; ours are short
    assert 0.1 < float(np.max(np.abs(samples))) < 0.99


def test_cue_sounds_are_distinct():
    """Different cues must be told apart by ear: number of strikes, pitch or brightness differ."""
    def attacks(sound):  # quiet padding in front: the detector needs some history before an attack
        return len(detect_onsets(np.concatenate([np.zeros(4800), decode(render.render_cue_clip(sound))[0]])))

    strikes = {s: attacks(s) for s in sounds.CUE_SOUNDS}
    assert strikes["end_bells"] == 3 and strikes["switch_chime"] == 2
    assert all(strikes[s] == 1 for s in ("start_bell", "soft_chime", "halfway_chime", "inhale", "exhale"))
    centroids = {}
    for s in ("start_bell", "soft_chime", "halfway_chime"):
        x = synth.sound(s).astype(float)
        spectrum = np.abs(np.fft.rfft(x))
        centroids[s] = float(np.sum(np.fft.rfftfreq(x.size, 1 / 24000) * spectrum) / np.sum(spectrum))
    assert centroids["start_bell"] < centroids["halfway_chime"] < centroids["soft_chime"]
    assert min(abs(a - b) for i, a in enumerate(centroids.values()) for b in list(centroids.values())[i + 1:]) > 80


@pytest.mark.parametrize("sound,rising", [("inhale", True), ("exhale", False)])
def test_breath_tones_glide_the_right_way(sound, rising):
    x = synth.sound(sound).astype(float)
    window = 4800

    def pitch(segment):
        spectrum = np.abs(np.fft.rfft(segment * np.hanning(segment.size), 8 * segment.size))
        return float(np.argmax(spectrum)) * 24000 / (8 * segment.size)

    first, last = pitch(x[2400:2400 + window]), pitch(x[-3 * window:-2 * window])
    assert (last > first * 1.2) if rising else (last < first / 1.2)
