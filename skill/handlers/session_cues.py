"""Questions about a session's cues asked with none running: "which hip first", "is it time to
switch", "I lost count". What they name says which session they mean (vocabulary.yaml:
SESSION_CUE, SWITCH_CUE): sides, the hip flexor release; a count, the breathing meditation. They
had "you don't have a session running", which left someone on the floor with nothing to go on.
Just after that session ended here, that it ended; otherwise its how-to, with it offered
(answers.yaml: sides_no_session, count_no_session).
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import clock
from skill.handlers.conversation import content
from skill.handlers.memory import LAST_SESSION, memory, memory_available
from skill.handlers.questions import answer
from skill.handlers.replies import reply
from skill.handlers.running_session import SessionControls
from skill.handlers.session_endings import JUST_FINISHED_S, just_finished_type, noted_moment
from skill.handlers.slots import read_slot
from skill.responses import text

# The cue heard (slot "cue"), the session it belongs to, and its how-to with no session running.
CUE_SESSIONS = {"sides": ("release", "sides_no_session"), "count": ("meditation", "count_no_session")}


def cue_not_ours(handler_input: HandlerInput) -> bool:
    """Words heard where a cue goes that are none of ours ("is it time to call an ambulance",
    "when do I take ibuprofen"): not a question about a session, so the catch-all answers them,
    with what to do if it's urgent first."""
    return read_slot(handler_input, "cue").unresolved


def stopped_lately(handler_input: HandlerInput) -> Optional[Dict[str, Any]]:
    """What memory notes of the session this person stopped before its end in the last few
    minutes (as long as a question about the time counts as about one that just finished): its
    "type", and "stopped_after_s", how far it got; or None."""
    attributes = memory(handler_input)
    noted = attributes.get(LAST_SESSION) if memory_available(attributes) else None
    stopped_at = noted_moment(noted.get("stopped_at")) if isinstance(noted, dict) else None
    if stopped_at is None:
        return None
    ago = (clock.now(handler_input) - stopped_at).total_seconds()
    return noted if 0 <= ago <= JUST_FINISHED_S else None


def stopped_lately_type(handler_input: HandlerInput) -> Optional[str]:
    """The kind of session this person stopped before its end in the last few minutes, or None."""
    noted = stopped_lately(handler_input)
    return noted.get("type") if noted is not None else None


def cue_answer(handler_input: HandlerInput, controls: SessionControls):
    """With no session running, the answer to a question whose cue names a session, or None."""
    found = CUE_SESSIONS.get(read_slot(handler_input, "cue").id or "")
    if found is None:
        return None
    kind, answer_id = found
    content_ = content(handler_input)
    for ended, key in ((just_finished_type, "cue_finished_lately"), (stopped_lately_type, "cue_stopped_lately")):
        if ended(handler_input) == kind:
            return reply(handler_input, text(content_.session_say(key, name=content_.sessions[kind].name)))
    return answer(handler_input, controls, answer_id)
