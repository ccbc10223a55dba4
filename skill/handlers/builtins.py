"""Opening the skill, help, stop, yes/no and the other standard built-ins."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers import navigation, timer_replies
from skill.handlers.conversation import (FEELING, FORGET_SESSION, MORE_TOLD, STOP_SAVING, USUAL_OFFERED, content,
                                         conversation, drop_confirmation, drop_question, first_fallback,
                                         keep_place_for_a_break, remedy_name, steps_to_come)
from skill.handlers.heat_timer import heat_timer_left
from skill.handlers.memory import memory
from skill.handlers.named_sessions import STOP_ASKED
from skill.handlers.navigation import LAST_SAID
from skill.handlers.replies import (INVITED, back_to_the_steps, first_use_notice, notice_last, reply, steps_reprompt,
                                    where_in_steps)
from skill.handlers.running_session import (RunningSession, SessionControls, asking_back, hold_for_conversation,
                                            paused_here, running_session, still_waiting)
from skill.handlers.session_speech import minutes_left, paused_time_left, spoken_duration
from skill.responses import text
from skill.routing import RoutedHandler, intents, kind_of, requests

log = logging.getLogger("skill.handlers")
LENGTH_QUESTIONS = ("offer_session", "offer_preference")     # "would you like 30 minutes?": a length answers


class LaunchHandler(RoutedHandler):
    """ "Alexa, open back relief": a short welcome and a question, with an example of what to say.
    A session playing on the device waits (paused) while we talk; that one, or one they paused
    themselves, is named in the welcome, with the time left, how to carry on and how to end it.
    Under heat, ending it is taking the heat off; with no timer to say when its time is up, the
    heat comes off now (heat_off.TakeTheHeatOffInterceptor adds it)."""

    takes = requests("LaunchRequest")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        returning = bool(memory(handler_input).get("disclaimer_heard"))
        notice = first_use_notice(handler_input)
        welcome = content_.say("welcome_back" if returning else "welcome")
        held = bool(hold_for_conversation(handler_input))       # it played: it waits while we talk
        waiting = paused_here(handler_input)
        if waiting is not None:
            welcome = _welcome_to_waiting(handler_input, waiting, held)
        after_steps = _welcome_after_steps_session(handler_input)
        if waiting is None and not after_steps:     # "yes" to "tell me what's going on": where
            handler_input.attributes_manager.request_attributes[INVITED] = "welcome"
        welcome = after_steps or welcome
        return reply(handler_input, " ".join(p for p in (notice, text(welcome)) if p),
                     reprompt=text(content_.say("welcome_reprompt")))


def _welcome_to_waiting(handler_input: HandlerInput, session: RunningSession, held: bool) -> str:
    """The welcome to a session that waits, paused by this welcome (`held`) or by them: how long
    is left, how to carry on and how to end it; for a heat session whose timer runs on, when that
    rings, and that ending it is taking the heat off."""
    key = "welcome_held" if held else "welcome_back_paused"
    timer_left = heat_timer_left(handler_input, session)
    if timer_left is not None:
        key += "_heat_timer"
    return content(handler_input).say(key, name=session.name(handler_input),
                                      remaining=minutes_left(handler_input, session, timer_left))


def _welcome_after_steps_session(handler_input: HandlerInput) -> str:
    """Back after a session started from a remedy's steps: "next" carries on
    (navigation.carry_on_after_session), and the welcome says with what: the next step ("say
    next for step 4"), or the more ideas the last step leads to. "" otherwise."""
    place = navigation.steps_after_session(handler_input)
    if place is None or running_session(handler_input) is not None:
        return ""
    content_ = content(handler_input)
    condition = content_.conditions[place["id"]]
    name = remedy_name(content_, place["id"], place.get(FEELING))          # as they said it feels
    if place["step"] + 1 < len(condition.steps):
        return content_.say("welcome_after_timed_step", condition=name, number=place["step"] + 2)
    if place.get(MORE_TOLD):
        return ""
    return content_.say("welcome_after_steps_session", condition=name)


class GreetingHandler(RoutedHandler):
    """ "Hello", "who are you": a short hello and the question that gets us going; in the middle
    of a remedy's steps, where they are (it asked what was going on, the step left unsaid)."""

    takes = intents("GreetingIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        if conversation(handler_input).get("condition") in content_.conditions:
            said = f"{text(content_.say('greeting_in_steps'))} {text(where_in_steps(handler_input))}"
            return reply(handler_input, said, reprompt=text(steps_reprompt(handler_input)))
        notice = first_use_notice(handler_input)
        greeting = asking_back(handler_input, text(content_.say("greeting")))
        return reply(handler_input, " ".join(p for p in (notice, greeting) if p),
                     reprompt=text(content_.say("welcome_reprompt")))


class HelpHandler(RoutedHandler):
    """What can be said; with a session playing or paused on this device, what can be said about
    it (the one playing waits while we talk, as for any question back)."""

    takes = intents("AMAZON.HelpIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        drop_confirmation(conversation(handler_input))
        held = hold_for_conversation(handler_input)
        session = running_session(handler_input)
        if session is not None and session.timer_only and session.remaining_seconds > 0:
            remaining = spoken_duration(handler_input, session.remaining_seconds)  # its timer runs on
            return reply(handler_input, text(content_.say("help_in_timer_session", name=session.name(handler_input),
                                                          remaining=remaining)),
                         reprompt=text(content_.say("welcome_reprompt")))
        if session is not None:             # where it is and how to carry on, said once; then the rest
            speech = f"{text(held or _where_it_waits(handler_input, session))} {text(content_.say('help_in_session'))}"
            return reply(handler_input, speech, reprompt=text(content_.say("help_in_session_reprompt")))
        if conversation(handler_input).get("condition") in content_.conditions:      # in the steps
            back_to_the_steps(handler_input)
            key = "help_in_steps" if steps_to_come(handler_input) else "help_after_steps"
            return reply(handler_input, text(content_.say(key, where=where_in_steps(handler_input))),
                         reprompt=text(steps_reprompt(handler_input)))
        return reply(handler_input, text(content_.say("help")), reprompt=text(content_.say("help_reprompt")))


def _where_it_waits(handler_input: HandlerInput, session: RunningSession) -> str:
    """For help: the session they paused, how long is left and how to carry on (its heat timer's
    time, if that runs on); or, one neither paused nor held (another stream played since), how to
    carry on with it."""
    if session.paused:
        return paused_time_left(handler_input, session)
    return content(handler_input).say("help_session_carry_on", name=session.name(handler_input))


class StopHandler(RoutedHandler):
    """Stop and Cancel end the conversation kindly, reminding them of a session it paused."""

    takes = intents("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput):
        from skill.handlers.memory_by_voice import kept_when_declined
        state = conversation(handler_input)     # "cancel" to "are you sure?": what stays, first
        kept = kept_when_declined(handler_input, state.get("awaiting"), state.get("offer"))
        goodbye = text(content(handler_input).say("goodbye"))
        return reply(handler_input, _farewell(handler_input, " ".join(p for p in (kept, goodbye) if p)))


class KindWordsHandler(RoutedHandler):
    """ "That helped", "I feel better" (glad it helps), and "thank you" (a plain you're welcome,
    as it may be for a warning or for "see your doctor today"; glad it's helping only once the
    steps are done). Then what they were doing carries on: the next step of a remedy, or a session
    they interrupted to say it. Otherwise goodbye."""

    # Per intent: what is said in the steps, before a session plays on, and as a goodbye.
    SAID = {"FeelingBetterIntent": ("glad_it_helps_in_steps", "glad_it_helps_short", "glad_it_helps"),
            "ThanksIntent": ("thanks_in_steps", "thanks_short", "thanks")}
    takes = intents(*SAID)

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        in_steps, short, goodbye = self.SAID[kind_of(handler_input)[1]]
        if steps_to_come(handler_input):
            back_to_the_steps(handler_input)
            return reply(handler_input, text(content_.say(in_steps)), reprompt=text(content_.say("step_reprompt")))
        back = self.controls.carry_on(handler_input)
        if back:
            return reply(handler_input, f"{text(content_.say(short))} {text(back)}")
        if _steps_done(handler_input):
            goodbye = "glad_it_helps"
        return reply(handler_input, _farewell(handler_input, text(content_.say(goodbye))))


class SoundsGoodHandler(RoutedHandler):
    """ "Lovely", "perfect", "that's great", asked nothing: a short warm word, then what they were
    doing goes on (the steps, a session they spoke over), or what they can do next. Said to a
    question of ours it is not taken here (it may be a yes: ask again, as before)."""

    takes = intents("SoundsGoodIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return not conversation(handler_input).get("awaiting")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        if steps_to_come(handler_input):
            back_to_the_steps(handler_input)
            return reply(handler_input, text(content_.say("sounds_good_in_steps")),
                         reprompt=text(content_.say("step_reprompt")))
        back = self.controls.carry_on(handler_input)
        if back:
            return reply(handler_input, f"{text(content_.say('sounds_good_short'))} {text(back)}")
        handler_input.attributes_manager.request_attributes[INVITED] = "sounds_good"     # "yes": where
        said = [asking_back(handler_input, text(content_.say("sounds_good"))), first_use_notice(handler_input)]
        return reply(handler_input, " ".join(p for p in said if p), reprompt=text(content_.say("welcome_reprompt")))


class SoundsGoodAsYesHandler(RoutedHandler):
    """ "Perfect", "lovely", "sounds good" said to an offer of ours ("would you like a breathing
    meditation?"): a yes (onmat60: it had "Sorry, I didn't catch that"). Not to forgetting or
    clearing something: only a plain yes does that."""

    takes = intents("SoundsGoodIntent")
    OFFERS = ("offer_session", "offer_remedy", "offer_preference", "timer_only")

    def __init__(self, yes: "YesHandler") -> None:
        self.yes = yes

    def wants(self, handler_input: HandlerInput) -> bool:
        return conversation(handler_input).get("awaiting") in self.OFFERS

    def handle(self, handler_input: HandlerInput):
        return self.yes.handle(handler_input)


class ThanksGoodbyeHandler(RoutedHandler):
    """ "Thanks, bye", "that's all, thank you": you're welcome, and goodbye. Said over a session
    that plays (lying on the mat), it is thanks, as "thank you" is: Alexa goes quiet and the
    session plays on, since only stop or end ends it."""

    takes = intents("ThanksGoodbyeIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        back = self.controls.carry_on(handler_input)
        if back:
            return reply(handler_input, f"{text(content_.say('thanks_short'))} {text(back)}")
        return reply(handler_input, _farewell(handler_input, text(content_.say("thanks"))))


def _farewell(handler_input: HandlerInput, goodbye: str) -> str:
    """A goodbye, led by the word that a session still waits, paused by this conversation or by
    them, or that a timer-only session's timer runs on (the last thing heard is the goodbye)."""
    return " ".join(p for p in (text(still_waiting(handler_input)), timer_replies.runs_on(handler_input), goodbye)
                    if p)


def _steps_done(handler_input: HandlerInput) -> bool:
    """A remedy's last step was what we said last (not an answer to a question since)."""
    state = conversation(handler_input)
    said = state.get(LAST_SAID)
    return (state.get("condition") in content(handler_input).conditions
            and not (isinstance(said, dict) and said.get("answer")))


class NavigateHomeHandler(RoutedHandler):
    takes = intents("AMAZON.NavigateHomeIntent")

    def handle(self, handler_input: HandlerInput):
        conversation(handler_input).clear()
        content_ = content(handler_input)
        return reply(handler_input, asking_back(handler_input, text(content_.say("navigate_home"))),
                     reprompt=text(content_.say("welcome_reprompt")))


class YesHandler(RoutedHandler):
    """Yes means whatever we last asked: start the offered session or remedy, set a timer, save the
    length offered, clear saved lengths, or forget.
    Asked nothing, in the middle of the steps ("okay", "yep"), it means ready for the next one."""

    takes = intents("AMAZON.YesIntent")

    def __init__(self, starter, controls: SessionControls) -> None:
        self.starter = starter
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        from skill.handlers import preferences, privacy, remedy_steps, safety, saving_choice, session_privacy
        state = conversation(handler_input)
        if _just_warned(state) and state.get("awaiting") in (None, "clarify"):
            if steps_to_come(handler_input):
                # The warning ended on "say next when you're ready": "yes" may be either. Ask.
                state["awaiting"] = WARNING_CHECK
                content_ = content(handler_input)
                return reply(handler_input, text(content_.say("warning_check")),
                             reprompt=text(content_.say("warning_check_reprompt")))
            return safety.warning_again(handler_input)      # "yes, I have one of those"
        awaiting = state.pop("awaiting", None)
        if awaiting == WARNING_CHECK:
            return safety.warning_again(handler_input)
        offer, minutes = state.pop("offer", None), state.pop("offer_minutes", None)
        state.pop(USUAL_OFFERED, None)
        if awaiting == "offer_session" and offer:
            waiting = paused_here(handler_input)
            if (waiting is not None and minutes is None and waiting.token.session_type == offer
                    and state.get("condition") in content(handler_input).conditions):
                # The steps offer the very session that waits behind them: it goes on from where
                # it was, rather than a new one from the start in its place.
                self.controls.resume(handler_input, waiting)
                return reply(handler_input, text(content(handler_input).session_say(
                    "back_to_session", name=waiting.name(handler_input))))
            return self.starter.start(handler_input, offer, minutes)
        if awaiting == "offer_remedy" and offer in content(handler_input).conditions:
            return remedy_steps.start_remedy(handler_input, offer)
        if awaiting == "timer_only" and offer and minutes:
            return self.starter.timer_only(handler_input, offer, int(minutes))
        if awaiting == "offer_preference" and offer and minutes:
            return preferences.answer_preference(handler_input, offer, minutes)
        if awaiting == "offer_preference" and offer:     # "yes" to "how many minutes should they be?"
            from skill.handlers.length_change import ask_length_again
            return ask_length_again(handler_input, offer)
        if awaiting == STOP_ASKED:                  # "do you want to stop it?", of the session on
            from skill.handlers.session_controls import stop_when_asked
            return stop_when_asked(handler_input, self.controls)
        if awaiting == "forget":
            return privacy.forget_confirmed(handler_input)
        if awaiting == FORGET_SESSION:
            return session_privacy.forget_session_confirmed(handler_input, offer)
        if awaiting == STOP_SAVING:
            return saving_choice.stop_saving_confirmed(handler_input)
        if awaiting == "reset_preference":
            return preferences.reset_confirmed(handler_input, offer)
        if _invited(state) and not steps_to_come(handler_input):
            return _where_it_hurts(handler_input, _invited(state))
        if steps_to_come(handler_input):            # "okay", "yep" after a step: ready for the next
            return remedy_steps.say_step(handler_input, state.get("step", 0) + 1)
        content_ = content(handler_input)
        back = self.controls.carry_on(handler_input)
        if back:                                    # "yes" said on the mat: it plays on
            return reply(handler_input, f"{text(content_.say('yes_in_session'))} {text(back)}")
        return reply(handler_input, asking_back(handler_input, text(content_.say("yes_without_question"))),
                     reprompt=text(content_.say("welcome_reprompt")))


def _invited(state) -> str:
    """What we said last invited them to say where it hurts, asking no yes-or-no question: its
    kind (replies.INVITED), or "" ."""
    said = state.get(LAST_SAID)
    return (said.get("invited") or "") if isinstance(said, dict) else ""


def _where_it_hurts(handler_input: HandlerInput, invited: str):
    """ "Yes" to "if you'd like steps, tell me where it hurts": they want steps, so where, as
    "what should I do" asks. After fear's comfort or low's kind words a yes may also be to the
    urgent signs or to thoughts of harming themselves: what to do then comes first
    (prompts.yaml: yes_to_invitation)."""
    from skill.handlers.remedy_steps import ask_question
    content_ = content(handler_input)
    lead = content_.prompts.get("yes_to_invitation", {}).get(invited)
    return ask_question(handler_input, content_.say("ask.where_does_it_hurt"), {},
                        lead=text(content_.say(f"yes_to_invitation.{invited}")) if lead else "")


# "Do you have any of those signs?", asked when a "yes" after the warning signs may mean "next".
WARNING_CHECK = "warning_check"


def _just_warned(state) -> bool:
    """What we said last gave the warning signs (safety.RedFlagHandler)."""
    said = state.get(LAST_SAID)
    return isinstance(said, dict) and bool(said.get("warned"))


class NoHandler(RoutedHandler):
    """No to what we last asked. Outside a remedy (a session offered after an answer to a
    question) "what else can I do" has nothing to add, so the way on is where it hurts; but a
    session that waited while we asked plays on."""

    takes = intents("AMAZON.NoIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        from skill.handlers import preferences, privacy, saving_choice, session_privacy, usual_choice
        state = conversation(handler_input)
        awaiting = state.pop("awaiting", None)
        offer = state.pop("offer", None)
        state.pop("offer_minutes", None)
        usual_offered = state.pop(USUAL_OFFERED, None)
        if awaiting == "forget":
            return privacy.forget_declined(handler_input)
        if awaiting == FORGET_SESSION:
            return session_privacy.forget_session_declined(handler_input)
        if awaiting == STOP_SAVING:
            return saving_choice.stop_saving_declined(handler_input)
        if awaiting == "reset_preference":
            return preferences.reset_declined(handler_input)
        if awaiting in ("offer_preference", "preference_type"):        # nothing saved: said so
            return preferences.preference_declined(handler_input, offer if awaiting == "offer_preference" else None)
        if awaiting == "offer_session" and offer is not None and usual_offered == offer:
            return usual_choice.usual_declined(handler_input)      # "my usual is heat", "start it now?"
        content_ = content(handler_input)
        if state.get("condition") not in content_.conditions:
            back = self.controls.carry_on_held(handler_input) or self.controls.carry_on(handler_input)
            if back:                                # a session that waited, or was playing, plays on
                return reply(handler_input, f"{text(content_.say('no_thanks_short'))} {text(back)}")
            return reply(handler_input, asking_back(handler_input, text(content_.say("no_thanks_outside_remedy"))),
                         reprompt=text(content_.say("welcome_reprompt")))
        if steps_to_come(handler_input):            # "no", not ready yet: the next step waits
            said = content_.say("no_thanks_in_steps", number=state.get("step", 0) + 2)
        else:
            said = content_.say("no_thanks")
        return reply(handler_input, text(said), reprompt=text(steps_reprompt(handler_input)))


# Our yes/no offers: a session, a remedy's steps, a timer instead of audio.
OFFERS = ("offer_session", "offer_remedy", "timer_only")


class FallbackHandler(RoutedHandler):
    """Words we couldn't place: say what works here, depending on where we are. Alexa sends none
    of the words, so they may have been a red flag we cannot see: the first time in a conversation,
    the urgent signs and the emergency number come first, later in a breath. Said while a session
    plays, the session carries on."""

    takes = intents("AMAZON.FallbackIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        drop_confirmation(state)
        notice_last(handler_input)          # what to do if it's urgent comes first
        back = self.controls.carry_on(handler_input)
        if back:        # said on the mat: the session plays on rather than waiting on a question
            return reply(handler_input, " ".join((text(content_.say("fallback_in_session")), text(back))))
        # A bare number ("fifteen") to "would you like 30 minutes?" cannot be a sample of its own:
        # say how to answer with a length, and the question still stands.
        minutes = state.get("offer_minutes") if state.get("awaiting") in LENGTH_QUESTIONS else None
        in_steps = not minutes and state.get("condition") in content_.conditions
        if not minutes and not in_steps and state.get("awaiting") in OFFERS:
            # Our words ("if it's urgent, call 911; otherwise, tell me where it hurts") no longer
            # ask the offer: a "yes" now may mean "it's urgent", and must not start a session.
            drop_question(state)
        key = "fallback_length" if minutes else "fallback_in_steps" if in_steps else "fallback"
        reprompt = (content_.say("fallback_length_reprompt", minutes=minutes) if minutes else
                    steps_reprompt(handler_input) if in_steps else content_.say("fallback_reprompt"))
        where = where_in_steps(handler_input) if in_steps else None
        if first_fallback(state):
            key += "_first"
        said = content_.say(key, minutes=minutes, where=where)
        return reply(handler_input, asking_back(handler_input, text(said)), reprompt=text(reprompt))


class SessionEndedHandler(RoutedHandler):
    """Alexa closed the session; no speech is allowed. Errors are logged without user data. Closed
    in the middle of a remedy's steps (they went quiet: step four has them lie on the mat for ten
    minutes), where the steps were is kept, as for a break: "Alexa, ask back relief next" goes on
    from the following step."""

    takes = requests("SessionEndedRequest")

    def handle(self, handler_input: HandlerInput):
        request = handler_input.request_envelope.request
        if request.error is not None:
            log.warning("session ended with error %s: %s", getattr(request.error.object_type, "value",
                        request.error.object_type), request.error.message)
        elif steps_to_come(handler_input):
            keep_place_for_a_break(handler_input)
        return handler_input.response_builder.response
