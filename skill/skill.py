"""Builds the CustomSkill. Handlers are registered here, in routing order: the first whose
can_handle is true answers, so this list is the map of "what happens when someone says X"."""
from __future__ import annotations

from typing import Optional

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.audio.library import AudioLibrary
# One module a line, so that two changes adding handlers don't collide here.
from skill.handlers import (
    audio_events,
    builtins,
    card_numbers,
    cautions,
    causes,
    coping,
    corrections,
    errors,
    everyday_pain,
    first_use,
    flare_up_words,
    heat_off,
    history_questions,
    length_change,
    named_sessions,
    navigation,
    preferences,
    privacy,
    questions,
    remedies,
    reminder_changes,
    reminders,
    running_session,
    safety,
    said_alone,
    saved_lengths,
    saving_choice,
    session_breaks,
    session_controls,
    session_info,
    session_privacy,
    session_starter,
    sessions,
    sessions_list,
    step_reasons,
    stretches,
    upset_with_a_medicine,
    upset_with_pain,
    usual_choice,
    where_was_i,
)
from skill.routing import RequestRouter
from skill.serialization import FastSerializer


class RoutedSkillBuilder(CustomSkillBuilder):
    """The SDK's builder with skill/routing.py's RequestRouter as the request mapper: the same
    first-match routing in registration order, asking only handlers that take the request."""

    @property
    def skill_configuration(self):
        configuration = super().skill_configuration
        configuration.request_mappers = [RequestRouter(mapper.request_handler_chains)
                                         for mapper in configuration.request_mappers]
        return configuration


class SaveMemoryInterceptor(AbstractResponseInterceptor):
    """Saves persistent attributes that a handler read or changed (unchanged keys cost nothing).
    A handler that raised skips response interceptors: CatchAllExceptionHandler saves then."""

    def process(self, handler_input, response):
        errors.save_memory_quietly(handler_input)


def build_skill(persistence_adapter: Optional[AbstractPersistenceAdapter] = None, api_client=None,
                audio: Optional[AudioLibrary] = None, store=None) -> CustomSkill:
    builder = RoutedSkillBuilder(persistence_adapter=persistence_adapter, api_client=api_client)
    starter = session_starter.SessionStarter(audio)
    controls = running_session.SessionControls(audio)
    usual = preferences.UsualSessionHandler(starter, controls)          # "start my usual"
    last_time = preferences.SameAsLastTimeHandler(starter, controls)   # "same as last time"
    history = history_questions.HistoryHandler(controls)               # "how many this week"
    for handler in (
        # Safety first: red flags win over everything else said in the same breath, and pregnancy's
        # cautions, a burn from heat and the meditation's pace come before anything else unless a
        # red flag was said with them.
        cautions.PregnancyHandler(controls),
        cautions.HeatSkinCheckHandler(controls),              # "the heat pad burned me": it comes off
        cautions.ReducedFeelingHandler(controls),             # "I have diabetes": heat may burn unfelt
        upset_with_a_medicine.UpsetWithAMedicineHandler(controls),  # "I'm on antidepressants and I can't cope"
        cautions.BloodThinnersHandler(controls),              # "on blood thinners and my back hurts"
        cautions.MedicinesDontMixHandler(controls),           # "back pain and I'm on steroids"
        cautions.FreshInjuryHeatHandler(controls),            # "heat on a new injury": ask the doctor
        cautions.HeatNotFeltHandler(controls),                # "I can't feel the heat": pad, or numb skin
        cautions.BreathingPaceHandler(controls),              # "I can't breathe that slowly": a guide
        cautions.MedicineForAChildHandler(controls),          # "my 12 year old ... what can I give him"
        everyday_pain.StuckBentOverHandler(controls),         # "I can't straighten up": a spasm's steps
        everyday_pain.CoughOrSneezeHandler(controls),         # "it hurts when I cough": brace for it
        everyday_pain.MedicineTakenHandler(controls),         # "I've taken two ibuprofen": the label
        flare_up_words.LegPainSpreadsHandler(controls),       # "it's spreading down my leg": signs, then steps
        flare_up_words.ClickOrPopHandler(controls),           # "my back clicked and now it hurts": a strain
        flare_up_words.SomeoneElsesBackHandler(controls),     # "my son's back hurts": not their own back
        safety.BackNumbnessHandler(controls),                 # "pins and needles in my back": no red flag
        safety.WalkingTroubleHandler(controls),               # "I'm limping": the signs, then on
        upset_with_pain.LowWithPainHandler(controls),         # "I'm really low (or scared) and my back hurts"
        safety.RedFlagHandler(controls),
        safety.EmergencyCallHandler(),                        # "call 911": we can't, and say so
        # Events from the AudioPlayer and from Alexa itself (no speech allowed in answers).
        audio_events.PlaybackProgressHandler(),
        audio_events.PlaybackStoppedHandler(),
        audio_events.PlaybackFinishedHandler(),
        audio_events.PlaybackFailedHandler(),
        audio_events.PlaybackButtonsHandler(),
        audio_events.SystemExceptionHandler(),
        privacy.SkillDisabledHandler(store),
        # Opening the skill.
        builtins.LaunchHandler(),
        # Remedies.
        sessions.SessionChosenHandler(starter),                # "the mat one" to "which session?"
        remedies.HeadacheWithPainHandler(controls),             # "I have a headache and my back hurts"
        reminders.WhatForSaidAloneHandler(),                   # "my stretches" to our "what for?": the reminder's
        remedies.RemedyHandler(controls),
        remedies.NotSureHandler(),                             # "I don't know" to our question
        remedies.ConditionHandler(),
        remedies.PreventionHandler(),
        remedies.MoreOptionsHandler(),
        # Questions about self-care: answered without losing a remedy's place in its steps,
        # or a playing session's.
        reminders.SetReminderHandler(),                 # "remind me to use the mat at 8 pm": Alexa's reminders
        reminders.ReminderListHandler(),                # "what reminders do I have": Back Relief's own
        reminder_changes.CancelRemindersHandler(),      # "cancel my reminders": all of Back Relief's deleted
        reminder_changes.ChangeReminderHandler(),       # "change my reminder to nine": set anew, the old deleted
        causes.CauseOfHandler(controls),                # "what causes knots in my back": why, then the steps
        questions.AnswerByIntentHandler(controls),      # "when should I see a doctor", "what should I eat"
        stretches.StretchQuestionHandler(controls),     # "give me a stretch for my lower back"
        stretches.ReleaseQuestionHandler(controls),     # "how do I release my lower back"
        questions.MedicineHandler(controls),
        questions.SelfCareQuestionHandler(controls),
        questions.HowOftenHandler(controls),            # "how often should I use the mat"
        questions.HowLongForHandler(controls),          # "how long should a heat session be"
        questions.NamedAnswerHandler(controls),         # "tell me about heat"
        questions.InsteadHandler(controls),             # "I don't have a heat pad"
        questions.WhereToBuyHandler(controls),          # "where can I buy an acupressure mat"
        sessions_list.SessionsListHandler(controls),    # "what sessions do you have"
        questions.GoingToSleepHandler(controls),        # "goodnight": rest well
        questions.CantSleepHandler(controls),           # "I can't sleep because of my back": a tip, then where
        questions.PainKeepsMeAwakeHandler(controls),    # "... because of my back pain": the doctor soon too
        questions.HelpMeSleepHandler(controls),         # "help me sleep": a meditation offered
        questions.CantRelaxHandler(controls),           # "I can't relax": in a session, back to the breath
        questions.HowHotHandler(controls),              # "how hot should it be": heat's answer
        questions.TiredHandler(controls),               # "I'm exhausted": rest, a meditation offered
        questions.ShirtOffHandler(controls),            # "do I need to take my shirt off"
        questions.InBedHandler(controls),               # "can I do this on the mattress": for the step
        # Timed sessions: starting one, the permission answer, and controls while one runs.
        preferences.PreferenceAnswerHandler(),                 # "twenty minutes" to "should I save 30?"
        session_controls.SessionLengthHandler(controls),      # "make it ten minutes" in a session
        session_controls.StartItAgainHandler(controls, last_time),   # "start it again", "again please": the last
        preferences.UsualOrLastTimeNamedHandler(usual, last_time),   # "let's do my usual" as a session
        sessions.StartSessionHandler(starter, controls),       # and "I prefer 15 minutes" to "would you like 30?"
        sessions.TimeThisStepHandler(starter),                 # "time it for me" at a step
        reminders.ReminderPermissionHandler(),                 # the answer to our reminders consent request
        sessions.PermissionAnswerHandler(starter),
        session_controls.PauseSessionHandler(controls),
        session_controls.ResumeSessionHandler(controls),
        session_info.TimeLeftHandler(controls),               # "how much time is left", "am I halfway"
        session_info.StepHowLongHandler(controls),            # "how long should I do this for": the step's, or time left
        session_info.RepsHandler(controls),                   # "how many reps": the step's, time left, or none set
        session_info.GetUpNowHandler(controls),               # "can I get up now?"
        session_info.HowAmIDoingHandler(controls, history),   # "how am I doing": the session, the step, or history
        where_was_i.WhereWasIHandler(controls),               # "where was I": the session, the steps, today, or none
        session_breaks.TakeABreakHandler(controls),            # "I need the loo"
        safety.BackFromABreakHandler(controls),                # "sorry about that, the phone rang"
        session_info.SessionSoundsHandler(controls),           # "what is that sound?"
        session_info.SessionHowHandler(controls),              # "how do I do this?"
        session_info.SessionFeelHandler(controls),             # "am I doing it right?", "is it meant to hurt?"
        session_info.BellsOrMusicHandler(controls),            # "skip the bells", "can you play some music"
        session_controls.AddTimeHandler(controls),             # "five more minutes"
        session_controls.StartSessionOverHandler(controls),
        session_controls.StopSessionHandler(controls),
        session_controls.EndSessionHandler(controls),          # "end my session", "I'm done"
        session_controls.OtherControlsDuringSessionHandler(controls),
        # Memory by voice: saved lengths and what they are for,
        usual_choice.SetUsualKindHandler(controls),            # "my usual is the mat", "I prefer heat"
        usual_choice.ForgetUsualHandler(controls),             # "forget my usual": the one they chose
        preferences.SetPreferenceHandler(controls),            # "I prefer fifteen minutes": the session on, or last
        preferences.ResetPreferenceHandler(controls),          # "forget my preferences"
        length_change.ChangeLengthHandler(controls),           # "I'd like my mat sessions shorter"
        usual,
        last_time,
        corrections.MeantSessionHandler(starter, controls),   # "no, I meant the meditation"
        # questions about what they did,
        history,
        saved_lengths.SavedLengthsHandler(controls),           # "what's my preferred length"
        history_questions.WhatWeRememberHandler(controls),     # "what's my usual"
        history_questions.SessionFinishedHandler(controls),    # "did I finish my session?"
        history_questions.IsItOverHandler(controls),           # "is it over?", "am I done?"
        # and what we keep about them.
        session_privacy.ForgetThisSessionHandler(controls),    # "don't save this session", "forget that session"
        privacy.WhatWeKeepHandler(controls),                   # "what do you know about me"
        privacy.ForgetMeHandler(),
        saving_choice.StopSavingHandler(controls),             # "stop saving my sessions": asked, then off
        saving_choice.StartSavingHandler(controls),            # "start saving my sessions again"
        # Moving through the steps of a remedy.
        navigation.NextStepHandler(),
        navigation.PreviousStepHandler(),
        navigation.RepeatStepHandler(),
        navigation.StartOverHandler(),
        navigation.StepByNumberHandler(),                      # "go to step two"
        navigation.WhatWasStepHandler(),                       # "what was step two": the place kept
        navigation.SkipToEndHandler(controls),                 # "skip to the end": the last step, or the session plays on
        navigation.SkipPartHandler(controls),                  # "skip this part": the next step, or what to do instead
        navigation.StepsOverviewHandler(),                     # "how many steps are there"
        navigation.ReadAllStepsHandler(),                      # "read me all the steps"
        navigation.StepsToPhoneHandler(),                      # "send the steps to my phone"
        step_reasons.StepWhyHandler(controls),                 # "why does that help": the step's reason
        step_reasons.StepExplainHandler(controls),             # "what does that mean": after a step, how to do it
        navigation.SayItSlowerHandler(controls),               # "say that slower"
        navigation.CantDoStepHandler(),                        # "I can't do that"
        navigation.ComfortHandler(),                           # "stay with me"
        navigation.FedUpHandler(),                             # "I'm fed up": not fear, so its own word
        navigation.StrugglingHandler(controls),                # "I can't cope": the crisis line offered
        navigation.NotInRemedyHandler(controls),
        # Standard built-ins.
        builtins.YesHandler(starter, controls),
        builtins.SoundsGoodAsYesHandler(builtins.YesHandler(starter, controls)),   # "perfect" to an offer
        builtins.NoHandler(controls),
        builtins.GreetingHandler(),
        builtins.HelpHandler(),
        builtins.StopHandler(),
        builtins.KindWordsHandler(controls),                  # "that helped", "thank you"
        builtins.SoundsGoodHandler(controls),                 # "lovely", "perfect": a warm word, then on
        builtins.ThanksGoodbyeHandler(controls),              # "thanks, bye": a session plays on
        builtins.NavigateHomeHandler(),
        builtins.FallbackHandler(controls),
        builtins.SessionEndedHandler(),
        # Anything else gets a valid answer.
        errors.UnknownRequestHandler(),
    ):
        builder.add_request_handler(handler)
    # Before routing: "cancel my heat session" or "how much time is left in my session", sent as a
    # session to start, is read as the control its words say (EndSessionIntent, TimeLeftIntent …).
    builder.add_global_request_interceptor(named_sessions.ControlSaidAsASession())
    builder.add_global_request_interceptor(said_alone.SaidAloneAsTheQuestion())   # "magnesium": can I take it
    builder.add_global_request_interceptor(coping.NotCopingSaidWith())   # "i can't cope {coping}": read whole
    builder.add_global_request_interceptor(running_session.CountFinishedSessionInterceptor())
    builder.add_global_response_interceptor(heat_off.TakeTheHeatOffInterceptor())   # never left on unsaid
    builder.add_global_response_interceptor(navigation.RememberWhatWasSaid())   # "repeat that"
    builder.add_global_response_interceptor(first_use.FirstUseNotice())   # whatever they say first
    builder.add_global_response_interceptor(card_numbers.NumbersWrittenOnCards())   # "NHS 111" to dial
    builder.add_global_response_interceptor(SaveMemoryInterceptor())
    builder.add_exception_handler(errors.CatchAllExceptionHandler())
    skill = builder.create()
    skill.serializer = FastSerializer()
    return skill
