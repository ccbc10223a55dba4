"""The remedy rules: which remedy a body area and a feeling lead to (vocabulary.yaml:
remedy_rules), and the worries said beside them that change what comes before the steps.

Kept apart from the handlers because safety and the cautions send people to a remedy through the
same rules (remedies.remedy_or_question), and the content tests walk every rule.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Optional, Tuple

from skill.content import LocaleContent, content_for
from skill.responses import text


# Pain past bearing with no other word for it ("my back is in agony"): no feeling they said, so not
# a SYMPTOM value; the remedy rules send it where a spasm goes, and the steps are introduced and
# named plainly (no intro_for or name_for of its own). With no body part named, where it hurts is
# asked first.
SEVERE_PAIN_SYMPTOM = "severe_pain"
# A feeling they can't put a name to: soreness, whose steps are the gentlest.
UNSURE_SYMPTOM = "sore"
# "Both", "all over": to "lower or upper back?", the whole back; to "what does it feel like?"
# about a part already named, more than one feeling, of which a spasm is what the steps are for.
WHOLE_BACK = "whole_back"
MIXED_FEELINGS_SYMPTOM = "spasm"
LEGS = "legs_after_workout"      # BODY_AREA: the legs, whose cramp has steps of its own
CRAMP = "cramp"
# What the words may say beside a body part and a symptom, most pressing first (vocabulary.yaml:
# mentions); each has a sentence of its own in prompts.yaml, said before the steps.
WORRIES = ("severe_pain", "long_lasting")
# A pain score from which it is pain past bearing (vocabulary.yaml: high_pain_score).
HIGH_PAIN_SCORE = 7


def worry_in(content_: LocaleContent, words: Optional[str]) -> Optional[str]:
    """The most pressing of WORRIES these words say ("it's the worst pain ever", or a score of
    seven and up said alone: "it's about a nine"), or None."""
    worry = next((worry for worry in WORRIES if content_.mentioned(worry, words)), None)
    if worry != "severe_pain" and words and (pain_scores(content_, words)[0] or 0) >= HIGH_PAIN_SCORE:
        return "severe_pain"
    return worry


def only_lasted(content_: LocaleContent, worry: Optional[str], words: Optional[str]) -> bool:
    """Whether the worry these words say is only how long the pain has lasted or that it keeps
    coming back ("for a week", "for months"): the doctor and a physical therapist, not the warning
    signs. Getting worse is not only that ("it's hurt for weeks and it's getting worse")."""
    return worry == "long_lasting" and not content_.mentioned("worse_than_before", words)


def pain_scores(content_: LocaleContent, words: Optional[str]) -> Tuple[Optional[int], Optional[int]]:
    """The pain score these words say and the one they say it was before, if they do ("it's
    gone from a six to a four out of ten": (4, 6); "it's a four out of ten": (4, None)), or
    (None, None) with no score said (vocabulary.yaml: mentions pain_score, score_numbers,
    score_before). "Three or four out of ten" is a four. A number said with only a few words
    around it (score_fillers: "it's down to a four", "about a nine") is a score too. Read once
    per locale and words: every remedy asks, some twice (worry_in)."""
    return _pain_scores(content_.locale, words or "")


@lru_cache(maxsize=4096)
def _pain_scores(locale: str, words: str) -> Tuple[Optional[int], Optional[int]]:
    content_ = content_for(locale)
    numbers = content_.mentions["score_numbers"]          # zero to ten, each in its place
    scaled = content_.mentioned("pain_score", words)
    if scaled:
        words = content_.without("out_of_ten", words)
    else:
        bare = content_.without("score_fillers", words).replace(",", " ").split()
        if not bare or any(not (word.isdigit() or word in numbers) for word in bare):
            return None, None
    said = [int(word) if word.isdigit() else numbers.index(word)
            for word in (words or "").lower().replace(",", " ").split() if word.isdigit() or word in numbers]
    said = [number for number in said if number <= 10]
    if not said or (not scaled and len(said) > 2):      # "nine eight eight" is no score
        return None, None
    before = said[-2] if len(said) > 1 and content_.mentioned("score_before", words) else None
    return (max(said) if before is None else said[-1]), before


def worry_lead(content_: LocaleContent, worry: Optional[str], *, signs: bool = False) -> str:
    """What to say before the steps: the warning signs (always, for pain past bearing), the
    worry's own sentence, then on to easing it."""
    parts = [content_.say("red_flag_signs")] if signs or worry == "severe_pain" else []
    if worry:
        parts.append(content_.say(worry))
    if parts:
        parts.append(content_.say("long_lasting_then" if worry == "long_lasting" else "red_flag_then"))
    return " ".join(text(part) for part in parts)


# -- remedy10: what brought it on (vocabulary.yaml: mentions causes_exercise, causes_everyday).
OVERDID_IT = "overdid_it"
SORE = "sore"
EXERCISE = "exercise"           # sore after exercise, no part of the back named: after-workout soreness
EVERYDAY = "everyday"           # sitting, driving, carrying: the back, when no part is named
# Pain worse lying down or at night: its answer (answers.yaml) and its mention (vocabulary.yaml).
NIGHT_PAIN = "night_pain"
# A part of the back named: its own soreness, even after exercise ("my back" alone is not one).
BACK_PARTS = ("lower_back", "upper_back", "shoulder_blade")


def cause_in(content_: LocaleContent, words: Optional[str]) -> Optional[str]:
    """What these words say brought it on: EXERCISE ("from running"), EVERYDAY ("after
    gardening", "sitting at my desk"), or None."""
    if content_.mentioned("causes_exercise", words):
        return EXERCISE
    # Every ordinary_causes phrase is one of causes_exercise or causes_everyday (a test keeps it so).
    if content_.mentioned("causes_everyday", words):
        return EVERYDAY
    return None


def feeling_with_a_cause(area: Optional[str], symptom: Optional[str], cause: Optional[str]
                         ) -> Tuple[Optional[str], Optional[str]]:
    """The area and symptom a feeling said with what brought it on leads to: "I'm sore from
    running", "my back hurts after running" are soreness after exercise (overdid_it), "my lower
    back is sore after the gym" the lower back's; "I'm stiff from sitting at my desk" the back's
    soreness, as "my back hurts after a long drive" is. A spasm or a cramp stays one."""
    if cause == EXERCISE and symptom == SORE and area not in BACK_PARTS:
        return area, OVERDID_IT
    if cause == EVERYDAY and area is None:
        return "back", symptom
    return area, symptom


def remedy_for(content_: LocaleContent, area: Optional[str], symptom: Optional[str]) -> Dict[str, str]:
    """The first rule that fits: {"remedy": id} or {"ask": question name}."""
    def fits(pattern: str, value: Optional[str]) -> bool:
        return pattern == "*" or (pattern == "" and value is None) or pattern == value

    for rule in content_.remedy_rules:
        if fits(rule["area"], area) and fits(rule["symptom"], symptom):
            return rule
    return {"ask": "where_does_it_hurt"}


# -- sleep17: the night and the morning said with a pain (vocabulary.yaml: mentions cant_sleep,
# morning_stiffness): a short answer before the question or the steps (answers.yaml).
CANT_SLEEP = "cant_sleep"
MORNING_STIFFNESS = "morning_stiffness"
# Feelings that waking stiff explains: not a spasm or a knot, whose steps say their own.
STIFF_FEELINGS = (None, "sore", "tight")


# night32: feelings whose keeping them from sleep is night pain: the back alone or its ache ("I
# cant sleep because of my back", "so sore I can't sleep"); a spasm keeping them up is the spasm's.
NIGHT_FEELINGS = (None, SORE)


def kept_from_sleep(content_: LocaleContent, words: Optional[str], symptom: Optional[str]) -> bool:
    """Whether these words say the back, or its ache, stops them sleeping (vocabulary.yaml:
    mentions cant_sleep): night pain, as "my back is keeping me awake" is."""
    return symptom in NIGHT_FEELINGS and content_.mentioned(CANT_SLEEP, words)


def sleep_lead(content_: LocaleContent, words: Optional[str], symptom: Optional[str] = None) -> str:
    """ "I can't sleep because of my back", "it hurts too much to sleep": how to lie and breathe
    (cant_sleep); "I woke up with back pain", "stiff in the morning", said with no feeling or with
    soreness or tightness: morning stiffness eases as you move (morning_stiffness). Else ""."""
    if not words:
        return ""
    if content_.mentioned(CANT_SLEEP, words):
        return text(content_.answers[CANT_SLEEP].speech)
    if symptom in STIFF_FEELINGS and content_.mentioned(MORNING_STIFFNESS, words):
        return text(content_.answers[MORNING_STIFFNESS].speech)
    return ""
