"""The AudioPlayer token of a session: what it names, and that every token ever stored still reads."""
from __future__ import annotations

import pytest

from skill.playback import SessionToken


def test_tokens_stored_before_the_halfway_variant_still_parse_unchanged():
    text = "backrelief:mat:10:0123456789ab"
    token = SessionToken.parse(text)
    assert token == SessionToken("mat", 10, "0123456789ab") and not token.without_halfway
    assert str(token) == text and token.timeline.audio_name == "mat-10.mp3"


def test_a_token_without_the_halfway_names_that_render_and_reads_back():
    token = SessionToken("mat", 15, "0123456789ab", without_halfway=True)
    assert str(token) == "backrelief:mat:15:0123456789ab:no-halfway"
    assert SessionToken.parse(str(token)) == token
    assert token.timeline.audio_name == "mat-15-no-halfway.mp3"


@pytest.mark.parametrize("text", [
    "backrelief:mat:15:0123456789ab:", "backrelief:mat:15:0123456789ab:halfway",
    "backrelief:mat:15:0123456789ab:no-halfway:x", "backrelief:heat:15:0123456789ab:no-halfway",
    "backrelief:release:2:0123456789ab:no-halfway", "backrelief:mat:31:0123456789ab:no-halfway",
])
def test_tokens_that_name_no_render_are_not_ours(text):
    assert SessionToken.parse(text) is None


@pytest.mark.parametrize("offset_ms,without_halfway", [
    (0, False), (302_999, False),          # the ten-minute session's halfway chime is at 303 s
    (303_000, True), (600_000, True),
])
def test_lengthened_leaves_out_a_halfway_that_has_rung(offset_ms, without_halfway):
    token = SessionToken("mat", 10, "run")
    longer = token.lengthened(5, offset_ms)
    assert longer == SessionToken("mat", 15, "run", without_halfway=without_halfway)


def test_once_left_out_the_halfway_stays_out_until_the_start_is_heard_again():
    token = SessionToken("mat", 15, "run", without_halfway=True)
    assert token.lengthened(5, 10_000).without_halfway            # 10 s in, yet rung in this run
    assert token.from_the_start() == SessionToken("mat", 15, "run")


def test_sessions_with_no_halfway_cue_lengthen_as_they_are():
    assert SessionToken("heat", 15, "run").lengthened(5, 800_000) == SessionToken("heat", 20, "run")
