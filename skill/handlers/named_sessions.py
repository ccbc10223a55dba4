"""What people say about a timed session by name, or in words Alexa took for one.

"Cancel my heat session", "how much time is left in my session", "I fell asleep during the mat
session": the model has samples for these under the controls they are, but Alexa may still send
them as StartSessionIntent, the words before "session" caught where the kind of session goes.
Those words say a control, not a session to time, so the request is read as that control's
intent before any handler sees it (ControlSaidAsASession): the safety handlers first, then the
control, answer it as they would its own words. Never a new session, which would put the heat
back on someone who asked to take it off.

A control that names a kind of session other than the one on ("stop the heat session", "stop
heat" during a mat session) ends nothing it did not name, and says which one is on
(other_session_named); asked to stop, it asks whether to stop that one.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content, conversation, drop_question
from skill.handlers.heat_timer import HEAT
from skill.handlers.replies import reply
from skill.handlers.running_session import RunningSession, SessionControls, hold_for_conversation
from skill.handlers.session_speech import minutes_left
from skill.handlers.session_words import named_session, requested_minutes
from skill.handlers.slots import read_slot
from skill.handlers.words_said import forget_request_words
from skill.responses import text
from skill.routing import INTENT_REQUEST, kind_of

# The intent each control's words are read as. "again" ("start it again") has none of its own:
# session_controls.StartItAgainHandler answers it.
CONTROL_INTENTS = {
    "end": "EndSessionIntent",
    "break": "TakeABreakIntent",
    "pause": "PauseSessionIntent",
    "resume": "ResumeSessionIntent",
    "time_left": "TimeLeftIntent",
    "progress": "SessionProgressIntent",
    "finished": "SessionFinishedIntent",
    "last_time": "LastTimeQuestionIntent",
    "fell_asleep": "FellAsleepIntent",
}
# Stopping or pausing for a while ("stop for a minute") is a break: the session waits.
BREAK_WHEN_TIMED = ("end", "pause")


def _starts_with(words: Sequence[str], phrase: Sequence[str]) -> bool:
    return len(words) >= len(phrase) and list(words[:len(phrase)]) == list(phrase)


def _without_leads(words: List[str], leads: Sequence[Sequence[str]]) -> List[str]:
    """The words after any leads ("can you", "please", "i want to"), however many."""
    found = True
    while found and words:
        found = False
        for lead in leads:
            if _starts_with(words, lead) and len(words) > len(lead):
                words, found = words[len(lead):], True
                break
    return words


def _before_the_kind(content_, words: List[str]) -> Optional[List[str]]:
    """The words before the kind of session they name, or before "session" ("cancel my" in
    "cancel my heat", nothing in "session to stop the spasm"): what they say to do with it. None
    when they name none."""
    names = [name.lower().split() for names in content_.slot_types["SESSION_TYPE"].values() for name in names]
    for index in range(len(words)):
        if words[index] in ("session", "sessions") or any(_starts_with(words[index:], name) for name in names):
            return words[:index]
    return None


def _longest(words: List[str], phrases_by_control, anywhere: bool) -> Optional[str]:
    """The control whose phrase these words begin with (or, `anywhere`, say anywhere), the
    longest phrase first; None when none is said."""
    found = [(len(phrase.split()), control) for control, phrases in phrases_by_control.items()
             for phrase in phrases
             if any(_starts_with(words[start:], phrase.split())
                    for start in (range(len(words)) if anywhere else (0,)))]
    return max(found)[1] if found else None


def _words_with_the_kind(handler_input: HandlerInput) -> Optional[str]:
    """The words caught where a kind of session and "quick" go, when they are more than those
    ("how many minutes are left in my" + "heat"), in the order said; None otherwise."""
    slots = [read_slot(handler_input, "brevity"), read_slot(handler_input, "session_type")]
    if not any(slot.unresolved for slot in slots):
        return None
    return " ".join(slot.heard for slot in slots if slot.heard)


def control_said(handler_input: HandlerInput) -> Optional[str]:
    """The control ("end", "pause", "time_left" …) that the words caught where a kind of session
    goes say, when they are more than a session's name; None otherwise (sessions.yaml:
    controls_said_as_a_session). A question is known by how it begins ("did I actually finish
    my heat", "how long was my last"), before an action said in it ("finish"); an action, by
    its words anywhere before the kind of session named ("I really want to stop my heat"), or
    with none named, by how the words begin ("stop", not "to stop my back spasming": that asks
    which session, and starts none)."""
    heard = _words_with_the_kind(handler_input)
    if heard is None:
        return None
    content_ = content(handler_input)
    said = content_.session_say("controls_said_as_a_session")
    words = _without_leads(heard.lower().split(), [lead.split() for lead in said["leads"]])
    before = _before_the_kind(content_, words)
    control = (next((name for name, phrases in said["whole"].items() if " ".join(words) in phrases), None)
               or _longest(words, said["asks"], anywhere=False)
               or _longest(words if before is None else before, said["does"], anywhere=before is not None))
    if control == "end" and before and _longest(before, {"start": said.get("starts", ())}, anywhere=True):
        return None                 # "stop and start a mat session": the mat starts in its place
    if control in BREAK_WHEN_TIMED and requested_minutes(handler_input):
        return "break"
    return control


class ControlSaidAsASession(AbstractRequestInterceptor):
    """A StartSessionIntent whose words say a control ("cancel my heat", "how much time is left
    in my" session) becomes that control's intent, before routing: it is answered as that
    control, with the words it was said in."""

    def process(self, handler_input: HandlerInput) -> None:
        if kind_of(handler_input) != (INTENT_REQUEST, "StartSessionIntent"):
            return
        intent = CONTROL_INTENTS.get(control_said(handler_input) or "")
        if intent is not None:
            handler_input.request_envelope.request.intent.name = intent
            forget_request_words(handler_input)         # read again, with the intent it now is


# Intents whose words name a kind of session with no slot for it ("stop heat"): that kind.
NAMED_BY_INTENT = {"StopHeatIntent": HEAT}
# Conversation note (awaiting): we asked "do you want to stop it?" of the session on.
STOP_ASKED = "stop_session_on"


def other_session_named(handler_input: HandlerInput, session: Optional[RunningSession]) -> Optional[str]:
    """The name of the kind of session they named ("stop the heat session", "stop heat"), when
    the session on this device, not yet over, is another kind; None when they named none, or this
    one."""
    if session is None or session.remaining_seconds <= 0:
        return None
    named = NAMED_BY_INTENT.get(kind_of(handler_input)[1] or "") or named_session(handler_input)
    if named is None or named == session.token.session_type:
        return None
    return content(handler_input).sessions[named].name


def other_session_lead(handler_input: HandlerInput, session: RunningSession, asked: str) -> str:
    """ "There's no heat session on, but your acupressure mat session is." """
    return content(handler_input).session_say("other_session_on", asked=asked, name=session.name(handler_input))


def not_the_session_named(handler_input: HandlerInput, controls: SessionControls, session: RunningSession,
                          asked: str, stop: bool = False):
    """Stop (`stop`), pause or resume said of a kind of session that is not the one on: which one
    is on. Nothing ends and nothing starts. Asked to stop, we ask whether to stop the one on (it
    waits while we ask: "yes" stops it, "no" plays it on); asked to pause, a session that was
    playing waits, paused (they asked for quiet, of a kind), and they hear how to carry on or end
    it. Not a heat session: one left paused would leave the heat on them with nothing to say when
    its time is up, so it plays on (session_controls.PauseSessionHandler)."""
    content_ = content(handler_input)
    name = session.name(handler_input)
    if session.carries_on and session.token.session_type == HEAT:
        controls.resume(handler_input, session)
        return reply(handler_input, text(content_.session_say("other_session_plays_on", asked=asked, name=name)))
    if session.carries_on and stop:
        hold_for_conversation(handler_input)            # said in the question
        state = conversation(handler_input)
        drop_question(state)
        state["awaiting"] = STOP_ASKED
        question = content_.session_say("other_session_stop_question", asked=asked, name=name,
                                        remaining=minutes_left(handler_input, session))
        return reply(handler_input, text(question),
                     reprompt=text(content_.session_say("other_session_stop_reprompt", name=name)))
    if session.carries_on:
        controls.pause(handler_input, session)
        return reply(handler_input, text(content_.session_say("other_session_paused", asked=asked, name=name)))
    return reply(handler_input, text(content_.session_say("other_session_waiting", asked=asked, name=name)))
