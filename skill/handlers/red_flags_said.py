"""Which red flags a request says: in its words alone (`flags_said`, worked out once per locale
and words), and with what depends on where the person is (`detected_red_flags`): "I want to end
it" with no session to end is the crisis line, and a sign urgent only in pregnancy or after a
birth leads once either was mentioned. Numbness or pins and needles in the back alone is not the
legs' red flag (`back_numbness_said`; its answer is safety.BackNumbnessHandler's), nor is a calf
warm and red from heat, and nothing more, the blood vessel's (`vessel_sign_from_heat`; its answer
is cautions.HeatSkinCheckHandler's).

The phrases themselves are matched in red_flag_words.py; what is said about a red flag is in
safety.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, NamedTuple, Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent, content_for
from skill.content.words import phrases_pattern, plain
from skill.handlers import red_flag_words
from skill.handlers.conversation import content, conversation
from skill.handlers.running_session import noted_around_birth, running_session
from skill.handlers.words_said import Words, request_words, words_fact


def red_flags_in(content_: LocaleContent, words: str, asked: bool = False) -> List[str]:
    """Every red flag said in `words` (red_flag_words.py); `asked`: words a question asks about."""
    return list(red_flag_words.red_flags_in(content_.locale, words, asked))


# Intents whose every sample asks a question: a number of pills in their words is a dose asked
# about ("can I take {ten ibuprofen}"), not one taken ("I've had {six co-codamol}").
ASKING_INTENTS = frozenset({"MedicineIntent"})


# Intents whose samples say words no slot carries, read as said with the slots' words ("my head is
# killing me": a bad headache, pre-eclampsia's sign in pregnancy or after a birth).
# words21: "pain in my {area} and down my leg" keeps its part in a slot; the red flags are read in
# "pain" with it, as before ("pain in my tummy and down my leg": tummy pain, the doctor today).
INTENT_WORDS = {"BadHeadacheIntent": ("bad headache",), "LegPainSpreadsIntent": ("pain",)}


def words_and_intent(words: Words) -> List[str]:
    """Every filled slot's words, and what the intent itself says (INTENT_WORDS)."""
    return list(words.values) + list(INTENT_WORDS.get(words.intent, ()))


LEG_NUMBNESS = "leg_numbness"
BACK_NUMBNESS_INTENT = "BackNumbnessIntent"


def of_the_back_only(content_: LocaleContent, words: str) -> bool:
    """Whether these words name the back itself and nothing below it or beside it (vocabulary.yaml:
    mentions back_itself, below_the_back): "pins and needles in my back", not "... back and legs"."""
    return content_.mentioned("back_itself", words) and not content_.mentioned("below_the_back", words)


def numb_back_only(content_: LocaleContent, words: str) -> bool:
    """Numbness or pins and needles said of the back alone: its own answer, not the legs' red flag."""
    return LEG_NUMBNESS in red_flags_in(content_, words) and of_the_back_only(content_, words)


RED_FLAG_INTENT = "RedFlagIntent"
FEVER = "fever"
GOING_TO_HOSPITAL = "going_to_hospital"     # they need a hospital: a red flag, never a break
VESSEL_SIGNS = "vessel_signs"


def reddened_by_heat(content_: LocaleContent, words: str) -> bool:
    """Redness said with heat as its cause: "my calf is warm and red from the heat pad", "my leg
    went red under the heat pack" (vocabulary.yaml: mentions reddened, heat_as_cause). Heat named
    another way is not its cause: "my calf is hot and red, can I use a heat pad"."""
    return content_.mentioned("reddened", words) and content_.mentioned("heat_as_cause", words)


def vessel_sign_from_heat(content_: LocaleContent, words: str) -> bool:
    """A calf or leg warm and red from heat, and nothing else a clot does: heat reddens and warms
    skin by itself, so that is no sign of a clot (cautions.HeatSkinCheckHandler checks the skin,
    and says when a calf would be one). Only warmth and redness are set down to heat, and only
    with heat said as their cause (reddened_by_heat): swelling, pain, tenderness or anything else
    a clot or a torn vessel does (mentions clot_not_from_heat) keeps the red flag ("my calf is
    swollen and red from the heat pad", "hot, red and painful"), and so does a warm red calf with
    heat named but not as the cause, or not at all."""
    return reddened_by_heat(content_, words) and not content_.mentioned("clot_not_from_heat", words)


class FlagsSaid(NamedTuple):
    """What a request's words alone say of red flags (detected_red_flags adds what needs state)."""

    found: Tuple[str, ...]          # the red flags named, in the order found
    ends_it: bool                   # "I want to end it" said (_ends_it; crisis with no session to end)
    around_birth: bool              # a sign urgent in pregnancy or after a birth (_urgent_around_birth)


@words_fact
def flags_said(content_: LocaleContent, words: Words) -> FlagsSaid:
    """The red flags named by the RedFlagIntent, or said in any slot's words: each slot alone, and
    all of them in a row, either way round ("my {area} {symptom}": "legs" and "feel weak" say
    "legs feel weak"; "life" and "thinking about ending" say "thinking about ending life"), with
    the carrier's "my" too (_in_a_row).
    Numbness said of the back alone ("back" + "pins and needles") is none (BackNumbnessHandler);
    numbness said of any other part ("my legs feel numb", "my bum is numb") is one. A calf warm
    and red from heat, and nothing more, is no blood vessel sign (vessel_sign_from_heat)."""
    flag_id = words.resolved("red_flag")
    if flag_id is None and words.intent == RED_FLAG_INTENT and plain(words.heard("red_flag")) in \
            content_.mentions.get("fever_as_all_the_words", ()):
        flag_id = FEVER                                 # "I've been {hot and cold}" (safety19)
    found = [flag_id] if flag_id else []
    said = words_and_intent(words)
    asked = words.intent in ASKING_INTENTS
    for text_ in said + _in_a_row(said):
        found += [f for f in red_flags_in(content_, text_, asked) if f not in found]
    if len(said) > 1:           # one slot's "had a heart attack", the other's "dad": set aside
        # "My {area} is {symptom}" keeps the "is": "chest" + "fine" say "chest is fine"; "my
        # {area} has {symptom}" its "has": "dad" + "cancer" say "dad has cancer".
        aside = tuple(flag for joint in (" ", " is ", " has ")
                      for flag in red_flag_words.set_aside_in(content_.locale, joint.join(said)))
        found = [f for f in found if f not in aside or f == flag_id]
    if VESSEL_SIGNS in found and vessel_sign_from_heat(content_, " ".join(said)):
        found.remove(VESSEL_SIGNS)                              # "my calf is red from the heat pad"
    if words.intent == BACK_NUMBNESS_INTENT:
        part = words.heard("area") or ""
        if not of_the_back_only(content_, part):
            found += [f for f in red_flags_in(content_, f"numb {part}") if f not in found] or [LEG_NUMBNESS]
    elif LEG_NUMBNESS in found and not flag_id and numb_back_only(content_, " ".join(said)):
        found.remove(LEG_NUMBNESS)
    if "crisis" not in found and content_.mentioned("crisis_wanted", words.heard("session_type")):
        found.append("crisis")                                  # "I want to hurt myself"
    if GOING_TO_HOSPITAL not in found and content_.mentioned("care_places", words.heard("toilet")):
        found.append(GOING_TO_HOSPITAL)                         # "I need to go to the {hospital}"
    return FlagsSaid(tuple(found), _ends_it(content_, said + [" ".join(said)]),
                     any(_signs_around_birth(content_, w) for w in (" ".join(said), " ".join(said[::-1]))))


def _in_a_row(said: List[str]) -> List[str]:
    """Several slots' words as one sentence, either way round, and with the "my" that samples such
    as "i {symptom} my {area}" put between them: "can't control" and "bladder" say "can't control
    my bladder", a red flag only ever said as a whole phrase; and with the "and" of "{area} and
    {red_flag}": "i'm hot" and "cold" say "i'm hot and cold", a fever (safety11), where "i'm hot
    cold" says nothing (the fever's pattern for it needs its "and": vocabulary.yaml)."""
    if len(said) < 2:
        return []
    return [joint.join(in_order) for in_order in (said, said[::-1]) for joint in (" ", " my ", " and ")]


def _ends_it(content_: LocaleContent, said: List[str]) -> bool:
    """ "I want to end it" (vocabulary.yaml: mentions crisis_without_a_session): all the words of a
    slot, or, for its phrases of three words or more, how they end ("delete my data, I want to end
    it"); "can you end it" is not read for the crisis it might be unless it is all they said."""
    phrases = content_.mentions.get("crisis_without_a_session", ())
    for words in (" ".join(w.lower().split()) for w in said):
        if words in phrases or any(len(p.split()) >= 3 and words.endswith(" " + p) for p in phrases):
            return True
    return False


def detected_red_flags(handler_input: HandlerInput) -> List[str]:
    """The red flags said (flags_said), with those that depend on where the person is: "I want to
    end it" with no session to end is the crisis line, and a sign urgent in pregnancy or after a
    birth leads once either was mentioned."""
    said = flags_said(handler_input)
    found = list(said.found)
    if said.ends_it and "crisis" not in found and _no_session_to_end(handler_input):
        found.append("crisis")
    if said.around_birth:
        content_ = content(handler_input)
        words = words_and_intent(request_words(handler_input)[1])
        # Either way round: "bad" and "headache" in two slots say "bad headache".
        around_birth = (_urgent_around_birth(handler_input, content_, " ".join(words))
                        or _urgent_around_birth(handler_input, content_, " ".join(words[::-1])))
        if around_birth is not None:               # its reason leads: the midwife, not the nerves
            found = [around_birth] + [f for f in found if f != around_birth]
    return found


POSTPARTUM_HARM = "postpartum_harm"        # a mention and the red flag it makes: the crisis line first
PREGNANCY_HARM = "pregnancy_harm"          # the red flag of HARM_THOUGHTS in pregnancy: the same
HARM_THOUGHTS = "harm_thoughts"            # a mention: an urge to harm someone, not a fear of it
# A mention (vocabulary.yaml), what keeps it in the conversation, and the red flag its urgent
# signs make; the signs of pre-eclampsia have a red flag (and reason) of their own.
_AROUND_BIRTH = (("pregnancy", "pregnant", "pregnancy_urgent", "pregnancy_pre_eclampsia"),
                 ("postpartum", "postpartum", "postpartum_urgent", "postpartum_pre_eclampsia"))


def _urgent_around_birth(handler_input: HandlerInput, content_: LocaleContent, words: str) -> Optional[str]:
    """ "I'm pregnant and bleeding", "the baby isn't moving", "I had a baby and I'm bleeding
    heavily", "I just had a baby and I feel like harming her" (the crisis line): signs that are
    urgent only in pregnancy or after a birth, said with it, once it was mentioned in this
    conversation, or with a session started after it (read only when a sign is said: the memory is
    not loaded for every request). They are red flags then, not cautions with an "if". A baby
    moving less says pregnancy by itself ("my baby's gone quiet"), as words near each other. An
    urge to harm the baby or anyone else is the crisis line in pregnancy too ("I'm pregnant and I
    want to hurt my partner"), and with no birth at all ("I want to hurt my baby"); what they
    don't want ("I don't want to hurt her when I lift her") is none."""
    if not words:
        return None
    pre_eclampsia, baby = _pre_eclampsia_signs(content_, words), _baby_moving_less(content_, words)
    said = {urgent for _, _, urgent, _ in _AROUND_BIRTH if content_.mentioned(urgent, words)}
    wanted = _harm_denials(content_.locale).sub(" ", " ".join(words.lower().split()))
    harm = content_.mentioned(POSTPARTUM_HARM, wanted)          # thoughts of harming the baby
    if not (pre_eclampsia or baby or said or harm):
        return None
    state = conversation(handler_input)
    if harm and (state.get("postpartum") or content_.mentioned("postpartum", words)
                 or noted_around_birth(handler_input) == "postpartum"):
        return POSTPARTUM_HARM
    if content_.mentioned(HARM_THOUGHTS, wanted):
        pregnant = (state.get("pregnant") or content_.mentioned("pregnancy", words)
                    or noted_around_birth(handler_input) == "pregnant")
        return PREGNANCY_HARM if pregnant else "crisis"
    noted = None
    for mention, kept, urgent, pre_eclampsia_flag in _AROUND_BIRTH:
        if not (state.get(kept) or content_.mentioned(mention, words)):
            noted = noted or noted_around_birth(handler_input) or "none"    # "I'm pregnant", a session
            if noted != kept:
                continue
        if pre_eclampsia:
            return pre_eclampsia_flag
        if urgent in said or (mention == "pregnancy" and baby):
            return urgent
    if baby and not (state.get("postpartum") or content_.mentioned("postpartum", words) or noted == "postpartum"):
        return "pregnancy_urgent"
    return None


def _signs_around_birth(content_: LocaleContent, words: str) -> bool:
    """Whether these words say any sign _urgent_around_birth reads (the words alone; whether it
    is urgent depends on the conversation)."""
    return bool(words) and (_pre_eclampsia_signs(content_, words) or _baby_moving_less(content_, words)
                            or any(content_.mentioned(urgent, words) for _, _, urgent, _ in _AROUND_BIRTH)
                            or content_.mentioned(POSTPARTUM_HARM, words) or content_.mentioned(HARM_THOUGHTS, words))


@lru_cache(maxsize=None)
def _harm_denials(locale: str) -> "re.Pattern[str]":
    """What they say they don't want to do ("I don't want to hurt her"; vocabulary.yaml: mentions
    harm_denied), to be taken out of the words before a harm phrase is looked for."""
    return phrases_pattern(" ".join(p.lower().split()) for p in content_for(locale).mentions.get("harm_denied") or ())


def _baby_moving_less(content_: LocaleContent, words: str) -> bool:
    """ "My baby's not moving", "the baby has gone quiet", "I can't feel the baby kicking"."""
    return content_.said_next_to("unborn_baby", "moving_less", "baby_joins", words)


def _pre_eclampsia_signs(content_: LocaleContent, words: str) -> bool:
    """A bad headache, blurred vision, or sudden swelling of the face or hands ("my hands and face
    are swollen")."""
    return content_.mentioned("pre_eclampsia_signs", words) or content_.said_next_to(
        "swollen_parts", "swollen_words", "swollen_joins", words)


def _no_session_to_end(handler_input: HandlerInput) -> bool:
    """ "I want to end it" with no session playing or paused to end: no session control, but what
    someone in crisis may say (vocabulary.yaml: mentions crisis_without_a_session, all the words
    of a slot)."""
    session = running_session(handler_input)
    return session is None or session.remaining_seconds <= 0


@words_fact
def back_numbness_said(content_: LocaleContent, words: Words) -> bool:
    """The BackNumbnessIntent, or numbness said of the back alone in any intent's words."""
    return words.intent == BACK_NUMBNESS_INTENT or bool(words.said) and numb_back_only(content_, words.said)
