""" "No, I meant the meditation": the kind of session meant, for what was just done. A length saved
a moment ago moves to it (the kind it was saved for gets back the length it had); a usual just
named is that one instead ("my usual is heat", "no, I meant the mat"); our question about a
session or a length is answered with it; otherwise it starts, in place of a session
started by mistake ("my usual", "same as last time"). Never a warning: the words name a session."""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import USUAL_OFFERED, content, conversation, drop_question
from skill.handlers.memory import USUAL_TYPE, memory, memory_available
from skill.handlers.memory_by_voice import asked, said, say, spoken_length
from skill.handlers.preferences import (LENGTH_SAVED, already_on, answer_preference, put_back_length,
                                        save_preference, store_length)
from skill.handlers.running_session import SessionControls
from skill.handlers.session_starter import SessionStarter
from skill.handlers.slots import read_slot
from skill.handlers.usual_choice import chosen_as_usual, usual_kept
from skill.responses import text
from skill.routing import RoutedHandler, intents

# How long after a length is saved "I meant the meditation" still moves it.
CORRECTION_WINDOW = timedelta(minutes=5)


class MeantSessionHandler(RoutedHandler):
    """ "No, I meant the meditation", "sorry, I meant the mat", "I said the heat"."""

    takes = intents("MeantSessionIntent")

    def __init__(self, starter: SessionStarter, controls: SessionControls) -> None:
        self.starter = starter
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        named = read_slot(handler_input, "session_type")
        meant = named.id if named.id in content_.sessions else content_.value_within("SESSION_TYPE", named.heard)
        awaiting, minutes = state.get("awaiting"), state.get("offer_minutes")
        if meant is None:                   # "I meant the other one": which
            drop_question(state)
            state.update(awaiting="session_type", **({"offer_minutes": minutes} if minutes else {}))
            return asked(handler_input, say(handler_input, "meant_which"),
                         text(content_.session_say("which_session_reprompt")))
        if awaiting in ("preference_type", "offer_preference") and minutes:
            drop_question(state)            # "which session should be 12 minutes?"
            return answer_preference(handler_input, meant, minutes)
        if awaiting == "offer_session" and state.get(USUAL_OFFERED) == state.get("offer"):
            drop_question(state)            # "my usual is heat", "start it now?": the usual meant
            memory(handler_input)[USUAL_TYPE] = meant
            return usual_kept(handler_input, self.controls, meant)
        if awaiting in ("session_type", "offer_session"):
            lead = chosen_as_usual(handler_input, meant) if awaiting == "session_type" else ""
            drop_question(state)            # "which would you like?", "would you like a heat session?"
            return self.starter.start(handler_input, meant, minutes if awaiting == "session_type" else None, lead=lead)
        saved = length_just_saved(handler_input)
        if saved is not None and saved["type"] != meant:
            drop_question(state)
            return length_moved(handler_input, saved, meant, self.controls)
        drop_question(state)
        return already_on(handler_input, self.controls, meant) or self.starter.start(handler_input, meant, None)


def length_just_saved(handler_input: HandlerInput) -> Optional[Dict[str, Any]]:
    """The length saved in the last few minutes, when nothing has been started since (a session,
    or steps open in this conversation): that is what "I meant" corrects."""
    attributes = memory(handler_input)
    saved = attributes.get(LENGTH_SAVED) if memory_available(attributes) else None
    if not isinstance(saved, dict) or saved.get("type") not in content(handler_input).sessions:
        return None
    at = history.finished_at({"finished_at": saved.get("at")})
    if at is None or clock.now(handler_input) - at > CORRECTION_WINDOW:
        return None
    last = attributes.get("last") or {}
    started = history.finished_at({"finished_at": last.get("started_at")}) if isinstance(last, dict) else None
    if (started is not None and started > at) or conversation(handler_input).get("condition"):
        return None
    return saved


def length_moved(handler_input: HandlerInput, saved: Dict[str, Any], meant: str,
                 controls: SessionControls):
    """The length goes to the kind meant; the kind it was saved for gets back what it had."""
    content_ = content(handler_input)
    wrong, minutes = saved["type"], int(saved["minutes"])
    put_back_length(memory(handler_input), saved)
    before = saved.get("before") if isinstance(saved.get("before"), int) else session_kind(wrong).default_minutes
    back = dict(old_name=content_.sessions[wrong].name, old_length=spoken_length(content_, wrong, before))
    if minutes not in session_kind(meant).allowed_minutes:      # offered at the nearest, after the undo
        return save_preference(handler_input, meant, minutes, controls,
                               lead=say(handler_input, "meant_put_back", **back))
    store_length(handler_input, meant, minutes)
    return said(handler_input, controls, say(handler_input, "meant_moved", name=content_.sessions[meant].name,
                                             length=spoken_length(content_, meant, minutes), **back))
