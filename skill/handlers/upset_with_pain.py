"""Low or not coping, or afraid, said with where it hurts: "I'm really low and my back hurts", "I can't
cope and my back hurts", "I feel really low, my lower back hurts", "I'm scared and my lower back hurts".

Said alone, low gets kind words and the crisis line offered (navigation.struggling), and a part
its steps (remedies.RemedyHandler). Said together, the pain won and the low was dropped ("really
low my lower back hurts": the steps alone), or neither was heard (RedFlagIntent's catch-all for
"can't cope and my back hurts"). Here the kind words come first, then on with the pain as said: its
steps, or "lower or upper back?". Fear said with a part and how it feels got the steps with no
kind word (mood51): a short comforting line first (prompts.yaml: comfort_lead_before_steps), as
with a medicine. With a medicine too it is upset_with_a_medicine.py's (the
caution as well); the pain words with handlers of their own (stuck bent over, down my leg) keep
them, registered before this; a red flag said with it is still safety.RedFlagHandler's.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent, content_for
from skill.content.words import phrases_pattern
from skill.handlers.conversation import content, note_around_birth, steps_to_come
from skill.handlers.navigation import comfort, struggling
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
def upset_with_a_part(content_: LocaleContent, words: Words) -> Optional[str]:
    """ "struggling" for low said with a part that hurts (low_with_a_part), "comfort" for fear
    (afraid_with_a_part), else None."""
    if low_with_a_part(content_, words):
        return "struggling"
    if afraid_with_a_part(content_, words):
        return "comfort"
    return AFRAID_FOR_A_PART if afraid_for_a_part(content_, words) else None


# Fear for a part with no feeling said: the urgent signs are said with the comforting line.
AFRAID_FOR_A_PART = "afraid_for_a_part"


def low_with_a_part(content_: LocaleContent, words: Words) -> bool:
    """Low or not coping said of themselves (vocabulary.yaml: mentions low_with_pain; not "my
    lower back is an emotional wreck", a part's state), and a part that hurts named in the rest."""
    if not words.said or words.intent in _TAKEN_BY:
        return False
    # What the part feels, not them: a slot that resolved ("my lower back is {symptom}": "in bits",
    # SORE), or a feeling slot of the mood's words alone beside a part ("falling apart").
    mood = _mood(content_.locale)
    part_named = bool(words.heard("area"))
    said = " ".join(heard.lower() for slot, heard, resolved in words[1]
                    if resolved is None and not (part_named and slot == "symptom" and mood.fullmatch(heard.lower())))
    of_themselves = any(_OF_A_PART.search(said[:found.start()]) is None
                        for found in mood.finditer(said))
    if not (of_themselves or low_at_a_start(content_, words)):
        return False
    return content_.value_within("BODY_AREA", without_feelings(content_, words)) is not None


def afraid_with_a_part(content_: LocaleContent, words: Words) -> bool:
    """Afraid or upset (mentions afraid, upset_now) said with a part and how it feels ("I'm scared
    and my lower back hurts", "I'm worried about my back, it really hurts"): a feeling we know in
    the rest, so a worry about something else ("I'm worried I slipped a disc in my back") keeps
    its own answer."""
    if not words.said or words.intent in _TAKEN_BY or words.intent == "ComfortIntent":
        return False
    if not (content_.mentioned("afraid", words.said) or content_.mentioned("upset_now", words.said)):
        return False
    rest = without_feelings(content_, words)
    return content_.value_within("BODY_AREA", rest) is not None and content_.value_within("SYMPTOM", rest) is not None


def afraid_for_a_part(content_: LocaleContent, words: Words) -> bool:
    """Afraid for a part, with no feeling said ("I'm scared something is really wrong with my back",
    "I'm worried about my lower back": vocabulary.yaml mentions worry_about_a_part), heard as a
    part and words that are no feeling: fear may hide a red flag we cannot hear, as comfort says."""
    if not words.said or words.intent != "RemedyIntent":
        return False
    if not content_.mentioned("afraid", words.said) or not content_.mentioned("worry_about_a_part", words.said):
        return False
    rest = without_feelings(content_, words)
    return content_.value_within("BODY_AREA", rest) is not None and content_.value_within("SYMPTOM", rest) is None


@lru_cache(maxsize=None)
def _mood(locale: str) -> "re.Pattern[str]":
    return phrases_pattern(p.lower() for p in content_for(locale).mentions.get("low_with_pain") or ())


class LowWithPainHandler(WordsCheckHandler):
    """The kind words (low: the crisis line offered; fear: a comforting line), then the part's
    steps or our question. In a remedy's steps, or for low in pregnancy or after a birth, their
    own answer (navigation.struggling, navigation.comfort: the steps go on; the midwife today)."""

    takes = ANY_INTENT
    heard = upset_with_a_part

    def handle(self, handler_input: HandlerInput):
        feeling = upset_with_a_part(handler_input)
        if feeling in ("comfort", AFRAID_FOR_A_PART) and steps_to_come(handler_input):
            return comfort(handler_input)
        if feeling == "struggling" and (steps_to_come(handler_input) or note_around_birth(handler_input)):
            return struggling(handler_input, self.controls)
        content_ = content(handler_input)
        rest = without_feelings(content_, request_words(handler_input)[1])
        area = content_.value_within("BODY_AREA", rest)
        symptom = content_.value_within("SYMPTOM", rest)
        lead = {"struggling": "struggling_lead", AFRAID_FOR_A_PART: "afraid_for_a_part_lead"}.get(
            feeling, "comfort_lead_before_steps")
        return remedy_or_question(handler_input, area, symptom, lead=text(content_.say(lead)))
