"""Red flags: symptoms that need a doctor now, whenever and however they are mentioned; and "call
911", which we cannot.

RedFlagHandler is registered first but for the cautions (cautions.py), so it sees every intent
before any other handler does; EmergencyCallHandler ("call 911") comes right after it.
RedFlagHandler acts on the RedFlagIntent and on any other intent whose slot words contain a
red-flag phrase (a custom slot is not a closed list: "my back and I have a fever" can arrive as an
unresolved body area). The cautions, ahead of it, act unless a red flag is said too: then the
warning comes first.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import List, NamedTuple, Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui import SimpleCard

from skill.content import LocaleContent, content_for, phrases_pattern
from skill.handlers import red_flag_words, timer_replies
from skill.handlers.common import (WARNED, content, conversation, drop_question, first_use_notice, hold_back_notice,
                                   notice_last, read_slot, reply, said_words, slot_values, steps_reprompt,
                                   steps_to_come, text)
from skill.handlers.navigation import carry_on_after_session, steps_after_session
from skill.handlers.questions import answer, off_to_sleep
from skill.handlers.remedies import SEVERE_PAIN_SYMPTOM, remedy_or_question, worry_in, worry_lead
from skill.handlers.running_session import (SessionControls, heat_session, held_say, hold_for_conversation,
                                            noted_around_birth, running_session)
from skill.handlers.session_breaks import take_a_break
from skill.handlers.words_said import Words, words_fact
from skill.routing import ANY_INTENT, RoutedHandler, intents, kind_of

log = logging.getLogger("skill.safety")
_ARTICLE = re.compile(r"^(?:a|an|the|some) ", re.IGNORECASE)
# An everyday cause of back pain said with no feeling for it ("after a long drive"): soreness.
ORDINARY_PAIN_SYMPTOM = "sore"


def red_flags_in(content_: LocaleContent, words: str, asked: bool = False) -> List[str]:
    """Every red flag said in `words` (red_flag_words.py); `asked`: words a question asks about."""
    return list(red_flag_words.red_flags_in(content_.locale, words, asked))


# Intents whose every sample asks a question: a number of pills in their words is a dose asked
# about ("can I take {ten ibuprofen}"), not one taken ("I've had {six co-codamol}").
ASKING_INTENTS = frozenset({"MedicineIntent"})


LEG_NUMBNESS = "leg_numbness"
BACK_NUMBNESS_INTENT = "BackNumbnessIntent"
BACK_NUMBNESS = "back_numbness"             # its answer (answers.yaml)


def of_the_back_only(content_: LocaleContent, words: str) -> bool:
    """Whether these words name the back itself and nothing below it or beside it (vocabulary.yaml:
    mentions back_itself, below_the_back): "pins and needles in my back", not "... back and legs"."""
    return content_.mentioned("back_itself", words) and not content_.mentioned("below_the_back", words)


def numb_back_only(content_: LocaleContent, words: str) -> bool:
    """Numbness or pins and needles said of the back alone: its own answer, not the legs' red flag."""
    return LEG_NUMBNESS in red_flags_in(content_, words) and of_the_back_only(content_, words)


class FlagsSaid(NamedTuple):
    """What a request's words alone say of red flags (detected_red_flags adds what needs state)."""

    found: Tuple[str, ...]          # the red flags named, in the order found
    ends_it: bool                   # a slot's words are all "I want to end it" (_ends_no_session)
    around_birth: bool              # a sign urgent in pregnancy or after a birth (_urgent_around_birth)


@words_fact
def flags_said(content_: LocaleContent, words: Words) -> FlagsSaid:
    """The red flags named by the RedFlagIntent, or said in any slot's words: each slot alone, and
    all of them in a row, either way round ("my {area} {symptom}": "legs" and "feel weak" say
    "legs feel weak"; "life" and "thinking about ending" say "thinking about ending life").
    Numbness said of the back alone ("back" + "pins and needles") is none (BackNumbnessHandler);
    numbness said of any other part ("my legs feel numb", "my bum is numb") is one."""
    flag_id = words.resolved("red_flag")
    found = [flag_id] if flag_id else []
    said = list(words.values)
    asked = words.intent in ASKING_INTENTS
    for text_ in said + ([" ".join(said), " ".join(said[::-1])] if len(said) > 1 else []):
        found += [f for f in red_flags_in(content_, text_, asked) if f not in found]
    if len(said) > 1:           # one slot's "had a heart attack", the other's "dad": set aside
        # "My {area} is {symptom}" keeps the "is": "chest" + "fine" say "chest is fine".
        aside = (red_flag_words.set_aside_in(content_.locale, " ".join(said))
                 + red_flag_words.set_aside_in(content_.locale, " is ".join(said)))
        found = [f for f in found if f not in aside or f == flag_id]
    if words.intent == BACK_NUMBNESS_INTENT:
        part = words.heard("area") or ""
        if not of_the_back_only(content_, part):
            found += [f for f in red_flags_in(content_, f"numb {part}") if f not in found] or [LEG_NUMBNESS]
    elif LEG_NUMBNESS in found and not flag_id and numb_back_only(content_, " ".join(said)):
        found.remove(LEG_NUMBNESS)
    if "crisis" not in found and content_.mentioned("crisis_wanted", words.heard("session_type")):
        found.append("crisis")                                  # "I want to hurt myself"
    phrases = content_.mentions.get("crisis_without_a_session", ())
    return FlagsSaid(tuple(found), any(" ".join(w.lower().split()) in phrases for w in said),
                     any(_signs_around_birth(content_, w) for w in (" ".join(said), " ".join(said[::-1]))))


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
        words = list(slot_values(handler_input).values())
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


def _cant_get_up(handler_input: HandlerInput, content_: LocaleContent) -> bool:
    """ "I've fallen and I can't get up": said in any slot's words with a red flag, how to reach
    help from the floor follows the warning (vocabulary.yaml: mentions getting_up; not a step
    they can't do)."""
    said = said_words(handler_input)
    return content_.mentioned("getting_up", said) and not content_.mentioned("cant_do_step", said)


def _pause_any_session(handler_input: HandlerInput) -> None:
    """A session that was playing waits, paused with its timer, and nothing is said about it: the
    warning is all they should hear now ("Alexa, resume" still brings it back). Nothing that goes
    wrong here may keep the warning from being said."""
    try:
        hold_for_conversation(handler_input)
        timer_replies.hold_for_warning(handler_input)
    except Exception:  # noqa: BLE001 - the warning comes first, whatever failed
        log.exception("could not pause the session before a red-flag warning")


def _drop_earlier_question(handler_input: HandlerInput) -> None:
    """A question we asked before the warning (forget everything, start a session, save a length)
    no longer stands: right after the warning signs, "yes" means "yes, I have one of those"
    (warning_again). A clarifying question stays: its answer is no yes, and what they said before
    it still names the part that hurts."""
    state = conversation(handler_input)
    if state.get("awaiting") != "clarify":
        drop_question(state)
    handler_input.attributes_manager.request_attributes[WARNED] = True


def warning_again(handler_input: HandlerInput):
    """ "Yes" right after the warning signs, with no question of ours since: get medical help now,
    with the card that says so; the conversation ends, as for any red flag."""
    content_ = content(handler_input)
    hold_back_notice(handler_input)             # only what to do now
    lead, action = content_.say("red_flag_lead"), content_.say("red_flag_action")
    written = content_.prompts.get("red_flag_card_action", action)
    card = SimpleCard(title=content_.say("red_flag_card_title"),
                      content=f"{lead}\n\n{written}\n\n{content_.say('card_footer')}")
    return reply(handler_input, f"{text(lead)} {text(action)}", card=card)


class RedFlagHandler(RoutedHandler):
    """Any red flag → "get medical help now" first, with a card that says so; the few that are for
    the doctor today rather than straight away (a history of cancer, say) → "see your doctor today"."""

    takes = ANY_INTENT

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return kind_of(handler_input)[1] == "RedFlagIntent" or bool(detected_red_flags(handler_input))

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        notice_last(handler_input)                  # the warning signs come first
        flags = detected_red_flags(handler_input)
        if not flags:
            meaning = self._plain_meaning(handler_input, content_)
            if meaning is not None:
                return self._not_a_red_flag(handler_input, content_, meaning)
            if self._stuck(handler_input, content_):       # "I'm on the floor and I can't get up"
                _drop_earlier_question(handler_input)
                return answer(handler_input, self.controls, "getting_up")
            if content_.going_to_sleep(read_slot(handler_input, "red_flag").heard):
                return off_to_sleep(handler_input, self.controls)      # "I'm off to bed": rest well
        # Under heat, a named warning ends the session: the heat must come off, not wait for them.
        heat = heat_session(handler_input) if flags else None
        if heat is not None:
            self.controls.end(handler_input, heat)
        else:
            _pause_any_session(handler_input)
        _drop_earlier_question(handler_input)
        if not flags:
            return self._unclear(handler_input, content_)
        # The most urgent first: a crisis line for thoughts of suicide, "now" for any flag that
        # needs help now, "today" when none does.
        crisis, today = set(content_.say("red_flags_crisis")), set(content_.say("red_flags_today"))
        flags.sort(key=lambda flag: (flag not in crisis, flag in today))
        tier = ("red_flag_crisis" if flags[0] in crisis else
                "red_flag_today" if flags[0] in today else "red_flag")
        reasons = " ".join(content_.say(f"red_flag_reasons.{flag}") for flag in flags[:2])
        lead, action = content_.say(f"{tier}_lead"), content_.say(f"{tier}_action")
        written = content_.prompts.get(f"{tier}_card_action", action)       # a number in digits
        # Someone in crisis hears nothing after the line to call (the disclaimer waits for next time).
        if tier == "red_flag_crisis":
            hold_back_notice(handler_input)
        notice = "" if tier == "red_flag_crisis" else first_use_notice(handler_input)
        heat_off = content_.say("red_flag_heat_off") if heat is not None and tier != "red_flag_crisis" else ""
        stuck = content_.say("red_flag_stuck") if tier != "red_flag_crisis" and _cant_get_up(handler_input, content_) else ""
        speech = " ".join(part for part in (text(lead), text(reasons), text(action), text(stuck), text(heat_off),
                                            notice) if part)
        card = SimpleCard(title=content_.say(f"{tier}_card_title"),
                          content="\n\n".join(part for part in (lead, reasons, written, stuck, content_.say("card_footer"))
                                              if part))
        return reply(handler_input, speech.strip(), card=card)

    @staticmethod
    def _plain_meaning(handler_input: HandlerInput, content_: LocaleContent) -> Optional[str]:
        """What plain words mean ("I'm back": "resume"), or None. Words that name a body part
        ("back") count only while a session runs or waits, or back to a remedy's steps ("wait",
        then "I'm back"): else they are where it hurts. A part a red flag is about, said to be
        fine and nothing else ("no, my legs are fine"), is "fine": no warning signs, no remedy
        for that part."""
        words = read_slot(handler_input, "red_flag").heard
        meaning = content_.not_a_red_flag(words)
        if meaning is None and read_slot(handler_input, "area").id is None and words and \
                red_flag_words.parts_said_fine(content_.locale, words):
            return "fine"                   # "no, my legs are fine": as "I'm okay", no part named
        if meaning is None or content_.value_within("BODY_AREA", words) is None:
            return meaning
        if meaning == "resume" and (conversation(handler_input).get("condition")
                                    or steps_after_session(handler_input)):
            return meaning                  # back to a remedy's steps, or to what follows its last
        return meaning if running_session(handler_input) is not None else None

    @staticmethod
    def _stuck(handler_input: HandlerInput, content_: LocaleContent) -> bool:
        """Stuck, or can't get up (vocabulary.yaml: mentions getting_up), or on the floor with no
        session or steps going on (on_the_floor), and not a step they can't do ("I can't lie on
        the floor")."""
        words = read_slot(handler_input, "red_flag").heard
        if content_.mentioned("cant_do_step", words):
            return False
        return content_.mentioned("getting_up", words) or (
            content_.mentioned("on_the_floor", words) and not steps_to_come(handler_input)
            and running_session(handler_input) is None)

    def _not_a_red_flag(self, handler_input: HandlerInput, content_: LocaleContent, meaning: str):
        """ "I'm back", "I'm done with the mat", "I'm okay", "my legs are fine": no warning signs.
        In a remedy's steps, the step prompt (a session they end ends first). With a session and
        no steps: back → it plays again; done → it ends; okay or fine → it plays on, or waits if
        held. With neither, a kind word, or where it hurts when they say they're ready or that a
        part is fine."""
        session = running_session(handler_input)
        if session is not None and session.remaining_seconds <= 0:
            session = None
        if meaning == "break":              # "I'm nipping to the loo": as "I need the loo"
            return take_a_break(handler_input, self.controls)
        said = []
        named = content_.value_within("SESSION_TYPE", read_slot(handler_input, "red_flag").heard)
        if session is not None and meaning == "end" and named not in (None, session.token.session_type):
            meaning = "carry_on"            # "I'm done with the heat" on the mat: the mat is not done
        if session is not None and meaning == "end":
            self.controls.end(handler_input, session)
            said.append(content_.session_say("session_stopped", name=session.name(handler_input)))
            session = None
        if steps_to_come(handler_input):
            said.append(content_.say("step_prompt"))
            return reply(handler_input, " ".join(text(part) for part in said),
                         reprompt=text(content_.say("step_reprompt")))
        if session is None and conversation(handler_input).get("condition"):
            said.append(steps_reprompt(handler_input))        # after the last step: the way on from it
            return reply(handler_input, " ".join(text(part) for part in said),
                         reprompt=text(steps_reprompt(handler_input)))
        if said:
            return reply(handler_input, " ".join(text(part) for part in said))
        if session is not None:
            name = session.name(handler_input)
            if meaning == "resume" or not session.paused:
                self.controls.resume(handler_input, session)
                return reply(handler_input, text(content_.session_say("back_to_session", name=name)))
            return reply(handler_input, text(held_say(handler_input, session, "still_held")))
        if meaning == "resume" and steps_after_session(handler_input):
            return carry_on_after_session(handler_input)      # back after a break in the steps
        if meaning in ("resume", "fine"):     # "my legs are fine" to "lower or upper?": where, then
            return reply(handler_input, text(content_.say("welcome_reprompt")),
                         reprompt=text(content_.say("welcome_reprompt")))
        return reply(handler_input, text(content_.say("goodbye")))

    def _unclear(self, handler_input: HandlerInput, content_: LocaleContent):
        """A RedFlagIntent whose words name no red flag: the warning signs first. In the middle
        of the steps, stay with them. When the words ask about a medicine or a topic ("I'm on
        blood thinners, can I take ibuprofen"), its answer; when they name a pain ("my back" + "is
        stiff this morning", "is in agony"), on as for any remedy (the part they named, now or to
        our question, or the open remedy's; else the back), with what they said about it
        (remedies.worry_lead); else listen."""
        words = read_slot(handler_input, "red_flag").heard
        worry = worry_in(content_, words)
        said_worry = [content_.say(worry)] if worry else []
        signs = content_.say("red_flag_signs")
        # "Lower, and I ..." to our question: the part is in a slot of its own.
        area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
        feeling = content_.value_id("SYMPTOM", _ARTICLE.sub("", words or ""))
        if read_slot(handler_input, "area").id and feeling is not None:
            # "Spasm in my lower back" ("{red_flag} in my {area}"): a feeling we know, no red flag.
            return remedy_or_question(handler_input, area, feeling)
        if area is not None and not worry and red_flag_words.set_aside_in(content_.locale, words) and \
                not content_.mentioned("someone_elses", words):
            # "Lower, and my chest is fine" to our question: no red flag, only the part that hurts
            # ("my dad had a heart attack" still hears the signs).
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            return remedy_or_question(handler_input, area,
                                      content_.value_within("SYMPTOM", words) or pending.get("symptom"))
        if area is None and steps_to_come(handler_input):
            # "It hurts too much to move" at step four, "and then what": stay with the steps.
            parts = [signs, *said_worry, content_.say("red_flag_in_steps")]
            return reply(handler_input, " ".join(text(part) for part in parts),
                         reprompt=text(content_.say("step_reprompt")))
        named = content_.medicine_answer(words)
        companion = content_.value_within("COMPANION", words)       # "I'm on blood thinners, what can I take"
        if companion is not None and (named is not None or content_.mentioned("taking_medicine", words)):
            caution = "with_alcohol" if companion == "alcohol" else "mixing"
            return answer(handler_input, self.controls, f"medicine_cautions.{caution}")     # a question, no sign
        if named is not None:
            return answer(handler_input, self.controls, named, content_.say("that"), lead=text(signs))
        symptom = content_.value_within("SYMPTOM", words)
        if symptom is None and worry == "severe_pain":                  # "my back is in agony"
            symptom = SEVERE_PAIN_SYMPTOM
        if symptom is None and area is None and content_.mentioned("ordinary_causes", words):
            # "My back hurts after a long drive": ordinary pain, not the warning signs.
            return remedy_or_question(handler_input, "back", ORDINARY_PAIN_SYMPTOM)
        if symptom is not None:
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            earlier = pending.get("area") or (state.get("area") if state.get("condition") else None)
            return remedy_or_question(handler_input, area or earlier or "back", symptom,
                                      lead=worry_lead(content_, worry, signs=True))
        named = content_.answer_named(words, within=True)
        if named is not None:
            return answer(handler_input, self.controls, named, content_.say("that"), lead=text(signs))
        if read_slot(handler_input, "area").id is not None:
            # "Lower, I guess" to our question: the signs, then on with the part they named.
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            return remedy_or_question(handler_input, area, pending.get("symptom"),
                                      lead=worry_lead(content_, worry, signs=True))
        parts = [signs, *said_worry, content_.say("red_flag_unclear")]
        return reply(handler_input, " ".join(text(part) for part in parts),
                     reprompt=text(content_.say("welcome_reprompt")))


class BackNumbnessHandler(RoutedHandler):
    """ "Pins and needles in my back", "my back feels numb": in the back itself, no red flag (the
    legs' numbness is one), but when it would be and when to see the doctor (answers.yaml:
    back_numbness), in any intent's words. Registered before RedFlagHandler, which would otherwise
    take it in RedFlagIntent's words ("I have numbness in my back"); any red flag said with it
    goes there instead."""

    takes = ANY_INTENT

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return _back_numbness_said(handler_input) and not detected_red_flags(handler_input)

    def handle(self, handler_input: HandlerInput):
        """Its answer; said with a pain we have steps for ("my lower back is spasming and
        tingling"), the answer leads into them."""
        content_ = content(handler_input)
        said = said_words(handler_input)
        area, symptom = content_.value_within("BODY_AREA", said), content_.value_within("SYMPTOM", said)
        if area is not None and symptom is not None and not steps_to_come(handler_input):
            return remedy_or_question(handler_input, area, symptom,
                                      lead=text(content_.answers[BACK_NUMBNESS].speech))
        return answer(handler_input, self.controls, BACK_NUMBNESS)


@words_fact
def _back_numbness_said(content_: LocaleContent, words: Words) -> bool:
    """The BackNumbnessIntent, or numbness said of the back alone in any intent's words."""
    return words.intent == BACK_NUMBNESS_INTENT or bool(words.said) and numb_back_only(content_, words.said)


class EmergencyCallHandler(RoutedHandler):
    """ "Call 911", "call an ambulance", "call my doctor": a skill cannot call anyone, and Alexa
    itself may not reach emergency services, so we say so at once, with the number to call from a
    phone, and end the session so that nothing stands between them and help."""

    takes = intents("EmergencyCallIntent")

    def handle(self, handler_input: HandlerInput):
        _pause_any_session(handler_input)
        hold_back_notice(handler_input)             # nothing between them and the call
        content_ = content(handler_input)
        speech = content_.say("emergency_call")
        card = SimpleCard(title=content_.say("emergency_call_card_title"),
                          content=f"{speech}\n\n{content_.say('card_footer')}")
        return reply(handler_input, text(speech), card=card)
