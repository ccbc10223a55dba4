"""Personal memory by voice: what its handlers share. The handlers are grouped by what the person
is doing: preferences.py (saved lengths, "my usual", "same as last time"), usual_choice.py ("my
usual is the mat"), history_questions.py ("what did I do last time", "did I finish my session",
"how many this week") and privacy.py ("what do you know about me", "forget everything about me",
and forgetting when the skill is disabled)."""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import content, conversation
from skill.handlers.memory import LAST_SESSION, USUAL_TYPE, memory, memory_available
from skill.handlers.replies import first_use_notice, reply, steps_go_on
from skill.handlers.running_session import HELD, SessionControls, asking_back, running_session
from skill.handlers.session_starter import spoken_minutes
from skill.local_time import device_time_zone
from skill.responses import text
from skill.routing import RoutedHandler


def say(handler_input: HandlerInput, key: str, **values: Any) -> str:
    """The prompt `key` of prompts.yaml's memory section, as text."""
    return text(content(handler_input).say(f"memory.{key}", **values))


def said(handler_input: HandlerInput, controls: Optional[SessionControls], speech: str):
    """A short answer that needs no reply, after the first-use notice if this is their first
    time: a remedy's steps they asked it in carry on, like after any question, and after its last
    step the session it offered is asked again; a session they interrupted to ask plays on."""
    in_steps = steps_go_on(handler_input, speech)
    if in_steps is not None:
        return in_steps
    back = controls.carry_on(handler_input) if controls is not None else ""
    return reply(handler_input, " ".join(p for p in (first_use_notice(handler_input), speech, text(back)) if p))


def asked(handler_input: HandlerInput, question: str, reprompt: str):
    """A question back to them, after the first-use notice if this is their first time; a
    session they interrupted waits, paused, until they are done."""
    return reply(handler_input, " ".join(p for p in (first_use_notice(handler_input),
                                                     asking_back(handler_input, question)) if p),
                 reprompt=reprompt)


def unavailable(handler_input: HandlerInput):
    """Memory is out of reach: say so (only that: with no memory, a first-use notice would come
    every time) and keep listening, so a session they interrupted waits."""
    return reply(handler_input, asking_back(handler_input, say(handler_input, "unavailable")),
                 reprompt=text(content(handler_input).say("welcome_reprompt")))


# Our questions about memory, and what is said of what stays when they back out ("no", "cancel").
KEPT_WHEN_DECLINED = {"forget": "forget_declined", "reset_preference": "reset_declined",
                      "forget_session": "session_forget_declined", "stop_saving": "saving_off_declined",
                      "offer_preference": "preference_declined", "preference_type": "preference_declined_any"}


def kept_when_declined(handler_input: HandlerInput, awaiting: Optional[str], offer: Optional[str]) -> str:
    """ "Okay, I've kept everything as it is": what stays when they back out of our question
    `awaiting` about their memory (offer: the kind of session it was about); "" for any other."""
    key = KEPT_WHEN_DECLINED.get(awaiting or "")
    if key is None:
        return ""
    sessions = content(handler_input).sessions
    if key == "preference_declined" and offer not in sessions:
        key = "preference_declined_any"
    return say(handler_input, key, name=sessions[offer].name if offer in sessions else "")


class AboutMemoryHandler(RoutedHandler):
    """A request about their memory (set a length, what's my usual, how many this week): with
    memory out of reach, say so (a session they interrupted waits); otherwise `answer` it."""

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        attributes = memory(handler_input)
        if not memory_available(attributes):
            return unavailable(handler_input)
        return self.answer(handler_input, content(handler_input), attributes)

    def answer(self, handler_input: HandlerInput, content_, attributes):
        raise NotImplementedError


def now_and_before(handler_input: HandlerInput, attributes) -> Tuple[Optional[Dict[str, Any]], Dict[str, Any]]:
    """(what they are doing now, what they did before it) when memory's "last" is going on now:
    the session on this device (its run, playing when they spoke, or paused by this
    conversation; one they stopped is last time), or the remedy open in this conversation; else
    (None, "last"). "Last time" is the one before what is going on now."""
    last = attributes.get("last") or {}
    if not isinstance(last, dict):
        return None, {}
    before: Any = None
    if last.get("kind") == "session":
        session = running_session(handler_input)
        held = session is not None and session.remaining_seconds > 0 and conversation(handler_input).get(HELD)
        if session is None or session.token.run != last.get("run") or not (session.carries_on or held):
            return None, last
        before = last.get("before")
    elif last.get("kind") == "remedy" and conversation(handler_input).get("condition") == last.get("id"):
        before = conversation(handler_input).get("before")
    else:
        return None, last
    return last, before if isinstance(before, dict) else {}


def usual_kind(attributes, known) -> Optional[str]:
    """The kind they said is their usual ("my usual is the mat"); else the kind they finish most;
    else the kind of their last session; else the one kind whose length they have set ("make my
    mat sessions fifteen minutes", then "my usual")."""
    if attributes.get(USUAL_TYPE) in known:
        return attributes[USUAL_TYPE]
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


def kind_in_context(handler_input: HandlerInput, attributes, known) -> Optional[str]:
    """The kind of session a length said without one is for: the session playing or paused on
    this device; else the last one they started (memory notes it at its start: the one just
    started or just finished, or stopped, unless another came after it); else their usual
    (usual_kind). None when there is nothing to go on. For "I prefer fifteen minutes" (a length to
    keep) and "fifteen minutes please" (a session to start)."""
    session = running_session(handler_input)
    if session is not None and session.token.session_type in known:
        return session.token.session_type
    for noted in (attributes.get(LAST_SESSION), attributes.get("last")):
        if isinstance(noted, dict) and noted.get("kind") == "session" and noted.get("type") in known:
            return noted["type"]
    return usual_kind(attributes, known)


def usual_minutes(attributes, session_type: str) -> Optional[int]:
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


def saved_lengths(attributes, known) -> Dict[str, int]:
    """The lengths they saved ("make my mat sessions fifteen minutes"), by kind of session."""
    lengths = attributes.get("preferred_minutes")
    if not isinstance(lengths, dict):
        return {}
    return {kind: lengths[kind] for kind in known if isinstance(lengths.get(kind), int)}


def spoken_length(content_, session_type: str, minutes: int) -> str:
    """ "15 minutes", or "2 minutes per side" for a hip flexor release."""
    minutes_said = spoken_minutes(content_, minutes)
    if session_kind(session_type).minutes_are_per_side:
        return f"{minutes_said} {content_.session_say('per_side')}"
    return minutes_said


def lengths_listed(content_, lengths: Dict[str, int], *, first: str = ", ", rest: str = ", ") -> str:
    """ "acupressure mat sessions, 15 minutes, and breathing meditations, 5 minutes": each kind's
    length, `first` between the first kind and its length ("... sessions are 15 minutes"), `rest`
    in the others."""
    each = [f"{content_.sessions[kind].name}s{rest if each_index else first}{spoken_length(content_, kind, minutes)}"
            for each_index, (kind, minutes) in enumerate(lengths.items())]
    if len(each) == 1:
        return each[0]
    return ", ".join(each[:-1]) + f", {content_.session_say('and')} {each[-1]}"


def length_said(content_, session_type: str, minutes: int) -> str:
    """ "15 minutes long", or "2 minutes per side" for a hip flexor release."""
    if session_kind(session_type).minutes_are_per_side:
        return spoken_length(content_, session_type, minutes)
    return content_.session_say("length", minutes=spoken_minutes(content_, minutes))


def minutes_of(entry) -> int:
    minutes = entry.get("minutes")
    return minutes if isinstance(minutes, int) else session_kind(entry["type"]).default_minutes


def when_said(handler_input: HandlerInput, entry) -> str:
    """ "today", "yesterday" or "3 days ago", in the person's own days."""
    days = history.days_ago(entry, device_time_zone(handler_input), clock.now(handler_input))
    if days <= 1:
        return say(handler_input, "when_today" if days <= 0 else "when_yesterday")
    return say(handler_input, "when_days_ago", days=days)


def voice_unknown(handler_input: HandlerInput) -> bool:
    """Alexa doesn't know this voice: the memory is the household's shared one (store/identity.py)."""
    return getattr(memory(handler_input), "speaker", None) is None
