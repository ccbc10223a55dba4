"""Switching the saving of sessions off and on, by voice: "stop saving my sessions" (asked first,
saying what changes), "start saving my sessions again". Kept per person like the rest of memory
(store/identity.py), as one persistent attribute (SAVING_OFF): while it is set the store writes
no history row for them (store/attributes.py), every session they start is marked not to be kept
(playback.NOT_KEPT, as "don't save this session" does), and the questions that need their history
("how many this week", "my streak", "same as last time") say saving is off and how to turn it on.

What was kept before stays: stopping is not deleting, and deleting can't be undone, so the
question says so and how to delete it ("forget everything about me", which removes this choice
too: saving is then on again, as for everyone)."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import STOP_SAVING, content, conversation
from skill.handlers.memory import memory, memory_available
from skill.handlers.memory_by_voice import AboutMemoryHandler, asked, said, say, unavailable, voice_unknown
from skill.handlers.running_session import running_session, still_held
from skill.playback import NOT_KEPT, STARTED_BY, device_key, save_state
from skill.responses import text
from skill.routing import intents
from skill.store.attributes import SAVING_OFF
from skill.store.store import HISTORY_DAYS

log = logging.getLogger("skill.memory")


def saving_off(attributes) -> bool:
    """They asked us not to keep their sessions."""
    return bool(memory_available(attributes) and attributes.get(SAVING_OFF))


def saving_off_said(handler_input: HandlerInput) -> str:
    """ "Saving is off, so I'm not keeping your sessions ...": what a question about their history
    hears while it is."""
    return say(handler_input, "saving_off_answer")


class StopSavingHandler(AboutMemoryHandler):
    """ "Stop saving my sessions", "don't keep my history": what changes, and what stays, asked
    first; already off, said so."""

    takes = intents("StopSavingIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        if saving_off(attributes):
            return said(handler_input, self.controls, say(handler_input, "saving_already_off"))
        conversation(handler_input)["awaiting"] = STOP_SAVING
        shared = "_shared" if voice_unknown(handler_input) else ""
        return asked(handler_input, say(handler_input, f"saving_off_confirm{shared}", days=HISTORY_DAYS),
                     say(handler_input, "saving_off_reprompt"))


class StartSavingHandler(AboutMemoryHandler):
    """ "Start saving my sessions again", "you can remember my sessions": on again, from the next
    session they finish."""

    takes = intents("StartSavingIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        if not saving_off(attributes):
            return said(handler_input, self.controls, say(handler_input, "saving_already_on", days=HISTORY_DAYS))
        del attributes[SAVING_OFF]
        log.info("saving switched on again")
        return said(handler_input, self.controls, say(handler_input, "saving_on_done", days=HISTORY_DAYS))


def stop_saving_confirmed(handler_input: HandlerInput):
    """Yes: saving is off for whoever is speaking; a session of theirs on this device is not kept
    either when it ends."""
    attributes = memory(handler_input)
    if not memory_available(attributes):
        return unavailable(handler_input)
    attributes[SAVING_OFF] = True
    session = running_session(handler_input)
    if session is not None and session.state.get(STARTED_BY) == getattr(attributes, "speaker", None):
        session.state[NOT_KEPT] = True
        save_state(attributes, device_key(handler_input), session.state)
    log.info("saving switched off")
    return said(handler_input, None, " ".join(
        p for p in (say(handler_input, "saving_off_done"), text(still_held(handler_input))) if p))


def stop_saving_declined(handler_input: HandlerInput):
    """No: saving stays on; a session the question paused waits for "Alexa, resume"."""
    return said(handler_input, None, " ".join(
        p for p in (say(handler_input, "saving_off_declined"), text(still_held(handler_input))) if p))


def answered_saving_off(handler_input: HandlerInput, controls):
    """The answer to a question about their history while saving is off, or None when it is on."""
    if not saving_off(memory(handler_input)):
        return None
    return said(handler_input, controls, saving_off_said(handler_input))


def asked_saving_off(handler_input: HandlerInput):
    """ "Same as last time" while saving is off: said so, and which session, asked."""
    if not saving_off(memory(handler_input)):
        return None
    return asked(handler_input, say(handler_input, "saving_off_same_again"),
                 text(content(handler_input).say("welcome_reprompt")))
