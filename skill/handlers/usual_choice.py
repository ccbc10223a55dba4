"""Saying which session is their usual: "my usual is the mat", "I prefer heat", "make meditation
my usual". Kept in memory (USUAL_TYPE) for "start my usual", ahead of the kind they finish most
(memory_by_voice.usual_kind); the answer offers to start it, when nothing else is going on."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import USUAL_ASKED, USUAL_OFFERED, content, conversation, drop_question
from skill.handlers.memory import USUAL_TYPE, memory
from skill.handlers.memory_by_voice import AboutMemoryHandler, asked, said, say, usual_minutes
from skill.handlers.running_session import SessionControls, running_session
from skill.handlers.session_words import named_session, requested_minutes
from skill.handlers.slots import read_slot
from skill.responses import text
from skill.routing import intents, kind_of


class SetUsualKindHandler(AboutMemoryHandler):
    """ "My usual is the mat", "make meditation my usual", "my favourite is the heat"; "I prefer
    heat" too, which comes as SetPreferenceIntent with a kind and no length (a length to keep is
    preferences.SetPreferenceHandler's)."""

    takes = intents("SetUsualKindIntent", "SetPreferenceIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] == "SetUsualKindIntent":
            return True
        return requested_minutes(handler_input) is None and read_slot(handler_input, "session_type").heard is not None

    def answer(self, handler_input: HandlerInput, content_, attributes):
        session_type = named_session(handler_input)
        if session_type not in content_.sessions:        # "I prefer ice": what can be their usual
            return asked(handler_input, say(handler_input, "usual_kind_unknown"),
                         text(content_.say("welcome_reprompt")))
        attributes[USUAL_TYPE] = session_type
        return usual_kept(handler_input, self.controls, session_type)


def usual_kept(handler_input: HandlerInput, controls: SessionControls, session_type: str):
    """ "Got it, the heat session is your usual.", and whether to start it now: not while a session
    is on this device (it plays on) or a remedy's steps are open (they go on). In pregnancy, a
    session to check with the midwife first is never offered: the reminder is said instead."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    name = content_.sessions[session_type].name
    kept = say(handler_input, "usual_kind_saved", name=name)
    session = running_session(handler_input)
    if state.get("pregnant") and session_type in content_.say("pregnancy_cautions"):
        kept = f"{kept} {text(content_.say('pregnancy_reminder'))}"
    elif not (session is not None and session.remaining_seconds > 0) and not state.get("condition"):
        drop_question(state)
        state.update(awaiting="offer_session", offer=session_type, offer_minutes=usual_minutes(
            memory(handler_input), session_type), **{USUAL_OFFERED: session_type})
        return asked(handler_input, f"{kept} {say(handler_input, 'usual_kind_offer')}",
                     say(handler_input, "usual_kind_offer_reprompt", name=name))
    if not state.get("condition"):          # a remedy's offer stands; any other question is answered
        drop_question(state)
    return said(handler_input, controls, kept)


def usual_declined(handler_input: HandlerInput):
    """No to "would you like to start it now?": ended kindly, with how to start it later."""
    return said(handler_input, None, say(handler_input, "usual_kind_declined"))



def chosen_as_usual(handler_input: HandlerInput, session_type: str) -> str:
    """The kind chosen to "which would you like?", asked after "start my usual" when we knew no
    usual: kept as their usual, and said ("Got it, ..."); "" for any other choice."""
    if not conversation(handler_input).pop(USUAL_ASKED, None):
        return ""
    memory(handler_input)[USUAL_TYPE] = session_type
    return say(handler_input, "usual_kind_saved", name=content(handler_input).sessions[session_type].name)


class ForgetUsualHandler(AboutMemoryHandler):
    """ "Forget my usual", "clear my usual": the usual they chose goes, nothing else (their saved
    lengths and history stay); "start my usual" then goes by the session they do most."""

    takes = intents("ForgetUsualIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        chosen = attributes.get(USUAL_TYPE)
        if chosen not in content_.sessions:
            attributes.pop(USUAL_TYPE, None)
            return said(handler_input, self.controls, say(handler_input, "usual_none_chosen"))
        del attributes[USUAL_TYPE]
        return said(handler_input, self.controls,
                    say(handler_input, "usual_forgotten", name=content_.sessions[chosen].name))
