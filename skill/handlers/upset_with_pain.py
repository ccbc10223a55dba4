"""Low or not coping said with where it hurts: "I'm really low and my back hurts", "I can't cope
and my back hurts", "I feel really low, my lower back hurts".

Said alone, low gets kind words and the crisis line offered (navigation.struggling), and a part
its steps (remedies.RemedyHandler). Said together, the pain won and the low was dropped ("really
low my lower back hurts": the steps alone), or neither was heard (RedFlagIntent's catch-all for
"can't cope and my back hurts"). Here the kind words come first, then on with the pain as said: its
steps, or "lower or upper back?". With a medicine too it is upset_with_a_medicine.py's (the
caution as well); the pain words with handlers of their own (stuck bent over, down my leg) keep
them, registered before this; a red flag said with it is still safety.RedFlagHandler's.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent, content_for
from skill.content.words import phrases_pattern
from skill.handlers.conversation import content, note_around_birth, steps_to_come
from skill.handlers.navigation import struggling
from skill.handlers.remedies import remedy_or_question
from skill.handlers.session_handler import WordsCheckHandler
from skill.handlers.upset_with_a_medicine import low_at_a_start, without_feelings
from skill.handlers.words_said import Words, request_words, words_fact
from skill.responses import text
from skill.routing import ANY_INTENT

_TAKEN_BY = ("MedicineIntent", "StrugglingIntent")      # a medicine asked about; low alone


# Said of a part or a thing, not of themselves: "my lower back is in bits", "it's really low".
_OF_A_PART = re.compile(r"(?:\b(?:is|are|feels)|'s) (?:(?:all|really|so|just|a bit|completely) )?$")


@words_fact
def low_with_a_part(content_: LocaleContent, words: Words) -> bool:
    """Low or not coping said of themselves (not "my lower back is in bits", a part's state), and
    a part that hurts named in the rest of the words."""
    if not words.said or words.intent in _TAKEN_BY:
        return False
    # A slot that resolved said what the part feels ("my lower back is {symptom}": "in bits", SORE).
    said = " ".join(heard.lower() for _, heard, resolved in words[1] if resolved is None)
    of_themselves = any(_OF_A_PART.search(said[:found.start()]) is None
                        for found in _struggling(content_.locale).finditer(said))
    if not (of_themselves or low_at_a_start(content_, words)):
        return False
    return content_.value_within("BODY_AREA", without_feelings(content_, words)) is not None


@lru_cache(maxsize=None)
def _struggling(locale: str) -> "re.Pattern[str]":
    return phrases_pattern(p.lower() for p in content_for(locale).mentions.get("struggling") or ())


class LowWithPainHandler(WordsCheckHandler):
    """The kind words and the crisis line offered, then the part's steps or our question. In a
    remedy's steps, or in pregnancy or after a birth, low's own answer (navigation.struggling:
    the steps go on; the midwife today)."""

    takes = ANY_INTENT
    heard = low_with_a_part

    def handle(self, handler_input: HandlerInput):
        if steps_to_come(handler_input) or note_around_birth(handler_input):
            return struggling(handler_input, self.controls)
        content_ = content(handler_input)
        rest = without_feelings(content_, request_words(handler_input)[1])
        area = content_.value_within("BODY_AREA", rest)
        symptom = content_.value_within("SYMPTOM", rest)
        return remedy_or_question(handler_input, area, symptom, lead=text(content_.say("struggling_lead")))
