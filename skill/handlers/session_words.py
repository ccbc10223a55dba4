"""What people's words say about a session to start: how long ("ten minutes", "PT1H30M"), which
kind (the words said where a kind goes, or in another slot: "the mat one"), and "a quick one"."""
from __future__ import annotations

import math
import re
from typing import Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content
from skill.handlers.slots import SlotReading, read_slot

_ISO_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def minutes_from_duration(value: Optional[str]) -> Optional[float]:
    """AMAZON.DURATION (PT10M, PT1H30M, PT90S) in minutes; None when absent or unreadable."""
    match = _ISO_DURATION.match((value or "").strip().upper())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return days * 1440 + hours * 60 + minutes + seconds / 60


def requested_minutes(handler_input: HandlerInput) -> Optional[float]:
    """The minutes said: a duration, a number, or a few said without one ("another minute", "a
    couple more minutes": vocabulary.yaml FEW_MINUTES, whose ids are the minutes)."""
    duration = minutes_from_duration(read_slot(handler_input, "duration").heard)
    if duration is not None:
        return duration
    number = read_slot(handler_input, "minutes").heard
    few = read_slot(handler_input, "few").id
    try:
        return float(number) if number else float(few) if few else None
    except ValueError:
        return None


def whole_minutes(minutes: float) -> int:
    """Whole minutes, a half rounded up as people do (2.5 → 3; Python's round gives 2)."""
    return int(math.floor(minutes + 0.5))


def kind_words(handler_input: HandlerInput) -> SlotReading:
    """The words said where a kind of session goes: the session_type slot, or words that filled
    the brevity slot instead without being "quick" or "short" ("a yoga session" can fill either)."""
    said = read_slot(handler_input, "session_type")
    if said.heard is None:
        brevity = read_slot(handler_input, "brevity")
        if brevity.unresolved:
            return brevity
    return said


def named_session(handler_input: HandlerInput, *slots: str) -> Optional[str]:
    """The kind of session said in these slots (session_type by default, or the words that took
    its place: kind_words). A slot may catch more than the name ("mat session and remind me when
    it's done", "the mat one" heard as a body area): the one kind of session named inside it
    counts."""
    content_ = content(handler_input)
    for slot in [read_slot(handler_input, name) for name in slots] or [kind_words(handler_input)]:
        if slot.id in content_.sessions:
            return slot.id
        named = content_.values_within("SESSION_TYPE", slot.heard) if slot.heard else ()
        if len(named) == 1:
            return next(iter(named))
    return None


def lying_or_body(handler_input: HandlerInput, slot: SlotReading) -> bool:
    """Words caught where a kind of session goes that say where they lie or name a body part
    ("I'm on my back", "I'm lying on the floor"): not a session to time (vocabulary.yaml:
    mentions lying_or_body, and BODY_AREA)."""
    content_ = content(handler_input)
    return slot.unresolved and (content_.mentioned("lying_or_body", slot.heard)
                                or bool(content_.values_within("BODY_AREA", slot.heard)))


def brief_with_no_kind_named(handler_input: HandlerInput) -> bool:
    """ "A quick one", "start a short session": short, and no kind of session named (the words
    caught where the kind goes, if any, only say short: "short", "just a quick")."""
    content_ = content(handler_input)
    slot = kind_words(handler_input)
    said_short = read_slot(handler_input, "brevity").id == "short"
    if slot.heard is None:
        return said_short
    if not slot.unresolved:
        return False
    words = set(slot.heard.lower().split()) - set(content_.mentions.get("brief_fillers", ()))
    if not words:                                               # "a quick" + "one"
        return said_short
    return words <= set(" ".join(content_.slot_types["BREVITY"]["short"]).split())


def length_with_no_kind_named(handler_input: HandlerInput) -> bool:
    """ "Fifteen minutes please", "I'd like fifteen minutes": a length, and nothing said where a
    kind of session goes, nor "quick"."""
    return (requested_minutes(handler_input) is not None and kind_words(handler_input).heard is None
            and read_slot(handler_input, "brevity").heard is None)


# Conversation note, with awaiting "session_type": they asked for a short one ("a quick one"),
# so the kind they choose starts at its shortest.
BRIEF = "brief"
