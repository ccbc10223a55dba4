"""The cue schedule: bounds, defaults, per-side doubling, collisions and breath pacing."""
from __future__ import annotations

import pytest

from skill.audio import sounds
from skill.audio.timeline import COLLISION_SECONDS, build_timeline, load_session_types, session_type


def at(timeline, label):
    return [c.at_seconds for c in timeline.cues if c.label == label]


def test_session_types_come_from_the_yaml():
    types = load_session_types()
    assert set(types) == {"mat", "meditation", "heat", "release"}
    assert (types["mat"].default_minutes, types["mat"].min_minutes, types["mat"].max_minutes) == (10, 5, 30)
    assert types["release"].minutes_are_per_side and not types["heat"].minutes_are_per_side
    assert types["meditation"].breath.inhale_seconds == 4 and types["meditation"].breath.exhale_seconds == 6
    assert load_session_types() is types  # loaded once
    with pytest.raises(TypeError):
        types["mat"] = None  # read-only for everyone who shares it


def test_every_cue_sound_in_the_yaml_can_be_synthesised():
    for spec in load_session_types().values():
        for rule in spec.cues:
            assert rule.sound in sounds.SOUNDS
        assert spec.ambient in ("soft_bed", "silence")


@pytest.mark.parametrize("kind", ["mat", "meditation", "heat", "release"])
def test_default_minutes_and_bounds(kind):
    spec = session_type(kind)
    assert build_timeline(kind).minutes == spec.default_minutes
    for minutes in (spec.min_minutes, spec.max_minutes):
        assert build_timeline(kind, minutes).minutes == minutes
    for bad in (spec.min_minutes - 1, spec.max_minutes + 1, 0, -5, 2.5, "10", True):
        with pytest.raises(ValueError):
            build_timeline(kind, bad)


def test_unknown_session_type():
    with pytest.raises(ValueError):
        build_timeline("sauna", 10)
    with pytest.raises(ValueError):
        session_type("sauna")


def test_mat_ten_minutes_halfway_replaces_the_five_minute_chime():
    t = build_timeline("mat", 10)
    assert t.audio_name == "mat-10.mp3"
    assert (t.lead_in_seconds, t.session_seconds, t.tail_seconds) == (3, 600, 4)
    assert t.total_seconds == 607
    assert [(c.at_seconds, c.sound, c.label) for c in t.cues] == [
        (3, "start_bell", "start"), (303, "halfway_chime", "halfway"), (603, "end_bells", "end"),
    ]


def test_mat_thirty_minutes():
    t = build_timeline("mat", 30)
    assert [(c.at_seconds, c.sound) for c in t.cues] == [
        (3, "start_bell"), (303, "soft_chime"), (603, "soft_chime"), (903, "halfway_chime"),
        (1203, "soft_chime"), (1503, "soft_chime"), (1803, "end_bells"),
    ]


def test_periodic_cues_are_strictly_inside_the_session():
    t = build_timeline("heat", 15)
    assert at(t, "5 minutes") == [303] and at(t, "10 minutes") == [603]
    assert at(t, "15 minutes") == [] and at(t, "end") == [903]
    assert at(build_timeline("heat", 5), "5 minutes") == []


def test_release_minutes_are_per_side():
    t = build_timeline("release", 2)
    assert t.audio_name == "release-2.mp3"
    assert t.session_seconds == 240 and t.total_seconds == 3 + 240 + 4
    assert [(c.at_seconds, c.sound) for c in t.cues] == [
        (3, "start_bell"), (123, "switch_chime"), (243, "end_bells"),
    ]


def test_meditation_breath_pacing():
    t = build_timeline("meditation", 2)
    inhales, exhales = at(t, "inhale"), at(t, "exhale")
    # Pacing starts one breath (10 s) after the start bell, then alternates 4 s in / 6 s out.
    assert inhales[:3] == [13, 23, 33] and exhales[:3] == [17, 27, 37]
    # The inhale due at the one-minute chime (63 s) is skipped; its exhale still sounds.
    assert 63 not in inhales and 67 in exhales and at(t, "1 minute") == [63]
    assert all(3 < x < 123 for x in inhales + exhales)
    assert sorted(inhales + exhales) == sorted(set(inhales + exhales))


@pytest.mark.parametrize("kind,minutes", [("mat", 10), ("mat", 30), ("meditation", 1), ("meditation", 30),
                                          ("heat", 30), ("release", 5)])
def test_cues_are_ordered_and_apart(kind, minutes):
    t = build_timeline(kind, minutes)
    times = [c.at_seconds for c in t.cues]
    assert times == sorted(times)
    assert all(b - a >= COLLISION_SECONDS for a, b in zip(times, times[1:]))
    assert t.cues[0].label == "start" and t.cues[0].at_seconds == t.lead_in_seconds
    assert t.cues[-1].label == "end" and t.cues[-1].at_seconds == t.lead_in_seconds + t.session_seconds


def test_breath_tones_fit_their_phases():
    breath = session_type("meditation").breath
    assert sounds.SOUNDS["inhale"].seconds < breath.inhale_seconds
    assert sounds.SOUNDS["exhale"].seconds < breath.exhale_seconds


def test_end_bells_ring_out_inside_the_tail():
    assert sounds.SOUNDS["end_bells"].seconds <= min(s.tail_seconds for s in load_session_types().values())


def test_malformed_yaml_is_rejected(tmp_path):
    bad = tmp_path / "sessions.yaml"
    bad.write_text("lead_in_seconds: 3\ntail_seconds: 4\nsessions:\n  x:\n    default_minutes: 50\n"
                   "    min_minutes: 1\n    max_minutes: 5\n    cues: []\n")
    with pytest.raises(ValueError):
        load_session_types(bad)


# -- the render played on after "five more minutes" once the halfway cue has rung ----------------
def test_the_no_halfway_variant_is_the_full_schedule_without_its_halfway_cue():
    full, variant = build_timeline("mat", 15), build_timeline("mat", 15, without_halfway=True)
    assert variant.audio_name == "mat-15-no-halfway.mp3" and full.audio_name == "mat-15.mp3"
    assert at(full, "halfway") == [453] and at(variant, "halfway") == []
    assert [c for c in full.cues if c.label != "halfway"] == list(variant.cues)
    assert (variant.lead_in_seconds, variant.session_seconds, variant.tail_seconds) == (3, 900, 4)


def test_without_the_halfway_cue_the_chime_it_replaced_rings_again():
    """In ten minutes the halfway cue stands in for the five-minute chime; without it, that
    periodic chime is due like any other."""
    variant = build_timeline("mat", 10, without_halfway=True)
    assert [(c.at_seconds, c.sound, c.label) for c in variant.cues] == [
        (3, "start_bell", "start"), (303, "soft_chime", "5 minutes"), (603, "end_bells", "end"),
    ]


@pytest.mark.parametrize("kind", ["meditation", "heat", "release"])
def test_only_sessions_with_a_halfway_cue_have_a_variant_without_it(kind):
    assert not session_type(kind).has_halfway and session_type("mat").has_halfway
    with pytest.raises(ValueError):
        build_timeline(kind, session_type(kind).default_minutes, without_halfway=True)


def test_when_the_halfway_cue_has_rung():
    full = build_timeline("mat", 10)
    assert not full.halfway_rung_by(302.9) and full.halfway_rung_by(303) and full.halfway_rung_by(500)
    assert not build_timeline("mat", 15, without_halfway=True).halfway_rung_by(900)
    assert not build_timeline("release", 2).halfway_rung_by(200)
