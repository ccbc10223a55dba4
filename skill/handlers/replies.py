"""Replies and cards: speaking calmly, the first-use notice, how the steps go on after an answer,
and the remedy's card.

One place for how an answer is put together, so every handler's reply is paced, carded and
followed by the steps the same way.
"""
from __future__ import annotations

from typing import Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui import StandardCard

from skill.content import Condition, LocaleContent
from skill.handlers.conversation import content, conversation, drop_question, steps_to_come
from skill.handlers.memory import memory, memory_available
from skill.responses import CALM_RATE, calm, text


# Request note: this response answers a question (questions.answer): "repeat" then says it again,
# not the step (navigation.RememberWhatWasSaid).
ANSWERED = "answered"
# Request note: this response gave the warning signs (safety.RedFlagHandler): a "yes" right after
# means "yes, I have one of those" (navigation.RememberWhatWasSaid keeps it with what was said).
WARNED = "warned"
# Request note: this response said a remedy's step (remedy_steps.say_step): "what does that mean"
# right after it explains the step, not says it again (navigation.RememberWhatWasSaid keeps it).
STEP_SAID = "step_said"
# Request note: this response invited them to say where it hurts, asking nothing a yes could answer
# ("If you'd like steps to ease it, tell me where it hurts"): its kind ("answer", "comfort",
# "struggling"), kept with what was said, so a "yes" right after asks where (builtins.YesHandler).
INVITED = "invited"


def answer_card(content_: LocaleContent, title: str, said: str) -> StandardCard:
    """The card of a spoken answer: its title, what was said, and the usual footer."""
    return StandardCard(title=title, text=f"{said}\n\n{content_.say('card_footer')}")


def reply(handler_input: HandlerInput, speech: str, reprompt: Optional[str] = None, card=None, *,
          rate: str = CALM_RATE):
    """Speak calmly (or at `rate`); keep listening when there is a reprompt, end the session
    otherwise."""
    builder = handler_input.response_builder.speak(calm(speech, rate=rate))
    if card is not None:
        builder.set_card(card)
    if reprompt:
        builder.ask(calm(reprompt))
    builder.set_should_end_session(not reprompt)
    return builder.response


# Request notes about the first-use notice in this response: it was said (or held back on
# purpose), or, when due, it goes after what is said (warning signs first).
NOTICE_PLACED = "notice_placed"
NOTICE_LAST = "notice_last"


def first_use_notice(handler_input: HandlerInput) -> str:
    """The one-sentence disclaimer, once per person (every time when memory is unavailable).
    Handlers place it where it belongs; a response that has none gets it from FirstUseNotice."""
    handler_input.attributes_manager.request_attributes[NOTICE_PLACED] = True
    attributes = memory(handler_input)
    if attributes.get("disclaimer_heard"):
        return ""
    if memory_available(attributes):
        attributes["disclaimer_heard"] = True
    return text(content(handler_input).say("disclaimer"))


def hold_back_notice(handler_input: HandlerInput) -> None:
    """No first-use notice in this response, whatever else: someone in crisis, or asking us to call
    for help, hears nothing after what to do now. It waits for their next time."""
    handler_input.attributes_manager.request_attributes[NOTICE_PLACED] = True


def notice_last(handler_input: HandlerInput) -> None:
    """If this response carries the first-use notice, it comes after what is said: the warning
    signs, or what to do if it's urgent, come first."""
    handler_input.attributes_manager.request_attributes[NOTICE_LAST] = True


def no_session_reply(handler_input: HandlerInput):
    """ "How long is left?", "five more minutes" with no session running: said so. In a remedy's
    steps (one says heat for fifteen minutes) the steps go on after it, as after any question."""
    content_ = content(handler_input)
    if steps_to_come(handler_input):
        said = f"{text(content_.session_say('no_session_in_steps'))} {text(content_.say('answer_back_to_steps'))}"
        return reply(handler_input, said, reprompt=text(content_.say("step_reprompt")))
    return reply(handler_input, text(content_.session_say("no_session")))


def offered_session(handler_input: HandlerInput) -> Optional[str]:
    """The name of the session offered after a remedy's last step, while that offer still stands."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    offer = state.get("offer")
    if state.get("awaiting") == "offer_session" and offer in content_.sessions:
        return content_.sessions[offer].name
    return None


def steps_go_on(handler_input: HandlerInput, speech: str):
    """`speech` (SSML-safe), and the remedy's steps open in the conversation go on after it, as
    after any question: "say next" while steps are to come; after the last step, the session it
    offered, asked again. None when there are no steps to go on with."""
    content_ = content(handler_input)
    if steps_to_come(handler_input):
        return reply(handler_input, f"{speech} {text(content_.say('answer_back_to_steps'))}",
                     reprompt=text(content_.say("step_reprompt")))
    offered = offered_session(handler_input) if conversation(handler_input).get("condition") else None
    if offered:
        return reply(handler_input, f"{speech} {text(content_.say('offer_session', session=offered))}",
                     reprompt=text(content_.say("offer_session_reprompt", session=offered)))
    return None


def back_to_the_steps(handler_input: HandlerInput) -> None:
    """A reply that leads on to the next step ("say next when you're ready"): a session offered
    along the way ("what else can I do") no longer stands, so a later "okay" is the next step,
    not yes to that offer."""
    if steps_to_come(handler_input):
        drop_question(conversation(handler_input))


def steps_reprompt(handler_input: HandlerInput) -> str:
    """How to carry on in a remedy's steps: "say next" while steps are to come; after the last
    one, the session still offered, or start over (there is no next step to lead to)."""
    content_ = content(handler_input)
    if steps_to_come(handler_input):
        return content_.say("step_reprompt")
    session = offered_session(handler_input)
    if session:
        return content_.say("offer_session_reprompt", session=session)
    return content_.say("last_step_reprompt")


def where_in_steps(handler_input: HandlerInput) -> str:
    """Which step they are on and how to carry on, for help and for words not caught."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    total = len(content_.conditions[state["condition"]].steps)
    if steps_to_come(handler_input):
        return content_.say("in_steps_where", number=state.get("step", 0) + 1, total=total)
    return content_.say("after_steps_where", carry_on=steps_reprompt(handler_input))


def remedy_card(content_: LocaleContent, condition: Condition, pregnant: bool = False,
                feeling: Optional[str] = None) -> StandardCard:
    """The whole remedy for the Alexa app, titled for the `feeling` they said: every step (as said
    in pregnancy, when `pregnant`), then what's good to know."""
    lines = [f"{content_.say('card_steps_heading')}:"]
    lines += [f"{number}. {step}" for number, step in enumerate(condition.steps_for(pregnant), start=1)]
    if condition.caveats:
        lines += ["", f"{content_.say('card_caveats_heading')}:"] + [f"• {c}" for c in condition.caveats]
    lines += ["", content_.say("card_footer")]
    return StandardCard(title=condition.named(feeling), text="\n".join(lines))
