"""Questions about the step they are on, asked in a remedy's steps with no session here: "how long
should I do this for" (from the step's own content: conditions.yaml how_long), "where do I put
the ball" (conditions.yaml ball), "why does that help" and "how do I do that" (conditions.yaml
why, how). Each is answered for the step, and the steps go on from where they were: "next"
carries on from the step last said.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content, conversation, step_on, steps_to_come
from skill.handlers.remedy_steps import say_step, session_they_can_do, step_reminders
from skill.handlers.replies import ANSWERED, reply, steps_go_on, steps_reprompt
from skill.responses import text


def in_remedy(handler_input: HandlerInput) -> bool:
    """A remedy is open in the conversation (its last step may have been said)."""
    return conversation(handler_input).get("condition") in content(handler_input).conditions


def how_long_for_the_step(handler_input: HandlerInput):
    """ "How long should I do this for": how long for the step they are on, as said to them (in
    pregnancy, its own), or that it has no set time; a timed session that fits it offered by
    what to say, while steps are to come (after the last, the remedy's offer stands)."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions[state["condition"]]
    index = step_on(state, len(condition.steps))
    found = condition.how_long_for(index + 1, bool(state.get("pregnant")))
    parts = [text(found.say if found else content_.say("step_how_long_none"))]
    kinds = [kind for kind in (found.sessions if found else ())
             if kind in content_.sessions and session_they_can_do(content_, state, kind) == kind]
    if kinds and steps_to_come(handler_input):
        words = content_.say("step_time_it_kinds")
        parts.append(text(content_.say("step_time_it",
                                       sessions=content_.say("step_time_it_or").join(words[k] for k in kinds))))
    return _said_at_the_step(handler_input, " ".join(parts))


def where_the_ball_goes(handler_input: HandlerInput):
    """ "Where do I put the ball": at a step that uses it, that step said again (it says where);
    otherwise where it goes for this remedy (in pregnancy, what to do instead) and the step it
    comes at, or came at; a remedy with no ball says so."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions[state["condition"]]
    ball = condition.ball
    number = step_on(state, len(condition.steps)) + 1
    if ball is None:
        return _said_at_the_step(handler_input, text(content_.say("ball_none")))
    if number in ball.steps:
        return say_step(handler_input, number - 1)
    where = ball.in_pregnancy if state.get("pregnant") and ball.in_pregnancy else ball.where
    later = [step for step in ball.steps if step > number]
    when = (content_.say("ball_comes_at", number=later[0]) if later
            else content_.say("ball_came_at", number=ball.steps[-1]))
    return _said_at_the_step(handler_input, f"{text(where)} {text(when)}")


def about_the_step(handler_input: HandlerInput, kind: str):
    """Why the step they are on helps (`kind` "why") or how to do it ("how"), as said to them (in
    pregnancy, its own), led by which step it is; then on with the steps from there (after the
    last, the remedy's offer stands)."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions[state["condition"]]
    number = step_on(state, len(condition.steps)) + 1
    pregnant = bool(state.get("pregnant"))
    said = [text(content_.say(f"step_{kind}_lead", number=number)), text(condition.about_step(kind, number, pregnant)),
            *step_reminders(handler_input, condition.steps_for(pregnant)[number - 1])]
    return _said_at_the_step(handler_input, " ".join(said))


def _said_at_the_step(handler_input: HandlerInput, said: str):
    """`said` (SSML-safe), then on with the steps from where they were ("repeat" says it again)."""
    handler_input.attributes_manager.request_attributes[ANSWERED] = True
    return steps_go_on(handler_input, said) or reply(handler_input, said,
                                                     reprompt=text(steps_reprompt(handler_input)))
