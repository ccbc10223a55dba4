"""Personal memory by voice: preferred lengths, "my usual", "same as last time", history, and
"forget everything about me" (also done when the skill is disabled)."""
from __future__ import annotations

import logging
from collections import Counter
from datetime import tzinfo
from typing import Any, Dict, List, Optional

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput

from skill import alerts, history
from skill.audio.timeline import session_type as session_kind
from skill.errors import RetryLater
from skill.handlers.common import (content, conversation, first_use_notice, memory, memory_available, read_slot,
                                   reply, steps_to_come, text)
from skill.handlers.remedies import start_remedy
from skill.handlers.running_session import (RunningSession, SessionControls, asking_back, hold_for_conversation,
                                            running_session, still_held)
from skill.handlers.sessions import (SessionStarter, named_session, preferred_minutes, requested_minutes,
                                    spoken_minutes)
from skill.local_time import device_time_zone
from skill.playback import STARTED_BY
from skill.routing import RoutedHandler, intents, kind_of, requests

log = logging.getLogger("skill.memory")


def _say(handler_input: HandlerInput, key: str, **values: Any) -> str:
    return text(content(handler_input).say(f"memory.{key}", **values))


def _said(handler_input: HandlerInput, controls: Optional[SessionControls], speech: str):
    """A short answer that needs no reply, after the first-use notice if this is their first
    time: a remedy's steps they asked it in carry on, like after any question; a session they
    interrupted to ask plays on."""
    if steps_to_come(handler_input):
        content_ = content(handler_input)
        return reply(handler_input, f"{speech} {text(content_.say('answer_back_to_steps'))}",
                     reprompt=text(content_.say("step_reprompt")))
    back = controls.carry_on(handler_input) if controls is not None else ""
    return reply(handler_input, " ".join(p for p in (first_use_notice(handler_input), speech, text(back)) if p))


def _asked(handler_input: HandlerInput, question: str, reprompt: str):
    """A question back to them, after the first-use notice if this is their first time; a
    session they interrupted waits, paused, until they are done."""
    return reply(handler_input, " ".join(p for p in (first_use_notice(handler_input),
                                                     asking_back(handler_input, question)) if p),
                 reprompt=reprompt)


def _unavailable(handler_input: HandlerInput):
    """Memory is out of reach: say so (only that: with no memory, a first-use notice would come
    every time) and keep listening, so a session they interrupted waits."""
    return reply(handler_input, asking_back(handler_input, _say(handler_input, "unavailable")),
                 reprompt=text(content(handler_input).say("welcome_reprompt")))


class _AboutMemoryHandler(RoutedHandler):
    """A request about their memory (set a length, what's my usual, how many this week): with
    memory out of reach, say so (a session they interrupted waits); otherwise `answer` it."""

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        attributes = memory(handler_input)
        if not memory_available(attributes):
            return _unavailable(handler_input)
        return self.answer(handler_input, content(handler_input), attributes)

    def answer(self, handler_input: HandlerInput, content_, attributes):
        raise NotImplementedError


class SetPreferenceHandler(_AboutMemoryHandler):
    """ "Make my mat sessions fifteen minutes", "change my usual to twenty minutes"."""

    takes = intents("SetPreferenceIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        named = read_slot(handler_input, "session_type")
        # "Change my usual to twenty minutes": the kind they use.
        session_type = named.id if named.heard else _usual_kind(attributes, content_.sessions)
        minutes = requested_minutes(handler_input)
        if session_type not in content_.sessions or minutes is None:
            question = _say(handler_input, "preference_which")
            if minutes is not None:         # "make my usual twelve minutes": the answer saves it
                conversation(handler_input).update(awaiting="preference_type", offer_minutes=minutes)
                question = _say(handler_input, "preference_which_for",
                                minutes=spoken_minutes(content_, int(round(minutes))))
            return _asked(handler_input, question, text(content_.session_say("which_session_reprompt")))
        return save_preference(handler_input, session_type, minutes, self.controls)


def save_preference(handler_input: HandlerInput, session_type: str, minutes: float,
                    controls: Optional[SessionControls] = None):
    """Save a length for a kind of session. One we can't time is offered at the nearest we can:
    a yes (YesHandler) or another length (PreferenceAnswerHandler) saves that."""
    content_ = content(handler_input)
    kind, name = session_kind(session_type), content_.sessions[session_type].name
    whole = int(round(minutes))
    if whole not in kind.allowed_minutes:
        nearest = min(max(whole, kind.min_minutes), kind.max_minutes)
        conversation(handler_input).update(awaiting="offer_preference", offer=session_type, offer_minutes=nearest)
        return _asked(handler_input, _say(handler_input, "preference_out_of_range", name=name,
                                          low=kind.min_minutes, high=kind.max_minutes, nearest=nearest,
                                          minutes=spoken_minutes(content_, whole)),
                      _say(handler_input, "preference_reprompt", name=name, nearest=nearest))
    for key in ("awaiting", "offer", "offer_minutes"):
        conversation(handler_input).pop(key, None)
    attributes = memory(handler_input)
    preferred = dict(attributes.get("preferred_minutes") or {})
    preferred[session_type] = whole
    attributes["preferred_minutes"] = preferred
    return _said(handler_input, controls, _say(handler_input, "preference_saved", name=name,
                                               length=_spoken_length(content_, session_type, whole)))


def answer_preference(handler_input: HandlerInput, session_type: str, minutes: float):
    """The answer to our question about a length to save (which session, or which length)."""
    if not memory_available(memory(handler_input)):
        return _unavailable(handler_input)
    return save_preference(handler_input, session_type, minutes)


class PreferenceAnswerHandler(RoutedHandler):
    """A length or a kind of session, answering our question about saving a length: "twenty
    minutes" to "should I save 30 minutes?", "mat" to "which session should be 12 minutes?". Anything
    more ("start a ten minute mat session") is a new request, for the session handlers."""

    takes = intents("StartSessionIntent", "SessionLengthIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        state = conversation(handler_input)
        minutes, named = requested_minutes(handler_input), named_session(handler_input)
        if state.get("awaiting") == "offer_preference":
            return minutes is not None and named in (None, state.get("offer"))
        return state.get("awaiting") == "preference_type" and named is not None and minutes is None

    def handle(self, handler_input: HandlerInput):
        state = conversation(handler_input)
        session_type = named_session(handler_input) or state.get("offer")
        minutes = requested_minutes(handler_input)
        if minutes is None:
            minutes = state.get("offer_minutes")
        for key in ("awaiting", "offer", "offer_minutes"):
            state.pop(key, None)
        return answer_preference(handler_input, session_type, minutes)


def _usual_kind(attributes, known) -> Optional[str]:
    """The kind they finish most; else the kind of their last session; else the one kind whose
    length they have set ("make my mat sessions fifteen minutes", then "my usual")."""
    finished = Counter(entry.get("type") for entry in attributes.get("history") or [])
    most = [kind for kind, _ in finished.most_common() if kind in known]
    if most:
        return most[0]
    last = attributes.get("last") or {}
    if last.get("kind") == "session" and last.get("type") in known:
        return last["type"]
    lengths = attributes.get("preferred_minutes")
    preferred = [kind for kind in lengths if kind in known] if isinstance(lengths, dict) else []
    return preferred[0] if len(preferred) == 1 else None


class UsualSessionHandler(RoutedHandler):
    """ "Start my usual mat session" / "my usual": the kind they finish most, at their preferred
    length, else the length they usually do."""

    takes = intents("UsualSessionIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        attributes = memory(handler_input)
        session_type = read_slot(handler_input, "session_type").id
        if session_type not in content_.sessions and not memory_available(attributes):
            return _unavailable(handler_input)
        if session_type not in content_.sessions:
            session_type = _usual_kind(attributes, content_.sessions)
        if session_type not in content_.sessions:
            conversation(handler_input)["awaiting"] = "session_type"
            return _asked(handler_input, _say(handler_input, "no_usual"),
                          text(content_.session_say("which_session_reprompt")))
        return self.starter.start(handler_input, session_type, _usual_minutes(attributes, session_type))


def _usual_minutes(attributes, session_type: str) -> Optional[int]:
    """The length they usually do: none here when they have set one (the starter uses it);
    otherwise the length of their finished sessions of this kind, the most frequent (the most
    recent of those), or None for the kind's default."""
    preferred = attributes.get("preferred_minutes")
    if isinstance(preferred, dict) and isinstance(preferred.get(session_type), int):
        return None
    lengths = [entry.get("minutes") for entry in attributes.get("history") or []
               if entry.get("type") == session_type and isinstance(entry.get("minutes"), int)]
    if not lengths:
        return None
    counts = Counter(lengths)
    return max(reversed(lengths), key=lambda minutes: counts[minutes])       # ties: the latest


def _spoken_length(content_, session_type: str, minutes: int) -> str:
    """ "15 minutes", or "2 minutes per side" for a hip flexor release."""
    said = spoken_minutes(content_, minutes)
    if session_kind(session_type).minutes_are_per_side:
        return f"{said} {content_.session_say('per_side')}"
    return said


def _length(content_, session_type: str, minutes: int) -> str:
    """ "15 minutes long", or "2 minutes per side" for a hip flexor release."""
    if session_kind(session_type).minutes_are_per_side:
        return _spoken_length(content_, session_type, minutes)
    return content_.session_say("length", minutes=spoken_minutes(content_, minutes))


def _when(handler_input: HandlerInput, entry) -> str:
    """ "today", "yesterday" or "3 days ago", in the person's own days."""
    days = history.days_ago(entry, device_time_zone(handler_input))
    if days <= 1:
        return _say(handler_input, "when_today" if days <= 0 else "when_yesterday")
    return _say(handler_input, "when_days_ago", days=days)


class WhatWeRememberHandler(_AboutMemoryHandler):
    """ "What's my usual?", "how long are my mat sessions?", "what did I do last time?", "when
    did I last do the mat?": said, not started."""

    takes = intents("WhatIsMyUsualIntent", "LastTimeQuestionIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        named = read_slot(handler_input, "session_type").id
        named = named if named in content_.sessions else None
        if kind_of(handler_input)[1] == "WhatIsMyUsualIntent" and named:
            return _said(handler_input, self.controls, self.length_of(handler_input, content_, attributes, named))
        if named:
            return _said(handler_input, self.controls, self.last_of(handler_input, content_, attributes, named))
        if kind_of(handler_input)[1] == "WhatIsMyUsualIntent":
            usual = _usual_kind(attributes, content_.sessions)
            if usual is None:
                return _said(handler_input, self.controls, _say(handler_input, "usual_unknown"))
            minutes = (preferred_minutes(handler_input, usual) or _usual_minutes(attributes, usual)
                       or session_kind(usual).default_minutes)
            return _said(handler_input, self.controls, _say(
                handler_input, "usual_is", name=content_.sessions[usual].name,
                length=_length(content_, usual, minutes)))
        last = attributes.get("last") or {}
        if last.get("kind") == "session" and last.get("type") in content_.sessions:
            minutes = last.get("minutes") or session_kind(last["type"]).default_minutes
            finished = history.last_finished(attributes)
            # "Have I done my session today?": when, if the last one started is the last finished.
            when = _when(handler_input, finished) if finished and finished.get("type") == last["type"] else None
            return _said(handler_input, self.controls, _say(
                handler_input, "last_time_session_when" if when else "last_time_session", when=when,
                name=content_.sessions[last["type"]].name, length=_length(content_, last["type"], int(minutes))))
        if last.get("kind") == "remedy" and last.get("id") in content_.conditions:
            return _said(handler_input, self.controls, _say(handler_input, "last_time_remedy",
                                                            condition=content_.conditions[last["id"]].name.lower()))
        return _asked(handler_input, _say(handler_input, "no_last_time"), text(content_.say("welcome_reprompt")))

    @staticmethod
    def length_of(handler_input: HandlerInput, content_, attributes, session_type: str) -> str:
        """ "How long are my mat sessions?": the length they saved, else the one they usually do,
        else the kind's default."""
        name = content_.sessions[session_type].name
        saved, usual = preferred_minutes(handler_input, session_type), _usual_minutes(attributes, session_type)
        key = "length_saved" if saved else "length_usual" if usual else "length_default"
        minutes = saved or usual or session_kind(session_type).default_minutes
        return _say(handler_input, key, name=name, length=_spoken_length(content_, session_type, minutes))

    @staticmethod
    def last_of(handler_input: HandlerInput, content_, attributes, session_type: str) -> str:
        """ "When did I last do the mat?", "did I do my mat yesterday?": when, and how long."""
        name = content_.sessions[session_type].name
        entry = history.last_finished(attributes, session_type)
        if entry is None:
            return _say(handler_input, "last_of_type_none", name=name)
        minutes = entry.get("minutes") if isinstance(entry.get("minutes"), int) else \
            session_kind(session_type).default_minutes
        return _say(handler_input, "last_of_type", name=name, when=_when(handler_input, entry),
                    length=_length(content_, session_type, minutes))


class SameAsLastTimeHandler(RoutedHandler):
    takes = intents("SameAsLastTimeIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        attributes = memory(handler_input)
        if not memory_available(attributes):
            return _unavailable(handler_input)
        last = attributes.get("last") or {}
        if last.get("kind") == "session" and last.get("type") in content_.sessions:
            return self.starter.start(handler_input, last["type"], last.get("minutes"))
        if last.get("kind") == "remedy" and last.get("id") in content_.conditions:
            return start_remedy(handler_input, last["id"])
        return _asked(handler_input, _say(handler_input, "no_last_time"), text(content_.say("welcome_reprompt")))


PERIOD_DAYS = {"week": 7, "month": 30}        # "today" is the person's own calendar day


def finished_in(attributes: Dict[str, Any], period: str, zone: tzinfo) -> List[Dict[str, Any]]:
    """The sessions they finished today, or in the last seven or thirty days."""
    if period == "today":
        return history.on_day(attributes, history.today(zone), zone)
    return history.within_days(attributes, PERIOD_DAYS[period])


class HistoryHandler(_AboutMemoryHandler):
    """ "How many sessions have I done this week?", "... today?" — counts, kinds and the streak,
    briefly; "what's my streak?" — the streak first, then the week."""

    takes = intents("HistoryIntent", "StreakIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        zone = device_time_zone(handler_input)              # their own days, not UTC's
        if kind_of(handler_input)[1] == "StreakIntent":
            return _said(handler_input, self.controls, self.streak(handler_input, content_, attributes, zone))
        period = read_slot(handler_input, "period").id
        period = period if period in ("today", *PERIOD_DAYS) else "week"
        speech = self.counts(handler_input, content_, attributes, period, zone)
        streak = history.streak_days(attributes, zone)
        if period == "week" and streak >= 2 and read_slot(handler_input, "session_type").id not in content_.sessions:
            speech += " " + _say(handler_input, "streak", days=streak)
        return _said(handler_input, self.controls, speech)

    @staticmethod
    def counts(handler_input: HandlerInput, content_, attributes, period: str, zone: tzinfo) -> str:
        finished = finished_in(attributes, period, zone)
        when = _say(handler_input, f"period_{period}")
        only = read_slot(handler_input, "session_type").id
        if only in content_.sessions:
            count = sum(1 for entry in finished if entry.get("type") == only)
            key = "history_type_count" if count > 1 else "history_type_one" if count else "history_type_none"
            return _say(handler_input, key, count=count, name=content_.sessions[only].name, period=when)
        kinds = Counter(entry.get("type") for entry in finished if entry.get("type") in content_.sessions)
        count = sum(kinds.values())
        if count == 0:
            return _say(handler_input, "history_none", period=when)
        if count == 1:
            return _say(handler_input, "history_one", detail=content_.sessions[next(iter(kinds))].name, period=when)
        if len(kinds) == 1:                 # "3 acupressure mat sessions", not that said twice
            return _say(handler_input, "history_type_count", count=count,
                        name=content_.sessions[next(iter(kinds))].name, period=when)
        details = [f"{n} {content_.sessions[kind].name}{'s' if n > 1 else ''}" for kind, n in kinds.most_common()]
        detail = ", ".join(details[:-1]) + f" {content_.session_say('and')} {details[-1]}"
        return _say(handler_input, "history_many", count=count, detail=detail, period=when)

    def streak(self, handler_input: HandlerInput, content_, attributes, zone: tzinfo) -> str:
        """The streak, said warmly even when it is one day or none, then the week's sessions."""
        days = history.streak_days(attributes, zone)
        lead = _say(handler_input, "streak_lead" if days >= 2 else "streak_one" if days else "streak_none", days=days)
        if not finished_in(attributes, "week", zone):
            return lead
        return f"{lead} {self.counts(handler_input, content_, attributes, 'week', zone)}"


class ForgetMeHandler(RoutedHandler):
    """ "Forget everything about me": confirm first; the yes/no handlers finish the job."""

    takes = intents("ForgetMeIntent")

    def handle(self, handler_input: HandlerInput):
        conversation(handler_input)["awaiting"] = "forget"
        reprompt = _say(handler_input, "forget_confirm_reprompt")
        ending = _session_forgetting_ends(handler_input)
        if ending is None:
            return reply(handler_input, asking_back(handler_input, _say(handler_input, "forget_confirm")),
                         reprompt=reprompt)
        # Yes ends the session too, so no "say resume to get it back": it waits, paused, for the
        # answer, and a no says how to resume it.
        hold_for_conversation(handler_input)
        return reply(handler_input, _say(handler_input, "forget_confirm_ending", name=ending.name(handler_input)),
                     reprompt=reprompt)


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
    whole_account = getattr(memory(handler_input), "speaker", None) is None
    session = None if whole_account else _session_forgotten_with(handler_input)
    try:
        handler_input.attributes_manager.delete_persistent_attributes()
    except PersistenceException:
        log.warning("could not delete a person's data on request")
        return reply(handler_input, _say(handler_input, "forget_failed"))
    # The notes of the sessions forgotten are gone, so nothing could resume them or their
    # end-of-session timers: no timer of ours is left waiting in their Alexa timers. On the shared
    # account that is every session on every device, so every timer we set for it.
    if whole_account and alerts.has_timer_permission(handler_input):
        alerts.delete_all_timers(handler_input)
    elif session is not None:
        alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
    conversation(handler_input).clear()
    return reply(handler_input, _say(handler_input, "forgotten"))


def forget_declined(handler_input: HandlerInput):
    """Nothing deleted; a session the question paused waits for "Alexa, resume", as said."""
    speech = " ".join(p for p in (_say(handler_input, "forget_declined"), text(still_held(handler_input))) if p)
    return _said(handler_input, None, speech)


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
