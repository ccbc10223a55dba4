"""Questions about what they did: "what's my usual", "what did I do last time", "did I finish my
session", "how many sessions this week", "what's my streak". Said, never started."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Dict, List, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import FEELING, content, conversation, remedy_name, steps_to_come
from skill.handlers.memory import LAST_SESSION, memory
from skill.handlers.memory_by_voice import (AboutMemoryHandler, asked, length_said, minutes_of, now_and_before, said,
                                            say, spoken_length, usual_kind, usual_minutes, when_said)
from skill.handlers.replies import reply, steps_reprompt, where_in_steps
from skill.handlers.running_session import running_session
from skill.handlers.saving_choice import answered_saving_off
from skill.handlers.session_endings import NOTED_AT, noted_moment
from skill.handlers.session_words import named_session
from skill.handlers.session_speech import spoken_duration
from skill.handlers.session_starter import preferred_minutes
from skill.handlers.slots import read_slot
from skill.local_time import device_time_zone
from skill.responses import text
from skill.routing import intents, kind_of
from skill.store.store import HISTORY_DAYS


class WhatWeRememberHandler(AboutMemoryHandler):
    """ "What's my usual?", "how long are my mat sessions?", "what did I do last time?", "when
    did I last do the mat?": said, not started."""

    takes = intents("WhatIsMyUsualIntent", "LastTimeQuestionIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        named = named_session(handler_input)        # "how long was my last mat session"
        if kind_of(handler_input)[1] == "WhatIsMyUsualIntent" and named:
            return said(handler_input, self.controls, self.length_of(handler_input, content_, attributes, named))
        if named:
            return said(handler_input, self.controls, self.last_of(handler_input, content_, attributes, named))
        if kind_of(handler_input)[1] == "WhatIsMyUsualIntent":
            usual = usual_kind(attributes, content_.sessions)
            if usual is None:
                return said(handler_input, self.controls, say(handler_input, "usual_unknown"))
            minutes = (preferred_minutes(handler_input, usual) or usual_minutes(attributes, usual)
                       or session_kind(usual).default_minutes)
            return said(handler_input, self.controls, say(
                handler_input, "usual_is", name=content_.sessions[usual].name,
                length=length_said(content_, usual, minutes)))
        now, last = now_and_before(handler_input, attributes)
        off = answered_saving_off(handler_input, self.controls) if now is None else None
        if off is not None:         # "stop saving my sessions": no last time kept
            return off
        if now is not None:         # "last time" is the one before what is going on now
            before = self.last_time(handler_input, content_, attributes, last, now=now)
            return said(handler_input, self.controls, " ".join(
                (self.now_said(handler_input, content_, now), before or say(handler_input, "nothing_before_now"))))
        told = self.last_time(handler_input, content_, attributes, last)
        if told is None:
            return asked(handler_input, say(handler_input, "no_last_time"), text(content_.say("welcome_reprompt")))
        again = say(handler_input, "same_again_remedy" if last.get("kind") == "remedy" else "same_again_session")
        return said(handler_input, self.controls, f"{told} {again}")

    @staticmethod
    def now_said(handler_input: HandlerInput, content_, now) -> str:
        """ "You're in your acupressure mat session now.", "We're going through the steps for ... now." """
        if now.get("kind") == "session" and now.get("type") in content_.sessions:
            return say(handler_input, "now_session", name=content_.sessions[now["type"]].name)
        return say(handler_input, "now_remedy", condition=remedy_name(content_, now["id"], now.get(FEELING)))

    @staticmethod
    def last_time(handler_input: HandlerInput, content_, attributes, last, now=None) -> Optional[str]:
        """What they did last time, in a sentence ("Last time, yesterday, you did ..."), or None.
        `now`: what is going on now, so the history's newest entry is not taken for it."""
        if last.get("kind") == "session" and last.get("type") in content_.sessions:
            minutes = last.get("minutes") or session_kind(last["type"]).default_minutes
            outcome = outcome_of(handler_input, last)
            if outcome is not None and outcome.how == "stopped":
                return say(handler_input, "last_time_session_stopped", name=content_.sessions[last["type"]].name,
                           length=length_said(content_, last["type"], int(minutes)),
                           duration=about_duration(handler_input, outcome.seconds))
            if now is None:
                finished = history.last_finished(attributes)
            else:                           # the newest finished may be after it: its own entry
                finished = outcome.entry if outcome is not None and outcome.how == "finished" else None
            # "Have I done my session today?": when, if the last one started is the last finished.
            when = when_said(handler_input, finished) if finished and finished.get("type") == last["type"] else None
            return say(handler_input, "last_time_session_when" if when else "last_time_session", when=when,
                       name=content_.sessions[last["type"]].name,
                       length=length_said(content_, last["type"], int(minutes)))
        if last.get("kind") == "remedy" and last.get("id") in content_.conditions:
            return say(handler_input, "last_time_remedy",
                       condition=remedy_name(content_, last["id"], last.get(FEELING)))
        return None

    @staticmethod
    def length_of(handler_input: HandlerInput, content_, attributes, session_type: str) -> str:
        """ "How long are my mat sessions?": the length they saved, else the one they usually do,
        else the kind's default."""
        name = content_.sessions[session_type].name
        saved, usual = preferred_minutes(handler_input, session_type), usual_minutes(attributes, session_type)
        key = "length_saved" if saved else "length_usual" if usual else "length_default"
        minutes = saved or usual or session_kind(session_type).default_minutes
        return say(handler_input, key, name=name, length=spoken_length(content_, session_type, minutes))

    @staticmethod
    def last_of(handler_input: HandlerInput, content_, attributes, session_type: str) -> str:
        """ "When did I last do the mat?", "did I do my mat yesterday?": when, and how long."""
        name = content_.sessions[session_type].name
        entry = history.last_finished(attributes, session_type)
        if entry is None:
            return say(handler_input, "last_of_type_none", name=name)
        minutes = entry.get("minutes") if isinstance(entry.get("minutes"), int) else \
            session_kind(session_type).default_minutes
        return say(handler_input, "last_of_type", name=name, when=when_said(handler_input, entry),
                   length=length_said(content_, session_type, minutes))


def about_duration(handler_input: HandlerInput, seconds: float) -> str:
    """ "less than a minute", "about a minute", "about 4 minutes": how far a session got."""
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return say(handler_input, "about_seconds")
    return say(handler_input, "about_a_minute") if minutes == 1 else say(handler_input, "about_minutes", count=minutes)


@dataclass
class _Outcome:
    """What became of the last session they started."""

    how: str                                # finished | stopped | playing | unknown
    entry: Optional[Dict[str, Any]] = None  # its history entry, when finished
    seconds: float = 0                      # how far it got, when stopped or playing
    resumable: bool = False                 # paused on this device: "Alexa, resume" finishes it
    timer_only: bool = False                # on a device without audio: they ask Back Relief to resume
    remaining: float = 0                    # seconds still to go, when playing
    stopped_at: Optional[str] = None        # when it stopped (ISO), if known: the day it is said on


def outcome_of(handler_input: HandlerInput, last: Dict[str, Any]) -> Optional[_Outcome]:
    """The last session they started (memory's "last", written at its start): finished (in the
    history since it started), stopped after so long (paused on this device, or ended by "stop" or
    "end my session": SessionControls.end), still playing, or unknown (it played on another device,
    say). None for a record from before runs were noted."""
    started = history.finished_at({"finished_at": last.get("started_at")})
    if not last.get("run") or started is None:
        return None
    finished = history.finished_since(memory(handler_input), started, last.get("type"))
    if finished:
        return _Outcome("finished", entry=min(finished, key=history.finished_at))
    session = running_session(handler_input)
    if session is not None and session.token.run == last["run"]:
        playing = session.carries_on
        return _Outcome("playing" if playing else "stopped", seconds=session.offset_ms / 1000, resumable=not playing,
                        timer_only=session.timer_only, remaining=session.remaining_seconds,
                        stopped_at=None if playing else session.state.get(NOTED_AT))
    attributes = memory(handler_input)          # as now: set aside just now, if it waited too long
    for noted in (attributes.get(LAST_SESSION), attributes.get("last"), last):
        if isinstance(noted, dict) and noted.get("run") == last["run"]:
            if isinstance(noted.get("stopped_after_s"), (int, float)):
                return _Outcome("stopped", seconds=noted["stopped_after_s"], stopped_at=noted.get("stopped_at"))
    return _Outcome("unknown")


class SessionFinishedHandler(AboutMemoryHandler):
    """ "Did I finish my session?", "have I done my session today?": whether the last session they
    started played to its end, truthfully: a stopped one is not in the history, so "last time you
    did" would not do. "Did I finish the heat session?", when the last one started was another
    kind: the last heat session they finished."""

    takes = intents("SessionFinishedIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        # The last session they started, though a remedy came after it ("last": before
        # LAST_SESSION was kept, or the session then).
        last = attributes.get(LAST_SESSION) or attributes.get("last") or {}
        named = named_session(handler_input)
        if named is not None and named != last.get("type"):
            entry = history.last_finished(attributes, named)
            return said(handler_input, self.controls, self.finished(handler_input, content_, entry) if entry else
                        say(handler_input, "last_of_type_none", name=content_.sessions[named].name))
        ours = last.get("kind") == "session" and last.get("type") in content_.sessions
        outcome = outcome_of(handler_input, last) if ours else None
        if outcome is None:                   # no session started, or from before runs were noted
            finished = history.last_finished(attributes)
            if finished is None or finished.get("type") not in content_.sessions:
                return asked(handler_input, say(handler_input, "finished_none"), text(content_.say("welcome_reprompt")))
            return said(handler_input, self.controls, self.finished(handler_input, content_, finished))
        if outcome.how == "finished":
            return said(handler_input, self.controls, self.finished(handler_input, content_, outcome.entry))
        speech = self.not_finished(handler_input, content_, last, outcome)
        zone = device_time_zone(handler_input)
        earlier = history.on_day(attributes, history.today(zone, clock.now(handler_input)), zone)
        if earlier:
            entry = max(earlier, key=history.finished_at)
            speech += " " + say(handler_input, "finished_earlier_today", name=content_.sessions[entry["type"]].name,
                                length=length_said(content_, entry["type"], minutes_of(entry)))
        return said(handler_input, self.controls, speech)

    @staticmethod
    def finished(handler_input: HandlerInput, content_, entry) -> str:
        today = history.days_ago(entry, device_time_zone(handler_input), clock.now(handler_input)) <= 0
        return say(handler_input, "finished_yes" if today else "finished_yes_on",
                   name=content_.sessions[entry["type"]].name,
                   when=when_said(handler_input, entry),
                   length=length_said(content_, entry["type"], minutes_of(entry)))

    @staticmethod
    def not_finished(handler_input: HandlerInput, content_, last, outcome: _Outcome) -> str:
        name, duration = content_.sessions[last["type"]].name, about_duration(handler_input, outcome.seconds)
        started = {"finished_at": last["started_at"]}          # its day, as history entries have theirs
        if outcome.how == "playing":
            return say(handler_input, "finished_playing", name=name, duration=duration,
                       remaining=spoken_duration(handler_input, outcome.remaining))
        if outcome.how == "unknown":
            minutes = last.get("minutes") or session_kind(last["type"]).default_minutes
            return say(handler_input, "finished_unknown", name=name, when=when_said(handler_input, started),
                       length=length_said(content_, last["type"], int(minutes)))
        # Said on the day it stopped: started at 11:58 pm and stopped at 12:02, it was today.
        stopped = {"finished_at": outcome.stopped_at} if noted_moment(outcome.stopped_at) else started
        today = history.days_ago(stopped, device_time_zone(handler_input), clock.now(handler_input)) <= 0
        speech = say(handler_input, "finished_stopped" if today else "finished_stopped_on", name=name,
                     duration=duration, when=when_said(handler_input, stopped))
        resume = "finished_resume_no_audio" if outcome.timer_only else "finished_resume"
        return f"{speech} {say(handler_input, resume)}" if outcome.resumable else speech


class IsItOverHandler(SessionFinishedHandler):
    """ "Is it over?", "am I done?": in a remedy's steps, where they are in them (they got "you
    haven't done a session with me yet" and the steps were lost); else as "did I finish my
    session?" (not yet and the time to go while one plays)."""

    takes = intents("IsItOverIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        if conversation(handler_input).get("condition") not in content_.conditions:
            return super().handle(handler_input)
        lead = "steps_not_yet" if steps_to_come(handler_input) else "steps_all_done"
        said = f"{text(content_.say(lead))} {text(where_in_steps(handler_input))}"
        return reply(handler_input, said, reprompt=text(steps_reprompt(handler_input)))


PERIOD_DAYS = {"week": 7, "month": 30, "all": HISTORY_DAYS}     # "today" is the person's own calendar day
DAYS_BACK = {"today": 0, "yesterday": 1}       # calendar days, theirs
PAST = {"yesterday": "_past"}                  # said of a day gone by: "You finished", not "You've"


def finished_in(attributes: Dict[str, Any], period: str, zone: tzinfo, now: datetime) -> List[Dict[str, Any]]:
    """The sessions they finished today or yesterday, or in the last seven or thirty days, as of `now`."""
    if period in DAYS_BACK:
        return history.on_day(attributes, history.today(zone, now) - timedelta(days=DAYS_BACK[period]), zone)
    return history.within_days(attributes, PERIOD_DAYS[period], now)


def kind_asked(handler_input: HandlerInput) -> Optional[str]:
    """The kind of session a history question is about ("how many meditations ..."), also when
    Alexa left its name among the period's words; None for every kind."""
    return named_session(handler_input, "session_type", "period")


class HistoryHandler(AboutMemoryHandler):
    """ "How many sessions have I done this week?", "... today?" — counts, kinds and the streak,
    briefly; "what's my streak?" — the streak first, then the week."""

    takes = intents("HistoryIntent", "StreakIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        off = answered_saving_off(handler_input, self.controls)       # "stop saving my sessions"
        if off is not None:
            return off
        zone = device_time_zone(handler_input)              # their own days, not UTC's
        if kind_of(handler_input)[1] == "StreakIntent":
            return said(handler_input, self.controls, self.streak(handler_input, content_, attributes, zone))
        words = read_slot(handler_input, "period")      # words Alexa did not place: the period in them
        period = words.id or content_.value_within("PERIOD", words.heard)
        period = period if period in (*DAYS_BACK, *PERIOD_DAYS) else "week"
        speech = self.counts(handler_input, content_, attributes, period, zone)
        streak = history.streak_days(attributes, zone, clock.now(handler_input))
        if period == "week" and streak >= 2 and kind_asked(handler_input) is None:
            speech += " " + say(handler_input, "streak", days=streak)
        return said(handler_input, self.controls, speech)

    @staticmethod
    def counts(handler_input: HandlerInput, content_, attributes, period: str, zone: tzinfo) -> str:
        finished = finished_in(attributes, period, zone, clock.now(handler_input))
        when, tense = say(handler_input, f"period_{period}"), PAST.get(period, "")
        only = kind_asked(handler_input)
        if only in content_.sessions:
            count = sum(1 for entry in finished if entry.get("type") == only)
            key = "history_type_count" if count > 1 else "history_type_one" if count else "history_type_none"
            return say(handler_input, key + tense, count=count, name=content_.sessions[only].name, period=when)
        kinds = Counter(entry.get("type") for entry in finished if entry.get("type") in content_.sessions)
        count = sum(kinds.values())
        if count == 0:
            last = history.last_finished(attributes)        # a newcomer hears where to start
            if last is None or last.get("type") not in content_.sessions:
                return say(handler_input, "history_none" + tense, period=when)
            if history.days_ago(last, zone, clock.now(handler_input)) < DAYS_BACK.get(period, 0):
                return say(handler_input, "history_none" + tense, period=when)     # after the day asked about
            return say(handler_input, "history_none_since" + tense, period=when,
                       name=content_.sessions[last["type"]].name, when=when_said(handler_input, last))
        if count == 1:              # "Nice start." for their first ever, not a long-time user's
            first = len(history.all_finished(attributes)) == 1
            return say(handler_input, ("history_first" if first else "history_one") + tense,
                       detail=content_.sessions[next(iter(kinds))].name, period=when)
        if len(kinds) == 1:                 # "3 acupressure mat sessions", not that said twice
            return say(handler_input, "history_type_count" + tense, count=count,
                       name=content_.sessions[next(iter(kinds))].name, period=when)
        details = [f"{n} {content_.sessions[kind].name}{'s' if n > 1 else ''}" for kind, n in kinds.most_common()]
        detail = ", ".join(details[:-1]) + f" {content_.session_say('and')} {details[-1]}"
        return say(handler_input, "history_many" + tense, count=count, detail=detail, period=when)

    def streak(self, handler_input: HandlerInput, content_, attributes, zone: tzinfo) -> str:
        """The streak, said warmly even when it is one day or none, then the week's sessions."""
        now = clock.now(handler_input)
        days = history.streak_days(attributes, zone, now)
        if days:        # counted to today, or to yesterday: then one today keeps it going
            key = "streak_lead" if days >= 2 else "streak_one"
            if not history.on_day(attributes, history.today(zone, now), zone):
                key += "_yesterday"
        else:
            key = "streak_rest" if history.all_finished(attributes) else "streak_none"    # a break, or never
        week, today = finished_in(attributes, "week", zone, now), finished_in(attributes, "today", zone, now)
        if key == "streak_one" and len(week) == len(today):        # nothing else this week to say
            return self.first_day(handler_input, content_, attributes, today)
        lead = say(handler_input, key, days=days, next=days + 1)
        if not week:
            return lead
        return f"{lead} {self.counts(handler_input, content_, attributes, 'week', zone)}"

    @staticmethod
    def first_day(handler_input: HandlerInput, content_, attributes, today: List[Dict[str, Any]]) -> str:
        """A streak's first day, with nothing else this week: said once, in one sentence (it was
        "You've started a streak today ... You've finished one ... Nice start.")."""
        if len(today) > 1:
            return say(handler_input, "streak_first_day_many", count=len(today))
        kind = today[0].get("type")
        if kind not in content_.sessions:                   # a kind we no longer have: not named
            return say(handler_input, "streak_one")
        first = len(history.all_finished(attributes)) == 1       # their first session ever
        return say(handler_input, "streak_first_day_first" if first else "streak_first_day",
                   name=content_.sessions[kind].name)
