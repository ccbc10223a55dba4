"""Questions about the running session: "how much time is left", "am I halfway", "which side am
I on", "what is that sound", "how do I do this", "can I get up now", "skip the bells", "can you
play some music". Each is answered from where the audio is, and the audio carries on (a paused
session stays paused); just after the end bells, that it is finished
(session_handler.RunningSessionHandler).
"""
from __future__ import annotations

from typing import Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers.conversation import content, conversation, steps_to_come
from skill.handlers.heat_off import heat_over_now
from skill.handlers.heat_timer import HEAT
from skill.handlers.named_sessions import other_session_lead, other_session_named
from skill.handlers.questions import answer, for_the_session_on
from skill.handlers.remedy_steps import say_step
from skill.handlers.replies import reply, steps_go_on, steps_reprompt, where_in_steps
from skill.handlers.running_session import STOPPED_FOR, RunningSession, SessionControls, running_session
from skill.handlers.builtins import FallbackHandler
from skill.handlers.history_questions import about_duration
from skill.handlers.session_cues import cue_answer, cue_not_ours, stopped_lately
from skill.handlers.session_endings import just_finished
from skill.handlers.session_handler import RunningSessionHandler, SessionHandler
from skill.handlers.session_how import how_said, said_in_session, side_now
from skill.handlers.session_starter import spoken_minutes
from skill.handlers.session_speech import paused_time_left, spoken_duration
from skill.handlers.slots import read_slot
from skill.handlers.step_questions import about_the_step, how_long_for_the_step, in_remedy, where_the_ball_goes
from skill.playback import supports_audio
from skill.responses import text
from skill.routing import RoutedHandler, intents, kind_of


# Asked how far along the session is ("am I halfway", "how am I doing"): the time in and the time left.
PROGRESS_INTENTS = ("SessionProgressIntent", "HowAmIDoingIntent")
# The sessions done with a ball, whose how-to is where it goes (sessions.yaml: release).
BALL_SESSIONS = ("release",)


class TimeLeftHandler(RunningSessionHandler):
    """ "How much time is left?", "am I halfway?" — from where the audio is, then the audio
    carries on. Just after the end bells, that it is finished. Asked of another kind of session
    than the one on ("how long is left on my heat session" on the mat): which one is on, first."""

    takes = intents("TimeLeftIntent", "SessionProgressIntent")

    def handle(self, handler_input: HandlerInput):
        if cue_not_ours(handler_input):     # "is it time to call an ambulance": not ours to place
            return FallbackHandler(self.controls).handle(handler_input)
        return super().handle(handler_input)

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        over = text(heat_over_now(handler_input))       # its time up as it waited: the heat off
        if over:
            return steps_go_on(handler_input, over) or reply(handler_input, over)
        if not in_remedy(handler_input):    # "is it time to switch": the release's how-to
            cued = cue_answer(handler_input, self.controls)
            if cued is not None:
                return cued
        stopped = _stopped_lately_said(handler_input, content_)
        if stopped:                         # "how much time is left" just after "stop"
            return steps_go_on(handler_input, stopped) or reply(handler_input, stopped)
        return super().no_session(handler_input, content_)

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        name = session.name(handler_input)
        remaining = spoken_duration(handler_input, session.remaining_seconds)
        asked = other_session_named(handler_input, session)
        lead = f"{other_session_lead(handler_input, session, asked)} " if asked else ""
        if session.paused:
            # Held behind a remedy's steps: the answer, and the steps go on (the session waits).
            held = steps_go_on(handler_input, text(lead + paused_time_left(handler_input, session, "time_left_held")))
            return held or reply(handler_input, text(lead + paused_time_left(handler_input, session)))
        self.controls.resume(handler_input, session)
        lead += self.opening(content_, session)
        if kind_of(handler_input)[1] in PROGRESS_INTENTS:
            elapsed = session.offset_ms / 1000 - session.token.timeline.start_seconds
            said = content_.session_say("progress", name=name, remaining=remaining,
                                        elapsed=spoken_duration(handler_input, elapsed))
        else:
            said = content_.session_say("time_left", name=name, remaining=remaining)
        side, switch_in = side_now(session)
        if side:                                    # "which side am I on?" in a hip flexor release
            said = f"{content_.session_say(side, switch_in=spoken_duration(handler_input, switch_in))} {said}"
        return reply(handler_input, text(lead + said))

    def opening(self, content_: LocaleContent, session: RunningSession) -> str:
        """Said before the session's time, with it playing: nothing here."""
        return ""


class StepHowLongHandler(TimeLeftHandler):
    """ "How long should I do this for", "for how long", "how long should I stay like this": in a
    remedy's steps with no session here, how long for the step they are on, from its own content,
    with a timed session offered where one fits (step_questions.how_long_for_the_step). They got
    "I don't have an answer about 'do this for'", the warning signs or "Sorry". With a session
    here, its time left, as "how much time is left"; with neither, that none is running."""

    takes = intents("StepHowLongIntent")

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        if in_remedy(handler_input) and not heat_over_now(handler_input):
            return how_long_for_the_step(handler_input)
        return super().no_session(handler_input, content_)


class RepsHandler(StepHowLongHandler):
    """ "How many reps", "how many times do I do this": in a remedy's steps, how long for the step
    they are on; in a session, that it is timed, not counted, and what to do meanwhile (a release:
    how long on each side), before its time left (sessions.yaml reps_<kind>; leftovers48: the time
    left alone); with neither, that there's no set number, and the steps offered (answers.yaml
    reps_no_session). They got the week's history (asks39)."""

    takes = intents("RepsIntent")

    def opening(self, content_: LocaleContent, session: RunningSession) -> str:
        half = spoken_minutes(content_, session.token.minutes)
        return f"{content_.session_say(f'reps_{session.token.session_type}', half=half)} "

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        if in_remedy(handler_input) or heat_over_now(handler_input):
            return super().no_session(handler_input, content_)
        return answer(handler_input, self.controls, "reps_no_session")


class HowAmIDoingHandler(TimeLeftHandler):
    """ "How am I doing?", "how's it going?": with a session playing, how far along it is and what
    is left, after "you're doing well" (it got the week's history); in a remedy's steps, the step
    they are on (a session held behind them waits); with neither, the history as before."""

    takes = intents("HowAmIDoingIntent")

    def __init__(self, controls: SessionControls, history: RoutedHandler) -> None:
        super().__init__(controls)
        self.history = history

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        playing = session is not None and not session.paused
        if not playing and steps_to_come(handler_input):
            content_ = content(handler_input)
            said = f"{text(content_.say('doing_well'))} {text(where_in_steps(handler_input))}"
            return reply(handler_input, said, reprompt=text(steps_reprompt(handler_input)))
        if session is None:
            return self.history.handle(handler_input)
        return super().handle(handler_input)

    def opening(self, content_: LocaleContent, session: RunningSession) -> str:
        return f"{content_.say('doing_well')} "


class GetUpNowHandler(TimeLeftHandler):
    """ "Can I get up now?" on the mat: the time left, that they may stop whenever they need, and
    how to get up; the audio plays on (a paused one answers as "how much time is left"). With no
    session, how to get up off the floor safely: asked fresh, they are most likely lying there."""

    takes = intents("GetUpNowIntent")

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        done = text(heat_over_now(handler_input)) or just_finished(handler_input)
        if done:
            return steps_go_on(handler_input, done) or reply(handler_input, done)
        return answer(handler_input, self.controls, "getting_up")

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        if session.paused:
            return super().about(handler_input, content_, session)
        self.controls.resume(handler_input, session)
        said = content_.session_say("get_up_now_no_audio" if session.timer_only else "get_up_now",
                                    name=session.name(handler_input),
                                    remaining=spoken_duration(handler_input, session.remaining_seconds))
        return reply(handler_input, text(f"{said} {content_.sessions[session.token.session_type].after}"))


class SessionSoundsHandler(RunningSessionHandler):
    """ "What is that sound?" on the mat, eyes closed: what this session's cues mean, then the
    audio carries on (a paused one stays paused). With no session, what the cues are in short
    (on a device without audio, that it has none: its sessions are timers)."""

    takes = intents("SessionSoundsIntent")

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        key = "sounds_no_session" if supports_audio(handler_input) else "sounds_no_session_no_audio"
        return reply(handler_input, text(content_.session_say(key)))

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        if session.timer_only:                  # no sounds here: what there is, the timer
            return reply(handler_input, text(content_.session_say(
                "sounds_timer", name=session.name(handler_input),
                remaining=spoken_duration(handler_input, session.remaining_seconds))))
        said = content_.sessions[session.token.session_type].sounds
        return said_in_session(handler_input, self.controls, session, said)


class SessionHowHandler(RunningSessionHandler):
    """ "How do I do this?", "where does the ball go?" in a session: what to do in it, as said when
    a timer-only one starts (and which side, in a release); the audio carries on (a paused one
    stays paused). They got the warning signs, and the session paused, or "Sorry". With none,
    in a remedy's steps: how to do the step, in a little more detail (conditions.yaml how; "what
    number am I on", or a thing named, the step said again); asked where the ball goes (topic: a
    ball), where it goes for that remedy and the step it comes at (step_questions.where_the_ball_goes); with
    no remedy open, where it goes by where it hurts (answers.yaml: ball_where), where they got
    "you don't have a session running"; naming something else ("how do I lie on the mat", "where
    do I put the heat pad"), its answer, offering its session (week30); naming a cue ("which hip
    first", "I lost count"), that session's how-to, offering it (session_cues.py). In a session that is not
    done with a ball, "where do I put the tennis ball" is where the ball goes, not the session's
    how-to, and the session plays on."""

    takes = intents("SessionHowIntent", "WhatNumberIntent")     # "what number am I on": the count

    def handle(self, handler_input: HandlerInput):
        if cue_not_ours(handler_input):     # "which painkiller first": not ours to place
            return FallbackHandler(self.controls).handle(handler_input)
        return super().handle(handler_input)

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        topic = read_slot(handler_input, "topic")
        ball = content_.mentioned("ball_said", topic.heard)
        if ball and in_remedy(handler_input):
            return where_the_ball_goes(handler_input)
        if ball:                    # no remedy open: where it goes, by where it hurts (then, where?)
            return answer(handler_input, self.controls, "ball_where")
        if content_.mentioned("arms_said", topic.heard):    # "where should I put my arms"
            return answer(handler_input, self.controls, "topics.arms")
        state = conversation(handler_input)
        if kind_of(handler_input)[1] == "SessionHowIntent" and not topic.heard and in_remedy(handler_input):
            return about_the_step(handler_input, "how")     # "how do I do this": in more detail, the last step too
        if state.get("condition") in content_.conditions and steps_to_come(handler_input):
            return say_step(handler_input, state.get("step", 0))       # the step, said again
        named = _topic_answer(content_, topic)
        if named is not None:       # "how do I lie on the mat": the mat's answer, offering it
            return answer(handler_input, self.controls, named)
        cued = cue_answer(handler_input, self.controls)
        if cued is not None:        # "which hip first": the release's how-to, offering it
            return cued
        return super().no_session(handler_input, content_)

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        if session.token.session_type not in BALL_SESSIONS and \
                content_.mentioned("ball_said", read_slot(handler_input, "topic").heard):
            # "Where do I put the tennis ball" on the mat: where it goes, not the mat's how-to
            # (week30); the session plays on.
            return answer(handler_input, self.controls, "ball_where")
        if content_.mentioned("arms_said", read_slot(handler_input, "topic").heard):
            return answer(handler_input, self.controls, "topics.arms")     # the session plays on
        return how_said(handler_input, self.controls, session)


class SessionFeelHandler(SessionHandler):
    """ "Am I doing it right?", "is it supposed to hurt?": what the session on here should feel
    like (answers.yaml: feel_<session type>), said as any answer is: the session plays on, or the
    steps go on. They got the warning signs, or "Sorry, I didn't catch that". With no session,
    how easing it should feel (feel_general). "Is this normal?", "what if it hurts?"
    (IsItNormalIntent) the same, but in a remedy's steps with no session on: a little discomfort,
    sharper pain eased off, and when pain down a leg is urgent (feel_steps), then on with the steps."""

    takes = intents("SessionFeelIntent", "IsItNormalIntent")

    def handle(self, handler_input: HandlerInput):
        in_steps = kind_of(handler_input)[1] == "IsItNormalIntent" and steps_to_come(handler_input)
        without = "feel_steps" if in_steps else "feel_general"
        return answer(handler_input, self.controls, for_the_session_on(handler_input, "feel", without))


class BellsOrMusicHandler(SessionHandler):
    """ "Skip the bells", "can you play some music": what a session's audio is and what they can
    do (answers.yaml: bells, music), said as any answer is: the session plays on, or the steps go
    on. On a device without audio the session is only a timer, with no sounds to skip, and music
    from Alexa is theirs to play: the timer still says when it is done (sessions.yaml:
    sounds_timer, music_timer)."""

    ANSWERS = {"BellsIntent": ("bells", "sounds_timer"), "MusicIntent": ("music", "music_timer")}
    takes = intents(*ANSWERS)

    def handle(self, handler_input: HandlerInput):
        answer_id, timer_key = self.ANSWERS[kind_of(handler_input)[1]]
        session = running_session(handler_input)
        if session is None or not session.timer_only:
            return answer(handler_input, self.controls, answer_id)
        said = text(content(handler_input).session_say(
            timer_key, name=session.name(handler_input),
            remaining=spoken_duration(handler_input, session.remaining_seconds)))
        return steps_go_on(handler_input, said) or reply(handler_input, said)


def _stopped_lately_said(handler_input: HandlerInput, content_: LocaleContent) -> str:
    """ "You stopped your acupressure mat session after about 5 minutes ..." when, with none
    finished since, they stopped one a few minutes ago (session_cues.stopped_lately: they had "you
    don't have a session running"). Asked the time left ("how much time is left"), how to start
    another too (asked52). Not for the time left on heat, which ends as often for their sake as
    not (dozing off under it, too hot, diabetes, done with it: no heat invited), on a session ended
    as they went to sleep (running_session.STOPPED_FOR), nor in a remedy's steps: that none is
    running, as before."""
    if just_finished(handler_input):
        return ""
    noted = stopped_lately(handler_input)
    kind = noted.get("type") if noted is not None else None
    ran = noted.get("stopped_after_s") if noted is not None else None
    if kind not in content_.sessions or not isinstance(ran, (int, float)):
        return ""
    progress = kind_of(handler_input)[1] in PROGRESS_INTENTS
    if not progress and (kind == HEAT or noted.get(STOPPED_FOR) or in_remedy(handler_input)):
        return ""
    # Ended by us for their sake (dozing off under heat, going to sleep): we say we stopped it.
    key = "progress_stopped_by_us_lately" if noted.get(STOPPED_FOR) else "progress_stopped_lately"
    said = content_.session_say(key, name=content_.sessions[kind].name,
                                elapsed=about_duration(handler_input, ran))
    if not progress:
        said = f"{said} {content_.session_say('start_again', start=content_.say(f'step_time_it_kinds.{kind}'))}"
    return text(said)


def _topic_answer(content_: LocaleContent, topic) -> Optional[str]:
    """The answer for what they named ("the mat", "the heat pad", "a hot water bottle"), as
    "how do I use a heat pad" has it, or None (week30: with no session on, these had "you don't
    have a session running")."""
    if topic.id is not None and f"topics.{topic.id}" in content_.answers:
        return f"topics.{topic.id}"
    # Not within more words: "hot water bottle" is no question about water.
    return content_.answer_named(topic.heard) if topic.unresolved and topic.heard else None
