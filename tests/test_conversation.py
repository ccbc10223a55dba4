"""Remedy conversations as a person in pain has them, through the webhook with signed envelopes."""
from __future__ import annotations

import pytest

from skill.content import content_for

EN = content_for("en-US")
REQUIRED_CONDITIONS = ["lower_back_spasm", "piriformis_spasm", "back_knots", "sore_muscles",
                       "tight_hip_flexors", "prevent_flare_ups"]


def test_launch_welcomes_with_disclaimer_and_asks_what_is_wrong(alexa):
    reply = alexa.launch()
    assert reply.speech.startswith(EN.say("disclaimer"))
    assert "my lower back is spasming" in reply.speech
    assert not reply.ended and reply.reprompt


def test_disclaimer_is_heard_once_per_person(alexa):
    alexa.launch()
    again = alexa.launch()
    assert EN.say("disclaimer") not in again.speech
    assert again.speech.startswith("Welcome back")


def test_one_shot_gives_first_step_at_once(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    condition = EN.conditions["lower_back_spasm"]
    assert EN.say("disclaimer") in reply.speech
    assert condition.intro_for["spasm"] in reply.speech
    assert f"step 1 of {len(condition.steps)}" in reply.speech.lower()
    assert condition.steps[0] in reply.speech
    assert not reply.ended and "next" in reply.reprompt.lower()


@pytest.mark.parametrize("area,symptom,expected", [
    ("lower back", "spasming", "lower_back_spasm"),
    ("back", "locked up", "lower_back_spasm"),
    ("back", "threw", "lower_back_spasm"),            # "I threw my back out"
    ("back", "done in", "lower_back_spasm"),          # "I've done my back in"
    ("back's", "playing up", "lower_back_spasm"),      # "My back's playing up"
    ("back", "pulled", "lower_back_spasm"),           # "I pulled a muscle in my back"
    ("lower back", "strained", "lower_back_spasm"),
    ("butt", "cramping", "piriformis_spasm"),
    ("under my shoulder blade", "knot", "back_knots"),
    ("hips", "tight from sitting", "tight_hip_flexors"),
    (None, "overdid it at the gym", "sore_muscles"),
    ("upper back", None, "back_knots"),
    ("piriformis", None, "piriformis_spasm"),
])
def test_how_people_say_it_leads_to_the_right_remedy(alexa, area, symptom, expected):
    reply = alexa.intent("RemedyIntent", one_shot=True, area=area, symptom=symptom)
    assert reply.card_title == EN.conditions[expected].named(EN.value_within("SYMPTOM", symptom))   # as felt
    assert EN.conditions[expected].steps[0] in reply.speech


@pytest.mark.parametrize("condition_id", REQUIRED_CONDITIONS)
def test_every_condition_walks_to_the_end_and_its_card_lists_every_step(alexa, condition_id):
    condition = EN.conditions[condition_id]
    words = {"prevent_flare_ups": "preventing flare ups"}.get(condition_id, condition.name.lower())
    reply = alexa.intent("ConditionIntent", one_shot=True, condition=words)
    assert reply.card_title == condition.named(EN.value_within("SYMPTOM", words))   # "pain": soreness
    for other_number, other in enumerate(condition.steps, start=1):
        assert f"{other_number}. {other}" in reply.card_text
    for number, step in enumerate(condition.steps, start=1):
        assert step in reply.speech, f"step {number} missing"
        # The card went to the Alexa app with the first step; each card sent is another entry in
        # the app's feed, so the steps after it send none.
        assert number == 1 or reply.card_title is None
        assert not reply.ended
        if number < len(condition.steps):
            reply = alexa.intent("AMAZON.NextIntent")
    past_end = alexa.intent("AMAZON.NextIntent")
    assert "last step" in past_end.speech.lower() and not past_end.ended


def test_last_step_offers_the_related_session_and_no_keeps_listening(alexa):
    condition = EN.conditions["lower_back_spasm"]
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    for _ in condition.steps[1:]:
        reply = alexa.intent("AMAZON.NextIntent")
    assert EN.say("offer_session", session=EN.sessions["mat"].name) in reply.speech
    declined = alexa.intent("AMAZON.NoIntent")
    assert not declined.ended and "what else" in declined.speech.lower()


def test_previous_at_first_step_says_so_and_repeats_it(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    reply = alexa.intent("AMAZON.PreviousIntent")
    assert reply.speech.startswith(EN.say("first_step_already"))
    assert EN.conditions["lower_back_spasm"].steps[0] in reply.speech


def test_go_back_repeat_and_start_over(alexa):
    steps = EN.conditions["back_knots"].steps
    alexa.intent("RemedyIntent", one_shot=True, area="shoulder blade", symptom="knot")
    alexa.intent("AMAZON.NextIntent")
    third = alexa.intent("AMAZON.NextIntent")
    assert steps[2] in third.speech
    assert steps[2] in alexa.intent("AMAZON.RepeatIntent").speech
    assert steps[1] in alexa.intent("AMAZON.PreviousIntent").speech
    over = alexa.intent("AMAZON.StartOverIntent")
    assert steps[0] in over.speech and "step 1 of" in over.speech.lower()


def test_continue_in_the_steps_is_the_next_step(alexa):
    # "Continue" and "keep going" are Alexa's ResumeIntent; with no session here, the steps go on.
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    assert "Step 2 of 7" in alexa.intent("AMAZON.ResumeIntent").speech


def test_a_step_by_its_number_and_how_many_there_are(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    alexa.intent("AMAZON.NextIntent")
    third = alexa.intent("StepNumberIntent", number="3")
    assert third.speech.startswith("Step 3 of 7.") and not third.ended
    assert alexa.intent("StepsOverviewIntent").speech.startswith("There are 7 steps, and you're on step 3.")
    assert alexa.intent("StepNumberIntent", number="9").speech == EN.say("no_such_step", total=7)
    assert "Step 4 of 7" in alexa.intent("AMAZON.NextIntent").speech


def test_a_step_number_with_no_remedy_says_how_to_begin(alexa):
    reply = alexa.intent("StepNumberIntent", one_shot=True, number="2")
    assert reply.speech == f'{EN.say("disclaimer")} {EN.say("nothing_to_continue")}' and not reply.ended


def test_my_back_hurts_gets_a_short_question_then_the_answer_completes_it(alexa):
    question = alexa.intent("RemedyIntent", one_shot=True, area="back", symptom="hurts")
    assert question.speech.endswith("?") and not question.ended
    assert question.card_title is None
    answer = alexa.intent("RemedyIntent", area="upper back")
    assert answer.card_title == EN.conditions["back_knots"].name


def test_back_with_no_detail_asks_lower_or_upper_and_what_kind(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, area="back")
    assert reply.speech.endswith(EN.say("ask.back_hurts"))
    follow_up = alexa.intent("RemedyIntent", area="lower back")
    assert follow_up.speech == EN.say("ask.what_kind_of_pain")
    remedy = alexa.intent("RemedyIntent", symptom="spasm")
    assert remedy.card_title == "Lower back spasm"


@pytest.mark.parametrize("area, symptom, expected", [
    # A custom slot catches more than its value; what is said inside the words counts.
    ("back picking something up", "tweaked", "lower_back_spasm"),   # "I tweaked my back picking something up"
    ("back lifting a box", "hurt", "lower_back_spasm"),             # "I hurt my back lifting a box"
    ("lower back", "sharp pain", "lower_back_spasm"),
    ("lower back", "a dull ache", "lower_back_spasm"),
    ("glute", "on fire", "piriformis_spasm"),
])
def test_body_areas_and_symptoms_said_inside_more_words_lead_to_the_remedy(alexa, area, symptom, expected):
    reply = alexa.intent("RemedyIntent", one_shot=True, area=area, symptom=symptom)
    assert reply.card_title == EN.conditions[expected].named(EN.value_within("SYMPTOM", symptom))   # as felt


@pytest.mark.parametrize("area, symptom", [
    ("back hurts", "slept funny and"),        # "I slept funny and my back hurts"
    (None, "woke up with a stiff back"),      # "I woke up with a stiff back"
])
def test_the_back_said_inside_more_words_gets_the_which_part_question(alexa, area, symptom):
    reply = alexa.intent("RemedyIntent", one_shot=True, area=area, symptom=symptom)
    assert "lower back" in reply.speech and "upper back" in reply.speech and not reply.ended
    assert "I don't have steps" not in reply.speech and "didn't quite get" not in reply.speech


def test_words_naming_a_topic_in_a_remedy_request_get_its_answer_warnings_first(alexa):
    # "I have a pinched nerve": no body area or symptom we know, but the sciatica answer.
    reply = alexa.intent("RemedyIntent", one_shot=True, area="nerve", symptom="pinched")
    assert reply.speech.startswith(EN.answers["topics.leg_pain"].speech)
    assert reply.card_title == "Pain down the leg" and not reply.ended


def test_a_remedy_asked_for_by_a_name_we_do_not_list_goes_on_from_the_body_area(alexa):
    # "Tips for back pain": no remedy is called that, but it names the back.
    reply = alexa.intent("ConditionIntent", one_shot=True, condition="back pain")
    assert reply.speech.endswith(EN.say("ask.which_part_of_back")) and not reply.ended
    assert alexa.intent("ConditionIntent", one_shot=True, condition="knots").card_title == \
        EN.conditions["back_knots"].name


def test_unresolved_body_area_gets_a_helpful_question(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, area="elbow", symptom="spasm")
    assert 'I don\'t have steps for "elbow" yet.' in reply.speech and "lower back" in reply.speech
    assert not reply.ended


def test_unresolved_symptom_gets_a_helpful_question(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, symptom="wobbly")
    assert '"wobbly"' in reply.speech and "spasm" in reply.speech and not reply.ended


def test_unknown_condition_name_lists_what_we_can_help_with(alexa):
    reply = alexa.intent("ConditionIntent", one_shot=True, condition="tennis elbow")
    assert "tennis elbow" in reply.speech and "hip flexors" in reply.speech and not reply.ended


def test_what_else_can_i_do_adds_ideas_with_doctor_caveats_and_offers_a_session(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    reply = alexa.intent("MoreOptionsIntent")
    assert "magnesium" in reply.speech.lower() and "doctor" in reply.speech.lower()
    assert reply.attributes.get("awaiting") == "offer_session" and not reply.ended


def test_prevention_question_gets_the_prevention_steps(alexa):
    reply = alexa.intent("PreventionIntent", one_shot=True)
    assert reply.card_title == "Preventing the next flare-up"
    assert "core and glutes" in reply.speech


# -- red flags -------------------------------------------------------------------------------------
def _assert_medical_help_first(reply):
    assert reply.speech.startswith("Please get medical help now.")
    assert reply.card_title == "Get medical help now"
    assert "911" in reply.speech and reply.ended


@pytest.mark.parametrize("words", ["numbness in my groin", "can't control my bladder", "my leg is weak",
                                   "i fell", "fever", "chest pain"])
def test_red_flags_one_shot(alexa, words):
    _assert_medical_help_first(alexa.intent("RedFlagIntent", one_shot=True, red_flag=words))


def test_red_flag_after_launch_comes_before_the_disclaimer(alexa):
    alexa.launch()
    reply = alexa.intent("RedFlagIntent", red_flag="chest pain")
    _assert_medical_help_first(reply)


def test_red_flag_on_first_use_still_leads_with_medical_help(alexa):
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="lost bowel control")
    _assert_medical_help_first(reply)
    assert reply.speech.index("medical help") < reply.speech.index(EN.say("disclaimer"))


def test_red_flag_mid_steps_interrupts_the_remedy(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    alexa.intent("AMAZON.NextIntent")
    _assert_medical_help_first(alexa.intent("RedFlagIntent", red_flag="my legs are numb"))


def test_red_flag_words_inside_another_slot_are_caught(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, area="lower back and i have a fever", symptom="spasm")
    _assert_medical_help_first(reply)


# Numbness in the back itself is not the legs' red flag: its own answer, leading with when it would be.
BACK_NUMBNESS_LEAD = "If it spreads to your groin, bottom or legs, or you have trouble peeing, get medical help now"


@pytest.mark.parametrize("intent, slots", [
    ("RemedyIntent", {"area": "back", "symptom": "pins and needles"}),
    ("RemedyIntent", {"area": "lower back", "symptom": "tingling"}),
    ("RedFlagIntent", {"red_flag": "numbness in my back"}),
    ("BackNumbnessIntent", {"area": "upper back"}),
])
def test_numbness_in_the_back_itself_gets_its_answer_not_the_red_flag(alexa, intent, slots):
    reply = alexa.intent(intent, one_shot=True, **slots)
    assert reply.speech.startswith(BACK_NUMBNESS_LEAD) and reply.card_title == "Tingling or numbness in your back"
    assert not reply.ended


@pytest.mark.parametrize("intent, slots", [
    ("BackNumbnessIntent", {"area": "legs"}),
    ("BackNumbnessIntent", {"area": "bum"}),
    ("BackNumbnessIntent", {"area": "tailbone"}),
    ("BackNumbnessIntent", {"area": "back and my feet"}),
    ("RemedyIntent", {"area": "back", "symptom": "pins and needles down my leg"}),
    ("RemedyIntent", {"area": "back", "symptom": "numb and i can't pee"}),
    ("RedFlagIntent", {"red_flag": "numb"}),
])
def test_numbness_below_the_back_is_still_a_red_flag(alexa, intent, slots):
    _assert_medical_help_first(alexa.intent(intent, one_shot=True, **slots))


@pytest.mark.parametrize("area, symptom, reason", [
    # "I'm so stressed and my chest hurts": the carrier phrase "my {area} ..." took the "my".
    ("chest hurts", "am so stressed and", "chest_pain"),
    ("legs are numb", "can't get up and", "leg_numbness"),
    ("back and chest pains", "hurting", "chest_pain"),
    # "My legs feel weak": neither slot alone says it, the two in a row do.
    ("legs", "feel weak", "leg_weakness"),
    # "I can't move my legs": the two slots, in the model's order, say "legs can't move".
    ("legs", "can't move", "leg_weakness"),
])
def test_red_flag_words_without_their_my_inside_another_slot_are_caught(alexa, area, symptom, reason):
    reply = alexa.intent("RemedyIntent", one_shot=True, area=area, symptom=symptom)
    _assert_medical_help_first(reply)
    assert EN.say(f"red_flag_reasons.{reason}") in reply.speech


@pytest.mark.parametrize("words, reason", [
    ("i have cancer", "cancer"), ("i've lost weight", "weight_loss"), ("blood in my pee", "kidney"),
])
def test_red_flags_for_the_doctor_today_say_so_first(alexa, words, reason):
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag=words)
    assert reply.speech.startswith(f"{EN.say('red_flag_today_lead')} {EN.say(f'red_flag_reasons.{reason}')}")
    assert "if you feel very unwell, call 911" in reply.speech
    assert reply.card_title == EN.say("red_flag_today_card_title") and reply.ended


def test_a_red_flag_for_now_wins_over_one_for_today(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, area="back", symptom="hurts and i've had cancer and a fever")
    _assert_medical_help_first(reply)
    assert reply.speech.index(EN.say("red_flag_reasons.fever")) < reply.speech.index(EN.say("red_flag_reasons.cancer"))


PREGNANCY = EN.answers["pregnancy"].speech


@pytest.mark.parametrize("intent, slots", [
    ("PregnancyIntent", {}),                                                  # "I'm pregnant and my back hurts"
    ("RedFlagIntent", {"red_flag": "pregnant can i take ibuprofen"}),         # heard as an unknown red flag
    ("SelfCareQuestionIntent", {"topic": "use an acupressure mat when pregnant"}),
])
def test_pregnancy_said_anyhow_gets_its_cautions_first(alexa, intent, slots):
    reply = alexa.intent(intent, one_shot=True, **slots)
    assert reply.speech.startswith(PREGNANCY)                 # before the first-use disclaimer, too
    for caution in ("midwife or doctor", "medicine", "heat", "acupressure mat", "comes in waves", "bleeding"):
        assert caution in PREGNANCY
    assert reply.card_title == "Back pain in pregnancy" and not reply.ended
    assert reply.speech.endswith(EN.say("offer_session", session="breathing meditation"))


def test_pregnancy_said_with_the_pain_gets_its_cautions_then_goes_on_to_the_steps(alexa):
    # "I'm pregnant and my back hurts" heard as a remedy: the cautions, then "lower or upper back?"
    # (it stopped at the cautions and a meditation offer; "next" then had no steps to go to).
    reply = alexa.intent("RemedyIntent", one_shot=True, area="back hurts", symptom="am pregnant and")
    assert reply.speech.startswith(PREGNANCY) and not reply.ended
    assert reply.speech.endswith(EN.say("ask.which_part_of_back"))
    steps = alexa.intent("RemedyIntent", area="lower back", symptom="spasm")
    # Said once more with the steps, for the heat and the mat in them; their session is not offered.
    assert EN.say("pregnancy_reminder") in steps.speech and steps.card_title == "Lower back spasm"
    for _ in EN.conditions["lower_back_spasm"].steps[1:]:
        last = alexa.intent("AMAZON.NextIntent")
    assert "acupressure mat session" not in last.speech and "breathing meditation" in last.speech


def test_a_red_flag_said_with_pregnancy_still_comes_first(alexa):
    reply = alexa.intent("RemedyIntent", one_shot=True, area="legs are numb", symptom="am pregnant and")
    _assert_medical_help_first(reply)
    assert PREGNANCY not in reply.speech


def test_red_flag_locale_uses_local_emergency_number(alexa):
    alexa.factory.locale = "en-GB"
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="chest pain")
    assert "999" in reply.speech and "911" not in reply.speech


@pytest.mark.parametrize("locale, said, written, emergency", [
    ("en-US", "call or text nine eight eight", "988", "911"),
    ("en-CA", "call or text nine eight eight", "988", "911"),
    ("en-GB", "call Samaritans on one one six, one two three", "116 123", "999"),
    ("en-AU", "call Lifeline on thirteen eleven fourteen", "13 11 14", "triple zero"),
    ("en-IN", "call Tele MANAS on one four four one six", "14416", "112")])
def test_thoughts_of_suicide_get_the_local_crisis_line_first(alexa, locale, said, written, emergency):
    # Numbers in words for Alexa to say them as a number to dial, in digits on the card; nothing
    # after them (the first-use disclaimer waits).
    alexa.factory.locale = locale
    reply = alexa.intent("RemedyIntent", one_shot=True, symptom="feel like killing myself")
    assert reply.speech.startswith("I'm so sorry you're hurting this much")
    assert f"Please {said}" in reply.speech and f"call {emergency}." in reply.speech
    assert reply.speech.endswith(f"call {emergency}.") and reply.ended
    assert reply.card_title == "Please reach out now" and written in reply.card_text


@pytest.mark.parametrize("words", ["hurts to breathe", "it hurts to breathe", "hurts when i breathe",
                                   "pain when i breathe", "short of breath", "can't catch my breath",
                                   "trouble breathing", "can't breathe"])
def test_breathing_trouble_gets_medical_help_now(alexa, words):
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag=words)
    _assert_medical_help_first(reply)
    assert EN.say("red_flag_reasons.trouble_breathing") in reply.speech
    assert "heart" not in reply.speech


def test_breathing_trouble_said_as_a_symptom_is_caught(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    reply = alexa.intent("RemedyIntent", area="back", symptom="hurts when i breathe")
    _assert_medical_help_first(reply)
    assert EN.say("red_flag_reasons.trouble_breathing") in reply.speech


def test_unknown_red_flag_words_list_warning_signs_and_keep_listening(alexa):
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="a funny feeling")
    assert reply.speech.startswith(EN.say("red_flag_signs").format(emergency_number="911"))
    assert reply.speech.endswith(f'{EN.say("red_flag_unclear")} {EN.say("disclaimer")}') and not reply.ended


def test_ordinary_pain_heard_as_a_red_flag_goes_on_to_the_remedy_without_the_signs(alexa):
    # "My back is stiff this morning", caught by the catch-all "my back {red_flag}": a feeling and
    # when, nothing the warning signs are for (they came first, a false alarm).
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="is stiff this morning")
    signs = EN.say("red_flag_signs").format(emergency_number="911")
    assert signs not in reply.speech and EN.say("red_flag_then") not in reply.speech
    assert reply.speech.endswith(EN.say("ask.which_part_of_back")) and not reply.ended
    steps = alexa.intent("RemedyIntent", area="lower back")
    assert steps.card_title == EN.conditions["lower_back_spasm"].named("sore")
    assert EN.conditions["lower_back_spasm"].intro_for["sore"] in steps.speech


# -- built-ins --------------------------------------------------------------------------------------
def test_hello_gets_a_short_hello_and_the_question(alexa):
    alexa.launch()
    reply = alexa.intent("GreetingIntent")
    assert reply.speech == EN.say("greeting") and not reply.ended
    assert reply.reprompt == EN.say("welcome_reprompt")


def test_help_explains_and_keeps_listening(alexa):
    reply = alexa.intent("AMAZON.HelpIntent", one_shot=True)
    assert "next" in reply.speech and "mat session" in reply.speech and not reply.ended
    assert "how do I get up off the floor" in reply.speech and "when should I see a doctor" in reply.speech


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_kindly(alexa, intent):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    reply = alexa.intent(intent)
    assert reply.speech == EN.say("goodbye") and reply.ended


def test_fallback_outside_and_inside_steps(alexa):
    # The first time in a conversation the words may have been a red flag Alexa could not place
    # (it sends none of them): the urgent signs and the emergency number come first.
    first = alexa.intent("AMAZON.FallbackIntent", one_shot=True)
    assert first.speech == f'{EN.say("fallback_first")} {EN.say("disclaimer")}' and not first.ended
    assert first.speech.index("call 911 now") < first.speech.index("tell me where it hurts")
    # Later ones say it in a breath: a second line Alexa could not place may be a red flag too
    # ("actually both my legs feel weird and heavy" after "my right leg has gone a bit dead").
    later = alexa.intent("AMAZON.FallbackIntent")
    assert later.speech == EN.say("fallback") and "If it's urgent, call 911 now" in later.speech
    where = EN.say("in_steps_where", number=1, total=7)           # where they are, and how on
    alexa.intent("RemedyIntent", area="lower back", symptom="spasm")
    assert alexa.intent("AMAZON.FallbackIntent").speech == EN.say("fallback_in_steps", where=where)
    alexa.intent("AMAZON.FallbackIntent", one_shot=True)          # a new conversation, in the steps
    alexa.intent("RemedyIntent", area="lower back", symptom="spasm")
    assert alexa.intent("AMAZON.FallbackIntent").speech == EN.say("fallback_in_steps", where=where)


def test_the_first_fallback_in_the_steps_gives_the_urgent_signs_too(alexa):
    alexa.factory.locale = "en-GB"
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    reply = alexa.intent("AMAZON.FallbackIntent")
    where = content_for("en-GB").say("in_steps_where", number=1, total=7)
    assert reply.speech == content_for("en-GB").say("fallback_in_steps_first", where=where)
    assert "call 999 now" in reply.speech


def test_thanks_or_feeling_better_ends_kindly(alexa):
    alexa.launch()
    reply = alexa.intent("FeelingBetterIntent")
    assert reply.speech == EN.say("glad_it_helps") and reply.ended


def test_feeling_better_in_the_middle_of_the_steps_keeps_the_step(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    reply = alexa.intent("FeelingBetterIntent")
    assert reply.speech == EN.say("glad_it_helps_in_steps") and not reply.ended
    assert "Step 2 of" in alexa.intent("AMAZON.NextIntent").speech


def test_navigate_home_forgets_the_remedy(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    home = alexa.intent("AMAZON.NavigateHomeIntent")
    assert home.speech == EN.say("navigate_home") and "condition" not in home.attributes
    # Its place in the steps is gone; the steps themselves can be started again, if they like.
    again = alexa.intent("AMAZON.NextIntent")
    assert again.speech == EN.say("offer_last_remedy", condition="lower back spasm")
    assert "Step" not in again.speech and not again.ended


def test_next_in_a_new_conversation_offers_last_times_steps_and_yes_starts_them(alexa):
    # "Stop" at step three, then later "Alexa, ask Back Relief for the next step".
    alexa.intent("RemedyIntent", one_shot=True, area="glutes", symptom="spasm")
    alexa.intent("AMAZON.NextIntent")
    alexa.intent("AMAZON.StopIntent")
    offer = alexa.intent("AMAZON.NextIntent", one_shot=True)
    assert offer.speech == EN.say("offer_last_remedy", condition="piriformis and glute spasm")
    started = alexa.intent("AMAZON.YesIntent")
    assert started.speech.count("Step 1 of") == 1


def test_someone_new_saying_next_hears_how_to_begin(alexa):
    assert alexa.intent("AMAZON.NextIntent", one_shot=True).speech == f'{EN.say("disclaimer")} {EN.say("nothing_to_continue")}'


def test_yes_and_no_without_a_question(alexa):
    assert alexa.intent("AMAZON.YesIntent", one_shot=True).speech == f'{EN.say("disclaimer")} {EN.say("yes_without_question")}'
    assert not alexa.intent("AMAZON.NoIntent").ended


def test_repeat_before_any_remedy(alexa):
    assert alexa.intent("AMAZON.RepeatIntent", one_shot=True).speech == f'{EN.say("disclaimer")} {EN.say("nothing_to_repeat")}'


def test_repeat_after_an_answer_says_it_again_and_the_question_in_it_still_stands(alexa):
    # "Is heat or ice better?" ... "Sorry, say that again?": the whole answer, its offer still open.
    alexa.factory.consent_token = "x"
    alexa.launch()
    answer = alexa.intent("SelfCareQuestionIntent", topic="heat or ice")
    again = alexa.intent("AMAZON.RepeatIntent")
    assert (again.ssml, again.reprompt) == (answer.ssml, answer.reprompt)
    assert again.ssml.count("<speak>") == 1 and not again.ended
    started = alexa.intent("AMAZON.YesIntent")
    assert started.directive("AudioPlayer.Play")["audioItem"]["stream"]["token"].startswith("backrelief:heat:")


def test_repeat_after_the_welcome_says_the_welcome_again(alexa):
    welcome = alexa.launch()
    again = alexa.intent("AMAZON.RepeatIntent")
    assert again.speech == welcome.speech and again.reprompt == welcome.reprompt


def test_session_ended_gets_an_empty_response(alexa):
    alexa.launch()
    reply = alexa.send(alexa.factory.session_ended("ERROR", {"type": "INVALID_RESPONSE", "message": "x"}))
    assert reply.response == {} or "outputSpeech" not in reply.response


def test_unknown_intent_gets_the_fallback_answer(alexa):
    reply = alexa.send(alexa.factory.intent("SomethingNewIntent", new_session=True))
    assert reply.speech == f'{EN.say("fallback")} {EN.say("disclaimer")}'


def test_unknown_request_type_gets_a_well_formed_empty_response(alexa):
    envelope = alexa.factory.launch()
    envelope["request"]["type"] = "Alexa.Something.NewEvent"
    reply = alexa.post(envelope)
    assert reply.status == 200 and reply.json["version"] == "1.0" and "outputSpeech" not in reply.response


def test_a_failing_handler_apologises_and_says_what_to_do(alexa, monkeypatch):
    from skill.handlers import remedies

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(remedies, "remedy_for", broken)
    reply = alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    assert reply.speech == EN.say("error") and not reply.ended and reply.reprompt
    assert "boom" not in str(reply.json)


def test_a_symptom_alone_goes_with_the_part_of_the_remedy_open_now(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="back", symptom="sore")        # "which part?"
    sore = alexa.intent("RemedyIntent", area="bottom bit")
    assert sore.card_title == "Lower back soreness" and EN.conditions["lower_back_spasm"].intro_for["sore"] in sore.speech
    spasm = alexa.intent("RemedyIntent", symptom="spasming")
    assert spasm.card_title == "Lower back spasm" and EN.conditions["lower_back_spasm"].intro_for["spasm"] in spasm.speech
    # A remedy asked for by name has no part of its own: the earlier one is not brought back.
    alexa.intent("ConditionIntent", condition="piriformis syndrome")
    reply = alexa.intent("RemedyIntent", symptom="spasming")
    assert reply.card_title != "Lower back spasm" and reply.speech.endswith(EN.say("ask.where_is_the_spasm"))
