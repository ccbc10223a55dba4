"""Cautions said before anything else, whatever was asked with them: pregnancy (or a new baby),
whose cautions come first; a burn from heat, or sleep under it (the heat comes off, a heat session
ends); diabetes or nerve damage, which may hide a burn from heat; and the meditation's pace, which
is no trouble breathing.

Each handler here looks at every intent's words and is registered before safety.RedFlagHandler,
whose catch-all would otherwise answer "I'm pregnant" or "I'm burned from the heat pad" with the
warning signs; each steps aside when a red flag is said too, so the warning still comes first.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers.conversation import REDUCED_FEELING, content, conversation, step_on, steps_to_come
from skill.handlers.heat_timer import HEAT
from skill.handlers.questions import BLOOD_THINNERS, answer, off_to_sleep, pregnancy_line
from skill.handlers.red_flags_said import detected_red_flags, reddened_by_heat
from skill.handlers.remedies import HEADACHE, answer_then_the_pain, headache_said, remedy_or_question
from skill.handlers.running_session import heat_session, note_stopped_for
from skill.handlers.session_handler import SessionHandler, WordsCheckHandler
from skill.handlers.session_words import named_session
from skill.handlers.slots import read_slot, said_words
from skill.handlers.words_said import Words, words_fact
from skill.playback import SessionToken, player_context
from skill.responses import text
from skill.routing import ANY_INTENT, intents, kind_of


class PregnancyHandler(SessionHandler):
    """ "I'm pregnant and my back hurts", or pregnancy said with anything else: the cautions first
    (midwife or doctor before medicines, heat or the mat; when to call them now), then on as after
    any answer, or on to the steps they described; the cautions are kept in mind for the rest of
    the conversation (remedy_steps.start_remedy, sessions.SessionStarter, questions.answer). "I just
    had a baby", "I'm breastfeeding" the same, with the cautions after birth. Registered before
    RedFlagHandler, so that its catch-all ("I'm pregnant" heard as an unknown red flag) does not
    list the warning signs instead; a red flag said with it is still RedFlagHandler's."""

    takes = ANY_INTENT

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] != "PregnancyIntent" and self._said(handler_input) is None \
                and not self._headache_since(handler_input):
            return False
        return not detected_red_flags(handler_input)        # a red flag's warning comes first

    # Intents whose answer is the headache's own, led by its line (questions.answer).
    HEADACHE_INTENTS = ("HeadacheIntent", "BadHeadacheIntent")

    @staticmethod
    def _headache_since(handler_input: HandlerInput) -> bool:
        """A headache said in any intent's words ("I have a headache and my back hurts") once
        pregnancy or a new baby was mentioned in this conversation (safety10)."""
        state = conversation(handler_input)         # the cheap test first: asked of every request
        if not (state.get("pregnant") or state.get("postpartum")):      # MENTIONS' keys kept
            return False
        return kind_of(handler_input)[1] not in PregnancyHandler.HEADACHE_INTENTS and headache_said(handler_input)

    def _headache_later(self, handler_input: HandlerInput):
        """Pregnancy said earlier, a headache now with a pain ("I have a headache and my back
        hurts"): the headache's line first (a bad one can be pre-eclampsia), then on with the pain,
        as said (its steps, or our question); with no part named, or in the steps already, the
        headache's answer, led by it (then the steps go on)."""
        content_, words = content(handler_input), said_words(handler_input)
        state = conversation(handler_input)
        area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
        if area is None or steps_to_come(handler_input):
            return answer(handler_input, self.controls, HEADACHE)
        pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
        symptom = content_.value_within("SYMPTOM", words) or pending.get("symptom")
        return remedy_or_question(handler_input, area, symptom,
                                  lead=text(pregnancy_line(content_, state, HEADACHE)))

    # Mentions (vocabulary.yaml) → the answer said (answers.yaml) and the conversation key kept.
    MENTIONS = {"pregnancy": "pregnant", "postpartum": "postpartum"}

    def _said(self, handler_input: HandlerInput):
        """Which of MENTIONS the words say, the first first, or None."""
        return _birth_mentioned(handler_input)

    def handle(self, handler_input: HandlerInput):
        if kind_of(handler_input)[1] != "PregnancyIntent" and self._said(handler_input) is None:
            return self._headache_later(handler_input)              # said earlier, a headache now
        mention = self._said(handler_input) or "pregnancy"          # PregnancyIntent: no words
        heat_off = self._heat_off(handler_input) if mention == "pregnancy" else ""
        content_, words = content(handler_input), said_words(handler_input)
        if _blood_thinner_said(handler_input):
            # "I'm pregnant and on blood thinners": the cautions, then one short line for it
            # (safety19), kept in mind as BloodThinnersHandler keeps it.
            conversation(handler_input)[BLOOD_THINNERS] = True
            heat_off = " ".join(p for p in (text(content_.say("pregnancy_blood_thinner")), heat_off) if p)
        if content_.mentioned("struggling", words) and \
                content_.value_within("BODY_AREA", content_.without("struggling", words)) is None:
            # "I just had a baby and I can't cope", "I'm pregnant and I feel so low": support first,
            # and the crisis line, gently (under heat, the heat off after it). "Struggling with my
            # lower back" is the pain: the cautions and the steps, below.
            conversation(handler_input)[self.MENTIONS[mention]] = True
            return answer(handler_input, self.controls, f"{mention}_struggling", after=heat_off)
        if content_.mentioned("headache_said", words):
            # "I'm pregnant and I have a headache": a bad one can be pre-eclampsia, said first (a bad
            # one said so is a red flag: red_flags_said), then the cautions.
            conversation(handler_input)[self.MENTIONS[mention]] = True
            lead = text(pregnancy_line(content_, conversation(handler_input), HEADACHE))
            hold = content_.say("pregnancy_cautions") if mention == "pregnancy" else False
            return answer(handler_input, self.controls, mention, lead=lead, hold=hold, after=heat_off)
        if kind_of(handler_input)[1] in ("RemedyIntent", "RedFlagIntent"):
            # "I'm pregnant and my lower back is spasming", "my lower back hurts and I'm pregnant",
            # "lower, and I'm pregnant" to "lower or upper back?": the cautions, then the steps (heard
            # as a red flag's words too: "{red_flag} in my {area}" with no red flag in them).
            area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
            symptom = content_.value_within("SYMPTOM", words)
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            if area or (symptom and kind_of(handler_input)[1] == "RemedyIntent"):
                area, symptom = area or pending.get("area"), symptom or pending.get("symptom")
                conversation(handler_input)[self.MENTIONS[mention]] = True   # the steps as said for it
                return remedy_or_question(handler_input, area, symptom, remind=False,   # just said
                                          lead=" ".join(p for p in (text(content_.answers[mention].speech),
                                                                    heat_off) if p))
        conversation(handler_input)[self.MENTIONS[mention]] = True       # remembered for the conversation
        # Pregnant on the mat or under heat, which the cautions say to ask about first: that session waits.
        hold = content_.say("pregnancy_cautions") if mention == "pregnancy" else False
        return answer(handler_input, self.controls, mention, hold=hold, after=heat_off)

    def _heat_off(self, handler_input: HandlerInput) -> str:
        """Pregnant under heat, which the cautions say to ask the midwife about first: the heat comes
        off now and its session ends (not paused, inviting "resume"). What to say, or ""."""
        session = heat_session(handler_input)
        if session is None:
            return ""
        self.controls.end(handler_input, session)
        content_ = content(handler_input)
        return " ".join((text(content_.say("pregnancy_heat_off")),
                         text(content_.session_say("heat_stopped", name=session.name(handler_input)))))


@words_fact
def _birth_mentioned(content_: LocaleContent, words: Words):
    """Which of PregnancyHandler.MENTIONS the words say, the first first, or None."""
    return next((mention for mention in PregnancyHandler.MENTIONS if content_.mentioned(mention, words.said)), None)


def _heat_was_on(handler_input: HandlerInput) -> bool:
    """A heat session runs or waits on this device, or is what its player played last (it just
    finished, or was stopped), or is the one they name ("I fell asleep during the heat session")."""
    token = SessionToken.parse(player_context(handler_input)[0])
    return ((token is not None and token.session_type == HEAT) or heat_session(handler_input) is not None
            or named_session(handler_input) == HEAT)


@words_fact
def _says_a_heat_burn(content_: LocaleContent, words: Words) -> bool:
    """ "The heat pad burned me", "my skin is red from the heat pad", "I burned myself", "my hot
    water bottle burst on me": in any intent's words (vocabulary.yaml: mentions burned_myself,
    burn, red_skin or heat_spill, with heat_source); or redness said with heat as its cause ("my
    leg is red and warm from the hot water bottle": red_flags_said.reddened_by_heat)."""
    said = words.said
    return content_.mentioned("burned_myself", said) or reddened_by_heat(content_, said) or (
        any(content_.mentioned(mention, said) for mention in ("burn", "red_skin", "heat_spill"))
        and content_.mentioned("heat_source", said))


@words_fact
def _skin_check(content_: LocaleContent, words: Words) -> str:
    """The answer for skin under heat (answers.yaml). Red skin and nothing worse ("my skin is red
    from the heat", "my skin's gone red" under a heat session): heat reddens skin by itself, so
    the redness should fade, and if it doesn't, a burn's care (heat_redness); said of a leg ("my
    calf is warm and red from the heat pad"), with one sentence on when a calf is a clot sign
    (heat_redness_in_a_leg). A burn, blister, rash or spill said, or "it's too hot" asked as
    such: a burn's first aid (heat_too_hot)."""
    said = words.said
    red = content_.mentioned("red_skin", said) or reddened_by_heat(content_, said)
    worse = words.intent == "HeatTooHotIntent" or any(
        content_.mentioned(mention, said) for mention in ("burn", "burned_myself", "heat_spill"))
    if not red or worse:
        return "heat_too_hot"
    return "heat_redness_in_a_leg" if content_.mentioned("calf_or_leg", said) else "heat_redness"


def _heat_remark(handler_input: HandlerInput) -> bool:
    """ "It burns", "I'm too hot", "I'm sweating", "I'm falling asleep" while heat is on: a heat
    session plays or waits, or the remedy step they are on puts heat on them ("put gentle heat on
    the tight spot") (vocabulary.yaml: mentions heat_remarks, and the burn words without a heat
    word). Words that name a session ("a hot water bottle", "done with the heat") are about the
    session."""
    return _heat_remark_said(handler_input) and (heat_session(handler_input) is not None
                                                 or _step_puts_heat_on(handler_input))


@words_fact
def _heat_remark_said(content_: LocaleContent, words: Words) -> bool:
    """The words of _heat_remark, said without a session's name; "I'm boiling", "I'm sweating"
    (FeelingHotIntent, no words of its own) are heat remarks too."""
    said = words.said
    return words.intent == "FeelingHotIntent" or (any(content_.mentioned(mention, said) for mention in ("heat_remarks", "burn", "red_skin"))
            and content_.value_within("SESSION_TYPE", said) is None)


def _sleep_under_heat(handler_input: HandlerInput) -> bool:
    """ "I'm going to sleep", "I'm off to bed", "goodnight" (GoingToSleepIntent) with heat on them: a heat session runs, waits or just
    ended, the remedy step they are on puts heat on them, or they name the heat ("I'm going to
    sleep on the heat pad") (vocabulary.yaml: mentions going_to_sleep, heat_source)."""
    if not _sleep_said(handler_input):
        return False
    return (HEAT_SOURCE_SAID(handler_input) or _heat_was_on(handler_input)
            or _step_puts_heat_on(handler_input))


@words_fact
def _sleep_said(content_: LocaleContent, words: Words) -> bool:
    """Going to sleep said: the GoingToSleepIntent, or its words in any intent's; not "can I do
    this in bed" (DoItInBedIntent: the steps there, not sleep)."""
    return words.intent == "GoingToSleepIntent" or (words.intent != "DoItInBedIntent"
                                                    and content_.going_to_sleep(words.said))


@words_fact
def _asleep_with_heat(content_: LocaleContent, words: Words) -> bool:
    """ "I fell asleep on my heating pad", "can I fall asleep with my heat pad on": sleep said
    next to a heat word (vocabulary.yaml: mentions asleep, heat_source, asleep_heat_joins), in one
    slot or where two meet, in either order ("fell asleep on" | "heating pad last night": the
    words of the sample between them are not sent)."""
    slots = words.values
    return any(content_.said_next_to("asleep", "heat_source", "asleep_heat_joins", " ".join(in_order))
               for in_order in (slots, slots[::-1]))


@words_fact
def _asks_to_sleep(content_: LocaleContent, words: Words) -> bool:
    """Sleep asked about ahead, as a question: "can I fall asleep", "is it ok to fall asleep with
    it on" (SelfCareQuestionIntent; vocabulary.yaml: mentions asleep_ahead, not asleep_done)."""
    said = words.said
    return (words.intent == "SelfCareQuestionIntent" and content_.mentioned("asleep_ahead", said)
            and not content_.mentioned("asleep_done", said))


def _step_puts_heat_on(handler_input: HandlerInput) -> bool:
    """The remedy step said last is about heat (its words name a heat source)."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions.get(state.get("condition", ""))
    if condition is None:
        return False
    step = condition.steps[step_on(state, len(condition.steps))]
    return content_.mentioned("heat_source", step)


class HeatSkinCheckHandler(SessionHandler):
    """ "The heat is burning me", a burn from heat in any words, "I'm too hot" or "I'm sweating"
    with a heat session on or held, or "I fell asleep" with a heat session on, just over or named: the
    heat comes off, the skin is checked, a burn is cooled (answers.yaml: heat_too_hot; skin only
    reddened, _skin_check). "I'm
    going to sleep" with heat on them: the heat off before they sleep (heat_before_sleep). "I fell
    asleep on my heating pad last night", "can I sleep with it on", no heat on them now: never
    sleep with heat on, and the skin check (topics.sleeping_with_heat), with no heat offered. "Can I
    fall asleep?" asked with heat on them: no, and the session plays on (sleep_under_heat). A heat
    session that runs or waits ends, timer and all, and we say so: it must not play on and keep
    the heat on them. Registered before RedFlagHandler, so that "I'm burned from the heat pad" (its
    catch-all) is not answered with the warning signs; a red flag said with it is still
    RedFlagHandler's."""

    takes = ANY_INTENT

    def wants(self, handler_input: HandlerInput) -> bool:
        intent = kind_of(handler_input)[1]
        if intent == "FellAsleepIntent":
            return _heat_was_on(handler_input)
        return ((intent == "HeatTooHotIntent" or _says_a_heat_burn(handler_input)
                 or _heat_remark(handler_input) or _sleep_under_heat(handler_input)
                 or _asleep_with_heat(handler_input))
                and not detected_red_flags(handler_input))

    def handle(self, handler_input: HandlerInput):
        # Going to sleep under heat, and no burn: the heat off before they sleep, and we let them go.
        intent = kind_of(handler_input)[1]
        burn = intent == "HeatTooHotIntent" or _says_a_heat_burn(handler_input)
        to_sleep = not burn and _sleep_under_heat(handler_input)
        session = heat_session(handler_input)
        if not burn and _asks_to_sleep(handler_input) and (session is not None or _step_puts_heat_on(handler_input)):
            # "Can I fall asleep?" with heat on them: no, and when to take it off; they are awake,
            # so the session plays on, its end bells and timer still to tell them.
            return answer(handler_input, self.controls, "sleep_under_heat")
        stopped = ""
        if session is not None:
            self.controls.end(handler_input, session)
            note_stopped_for(handler_input, session, "heat_safety")     # "how long was I on": we stopped it
            stopped = text(content(handler_input).session_say("heat_stopped", name=session.name(handler_input)))
        if to_sleep:
            return off_to_sleep(handler_input, self.controls, heat_off=True, after=stopped)
        heat_on = _heat_was_on(handler_input) or _step_puts_heat_on(handler_input)
        if not (burn or heat_on or _heat_remark(handler_input)) and _asleep_with_heat(handler_input):
            # No heat on them now ("I fell asleep on my heating pad last night", "can I sleep with
            # it on"): never sleep with heat on, and the skin check; no heat session offered.
            return answer(handler_input, self.controls, "topics.sleeping_with_heat")
        return answer(handler_input, self.controls, _skin_check(handler_input), after=stopped)


def _said_of(mention: str):
    """A words_fact: whether any intent's words say one of `mention`'s phrases (vocabulary.yaml)."""
    def said(content_: LocaleContent, words: Words) -> bool:
        return content_.mentioned(mention, words.said)

    said.__name__ = f"said_{mention}"
    return words_fact(said)


REDUCED_FEELING_SAID = _said_of(REDUCED_FEELING)         # "I have diabetes"
HEAT_NOT_FELT_SAID = _said_of("heat_not_felt")           # "I can't feel the heat"
BREATHING_PACE_SAID = _said_of("breathing_pace")         # "I can't breathe that slowly"
HEAT_SOURCE_SAID = _said_of("heat_source")               # "I'm going to sleep on the heat pad"


@words_fact
def _heat_on_a_fresh_injury(content_: LocaleContent, words: Words) -> bool:
    """A fresh injury said with a heat word ("I just hurt it, can I put heat on it")."""
    return content_.mentioned("fresh_injury", words.said) and content_.mentioned("heat_source", words.said)


@words_fact
def _medicine_for_a_child(content_: LocaleContent, words: Words) -> bool:
    """Giving a medicine to a child ("my 12 year old ... what can I give him"), not asked as the
    MedicineIntent (its own handler reads who it is for)."""
    said = words.said
    if words.intent == "MedicineIntent" or not said or not content_.mentioned("giving_medicine", said):
        return False
    return content_.value_within("WHO", said) == "child" or content_.mentioned("years_old", said)


class ReducedFeelingHandler(WordsCheckHandler):
    """ "Can I use a heat pad if I have diabetes", "I have neuropathy": someone who may not feel
    heat burning them hears so first (answers.yaml: heat_reduced_feeling), however it was asked,
    and a heat session here ends; then on as after any answer, or on to the steps they described.
    Kept in mind for the conversation: a heat session started in it carries a reminder
    (sessions.SessionStarter). Registered before RedFlagHandler ("I'm diabetic" is its catch-all);
    a red flag said with it is still RedFlagHandler's."""

    takes = ANY_INTENT
    heard = REDUCED_FEELING_SAID

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        conversation(handler_input)[REDUCED_FEELING] = True
        session = heat_session(handler_input)
        stopped = ""
        if session is not None:
            self.controls.end(handler_input, session)
            stopped = text(" ".join((content_.session_say("heat_stopped", name=session.name(handler_input)),
                                     content_.sessions[HEAT].after)))
        kind = kind_of(handler_input)[1]
        if (kind == "RemedyIntent" or kind == "RedFlagIntent" and read_slot(handler_input, "other").heard) and \
                session is None:
            # "I have diabetes and my lower back is spasming": the caution, then the steps; also
            # RedFlagIntent's "i have {area} pain and {other}" ("... lower back pain and diabetes",
            # words21: its part read with its "pain", words_said.carried_words).
            words = said_words(handler_input)
            area, symptom = content_.value_within("BODY_AREA", words), content_.value_within("SYMPTOM", words)
            if area or symptom:
                return remedy_or_question(handler_input, area, symptom,
                                          lead=text(content_.answers["heat_reduced_feeling"].speech))
        return answer(handler_input, self.controls, "heat_reduced_feeling", after=stopped)


BLOOD_THINNER = "blood_thinner"          # COMPANION's ids (vocabulary.yaml)
OTHER_MEDICINE = "other_medicine"


@words_fact
def _blood_thinner_said(content_: LocaleContent, words: Words) -> bool:
    """A blood thinner named in the words ("I'm on warfarin", "anticoagulants")."""
    return bool(words.said) and content_.value_within("COMPANION", words.said) == BLOOD_THINNER


@words_fact
def _other_medicine_said(content_: LocaleContent, words: Words) -> bool:
    """A medicine of their own that doesn't mix with every pain reliever, named in the words
    ("I'm on steroids", "I take my tablets", "antidepressants")."""
    return bool(words.said) and content_.value_within("COMPANION", words.said) == OTHER_MEDICINE


class BloodThinnersHandler(SessionHandler):
    """ "I'm on blood thinners and my lower back hurts", "I take apixaban and my back is spasming":
    the caution before the steps (answers.yaml: medicine_cautions.blood_thinners: no
    anti-inflammatories like ibuprofen or aspirin without the doctor, massage and a ball's pressure
    gentle, as they bruise more easily), then on with the pain as said (remedies.
    answer_then_the_pain); safety11: the steps began with no caution. Kept in mind for the
    conversation (questions.BLOOD_THINNERS): medicine and massage answers are led by it, a step
    that presses a ball carries a reminder, and so does a release session. Only where a pain is
    said with it (RemedyIntent, or RedFlagIntent's "{area} and {red_flag}", or its "i have {area}
    pain and {other}", words21): said alone, it is
    RedFlagHandler's medicines-don't-mix caution, remembered too. Registered before RedFlagHandler;
    a red flag said with it is still RedFlagHandler's."""

    takes = intents("RemedyIntent", "RedFlagIntent")
    heard = _blood_thinner_said
    caution = "medicine_cautions.blood_thinners"       # answers.yaml

    def wants(self, handler_input: HandlerInput) -> bool:
        if not self.heard(handler_input) or detected_red_flags(handler_input):
            return False
        if kind_of(handler_input)[1] == "RemedyIntent":
            return True
        content_, words = content(handler_input), said_words(handler_input)
        return (read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
                or content_.value_within("SYMPTOM", words)) is not None

    def handle(self, handler_input: HandlerInput):
        conversation(handler_input)[BLOOD_THINNERS] = True
        return self.caution_then_the_pain(handler_input)

    def caution_then_the_pain(self, handler_input: HandlerInput):
        return answer_then_the_pain(handler_input, self.controls, self.caution, needs_a_part=False)


class MedicinesDontMixHandler(BloodThinnersHandler):
    """ "I have back pain and I'm on steroids", "I have back pain and I take my tablets", "I'm on
    antidepressants and my lower back hurts": the medicines-don't-mix caution (answers.yaml:
    medicine_cautions.mixing: ask a pharmacist before combining them), then on with the pain as
    said, as for a blood thinner (awake27: every warning sign and no caution, or the steps with
    none). Said alone, or with a medicine asked about ("can I take ibuprofen with my tablets"), it
    was the caution already (RedFlagHandler, questions.MedicineHandler). Nothing is kept: the
    caution is for what they take next, and each medicine answer sends them to the pharmacist.
    Registered after BloodThinnersHandler (a blood thinner's own caution first) and before
    RedFlagHandler; a red flag said with it is still RedFlagHandler's."""

    heard = _other_medicine_said
    caution = "medicine_cautions.mixing"

    def handle(self, handler_input: HandlerInput):
        return self.caution_then_the_pain(handler_input)


class FreshInjuryHeatHandler(WordsCheckHandler):
    """ "Should I use heat on a new injury", "it's swollen, can I put a heat pad on it": the articles
    say nothing of heat on a fresh injury, so we say so and send them to their doctor or physio
    (answers.yaml: heat_fresh_injury) instead of "heat is a good choice" and a heat session; a
    heat session on them ends. Only with heat named (vocabulary.yaml: mentions fresh_injury and
    heat_source). Registered before RedFlagHandler; a red flag said with it is still its own."""

    takes = ANY_INTENT
    heard = _heat_on_a_fresh_injury

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        session = heat_session(handler_input)
        stopped = ""
        if session is not None:
            self.controls.end(handler_input, session)
            stopped = text(content_.session_say("heat_stopped", name=session.name(handler_input)))
        return answer(handler_input, self.controls, "heat_fresh_injury", after=stopped)


class HeatNotFeltHandler(WordsCheckHandler):
    """ "I can't feel the heat": a pad that isn't on or warming up, or skin that feels numb, and
    we can't tell which, so both in short (answers.yaml: heat_not_felt): check the pad; numb skin,
    the heat off and the doctor. A heat session plays on, as after any answer. Registered after
    ReducedFeelingHandler ("I can't feel the heat, I'm diabetic") and before RedFlagHandler, whose
    catch-all would take it; numbness said with it ("my legs are numb") is still its own."""

    takes = ANY_INTENT
    heard = HEAT_NOT_FELT_SAID

    def handle(self, handler_input: HandlerInput):
        return answer(handler_input, self.controls, "heat_not_felt")


class BreathingPaceHandler(WordsCheckHandler):
    """ "I can't breathe that slowly", "the tones are too fast": the meditation's pace is only a
    guide (answers.yaml: breathing_pace), and the session plays on. Said in any intent's words
    (vocabulary.yaml: mentions breathing_pace; red_flag_exclusions has those with "can't
    breathe"). Registered before RedFlagHandler, like HeatSkinCheckHandler; "I can't breathe"
    alone, or a red flag said with the pace, is still RedFlagHandler's."""

    takes = ANY_INTENT
    heard = BREATHING_PACE_SAID

    def handle(self, handler_input: HandlerInput):
        return answer(handler_input, self.controls, "breathing_pace")


class MedicineForAChildHandler(WordsCheckHandler):
    """ "My 12 year old has back pain, what can I give him": heard as where it hurts, it got "lower
    or upper back?"; a child's medicine is never an adult's, so the caution for it comes first
    (answers.yaml: medicine_cautions.for_a_child; vocabulary.yaml: mentions giving_medicine,
    years_old). MedicineIntent's own slots are questions.MedicineHandler's."""

    takes = ANY_INTENT
    heard = _medicine_for_a_child

    def handle(self, handler_input: HandlerInput):
        return answer(handler_input, self.controls, "medicine_cautions.for_a_child")
