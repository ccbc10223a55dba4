"""What a request's words say, worked out once per locale, intent and words.

The safety checks and the cautions look at every intent's words before any other handler may
answer (skill.py), and most requests say the same few things ("lower back", "spasming"). A
`words_fact` is a fact about the words alone, with no conversation, session or memory in it: a
function of the locale's content and the request's `Words`, whose answers are kept per locale and
words, so a request that says what others said before pays one lookup per fact. What also depends
on state is worked out after the fact, and only when the words call for it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Dict, Optional, Tuple, TypeVar

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.content import LocaleContent, content_for

T = TypeVar("T")
REQUEST_WORDS = "words_said"          # request attribute: (locale, Words) of this request
FACTS_KEPT = 4096                     # per fact: distinct locales and words remembered


class Words(Tuple[Optional[str], Tuple[Tuple[str, str, Optional[str]], ...]]):
    """An intent's name and its filled slots as (slot name, words heard, id resolved to or None),
    in the order the request lists them. Equal words are equal keys."""

    __slots__ = ()

    def __new__(cls, intent: Optional[str], slots: Tuple[Tuple[str, str, Optional[str]], ...]) -> "Words":
        return super().__new__(cls, (intent, slots))

    @property
    def intent(self) -> Optional[str]:
        return self[0]

    @property
    def values(self) -> Tuple[str, ...]:
        """Every filled slot's words, in order (slots.slot_values)."""
        return tuple(heard for _, heard, _ in self[1])

    @property
    def said(self) -> str:
        """Every filled slot's words in one string (slots.said_words)."""
        return " ".join(self.values)

    def heard(self, name: str) -> Optional[str]:
        return next((heard for slot, heard, _ in self[1] if slot == name), None)

    def resolved(self, name: str) -> Optional[str]:
        return next((value_id for slot, _, value_id in self[1] if slot == name), None)


def _resolved_id(slot) -> Optional[str]:
    """The id a slot's words resolved to (slots.read_slot), or None."""
    for authority in (slot.resolutions.resolutions_per_authority or []) if slot.resolutions else []:
        if getattr(authority.status, "code", None) == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return authority.values[0].value.id.lower()
    return None


# words21: samples whose own words say what a slot leaves out, told apart by a slot no other
# sample of their intent has: RedFlagIntent's "i have {area} pain and {other}" (other: what is
# taken) said its part with "pain", so the part's words are read as "{area} pain" ("tummy" +
# "pain": tummy pain's red flag; "back" + "pain": a pain said with a blood thinner).
CARRIED = {("RedFlagIntent", "other"): ("area", "pain")}


def carried_words(intent: Optional[str], slots: Dict[str, str]) -> Dict[str, str]:
    """Filled slots' words (name: words), with what their sample said around them (CARRIED)."""
    for (name, marker), (slot, word) in CARRIED.items():
        if intent == name and slots.get(marker) and slots.get(slot):
            slots = {**slots, slot: f"{slots[slot]} {word}"}
    return slots


def request_words(handler_input: HandlerInput) -> Tuple[Optional[str], Words]:
    """This request's locale and Words, read once a request."""
    notes = handler_input.attributes_manager.request_attributes
    found = notes.get(REQUEST_WORDS)
    if found is None:
        request = handler_input.request_envelope.request
        intent = getattr(request, "intent", None)
        filled = {name: slot for name, slot in ((intent.slots or {}).items() if intent else ())
                  if slot is not None and slot.value}
        heard = carried_words(getattr(intent, "name", None), {name: slot.value for name, slot in filled.items()})
        slots = tuple((name, heard[name], _resolved_id(slot)) for name, slot in filled.items())
        found = notes[REQUEST_WORDS] = (getattr(request, "locale", None),
                                        Words(getattr(intent, "name", None), slots))
    return found


def forget_request_words(handler_input: HandlerInput) -> None:
    """After the request itself was changed (named_sessions.ControlSaidAsASession gives it the
    intent its words say), its words are read again when next asked for."""
    handler_input.attributes_manager.request_attributes.pop(REQUEST_WORDS, None)


class WordsFact:
    """A fact about a request's words, asked as `fact(handler_input)`, answered once per locale
    and words (`by_words`). A class, not a closure, so that a handler class can name one as an
    attribute (routing.RoutedHandler.heard) without it becoming a method."""

    def __init__(self, by_words: Callable[[Optional[str], Words], T], name: str, doc: Optional[str]) -> None:
        self.by_words, self.__name__, self.__doc__ = by_words, name, doc

    def __call__(self, handler_input: HandlerInput) -> T:
        return self.by_words(*request_words(handler_input))


def words_fact(fact: Callable[[LocaleContent, Words], T]) -> WordsFact:
    """`fact(content, words)` asked of a request: answered once per locale and words. The fact
    must read nothing but its arguments, and its answers are shared: tuples, not lists."""
    @lru_cache(maxsize=FACTS_KEPT)
    def by_words(locale: Optional[str], words: Words) -> T:
        return fact(content_for(locale), words)

    return WordsFact(by_words, fact.__name__, fact.__doc__)
