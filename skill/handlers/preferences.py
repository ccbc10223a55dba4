"""Saved lengths by voice: "make my mat sessions fifteen minutes", "forget my preferences", and
what they are for: "start my usual", "same as last time"."""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import FEELING, USUAL_ASKED, content, conversation, drop_question, remedy_name
from skill.handlers.memory import memory, memory_available
from skill.handlers.memory_by_voice import (AboutMemoryHandler, asked, kept_when_declined, kind_in_context,
                                            now_and_before, said, saved_lengths, say, spoken_length, unavailable,
                                            usual_kind, usual_minutes)
from skill.handlers.remedies import start_remedy
from skill.handlers.replies import reply
from skill.handlers.running_session import SessionControls, running_session, still_held
from skill.handlers.saving_choice import asked_saving_off
from skill.handlers.session_speech import paused_time_left, spoken_duration
from skill.handlers.session_words import kind_words, named_session, requested_minutes, whole_minutes
from skill.handlers.session_starter import SessionStarter, spoken_minutes
from skill.handlers.slots import read_slot
from skill.local_time import device_time_zone
from skill.responses import text
from skill.routing import RoutedHandler, intents, kind_of


class SetPreferenceHandler(AboutMemoryHandler):
    """ "Make my mat sessions fifteen minutes", "I prefer fifteen minutes", "make it fifteen
    minutes from now on"; "change my usual to twenty minutes" (SetUsualLengthIntent)."""

    takes = intents("SetPreferenceIntent", "SetUsualLengthIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        # No kind named: for "change my usual to twenty minutes" the kind "start my usual" starts;
        # for "I prefer fifteen minutes", the one they are on or did last. A kind named among other
        # words ("the default length of the mat") is that kind; words that name none ("my
        # sessions"), or our question which one still standing, ask which.
        named = named_session(handler_input)
        heard = read_slot(handler_input, "session_type").heard
        asked_which = conversation(handler_input).get("awaiting") == "preference_type"
        if named or heard or asked_which:
            session_type = named
        elif kind_of(handler_input)[1] == "SetUsualLengthIntent":
            session_type = usual_kind(attributes, content_.sessions)
        else:
            session_type = kind_in_context(handler_input, attributes, content_.sessions)
        minutes = requested_minutes(handler_input)
        if session_type not in content_.sessions or minutes is None:
            question = say(handler_input, "preference_which")
            if minutes is not None:         # "make my usual twelve minutes": the answer saves it
                conversation(handler_input).update(awaiting="preference_type", offer_minutes=minutes)
                question = say(handler_input, "preference_which_for",
                               minutes=spoken_minutes(content_, whole_minutes(minutes)))
            return asked(handler_input, question, text(content_.session_say("which_session_reprompt")))
        return save_preference(handler_input, session_type, minutes, self.controls)


# Our questions about a length to save ("should I save 30 minutes?", "which session should be 12
# minutes?"): answered once a length is saved.
PREFERENCE_QUESTIONS = ("offer_preference", "preference_type")


def save_preference(handler_input: HandlerInput, session_type: str, minutes: float,
                    controls: Optional[SessionControls] = None, lead: str = ""):
    """Save a length for a kind of session. One we can't time is offered at the nearest we can:
    a yes (YesHandler) or another length (PreferenceAnswerHandler) saves that. `lead`: said
    before the offer (corrections.py: the length it moved back)."""
    content_ = content(handler_input)
    kind, name = session_kind(session_type), content_.sessions[session_type].name
    whole = whole_minutes(minutes)
    if whole not in kind.allowed_minutes:
        nearest = min(max(whole, kind.min_minutes), kind.max_minutes)
        conversation(handler_input).update(awaiting="offer_preference", offer=session_type, offer_minutes=nearest)
        per_side = "_per_side" if kind.minutes_are_per_side else ""         # a release's minutes
        question = say(handler_input, f"preference_out_of_range{per_side}", name=name, low=kind.min_minutes,
                       high=kind.max_minutes, nearest=nearest, minutes=spoken_minutes(content_, whole))
        return asked(handler_input, " ".join(p for p in (lead, question) if p),
                     say(handler_input, f"preference_reprompt{per_side}", name=name, nearest=nearest))
    state = conversation(handler_input)
    if state.get("awaiting") in PREFERENCE_QUESTIONS:      # answered now; a remedy's offer still stands
        drop_question(state)
    store_length(handler_input, session_type, whole)
    return said(handler_input, controls, say(handler_input, "preference_saved", name=name,
                                             length=spoken_length(content_, session_type, whole)))


# What the last length saved replaced, kept a few minutes for "no, I meant the meditation"
# (corrections.py): {"type", "minutes", "before" (the length it replaced, or None), "at"}.
LENGTH_SAVED = "length_saved"


def store_length(handler_input: HandlerInput, session_type: str, minutes: int) -> None:
    """Save `minutes` for this kind of session, noting the length it replaces."""
    attributes = memory(handler_input)
    preferred = dict(attributes.get("preferred_minutes") or {})
    before = preferred.get(session_type)
    preferred[session_type] = minutes
    attributes["preferred_minutes"] = preferred
    attributes[LENGTH_SAVED] = {"type": session_type, "minutes": minutes,
                                "before": before if isinstance(before, int) else None,
                                "at": clock.now(handler_input).isoformat()}


def put_back_length(attributes, saved) -> None:
    """The length saved by mistake goes: the kind has the length it had before it, or none."""
    lengths = dict(attributes.get("preferred_minutes") or {})
    if isinstance(saved.get("before"), int):
        lengths[saved["type"]] = saved["before"]
    else:
        lengths.pop(saved["type"], None)
    if lengths:
        attributes["preferred_minutes"] = lengths
    else:
        attributes.pop("preferred_minutes", None)
    attributes.pop(LENGTH_SAVED, None)


def answer_preference(handler_input: HandlerInput, session_type: str, minutes: float):
    """The answer to our question about a length to save (which session, or which length)."""
    if not memory_available(memory(handler_input)):
        return unavailable(handler_input)
    return save_preference(handler_input, session_type, minutes)


class PreferenceAnswerHandler(RoutedHandler):
    """A length or a kind of session, answering our question about saving a length: "twenty
    minutes" (or "I prefer twenty minutes") to "should I save 30 minutes?", "mat" to "which session
    should be 12 minutes?". Anything more ("start a ten minute mat session") is a new request, for
    the session handlers."""

    takes = intents("StartSessionIntent", "SessionLengthIntent", "SetPreferenceIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        awaiting = conversation(handler_input).get("awaiting")
        if awaiting not in ("offer_preference", "preference_type"):
            return False                    # most sessions are asked for outright: no words read
        minutes, named = requested_minutes(handler_input), named_session(handler_input)
        if awaiting == "offer_preference":
            return minutes is not None and named in (None, conversation(handler_input).get("offer"))
        return named is not None and minutes is None

    def handle(self, handler_input: HandlerInput):
        state = conversation(handler_input)
        session_type = named_session(handler_input) or state.get("offer")
        minutes = requested_minutes(handler_input)
        if minutes is None:
            minutes = state.get("offer_minutes")
        drop_question(state)
        return answer_preference(handler_input, session_type, minutes)


def already_on(handler_input: HandlerInput, controls: SessionControls, session_type: str):
    """ "My usual", "same as last time" while that very kind of session is on: it goes on from
    where it is (a paused one stays paused), with the time left, instead of starting over. None
    when it is not on."""
    session = running_session(handler_input)
    if session is None or session.remaining_seconds <= 0 or session.token.session_type != session_type:
        return None
    content_ = content(handler_input)
    name, remaining = session.name(handler_input), spoken_duration(handler_input, session.remaining_seconds)
    if session.paused:
        return reply(handler_input, text(paused_time_left(handler_input, session)))
    controls.resume(handler_input, session)
    return reply(handler_input, text(content_.session_say("already_on", name=name, remaining=remaining)))


class UsualSessionHandler(RoutedHandler):
    """ "Start my usual mat session" / "my usual": the kind they said is their usual, else the kind
    they finish most (usual_kind), at their preferred length, else the length they usually do.
    With none known, which: the one they choose is kept as their usual."""

    takes = intents("UsualSessionIntent")

    def __init__(self, starter: SessionStarter, controls: SessionControls) -> None:
        self.starter = starter
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        attributes = memory(handler_input)
        session_type = named_session(handler_input)         # "my usual meditation"
        if session_type not in content_.sessions and not memory_available(attributes):
            return unavailable(handler_input)
        if session_type not in content_.sessions:
            session_type = usual_kind(attributes, content_.sessions)
        if session_type not in content_.sessions:             # the one they choose is kept as their usual
            conversation(handler_input).update(awaiting="session_type", **{USUAL_ASKED: True})
            return asked(handler_input, say(handler_input, "no_usual"),
                         text(content_.session_say("which_session_reprompt")))
        return (already_on(handler_input, self.controls, session_type)
                or self.starter.start(handler_input, session_type, usual_minutes(attributes, session_type)))


class SameAsLastTimeHandler(RoutedHandler):
    """ "Same as last time": the session or the remedy they did last, again."""

    takes = intents("SameAsLastTimeIntent")

    def __init__(self, starter: SessionStarter, controls: SessionControls) -> None:
        self.starter = starter
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        attributes = memory(handler_input)
        if not memory_available(attributes):
            return unavailable(handler_input)
        off = asked_saving_off(handler_input)           # "stop saving my sessions": no last time kept
        if off is not None:
            return off
        yesterdays = self.yesterdays(handler_input, attributes)      # "same as yesterday"
        if yesterdays is not None and yesterdays.get("type") in content_.sessions:
            return (already_on(handler_input, self.controls, yesterdays["type"])
                    or self.starter.start(handler_input, yesterdays["type"], yesterdays.get("minutes")))
        last = attributes.get("last") or {}
        now, before = now_and_before(handler_input, attributes)
        if now is not None and now.get("kind") == "remedy":     # in the steps: the one before them
            if before.get("kind") == "remedy" and before.get("id") == now.get("id"):
                return said(handler_input, self.controls, say(
                    handler_input, "now_remedy", condition=remedy_name(content_, now["id"], now.get(FEELING))))
            if before.get("kind") not in ("session", "remedy"):
                return said(handler_input, self.controls, say(handler_input, "nothing_before_steps"))
            last = before
        if last.get("kind") == "session" and last.get("type") in content_.sessions:
            return (already_on(handler_input, self.controls, last["type"])
                    or self.starter.start(handler_input, last["type"], last.get("minutes")))
        if last.get("kind") == "remedy" and last.get("id") in content_.conditions:
            return start_remedy(handler_input, last["id"], symptom=last.get(FEELING))     # as it felt then
        return asked(handler_input, say(handler_input, "no_last_time"), text(content_.say("welcome_reprompt")))

    @staticmethod
    def yesterdays(handler_input: HandlerInput, attributes) -> Optional[Dict[str, Any]]:
        """ "Same as yesterday": the last session they finished yesterday (their day), not the last
        one (today's, say); None when they said no day, or finished none then."""
        if read_slot(handler_input, "period").id != "yesterday":
            return None
        zone = device_time_zone(handler_input)
        finished = history.on_day(attributes, history.today(zone, clock.now(handler_input)) - timedelta(days=1), zone)
        return max(finished, key=history.finished_at) if finished else None


class UsualOrLastTimeNamedHandler(RoutedHandler):
    """ "Let's do my usual", "start the same as last time" heard as a session to start, the words
    where its kind goes ('I can't time "my usual"'): their usual, or what they did last time."""

    takes = intents("StartSessionIntent")

    def __init__(self, usual: UsualSessionHandler, last_time: SameAsLastTimeHandler) -> None:
        self.usual = usual
        self.last_time = last_time

    def wants(self, handler_input: HandlerInput) -> bool:
        return self.said(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        handler = self.last_time if self.said(handler_input) == "last_time_named" else self.usual
        return handler.handle(handler_input)

    @staticmethod
    def said(handler_input: HandlerInput) -> Optional[str]:
        words = kind_words(handler_input)
        if not words.unresolved:
            return None
        content_ = content(handler_input)
        return next((m for m in ("last_time_named", "usual_named") if content_.mentioned(m, words.heard)), None)


class ResetPreferenceHandler(AboutMemoryHandler):
    """ "Forget my preferences", "go back to the default length for the mat": ask first; a yes
    (builtins.YesHandler) clears the saved length of that kind, or all of them. History stays."""

    takes = intents("ResetPreferenceIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        named = read_slot(handler_input, "session_type").id
        saved = saved_lengths(attributes, content_.sessions)
        if named in content_.sessions and named not in saved:
            return said(handler_input, self.controls, say(
                handler_input, "reset_nothing_for", name=content_.sessions[named].name,
                length=spoken_length(content_, named, session_kind(named).default_minutes)))
        if not saved:
            return said(handler_input, self.controls, say(handler_input, "reset_nothing"))
        only = named if named in saved else next(iter(saved)) if len(saved) == 1 else None
        conversation(handler_input).update(awaiting="reset_preference", offer=only)
        question = say(handler_input, "reset_confirm_all") if only is None else say(
            handler_input, "reset_confirm_one", name=content_.sessions[only].name,
            length=spoken_length(content_, only, session_kind(only).default_minutes))
        return asked(handler_input, question, say(handler_input, "reset_reprompt"))


def reset_confirmed(handler_input: HandlerInput, session_type: Optional[str]):
    """Yes to "should I clear your saved lengths?": that kind's length, or all of them."""
    attributes = memory(handler_input)
    if not memory_available(attributes):
        return unavailable(handler_input)
    content_ = content(handler_input)
    if session_type in content_.sessions:
        lengths = {kind: minutes for kind, minutes in (attributes.get("preferred_minutes") or {}).items()
                   if kind != session_type}
        speech = say(handler_input, "reset_done_one", name=content_.sessions[session_type].name,
                     length=spoken_length(content_, session_type, session_kind(session_type).default_minutes))
    else:
        lengths, speech = {}, say(handler_input, "reset_done_all")
    if lengths:
        attributes["preferred_minutes"] = lengths
    else:
        attributes.pop("preferred_minutes", None)
    attributes.pop(LENGTH_SAVED, None)                      # nothing left to correct
    return said(handler_input, None, " ".join(p for p in (speech, text(still_held(handler_input))) if p))


def preference_declined(handler_input: HandlerInput, session_type: Optional[str]):
    """No to "should I save 30 minutes?" or "which session should be 12 minutes?": nothing saved,
    and said; a session the question paused waits for "Alexa, resume", as said."""
    kept = kept_when_declined(handler_input, "offer_preference" if session_type else "preference_type", session_type)
    return said(handler_input, None, " ".join(p for p in (kept, text(still_held(handler_input))) if p))


def reset_declined(handler_input: HandlerInput):
    """Nothing cleared; a session the question paused waits for "Alexa, resume", as said."""
    speech = " ".join(p for p in (say(handler_input, "reset_declined"), text(still_held(handler_input))) if p)
    return said(handler_input, None, speech)
