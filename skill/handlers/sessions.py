"""Asking for a timed session: "start a ten minute mat session", "a five minute meditation", "the
mat one" to "which session?", "time it for me" at a step, and the answer to the timer permission.
How a session starts is session_starter.py's.
"""
from __future__ import annotations

from typing import Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import (SESSION_NOTE, USUAL_ASKED, content, conversation, keep_place_for_a_break,
                                         place_in_steps, step_on, steps_to_come)
from skill.handlers.memory import memory
from skill.handlers.memory_by_voice import kind_in_context
from skill.handlers.preferences import already_on
from skill.handlers.remedy_steps import session_they_can_do
from skill.handlers.replies import first_use_notice, reply, steps_reprompt, where_in_steps
from skill.handlers.running_session import SessionControls, asking_back, running_session
from skill.handlers.session_starter import (TIMERS_REFUSED, SessionStarter, held_between, preferred_minutes, spoken_minutes,
                                           unfinished_session_name)
from skill.handlers.session_words import (BRIEF, brief_with_no_kind_named, kind_words, length_with_no_kind_named,
                                          lying_or_body, named_session, requested_minutes, whole_minutes)
from skill.handlers.slots import read_slot
from skill.handlers.timer_permission import pending_from_token
from skill.handlers.usual_choice import chosen_as_usual
from skill.responses import text
from skill.routing import RoutedHandler, intents, kind_of, requests

def _not_a_session(handler_input: HandlerInput):
    """ "I'm on my back" answering a step ("lie on your back"): in the steps, say next when
    ready; otherwise, where it hurts."""
    content_ = content(handler_input)
    if conversation(handler_input).get("condition") in content_.conditions:
        said = content_.say("step_prompt") if steps_to_come(handler_input) else where_in_steps(handler_input)
        return reply(handler_input, text(said), reprompt=text(steps_reprompt(handler_input)))
    return reply(handler_input, asking_back(handler_input, text(content_.say("lying_outside_steps"))),
                 reprompt=text(content_.say("welcome_reprompt")))


def _remedy_session(content_, state) -> Optional[str]:
    """The session of the remedy open in the conversation, as they can do it (in pregnancy, or
    without what it needs, the one offered instead), or None."""
    condition = content_.conditions.get(state.get("condition", ""))
    return session_they_can_do(content_, state, condition.session) if condition is not None else None


def _kind_for_a_length(handler_input: HandlerInput) -> Optional[str]:
    """The kind of session a length said on its own is for, with no question of ours standing: in
    a remedy's steps, the remedy's (as they can do it); else the one on this device, the last they started, or their
    usual (memory_by_voice.kind_in_context). None, to ask which, when there is none, or when it is
    one that pregnancy says to check with the midwife first (they choose it themselves)."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    remedy_session = _remedy_session(content_, state) if state.get("condition") in content_.conditions else None
    if remedy_session is not None:
        return remedy_session
    kind = kind_in_context(handler_input, memory(handler_input), content_.sessions)
    if state.get("pregnant") and kind in content_.say("pregnancy_cautions"):
        return None
    return kind


# Our questions about a session to start that a length answers: "Would you like 30 minutes?",
# and "Which would you like?" (the length kept while they choose).
LENGTH_ANSWERS = ("offer_session", "session_type")


class StartSessionHandler(RoutedHandler):
    """A session asked for, or a length answering our question about one; "I prefer fifteen
    minutes" too (a length to keep, said with no kind: to "Would you like 30 minutes?" it means
    this one). A length asked for on its own ("fifteen minutes please", "I'd like fifteen
    minutes"), no question standing, is of the kind they mean (_kind_for_a_length), or which."""

    takes = intents("StartSessionIntent", "SessionLengthIntent", "SetPreferenceIntent")

    def __init__(self, starter: SessionStarter, controls: SessionControls) -> None:
        self.starter = starter
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] != "SetPreferenceIntent":
            return True
        return (conversation(handler_input).get("awaiting") in LENGTH_ANSWERS
                and read_slot(handler_input, "session_type").heard is None)

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        session_type = kind_words(handler_input)
        if lying_or_body(handler_input, session_type):
            return _not_a_session(handler_input)
        minutes = requested_minutes(handler_input)
        if minutes is None and state.get("awaiting") == "session_type":
            minutes = state.get("offer_minutes")
        chosen = named_session(handler_input)
        brief = read_slot(handler_input, "brevity").id == "short"
        said_yes = session_type.heard is not None and not content_.without("yes_words", session_type.heard).strip()
        if chosen is None and (session_type.heard is None or said_yes) and state.get("awaiting") == "offer_session":
            # "Would you like 30 minutes?" "No, make it twenty." "A heat session?" "Yes, for five minutes."
            chosen = state.get("offer")
        if chosen is None and brief_with_no_kind_named(handler_input):
            brief = True
            chosen = _remedy_session(content_, state)          # "just a quick one" at a step
        length_alone = kind_of(handler_input)[1] == "StartSessionIntent" and length_with_no_kind_named(handler_input)
        if chosen is None and length_alone and not state.get("awaiting"):
            chosen = _kind_for_a_length(handler_input)          # "fifteen minutes please"
        brief = brief or (state.get("awaiting") == "session_type" and bool(state.get(BRIEF)))
        if chosen in content_.sessions:
            if minutes is None and not brief and not state.get("awaiting"):
                on = self._already_on(handler_input, chosen)
                if on is not None:
                    return on
            lead = chosen_as_usual(handler_input, chosen) if state.pop("awaiting", None) == "session_type" else ""
            state.pop(BRIEF, None)
            if minutes is None and brief:
                minutes = session_kind(chosen).min_minutes             # "a quick meditation"
            return self.starter.start(handler_input, chosen, minutes, lead=lead)
        if state.get("awaiting") != "session_type":
            state.pop(USUAL_ASKED, None)        # a new "which would you like?", not the usual's
        state.update(awaiting="session_type", offer_minutes=minutes)
        if brief and minutes is None:
            state[BRIEF] = True                 # "a quick one": which? Then the shortest of that one
        reprompt = text(content_.session_say("which_session_reprompt"))
        if not session_type.unresolved or brief:
            which = (content_.session_say("which_session_for", minutes=spoken_minutes(content_, whole_minutes(minutes)))
                     if length_alone else content_.session_say("which_session"))
            return reply(handler_input, asking_back(handler_input, text(which)), reprompt=reprompt)
        key, heard = "unknown_session", session_type.heard
        if (content_.ends_like_a_phrase(heard)                          # "pause my" session
                or content_.mentioned("crisis_words", heard)):          # never said back
            key = "unknown_session_phrase"
        elif content_.mentioned("plain_timer", heard):                # "set a timer": Alexa's own
            key = "unknown_session_timer"
        if unfinished_session_name(handler_input):     # it waits while we ask: "I can't time" first
            said = held_between(handler_input, text(content_.session_say(f"{key}_held", heard=heard)),
                                 text(content_.session_say("session_choices")))
            return reply(handler_input, said, reprompt=reprompt)
        return reply(handler_input, asking_back(handler_input, text(content_.session_say(key, heard=heard))),
                     reprompt=reprompt)

    def _already_on(self, handler_input: HandlerInput, session_type: str):
        """ "Start a mat session" while that very session is on, at the length it would start at
        (their own, or the default): it goes on from where it is, a paused one says so, rather
        than starting over and losing the time done. None otherwise: someone whose own length
        differs ("Alice's mat sessions are 20 minutes") gets theirs, started."""
        session = running_session(handler_input)
        if session is None or session.token.session_type != session_type:
            return None
        length = preferred_minutes(handler_input, session_type) or session_kind(session_type).default_minutes
        if session.token.minutes != whole_minutes(length):
            return None
        return already_on(handler_input, self.controls, session_type)


class SessionChosenHandler(RoutedHandler):
    """The answer to "which would you like, an acupressure mat session, ...?" heard as a remedy
    ("the mat one" sounds like "the lower back one"): the session it names starts, at the length
    asked for before; or, when the question was which session a length is for, that is saved."""

    takes = intents("RemedyIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def wants(self, handler_input: HandlerInput) -> bool:
        return (conversation(handler_input).get("awaiting") in ("session_type", "preference_type")
                and named_session(handler_input, "area", "symptom") is not None)

    def handle(self, handler_input: HandlerInput):
        from skill.handlers import preferences
        state = conversation(handler_input)
        session_type = named_session(handler_input, "area", "symptom")
        awaiting, minutes = state.pop("awaiting", None), state.pop("offer_minutes", None)
        state.pop("offer", None)
        if awaiting == "preference_type" and minutes is not None:
            return preferences.answer_preference(handler_input, session_type, minutes)
        lead = chosen_as_usual(handler_input, session_type) if awaiting == "session_type" else ""
        if state.pop(BRIEF, None) and minutes is None:          # "a quick one", then "the mat one"
            minutes = session_kind(session_type).min_minutes
        return self.starter.start(handler_input, session_type, minutes, lead=lead)


class TimeThisStepHandler(RoutedHandler):
    """ "Time it for me" at "lie on your mat for at least ten minutes": the session the step names
    (a session's name said in its text, as said to them: in pregnancy, its own wording), else the
    remedy's own; in pregnancy, or without what it needs, the one offered instead
    (remedy_steps.session_they_can_do); none of those, or outside a remedy, which one."""

    takes = intents("TimeThisStepIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        condition = content_.conditions.get(state.get("condition", ""))
        session_type, index = None, None
        if condition is not None:
            index = step_on(state, len(condition.steps))
            named = content_.value_within("SESSION_TYPE", condition.steps_for(bool(state.get("pregnant")))[index])
            session_type = session_they_can_do(content_, state, named if named in content_.sessions
                                               else condition.session)
        if session_type is None and state.get("pregnant") and condition is not None:
            return self._what_suits_pregnancy(handler_input)
        if session_type is None:
            state.pop(USUAL_ASKED, None)
            state.update(awaiting="session_type", offer_minutes=None)
            return reply(handler_input, asking_back(handler_input, text(content_.session_say("which_session"))),
                         reprompt=text(content_.session_say("which_session_reprompt")))
        return self.starter.start(handler_input, session_type, None,
                                  remedy_step=place_in_steps(handler_input, index))


    @staticmethod
    def _what_suits_pregnancy(handler_input: HandlerInput):
        """No session of this step suits pregnancy: said plainly, and the one that does offered
        (a breathing meditation), never the list with heat and the mat in it."""
        content_ = content(handler_input)
        state = conversation(handler_input)
        cautions = content_.say("pregnancy_cautions")
        suited = [kind for kind in content_.sessions if kind not in cautions]
        said = text(content_.say("no_step_session_in_pregnancy"))
        if len(suited) != 1:
            return reply(handler_input, f"{said} {text(content_.say('answer_back_to_steps'))}",
                         reprompt=text(steps_reprompt(handler_input)))
        name = content_.sessions[suited[0]].name
        state.update(awaiting="offer_session", offer=suited[0], offer_minutes=None)
        return reply(handler_input, f"{said} {text(content_.say('offer_session', session=name))}",
                     reprompt=text(content_.say("offer_session_reprompt", session=name)))


class PermissionAnswerHandler(RoutedHandler):
    """Alexa's answer to our timer-permission request: carry on with the session either way."""

    takes = requests("Connections.Response")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        request = handler_input.request_envelope.request
        answer = ((request.payload or {}).get("status") or "NOT_ANSWERED").upper()
        content_ = content(handler_input)
        remembered = memory(handler_input).pop("pending_session", None) or {}
        if answer == "ACCEPTED":
            memory(handler_input).pop(TIMERS_REFUSED, None)     # allowed now: timers may be tried again
        pending = pending_from_token(getattr(request, "token", None), content_) or remembered
        if pending.get("type") not in content_.sessions:
            return reply(handler_input, text(content_.say("welcome_back")),
                         reprompt=text(content_.say("welcome_reprompt")))
        if pending.get("timer_only"):
            step = remembered.get("remedy") if remembered.get("type") == pending["type"] else None
            if answer == "ACCEPTED":
                return self.starter.timer_only(handler_input, pending["type"], pending["minutes"], remedy_step=step)
            if step:                            # they time the step themselves: "next" goes on after it
                keep_place_for_a_break(handler_input, step)
            return self.starter.without_timer(handler_input, pending["type"], int(pending["minutes"]),
                                              "timer_only_declined", first_use_notice(handler_input))
        note = "" if answer == "ACCEPTED" else content_.session_say("timer_declined")
        remembered = remembered if remembered.get("type") == pending["type"] else {}
        return self.starter.begin(handler_input, pending["type"], int(pending["minutes"]), note=note,
                                  remedy_step=remembered.get("remedy"), around_birth=remembered.get(SESSION_NOTE))
