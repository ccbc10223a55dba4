"""Slots and the words in them: what a slot resolved to, the words heard, and how their words are
said back.

A custom slot often catches more than its value, and Alexa sends none of the words it could not
place: handlers read what was said through here, not from the envelope.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.content import LocaleContent
from skill.handlers import red_flag_words
from skill.handlers.words_said import carried_words


@dataclass(frozen=True)
class SlotReading:
    """A slot as heard: `id` when it resolved to one of our values, `heard` is the raw words."""

    id: Optional[str]
    heard: Optional[str]

    @property
    def unresolved(self) -> bool:
        return self.heard is not None and self.id is None


def read_slot(handler_input: HandlerInput, name: str) -> SlotReading:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (intent.slots or {}).get(name) if intent else None
    if slot is None or not slot.value:
        return SlotReading(None, None)
    for authority in (slot.resolutions.resolutions_per_authority or []) if slot.resolutions else []:
        code = getattr(authority.status, "code", None)
        if code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return SlotReading(authority.values[0].value.id.lower(), slot.value)
    return SlotReading(None, slot.value)  # no match, or a built-in type (no resolutions)


def slot_values(handler_input: HandlerInput) -> Dict[str, str]:
    """Every filled slot's raw words, for the safety check, with what their sample said around
    them (words_said.carried_words: "i have {area} pain and {other}")."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    if intent is None or not intent.slots:
        return {}
    return carried_words(intent.name, {name: slot.value for name, slot in intent.slots.items()
                                       if slot is not None and slot.value})


def unknown_words(content_: LocaleContent, key: str, heard: Optional[str], **values) -> str:
    """The prompt `key` that says their words back ('I don't have steps for "{heard}" yet'), or
    its `_unnamed` form when the words carry a crisis or an emergency meaning, even one set aside
    ("life", "heart attack"): those are never said back as a body part or a feeling."""
    words = heard or ""
    if (content_.mentioned("crisis_words", words) or content_.mentioned("emergency_words", words)
            or any(red_flag_words.read_any(content_.locale, words))):
        return content_.say(f"{key}_unnamed", **values)
    return content_.say(key, heard=heard, **values)


SAID_WORDS = "said_words"             # request attribute: said_words() of this request


def said_words(handler_input: HandlerInput) -> str:
    """Every filled slot's words in one string, worked out once a request: the safety handlers
    that look at every intent's words each read them."""
    cache = handler_input.attributes_manager.request_attributes
    words = cache.get(SAID_WORDS)
    if words is None:
        words = cache[SAID_WORDS] = " ".join(slot_values(handler_input).values())
    return words
