"""Heat is never left on someone unsaid. Whatever a handler answers, when a heat session ends this
turn (stopped, replaced, forgotten, its time up as it played or as it waited), or waits paused
with no Alexa timer to tell them when its time is up, the answer says to take the heat off,
unless it already does. One check on every spoken answer, so that no new way of ending or pausing
a heat session can forget it (session_endings.heat_off_owed notes why).
"""
from __future__ import annotations

import re

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui import SsmlOutputSpeech

from skill.handlers.conversation import content
from skill.handlers.heat_timer import HEAT, heat_timer_left
from skill.handlers.red_flags_said import detected_red_flags
from skill.handlers.replies import WARNED
from skill.handlers.running_session import paused_here, running_session
from skill.handlers.session_endings import HEAT_OFF_OWED
from skill.responses import SPEECH_PARTS, calm
from skill.routing import INTENT_REQUEST, kind_of

SPOKEN = (INTENT_REQUEST, "LaunchRequest")
_SENTENCE_END = re.compile(r"[.?!](?=\s|<|$)")


def heat_over_now(handler_input: HandlerInput) -> str:
    """When this request found a waiting heat session's time up (running_session ended it): why,
    with the heat off ("The timer for your heat session has gone off ... Take the heat off now"),
    for an answer about it ("how much time is left"); otherwise ""."""
    why = handler_input.attributes_manager.request_attributes.get(HEAT_OFF_OWED)
    content_ = content(handler_input)
    if why == "heat_time_up":
        return content_.session_say("heat_time_up", name=content_.sessions[HEAT].name)
    return content_.sessions[HEAT].finished if why == "finished" else ""


def _still_waits(handler_input: HandlerInput) -> bool:
    """A heat session waits here, paused, with no timer running on to announce its end."""
    session = paused_here(handler_input)
    return (session is not None and session.token.session_type == HEAT
            and heat_timer_left(handler_input, session) is None)


def _line(handler_input: HandlerInput, why: str, named: bool) -> str:
    """What to add: with the session named in the answer already, only the heat off; otherwise
    which session, and why ("Your heat session is done. Take the heat off now ...")."""
    content_ = content(handler_input)
    if why == "waits":
        return content_.session_say("heat_off_if_still_on")
    if named or why == "ended":
        return content_.session_say("heat_off_now")
    if why == "heat_time_up":
        return content_.session_say("heat_time_up", name=content_.sessions[HEAT].name)
    return content_.sessions[HEAT].finished


def with_heat_off(ssml: str, line: str, name: str, warned: bool) -> str:
    """`ssml` with `line` after the sentence that names the heat session; if none does, first
    (or after a warning, which comes first: last, or just before a question it ends with)."""
    start = ssml.lower().find(name.lower())
    if start >= 0:
        end = _SENTENCE_END.search(ssml, start)
        if end is not None:
            return f"{ssml[:end.end()]} {line}{ssml[end.end():]}"
    body = SPEECH_PARTS.fullmatch(ssml)
    if body is None:
        return ssml
    lead, middle, tail = body.groups()
    if not warned:
        return f"{lead}{line} {middle}{tail}"
    ends = [found.end() for found in _SENTENCE_END.finditer(middle)]
    if middle.rstrip().endswith("?") and len(ends) > 1:       # before the question they answer
        return f"{lead}{middle[:ends[-2]]} {line}{middle[ends[-2]:]}{tail}"
    return f"{lead}{middle} {line}{tail}"


class TakeTheHeatOffInterceptor(AbstractResponseInterceptor):
    """Adds "Take the heat off now" (or why it must come off) to a spoken answer that owes it.
    Not after the crisis line, which is all someone in crisis hears (safety.RedFlagHandler); after,
    not before, the warning signs (these intents' answers may begin with them)."""

    WARNINGS = ("RedFlagIntent", "AMAZON.FallbackIntent", "EmergencyCallIntent")

    def process(self, handler_input: HandlerInput, response) -> None:
        if response is None or kind_of(handler_input)[0] not in SPOKEN:
            return
        content_ = content(handler_input)
        name = content_.sessions[HEAT].name
        notes = handler_input.attributes_manager.request_attributes
        why = notes.get(HEAT_OFF_OWED)
        speech = response.output_speech
        if speech is None and why not in (None, "waits"):           # "pause" over the end bells
            response.output_speech = SsmlOutputSpeech(
                ssml=f"<speak>{calm(_line(handler_input, why, named=False))}</speak>")
            return
        if not isinstance(speech, SsmlOutputSpeech) or not speech.ssml:
            return
        if why is None and name.lower() in speech.ssml.lower() and _still_waits(handler_input):
            why = "waits"               # the welcome, goodbye, "how much time is left" about it
        if why is None or content_.mentioned("heat_off_said", _plain_text(speech.ssml)):
            return
        if why == "waits" and not _still_waits(handler_input):
            return                      # paused, then resumed, replaced or ended in the same turn
        now_on = running_session(handler_input)
        if why != "waits" and now_on is not None and now_on.token.session_type == HEAT and not now_on.paused:
            return                      # a new heat session asked for, in its place: its intro says
        flags = detected_red_flags(handler_input) if kind_of(handler_input)[0] == INTENT_REQUEST else []
        if any(flag in content_.say("red_flags_crisis") for flag in flags):
            return
        warned = bool(flags) or bool(notes.get(WARNED)) or kind_of(handler_input)[1] in self.WARNINGS
        line = _line(handler_input, why, name.lower() in speech.ssml.lower())
        speech.ssml = with_heat_off(speech.ssml, line, name, warned=warned)


def _plain_text(ssml: str) -> str:
    return re.sub(r"<[^>]+>", " ", ssml)
