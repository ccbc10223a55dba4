"""What we keep, by voice: "what do you know about me", "forget everything about me", and
forgetting an account when the skill is disabled. A voice Alexa doesn't know shares the household's
memory; people Alexa knows by voice have their own (store/identity.py), and we say which."""
from __future__ import annotations

import logging
from typing import Optional

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput

from skill import alerts, clock, history
from skill.audio.timeline import session_type as session_kind
from skill.errors import RetryLater
from skill.handlers.conversation import FEELING, SESSION_NOTE, STEP_NOTES, conversation, remedy_name
from skill.handlers.history_questions import about_duration, outcome_of
from skill.handlers.memory import USUAL_TYPE, memory
from skill.handlers.memory_by_voice import (AboutMemoryHandler, length_said, lengths_listed, now_and_before, said,
                                            saved_lengths, say, usual_kind, voice_unknown)
from skill.handlers.replies import hold_back_notice, reply
from skill.handlers.running_session import (RunningSession, asking_back, hold_for_conversation, running_session,
                                            still_held)
from skill.handlers.saving_choice import saving_off
from skill.handlers.session_endings import heat_off_owed
from skill.playback import STARTED_BY
from skill.responses import text
from skill.routing import RoutedHandler, intents, requests
from skill.store.store import HISTORY_DAYS

log = logging.getLogger("skill.memory")


class WhatWeKeepHandler(AboutMemoryHandler):
    """ "What do you know about me?": briefly, what Back Relief keeps for whoever is speaking (for
    the household's shared use when Alexa doesn't know their voice), how long, and how to delete it.
    That they heard the first-use notice is kept too, but is not worth their time."""

    takes = intents("WhatWeKeepIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        shared = "_shared" if voice_unknown(handler_input) else ""
        kept = [part for part in (self.lengths(handler_input, content_, attributes),
                                  self.usual(handler_input, content_, attributes),
                                  self.last(handler_input, content_, attributes),
                                  self.step_note(handler_input, attributes),
                                  self.finished(handler_input, attributes)) if part]
        off = say(handler_input, "keep_saving_off", days=HISTORY_DAYS) if saving_off(attributes) else ""
        if not kept:
            if off:
                return said(handler_input, self.controls, say(handler_input, f"keep_nothing_saving_off{shared}"))
            return said(handler_input, self.controls, say(handler_input, f"keep_nothing{shared}", days=HISTORY_DAYS))
        return said(handler_input, self.controls, " ".join(p for p in (
            say(handler_input, f"keep_lead{shared}"), *kept, off, say(handler_input, "keep_how_to_delete")) if p))

    @staticmethod
    def lengths(handler_input: HandlerInput, content_, attributes) -> str:
        saved = saved_lengths(attributes, content_.sessions)
        if not saved:
            return ""
        return say(handler_input, "keep_lengths", lengths=lengths_listed(content_, saved))

    @staticmethod
    def usual(handler_input: HandlerInput, content_, attributes) -> str:
        usual = usual_kind(attributes, content_.sessions)
        key = "keep_usual_said" if attributes.get(USUAL_TYPE) == usual else "keep_usual"     # "my usual is the mat"
        return say(handler_input, key, name=content_.sessions[usual].name) if usual else ""

    @staticmethod
    def last(handler_input: HandlerInput, content_, attributes) -> str:
        """The last thing they did (a session stopped early or paused, said so); while that is
        going on now, that it is, and what came before."""
        now, last = now_and_before(handler_input, attributes)
        said_now = ""
        if now is not None:
            said_now = (say(handler_input, "keep_now_session", name=content_.sessions[now["type"]].name)
                        if now.get("kind") == "session" and now.get("type") in content_.sessions else
                        say(handler_input, "keep_now_remedy",
                            condition=remedy_name(content_, now["id"], now.get(FEELING))))
        which = "before" if now is not None else "last"
        told = ""
        if last.get("kind") == "session" and last.get("type") in content_.sessions:
            minutes = last.get("minutes") or session_kind(last["type"]).default_minutes
            outcome = outcome_of(handler_input, last) if now is None else None
            how = "" if outcome is None or outcome.how != "stopped" else "_paused" if outcome.resumable else "_stopped"
            told = say(handler_input, f"keep_{which}_session{how}", name=content_.sessions[last["type"]].name,
                       length=length_said(content_, last["type"], int(minutes)),
                       duration=about_duration(handler_input, outcome.seconds) if how else "")
        elif last.get("kind") == "remedy" and last.get("id") in content_.conditions:
            told = say(handler_input, f"keep_{which}_remedy",
                       condition=remedy_name(content_, last["id"], last.get(FEELING)))
        return " ".join(p for p in (said_now, told) if p)

    @staticmethod
    def step_note(handler_input: HandlerInput, attributes) -> str:
        """Pregnancy, or a new baby, kept with where the steps were while a session from them plays
        or after a break in them (conversation.place_in_steps): health information, so said, with how
        long it stays."""
        last = attributes.get("last")
        place = last.get("remedy") if isinstance(last, dict) else None
        note = next((n for n in STEP_NOTES if isinstance(place, dict) and place.get(n)), None)
        if note:
            kept_for = "_break" if last.get("kind") == "remedy" else ""        # a break in the steps
            return say(handler_input, f"keep_note_{note}{kept_for}")
        # Kept with a session that is not from the steps (yes to the meditation offered): while it runs.
        session = running_session(handler_input)
        note = session.state.get(SESSION_NOTE) if session is not None else None
        return say(handler_input, f"keep_session_note_{note}") if note in STEP_NOTES else ""

    @staticmethod
    def finished(handler_input: HandlerInput, attributes) -> str:
        count = len(history.within_days(attributes, HISTORY_DAYS, clock.now(handler_input)))
        if not count:
            return ""
        return say(handler_input, "keep_history_one" if count == 1 else "keep_history", count=count, days=HISTORY_DAYS)


class ForgetMeHandler(RoutedHandler):
    """ "Forget everything about me": confirm first; the yes/no handlers finish the job. With
    saving off, that it goes too is said first (saving_choice.py): it is one of the things kept."""

    takes = intents("ForgetMeIntent")

    def handle(self, handler_input: HandlerInput):
        conversation(handler_input)["awaiting"] = "forget"
        shared = _forgetting_shared(handler_input)
        reprompt = say(handler_input, f"forget_confirm_reprompt{shared}")
        lead = say(handler_input, "forget_saving_on_again") if saving_off(memory(handler_input)) else ""
        ending = _session_forgetting_ends(handler_input)
        if ending is None:
            question = say(handler_input, f"forget_confirm{shared}")
            return reply(handler_input, asking_back(handler_input, " ".join(p for p in (lead, question) if p)),
                         reprompt=reprompt)
        # Yes ends the session too, so no "say resume to get it back": it waits, paused, for the
        # answer, and a no says how to resume it.
        hold_for_conversation(handler_input)
        question = say(handler_input, f"forget_confirm_ending{shared}", name=ending.name(handler_input))
        return reply(handler_input, " ".join(p for p in (lead, question) if p), reprompt=reprompt)


def _forgetting_shared(handler_input: HandlerInput) -> str:
    """The suffix of what is said about forgetting to a voice Alexa doesn't know ("_shared"): it
    deletes the household's shared memory, not the memories of people Alexa knows by voice."""
    return "_shared" if voice_unknown(handler_input) else ""


def _session_forgotten_with(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's session, if forgetting this recognised voice deletes it (store.delete_owner
    deletes the device states they started)."""
    session = running_session(handler_input)
    speaker = getattr(memory(handler_input), "speaker", None)
    return session if session is not None and session.state.get(STARTED_BY) == speaker else None


def _session_forgetting_ends(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's session, if forgetting deletes it: on the shared account, any (everything is
    deleted); for a recognised voice, the one they started."""
    if getattr(memory(handler_input), "speaker", None) is None:
        return running_session(handler_input)
    return _session_forgotten_with(handler_input)


def forget_confirmed(handler_input: HandlerInput):
    hold_back_notice(handler_input)     # nothing about them may be noted again, not even that
    was_off = saving_off(memory(handler_input))         # deleted with the rest: on again, said so
    whole_account = getattr(memory(handler_input), "speaker", None) is None
    session = _session_forgetting_ends(handler_input)
    # Someone else's session the question paused is not forgotten: it waits for "Alexa, resume".
    waits = text(still_held(handler_input)) if session is None else ""
    if session is not None:                 # forgotten with the rest: the heat comes off
        heat_off_owed(handler_input, session.token.session_type, "ended")
    session = None if whole_account else session
    try:
        handler_input.attributes_manager.delete_persistent_attributes()
    except PersistenceException:
        log.warning("could not delete a person's data on request")
        return reply(handler_input, say(handler_input, "forget_failed"))
    # The notes of the sessions forgotten are gone, so nothing could resume them or their
    # end-of-session timers: no timer of ours is left waiting in their Alexa timers. On the shared
    # account that is every session on every device, so every timer we set for it.
    if whole_account and alerts.has_timer_permission(handler_input):
        alerts.delete_all_timers(handler_input)
    elif session is not None:
        alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
    conversation(handler_input).clear()
    done = say(handler_input, f"forgotten{_forgetting_shared(handler_input)}")
    on_again = say(handler_input, "forgotten_saving_on") if was_off else ""
    return reply(handler_input, " ".join(p for p in (done, on_again, waits) if p))


def forget_declined(handler_input: HandlerInput):
    """Nothing deleted; a session the question paused waits for "Alexa, resume", as said."""
    speech = " ".join(p for p in (say(handler_input, "forget_declined"), text(still_held(handler_input))) if p)
    return said(handler_input, None, speech)


class SkillDisabledHandler(RoutedHandler):
    """The skill was disabled: delete everything stored for the account, voice profiles included."""

    takes = requests("AlexaSkillEvent.SkillDisabled")

    def __init__(self, store) -> None:
        self.store = store

    def handle(self, handler_input: HandlerInput):
        user = handler_input.request_envelope.context.system.user
        try:
            self.store.forget_account(user.user_id)
        except PersistenceException as failure:
            log.error("could not delete an account's data after SkillDisabled")
            raise RetryLater("account data could not be deleted yet") from failure
        return handler_input.response_builder.response
