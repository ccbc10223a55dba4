"""Remarks said as a feeling while a timed session plays ("it's gone cold", "it's pulling", "I feel
weird", "I feel sleepy", "my neck hurts on the mat"): RemedyIntent's words, which paused the
session to ask what the feeling was or where it hurt. Each gets its short answer and the session
plays on; feeling odd holds it (and under heat ends it) while they check on themselves. Red flags
never reach here: safety.RedFlagHandler is registered first."""
from __future__ import annotations

from typing import Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content
from skill.handlers.heat_timer import HEAT
from skill.handlers.questions import answer, sleep_in_session
from skill.handlers.running_session import SessionControls, running_session
from skill.responses import text

REMARKS = ("drifting_off", "session_cold", "session_pulling", "neck_said", "feeling_odd", "session_hot",
           "ball_rolling")   # vocabulary.yaml
MAT = "mat"          # sessions.yaml: the one lying on points, where the neck may need a towel
RELEASE = "release"  # sessions.yaml: the one lying on a ball


def remark_in_session(handler_input: HandlerInput, controls: SessionControls,
                      area: Optional[str], feeling: Optional[str]):
    """The answer to a remark said as `area` and `feeling` (the words heard) while a session
    plays here, or None when no session plays or the words are not one of these remarks."""
    said = " ".join(w for w in (area, feeling) if w)
    content_ = content(handler_input)
    # The words first: most remedies said ("my lower back is spasming") are none of these, and
    # reading the session would cost them a round trip to the store (tests/store/test_round_trips).
    if not said or not any(content_.mentioned(remark, said) for remark in REMARKS):
        return None
    session = running_session(handler_input)
    if session is None or not session.carries_on:
        return None
    kind = session.token.session_type
    if content_.mentioned("drifting_off", said):
        drifting = "drifting_off_mat" if kind == MAT else sleep_in_session(handler_input)
        return answer(handler_input, controls, drifting) if drifting else None
    if content_.mentioned("session_cold", said):
        return answer(handler_input, controls, "heat_gone_cold" if kind == HEAT else "feeling_cold")
    if content_.mentioned("session_pulling", said):
        return answer(handler_input, controls, "pulling_in_session")
    if content_.mentioned("session_hot", said) and kind != HEAT:     # heat: cautions.py takes it off
        return answer(handler_input, controls, "feeling_hot")
    if content_.mentioned("ball_rolling", said) and kind == RELEASE:
        return answer(handler_input, controls, "ball_rolling")
    if content_.mentioned("neck_said", said) and kind == MAT:
        return answer(handler_input, controls, "neck_on_the_mat")
    if not area and content_.mentioned("feeling_odd", said):
        # Feeling odd, no more said: the signs that need help now, and the session waits while
        # they check on themselves; under heat, the heat comes off (a faint turn may be the heat).
        if kind == HEAT:
            controls.end(handler_input, session)
            stopped = content_.session_say("heat_stopped", name=session.name(handler_input))
            return answer(handler_input, controls, "feeling_odd_in_session", after=text(stopped))
        return answer(handler_input, controls, "feeling_odd_in_session")
    return None
