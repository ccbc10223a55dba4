"""Cautions said before anything else, whatever was asked with them: pregnancy (or a new baby),
whose cautions come first; a burn from heat (the heat comes off, a heat session ends); and the
meditation's pace, which is no trouble breathing.

Each handler here looks at every intent's words and is registered before safety.RedFlagHandler,
whose catch-all would otherwise answer "I'm pregnant" or "I'm burned from the heat pad" with the
warning signs; each steps aside when a red flag is said too, so the warning still comes first.
"""
from __future__ import annotations


from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.common import content, conversation, said_words, text
from skill.handlers.questions import answer
from skill.handlers.remedies import remedy_or_question
from skill.handlers.running_session import HEAT, SessionControls, heat_session
from skill.handlers.safety import detected_red_flags
from skill.playback import SessionToken, player_context
from skill.routing import ANY_INTENT, RoutedHandler, kind_of


class PregnancyHandler(RoutedHandler):
    """ "I'm pregnant and my back hurts", or pregnancy said with anything else: the cautions first
    (midwife or doctor before medicines, heat or the mat; when to call them now), then on as after
    any answer, or on to the steps they described; the cautions are kept in mind for the rest of
    the conversation (remedies.start_remedy, sessions.SessionStarter, questions.answer). "I just
    had a baby", "I'm breastfeeding" the same, with the cautions after birth. Registered before
    RedFlagHandler, so that its catch-all ("I'm pregnant" heard as an unknown red flag) does not
    list the warning signs instead; a red flag said with it is still RedFlagHandler's."""

    takes = ANY_INTENT

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] != "PregnancyIntent" and self._said(handler_input) is None:
            return False
        return not detected_red_flags(handler_input)        # a red flag's warning comes first

    # Mentions (vocabulary.yaml) → the answer said (answers.yaml) and the conversation key kept.
    MENTIONS = {"pregnancy": "pregnant", "postpartum": "postpartum"}

    def _said(self, handler_input: HandlerInput):
        """Which of MENTIONS the words say, the first first, or None."""
        content_ = content(handler_input)
        said = said_words(handler_input)
        return next((mention for mention in self.MENTIONS if content_.mentioned(mention, said)), None)

    def handle(self, handler_input: HandlerInput):
        mention = self._said(handler_input) or "pregnancy"          # PregnancyIntent: no words
        if mention == "postpartum" and content(handler_input).mentioned("struggling", said_words(handler_input)):
            # "I just had a baby and I can't cope": support first, and the crisis line, gently.
            conversation(handler_input)["postpartum"] = True
            return answer(handler_input, self.controls, "postpartum_struggling")
        if kind_of(handler_input)[1] == "RemedyIntent":
            # "I'm pregnant and my lower back is spasming": the cautions, then the steps.
            content_ = content(handler_input)
            words = said_words(handler_input)
            area, symptom = content_.value_within("BODY_AREA", words), content_.value_within("SYMPTOM", words)
            if area or symptom:
                conversation(handler_input)[self.MENTIONS[mention]] = True   # the steps as said for it
                return remedy_or_question(handler_input, area, symptom, remind=False,   # just said
                                          lead=text(content_.answers[mention].speech))
        conversation(handler_input)[self.MENTIONS[mention]] = True       # remembered for the conversation
        # Pregnant on the mat or under heat, which the cautions say to ask about first: that session waits.
        hold = content(handler_input).say("pregnancy_cautions") if mention == "pregnancy" else False
        return answer(handler_input, self.controls, mention, hold=hold)


def _heat_was_on(handler_input: HandlerInput) -> bool:
    """A heat session runs or waits on this device, or is what its player played last (it just
    finished, or was stopped)."""
    token = SessionToken.parse(player_context(handler_input)[0])
    return (token is not None and token.session_type == HEAT) or heat_session(handler_input) is not None


def _says_a_heat_burn(handler_input: HandlerInput) -> bool:
    """ "The heat pad burned me", "my skin is red from the heat pad", "I burned myself": in any
    intent's words (vocabulary.yaml: mentions burned_myself, burn and heat_source)."""
    words = said_words(handler_input)
    content_ = content(handler_input)
    return content_.mentioned("burned_myself", words) or (
        content_.mentioned("burn", words) and content_.mentioned("heat_source", words))


def _heat_remark(handler_input: HandlerInput) -> bool:
    """ "It burns", "I'm too hot", "I'm sweating", "I'm falling asleep" while heat is on: a heat
    session plays or waits, or the remedy step they are on puts heat on them ("put gentle heat on
    the tight spot") (vocabulary.yaml: mentions heat_remarks, and the burn words without a heat
    word). Words that name a session ("a hot water bottle", "done with the heat") are about the
    session."""
    words = said_words(handler_input)
    content_ = content(handler_input)
    if not (content_.mentioned("heat_remarks", words) or content_.mentioned("burn", words)):
        return False
    if content_.value_within("SESSION_TYPE", words) is not None:
        return False
    return heat_session(handler_input) is not None or _step_puts_heat_on(handler_input)


def _step_puts_heat_on(handler_input: HandlerInput) -> bool:
    """The remedy step said last is about heat (its words name a heat source)."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions.get(state.get("condition", ""))
    if condition is None:
        return False
    step = condition.steps[min(state.get("step", 0), len(condition.steps) - 1)]
    return content_.mentioned("heat_source", step)


class HeatSkinCheckHandler(RoutedHandler):
    """ "The heat is burning me", a burn from heat in any words, "I'm too hot" or "I'm sweating"
    with a heat session on or held, or "I fell asleep" with a heat session on or just over: the
    heat comes off, the skin is checked, a burn is cooled (answers.yaml: heat_too_hot). A heat
    session that runs or waits ends, timer and all, and we say so: it must not play on and keep
    the heat on them. Registered before RedFlagHandler, so that "I'm burned from the heat pad" (its
    catch-all) is not answered with the warning signs; a red flag said with it is still
    RedFlagHandler's."""

    takes = ANY_INTENT

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        intent = kind_of(handler_input)[1]
        if intent == "FellAsleepIntent":
            return _heat_was_on(handler_input)
        return ((intent == "HeatTooHotIntent" or _says_a_heat_burn(handler_input)
                 or _heat_remark(handler_input))
                and not detected_red_flags(handler_input))

    def handle(self, handler_input: HandlerInput):
        session = heat_session(handler_input)
        if session is None:
            return answer(handler_input, self.controls, "heat_too_hot")
        self.controls.end(handler_input, session)
        stopped = content(handler_input).session_say("heat_stopped", name=session.name(handler_input))
        return answer(handler_input, self.controls, "heat_too_hot", after=text(stopped))


class BreathingPaceHandler(RoutedHandler):
    """ "I can't breathe that slowly", "the tones are too fast": the meditation's pace is only a
    guide (answers.yaml: breathing_pace), and the session plays on. Said in any intent's words
    (vocabulary.yaml: mentions breathing_pace; red_flag_exclusions has those with "can't
    breathe"). Registered before RedFlagHandler, like HeatSkinCheckHandler; "I can't breathe"
    alone, or a red flag said with the pace, is still RedFlagHandler's."""

    takes = ANY_INTENT

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        words = said_words(handler_input)
        return (content(handler_input).mentioned("breathing_pace", words)
                and not detected_red_flags(handler_input))

    def handle(self, handler_input: HandlerInput):
        return answer(handler_input, self.controls, "breathing_pace")
