"""What words say in one locale's vocabulary: the slot value they name or hold, and whether they
say a mention's phrases (vocabulary.yaml: slot_types, mentions), each answer cached per locale and
words.

Apart from the loading of the content files (__init__.py) because it is the part read on every
request; LocaleContent is built on WordMatching, so handlers still ask `content_.mentioned(...)`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Mapping, Optional, Tuple


class WordMatching:
    """The word-matching half of LocaleContent: its `locale`, `slot_types`, `mentions`,
    `nearby_areas` and `not_red_flags` read against the words said."""

    locale: str
    slot_types: Mapping[str, Mapping[str, List[str]]]
    mentions: Mapping[str, Tuple[str, ...]]
    nearby_areas: Mapping[str, str]
    not_red_flags: Mapping[str, str]

    def value_id(self, slot_type: str, words: Optional[str]) -> Optional[str]:
        """The id of the `slot_type` value these words name (its value or a synonym), or None."""
        wanted = " ".join((words or "").lower().split())
        for value_id, names in self.slot_types.get(slot_type, {}).items():
            if wanted in (name.lower() for name in names):
                return value_id
        return None

    def value_within(self, slot_type: str, words: Optional[str]) -> Optional[str]:
        """The id of the longest `slot_type` value said inside these words ("back lifting a box" →
        "back"): a custom slot often catches more words than its value."""
        return _value_within(self.locale, slot_type, words or "")

    def values_within(self, slot_type: str, words: Optional[str]) -> FrozenSet[str]:
        """The ids of every `slot_type` value said inside these words ("ibuprofen and paracetamol
        together" → both medicines)."""
        return _values_within(self.locale, slot_type, words) if words else frozenset()

    def count_within(self, slot_type: str, words: Optional[str]) -> int:
        """How many `slot_type` values are said inside these words, the same one twice counting
        twice ("ibuprofen and naproxen": two medicines, both anti-inflammatories)."""
        return sum(1 for _ in _within_pattern(self.locale, slot_type).finditer(plain(words))) if words else 0

    def feeling_said(self, words: Optional[str]) -> Optional[str]:
        """The SYMPTOM these words name when that is all they say, besides fillers, when, what
        brought it on and the one body part it is in ("it hurts", "sore from running", "is stiff
        this morning", "having back pain since morning"), or None (vocabulary.yaml: mentions
        feeling_fillers, feeling_times, causes_exercise, causes_everyday)."""
        return _feeling_said(self.locale, words) if words else None

    def mentioned(self, mention: str, words: Optional[str]) -> bool:
        """Whether these words say one of the `mention`'s phrases (vocabulary.yaml: mentions)."""
        return bool(words) and _mentioned(self.locale, mention, words)

    def without(self, mention: str, words: Optional[str]) -> str:
        """These words with the `mention`'s phrases taken out ("i feel so low" without struggling:
        "i", so "low" is not read as the lower back)."""
        return _without(self.locale, mention, words) if words else ""

    def said_first(self, mention: str, words: Optional[str]) -> bool:
        """Whether these words begin with one of the `mention`'s phrases, after "I'm" or "I'll":
        what they are about to do ("going to sleep now"), not what a part does ("my leg keeps
        going to sleep")."""
        return bool(words) and _said_first(self.locale, mention, words)

    def going_to_sleep(self, words: Optional[str]) -> bool:
        """ "I'm going to sleep", "off to bed" (said_first), or "sleep" as all the words: what
        "i'm going to {red_flag}" leaves of it (vocabulary.yaml: going_to_sleep_alone)."""
        return self.said_first("going_to_sleep", words) or _LEADING_I.sub("", plain(words)) in \
            self.mentions.get("going_to_sleep_alone", ())

    def said_next_to(self, mention: str, other: str, joins: str, words: Optional[str]) -> bool:
        """Whether these words say one of the `mention`'s phrases next to one of `other`'s, either
        way round, with at most three of `joins`' words between ("fell asleep on my heating pad")."""
        return bool(words) and _said_next_to(self.locale, mention, other, joins, words)

    def nearby_area(self, words: Optional[str]) -> Optional[str]:
        """The body area we have steps for next to the one these words name ("my neck" →
        "shoulder_blade"), or None."""
        return self.nearby_areas.get(plain(words))

    def not_a_red_flag(self, words: Optional[str]) -> Optional[str]:
        """What "I'm back", "I'm done with the mat", "I'm okay" mean ("resume", "end", "carry_on"),
        when these words, all of them, say only that (vocabulary.yaml: not_red_flags)."""
        return self.not_red_flags.get(re.sub(r"^(i'm|i am|im) ", "", plain(words)))


# The safety checks and cautions read every intent's words against many word lists, and people say
# the same few phrases ("lower back", "spasming"): what the words say is worked out once per locale
# and words (bounded caches; each answer depends only on its arguments).
@lru_cache(maxsize=16384)
def _mentioned(locale: str, mention: str, words: str) -> bool:
    return bool(_mention_pattern(locale, mention).search(plain(words)))


@lru_cache(maxsize=4096)
def _said_first(locale: str, mention: str, words: str) -> bool:
    return bool(_mention_pattern(locale, mention).match(_LEADING_I.sub("", plain(words))))


@lru_cache(maxsize=4096)
def _said_next_to(locale: str, mention: str, other: str, joins: str, words: str) -> bool:
    return bool(_next_to_pattern(locale, mention, other, joins).search(plain(words)))


@lru_cache(maxsize=16384)
def _value_within(locale: str, slot_type: str, words: str) -> Optional[str]:
    found = _within_pattern(locale, slot_type).search(plain(words))        # the longest first
    return _value_ids(locale, slot_type)[found.group(1)] if found else None


@lru_cache(maxsize=4096)
def _values_within(locale: str, slot_type: str, words: str) -> FrozenSet[str]:
    ids = _value_ids(locale, slot_type)
    return frozenset(ids[found.group(1)] for found in _within_pattern(locale, slot_type).finditer(plain(words)))


@lru_cache(maxsize=4096)
def _feeling_said(locale: str, words: str) -> Optional[str]:
    from skill.content import content_for      # the package builds its content on this module
    content_ = content_for(locale)
    rest = content_.without("causes_everyday", content_.without("causes_exercise", words))
    rest = content_.without("feeling_fillers", content_.without("feeling_times", rest))
    feeling = content_.value_id("SYMPTOM", rest)
    if feeling is None:
        # "having back pain since morning" (a red flag's catch-all took them whole): the part, as
        # "my back" + "is sore this morning" has it in a slot of its own, and the feeling.
        # Not "all over" or "body pain" (whole_back, legs_after_workout): pain everywhere may be
        # more than a back or a muscle, and keeps the signs.
        parts = _within_pattern(locale, "BODY_AREA").findall(rest)
        if len(parts) == 1 and _value_ids(locale, "BODY_AREA")[parts[0]] in _PARTS_OF_A_FEELING:
            feeling = content_.value_id("SYMPTOM", _within_pattern(locale, "BODY_AREA").sub(" ", rest))
    return feeling


# The parts a feeling is said in with nothing else ("having back pain since morning").
_PARTS_OF_A_FEELING = ("lower_back", "back", "upper_back", "shoulder_blade", "glutes", "hips")


_POSSESSIVE = re.compile(r"'s\b")
_LEADING_I = re.compile(r"^(?:(?:i'm|i am|im|i'll|i will|i|now|okay|ok|right) )+")


def plain(words: Optional[str]) -> str:
    """Lowercase, single-spaced, without a possessive 's ("my back's gone" → "my back gone")."""
    return _POSSESSIVE.sub("", " ".join((words or "").lower().split()))


@lru_cache(maxsize=None)
def _value_ids(locale: str, slot_type: str) -> Dict[str, str]:
    """Every value and synonym of a slot type, lowercased, → its id."""
    from skill.content import content_for      # the package builds its content on this module
    values = content_for(locale).slot_types.get(slot_type, {})
    return {name.lower(): value_id for value_id, names in values.items() for name in names}


def phrases_pattern(phrases) -> "re.Pattern[str]":
    """A regex finding any of these lowercase phrases as whole words, the longest first; one that
    finds nothing when there are none."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!)")
    return re.compile(r"\b(" + "|".join(re.escape(phrase) for phrase in ordered) + r")\b")


@lru_cache(maxsize=None)
def _within_pattern(locale: str, slot_type: str) -> "re.Pattern[str]":
    return phrases_pattern(_value_ids(locale, slot_type))


@lru_cache(maxsize=4096)
def _without(locale: str, mention: str, words: str) -> str:
    """LocaleContent.without, kept per locale and words: RemedyIntent asks it of every request's
    slot words, and most requests say the same few things."""
    return _mention_pattern(locale, mention).sub(" ", plain(words))


@lru_cache(maxsize=None)
def _mention_pattern(locale: str, mention: str) -> "re.Pattern[str]":
    from skill.content import content_for      # the package builds its content on this module
    mentions = content_for(locale).mentions
    phrases = [plain(phrase) for phrase in mentions.get(mention) or ()]
    if not any("{" in phrase for phrase in phrases):
        return phrases_pattern(phrases)
    # "i'm {weeks} weeks": a placeholder stands for any phrase of the mention it names.
    def expanded(phrase: str) -> str:
        pattern = re.escape(phrase)
        for name in re.findall(r"\{(\w+)\}", phrase):
            choices = sorted((re.escape(plain(p)) for p in mentions.get(name) or ()), key=len, reverse=True)
            pattern = pattern.replace(re.escape("{" + name + "}"), "(?:" + "|".join(choices) + ")")
        return pattern
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(expanded(phrase) for phrase in ordered) + r")\b")


@lru_cache(maxsize=None)
def _next_to_pattern(locale: str, mention: str, other: str, joins: str) -> "re.Pattern[str]":
    first, second, between = (_mention_pattern(locale, name).pattern for name in (mention, other, joins))
    gap = rf"(?: {between}){{0,3}} "
    return re.compile(f"{first}{gap}{second}|{second}{gap}{first}")
