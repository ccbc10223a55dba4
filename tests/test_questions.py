"""Questions people ask mid-flare-up ("when should I see a doctor", "can I take ibuprofen", "is heat
or ice better"), through the webhook with signed envelopes, as a person hears the answers."""
from __future__ import annotations

import re

import pytest

from skill.content import content_for

EN = content_for("en-US")
DOCTOR_OR_PHARMACIST = re.compile(r"doctor|pharmacist", re.I)


def _assert_answer(reply, says, title):
    for phrase in says:
        assert phrase in reply.speech
    _assert_answer_keeps_listening(reply, title)


def _assert_answer_keeps_listening(reply, title):
    assert reply.card_title == title
    assert EN.say("card_footer") in reply.card_text
    assert not reply.ended and reply.reprompt


# -- when to see a doctor ----------------------------------------------------------------------------
@pytest.mark.parametrize("locale, number, other, physio", [
    ("en-US", "911", "999", "physical therapist"),
    ("en-GB", "999", "911", "physiotherapist"),
])
def test_see_doctor_starts_with_red_flags_and_the_local_emergency_number(alexa, locale, number, other, physio):
    alexa.factory.locale = locale
    alexa.launch()
    reply = alexa.intent("SeeDoctorIntent")
    assert reply.speech.startswith(f"Get medical help now, by calling {number} or your doctor")
    assert other not in reply.speech
    for sign in ("numbness in your groin or legs", "bladder or bowel", "weakness in your legs",
                 "a fall", "fever", "chest pain", "trouble breathing"):
        assert sign in reply.speech
    today = reply.speech.index("See your doctor today")
    assert reply.speech.index("trouble breathing") < today
    for sign in ("had cancer", "losing weight without trying", "blood in your pee"):
        assert today < reply.speech.index(sign)
    routine = reply.speech.index("Otherwise")
    assert reply.speech.index("trouble breathing") < routine
    assert f"a {physio}" in reply.speech[routine:] and "several days" in reply.speech[routine:]
    _assert_answer_keeps_listening(reply, "When to see a doctor")


def test_see_doctor_on_first_use_gives_the_red_flags_before_the_disclaimer(alexa):
    reply = alexa.intent("SeeDoctorIntent", one_shot=True)
    assert reply.speech.startswith("Get medical help now")
    assert reply.speech.index("trouble breathing") < reply.speech.index(EN.say("disclaimer"))


# -- getting up off the floor ---------------------------------------------------------------------------
@pytest.mark.parametrize("locale, number, other", [("en-US", "911", "999"), ("en-GB", "999", "911")])
def test_getting_up_off_the_floor_says_when_not_to_try_then_how(alexa, locale, number, other):
    alexa.factory.locale = locale
    reply = alexa.intent("GetUpIntent", one_shot=True)
    assert reply.speech.startswith(f"If your legs feel weak or numb, stay put and call {number}.")
    assert other not in reply.speech
    steps = ["roll onto your side", "hands and knees", "sturdy chair", "one leg at a time"]
    assert [reply.speech.index(step) for step in steps] == sorted(reply.speech.index(step) for step in steps)
    assert reply.speech.index("one leg at a time") < reply.speech.index(EN.say("disclaimer"))
    _assert_answer_keeps_listening(reply, "Getting up off the floor")


# -- progress: worse than before ------------------------------------------------------------------------
@pytest.mark.parametrize("locale, number", [("en-US", "911"), ("en-CA", "911"), ("en-GB", "999"),
                                            ("en-AU", "triple zero"), ("en-IN", "112")])
def test_getting_worse_gives_the_signs_and_the_local_number_before_the_disclaimer(alexa, locale, number):
    alexa.factory.locale = locale
    reply = alexa.intent("GettingWorseIntent", one_shot=True)
    assert reply.speech.startswith("I'm sorry it's worse.")
    for sign in ("numbness in your groin or legs", "trouble peeing", "new leg weakness", "fever"):
        assert reply.speech.index(sign) < reply.speech.index(f"call {number} now")
    assert "call your doctor today" in reply.speech
    assert reply.speech.index("call your doctor today") < reply.speech.index(EN.say("disclaimer"))
    _assert_answer_keeps_listening(reply, "When it's getting worse")


# -- medicines and supplements -------------------------------------------------------------------------
@pytest.mark.parametrize("words, says, title", [
    ("ibuprofen", ["ibuprofen", "side effects", "stop working", "doctor or pharmacist"], "Anti-inflammatories"),
    ("painkillers", ["ibuprofen", "doctor or pharmacist"], "Anti-inflammatories"),
    ("diclofenac", ["ibuprofen", "side effects", "doctor or pharmacist"], "Anti-inflammatories"),
    ("voltaren gel", ["side effects", "doctor or pharmacist"], "Anti-inflammatories"),
    ("magnesium", ["muscle relaxant", "don't go above 350 milligrams a day", "Check with your doctor first"],
     "Magnesium"),
    (None, ["doctor or pharmacist", "ibuprofen", "side effects"], "Medicines for back pain"),
])
def test_medicine_answers_name_the_doctor_or_pharmacist(alexa, words, says, title):
    reply = alexa.intent("MedicineIntent", one_shot=True, medicine=words)
    for phrase in says:
        assert phrase in reply.speech
    assert DOCTOR_OR_PHARMACIST.search(reply.speech)
    _assert_answer_keeps_listening(reply, title)


@pytest.mark.parametrize("words", ["tylenol", "acetaminophen", "muscle relaxers", "tiger balm", "oxycodone"])
def test_a_medicine_we_know_nothing_about_gets_ask_your_pharmacist(alexa, words):
    # "oxycodone" is not in the vocabulary: Alexa sends ER_SUCCESS_NO_MATCH with the words.
    alexa.launch()
    reply = alexa.intent("MedicineIntent", medicine=words)
    assert reply.speech.startswith(f"I can't advise on {words}, so please ask your doctor or pharmacist")
    assert "heat" in reply.speech                  # then what the articles do support
    assert reply.speech != EN.say("error")
    _assert_answer_keeps_listening(reply, "Medicines")


@pytest.mark.parametrize("intent, slots, title", [
    ("MedicineIntent", {"medicine": "ibuprofen every day"}, "Anti-inflammatories"),
    ("SelfCareQuestionIntent", {"topic": "take ibuprofen every day"}, "Anti-inflammatories"),
    ("SelfCareQuestionIntent", {"topic": "use a heat patch"}, "Heat"),
])
def test_a_medicine_or_topic_said_inside_more_words_gets_its_answer(alexa, intent, slots, title):
    reply = alexa.intent(intent, one_shot=True, **slots)
    assert reply.card_title == title and not reply.ended
    if title == "Anti-inflammatories":
        assert "doctor or pharmacist" in reply.speech


def test_two_medicines_together_are_for_the_pharmacist(alexa):
    alexa.launch()
    # Not each one's own answer: what doesn't mix (two anti-inflammatories, blood thinners), and a
    # pharmacist to check the two they named.
    reply = alexa.intent("MedicineIntent", medicine="ibuprofen and paracetamol together")
    assert reply.card_title == "Mixing medicines"
    assert "Ask a pharmacist before you combine medicines" in reply.speech


def test_a_medicine_asked_about_like_a_topic_still_gets_the_medicine_answer(alexa):
    # "does ibuprofen help" shares its carrier phrase with "does drinking water help".
    reply = alexa.intent("SelfCareQuestionIntent", one_shot=True, topic="ibuprofen")
    assert "doctor or pharmacist" in reply.speech and reply.card_title == "Anti-inflammatories"


def test_a_topic_asked_about_like_a_medicine_gets_the_topic_answer(alexa):
    reply = alexa.intent("MedicineIntent", one_shot=True, medicine="a warm towel")
    assert reply.card_title == "Heat" and "can't advise" not in reply.speech


@pytest.mark.parametrize("words, says, title", [
    ("heat", ["blood flow", "warm but never hot"], "Heat"),
    ("ice packs", ["can't advise on ice"], "Ice"),
    ("magnesium", ["350 milligrams a day", "Check with your doctor"], "Magnesium"),
    ("ibuprofen", ["side effects", "doctor or pharmacist"], "Anti-inflammatories"),
    ("sciatica", ["numb or weak", "get medical help now by calling 911", "a physical therapist"],
     "Pain down the leg"),
])
def test_a_topic_or_medicine_asked_about_like_a_remedy_gets_its_answer(alexa, words, says, title):
    # "tell me about heat" and "what helps with magnesium" use the remedy-by-name phrases.
    reply = alexa.intent("ConditionIntent", one_shot=True, condition=words)
    assert "I don't have tips for" not in reply.speech
    _assert_answer(reply, says, title)


def test_words_that_name_no_remedy_topic_or_medicine_still_list_the_remedies(alexa):
    reply = alexa.intent("ConditionIntent", one_shot=True, condition="tennis elbow")
    assert 'I don\'t have tips for "tennis elbow" yet' in reply.speech and not reply.ended


# -- self-care topics ----------------------------------------------------------------------------------
@pytest.mark.parametrize("words, says, title", [
    ("heat or ice", ["opens up blood flow", "can't advise on ice"], "Heat or ice?"),
    ("ice", ["can't advise on ice", "ice baths"], "Ice"),
    ("stretch", ["quick relief", "weaker", "front of your hips"], "Stretching"),
    ("acupressure mat", ["small points", "at least ten minutes", "deep relaxation"], "Acupressure mat"),
    ("drinking water", ["Drink plenty of fluids"], "Drinking water"),
    ("rest", ["extra sleep"], "Rest and sleep"),
    ("running", ["low impact", "brisk walking on an incline"], "Exercise"),
    ("a tennis ball", ["lie on it", "thirty seconds"], "Tennis ball release"),
    ("potassium", ["potassium", "fluids", "magnesium, check with your doctor first"], "Food and drink"),
    ("walk", ["slow walk", "low impact"], "Exercise"),
    ("sleep on my stomach", ["on your side with a pillow between your knees", "pillow under them",
                             "as lying on your stomach tends to", "Extra sleep"], "Sleeping with a sore back"),
    ("sitting", ["front of your hips", "lower back", "massage ball"], "Sitting"),
    ("go to work", ["slow down for a day or two", "move gently", "heavy lifting"], "Work"),
    ("have a hot bath", ["opens up blood flow", "warm but never hot"], "Heat"),
    ("lie on the floor", ["The floor is fine", "your bed or sofa works too"], "Lying on the floor"),
    ("a foam roller", ["press into tight spots"], "Massage ball"),
    ("lift my kids", ["Leave heavy lifting", "bend your knees", "close to you", "rather than twisting"], "Lifting"),
    ("sit ups", ["Once this flare-up has settled", "core and glutes", "drop anything that sets it off"], "Core and glutes"),
    ("go swimming", ["low impact"], "Exercise"),
    ("a chiropractor", ["a chiropractor, an osteopath, or acupuncture", "doctor"], "Chiropractor, osteopath and acupuncture"),
    ("pain down my leg", ["get medical help now", "often called sciatica", "a physical therapist"],
     "Pain down the leg"),
])
def test_self_care_questions_get_their_answer(alexa, words, says, title):
    _assert_answer(alexa.intent("SelfCareQuestionIntent", one_shot=True, topic=words), says, title)


@pytest.mark.parametrize("intent, slots, answer_id", [
    ("SelfCareQuestionIntent", {"topic": "sciatica"}, "topics.leg_pain"),
    ("ConditionIntent", {"condition": "sciatica"}, "topics.leg_pain"),
    ("GetUpIntent", {}, "getting_up"),
    ("ConditionIntent", {"condition": "a herniated disc"}, "topics.disc"),
    ("SelfCareQuestionIntent", {"topic": "a slipped disc"}, "topics.disc"),
])
def test_answers_that_start_with_warning_signs_come_before_the_disclaimer(alexa, intent, slots, answer_id):
    reply = alexa.intent(intent, one_shot=True, **slots)
    assert reply.speech.startswith(EN.answers[answer_id].speech)
    assert reply.speech.index(EN.say("disclaimer")) > len(EN.answers[answer_id].speech)


def test_an_unknown_topic_says_what_can_be_asked(alexa):
    reply = alexa.intent("SelfCareQuestionIntent", one_shot=True, topic="a back brace")
    assert 'I don\'t have an answer about "a back brace" yet' in reply.speech
    assert "when to see a doctor" in reply.speech
    assert not reply.ended


@pytest.mark.parametrize("intent, says, title", [
    ("FoodQuestionIntent", ["potassium", "drink plenty of fluids", "check with your doctor"], "Food and drink"),
    ("SleepQuestionIntent", ["pillow between your knees", "pillow under them", "stomach"],
     "Sleeping with a sore back"),
    ("NotADoctorIntent", ["No, I'm not a doctor", "general self-care tips", "see your doctor or a physical therapist"],
     "Not medical advice"),
    ("CauseIntent", ["I can't tell what's causing yours", "your doctor or a physical therapist can",
                     "tight hip flexors", "have it checked"], "What causes it"),
    ("RelaxIntent", ["Stress tends to settle in your back", "Slow breathing",
                     EN.say("offer_session", session="breathing meditation")], "Letting go of stress"),
])
def test_eating_sleeping_and_stress_have_answers_of_their_own(alexa, intent, says, title):
    # "What should I eat?", "how should I sleep?", "help me relax": asked without naming a topic.
    _assert_answer(alexa.intent(intent, one_shot=True), says, title)


def test_how_long_sends_a_lingering_flare_up_to_the_doctor(alexa):
    reply = alexa.intent("HowLongIntent", one_shot=True)
    assert "several days" in reply.speech and "see your doctor and a physical therapist" in reply.speech
    _assert_answer_keeps_listening(reply, "How long it lasts")


# -- what comes after an answer --------------------------------------------------------------------------
def test_first_answer_carries_the_disclaimer_once(alexa):
    first = alexa.intent("SelfCareQuestionIntent", one_shot=True, topic="drinking water")
    assert first.speech.startswith(EN.say("disclaimer"))
    again = alexa.intent("SelfCareQuestionIntent", topic="massage")
    assert EN.say("disclaimer") not in again.speech


def test_outside_a_remedy_an_answer_invites_them_to_say_where_it_hurts(alexa):
    alexa.launch()
    reply = alexa.intent("SelfCareQuestionIntent", topic="drinking water")
    assert reply.speech.endswith(EN.say("answer_follow_up"))
    assert reply.reprompt == EN.say("welcome_reprompt")
    remedy = alexa.intent("RemedyIntent", area="lower back", symptom="spasm")
    assert remedy.card_title == "Lower back spasm"


def test_an_answer_with_a_fitting_session_offers_it_and_yes_starts_it(alexa):
    alexa.factory.consent_token = "x"            # timers already allowed: yes goes straight to the audio
    alexa.launch()
    reply = alexa.intent("SelfCareQuestionIntent", topic="heat or ice")
    assert reply.speech.endswith(EN.say("offer_session", session="heat session"))
    started = alexa.intent("AMAZON.YesIntent")
    assert started.directive("AudioPlayer.Play")["audioItem"]["stream"]["token"].startswith("backrelief:heat:")


def test_no_to_an_offered_session_asks_where_it_hurts(alexa):
    alexa.launch()
    alexa.intent("SelfCareQuestionIntent", topic="acupressure mat")
    reply = alexa.intent("AMAZON.NoIntent")
    assert reply.speech == EN.say("no_thanks_outside_remedy") and not reply.ended
    assert "AudioPlayer.Play" not in reply.directive_types


def test_a_question_in_the_middle_of_a_remedy_keeps_the_step(alexa):
    steps = EN.conditions["lower_back_spasm"].steps
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    alexa.intent("AMAZON.NextIntent")
    reply = alexa.intent("MedicineIntent", medicine="ibuprofen")
    assert "doctor or pharmacist" in reply.speech
    assert reply.speech.endswith(EN.say("answer_back_to_steps"))
    assert "Would you like" not in reply.speech       # no session offer while steps remain
    assert reply.reprompt == EN.say("step_reprompt")
    carry_on = alexa.intent("AMAZON.NextIntent")
    assert "Step 3 of 7" in carry_on.speech and steps[2] in carry_on.speech


def test_a_question_after_the_last_step_does_not_say_next(alexa):
    condition = EN.conditions["back_knots"]
    alexa.intent("ConditionIntent", one_shot=True, condition="knots in my back")
    for _ in condition.steps[1:]:
        alexa.intent("AMAZON.NextIntent")
    reply = alexa.intent("SelfCareQuestionIntent", topic="massage")
    assert "say next" not in reply.speech.lower() and not reply.ended


def test_a_question_while_we_ask_where_it_hurts_keeps_what_they_said(alexa):
    """"My back is sore" asks which part of the back; a question in between must not make us forget
    the soreness, so "my lower back" then leads straight to the remedy."""
    asked = alexa.intent("RemedyIntent", one_shot=True, area="back", symptom="sore")
    assert EN.say("ask.which_part_of_back") in asked.speech
    reply = alexa.intent("SelfCareQuestionIntent", topic="heat")
    assert reply.speech.endswith(EN.say("answer_follow_up"))      # no session offer over the question
    remedy = alexa.intent("RemedyIntent", area="lower back")
    assert remedy.card_title == "Lower back soreness" and "A sore, aching lower back" in remedy.speech


def test_yes_after_an_answer_never_confirms_an_earlier_question(alexa):
    question = alexa.intent("ForgetMeIntent", one_shot=True)
    assert "Are you sure" in question.speech
    answered = alexa.intent("SelfCareQuestionIntent", topic="drinking water")
    assert answered.speech.endswith(EN.say("answer_follow_up"))
    # mood51: the answer invites them to say where it hurts, so a yes asks where; it forgets nothing.
    reply = alexa.intent("AMAZON.YesIntent")
    assert reply.speech == EN.say("ask.where_does_it_hurt")
    assert "deleted" not in reply.speech


# -- red flags still come first --------------------------------------------------------------------------
def test_breathing_trouble_inside_a_question_wins_over_the_answer(alexa):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    reply = alexa.intent("SelfCareQuestionIntent", topic="rest when i can't catch my breath")
    assert reply.speech.startswith("Please get medical help now.") and reply.ended


def test_are_you_a_doctor_on_first_use_says_it_once_and_counts_as_the_disclaimer(alexa):
    # The answer says what the disclaimer says; both together said "general self-care tips" twice.
    first = alexa.intent("NotADoctorIntent", one_shot=True)
    assert first.speech.startswith("No, I'm not a doctor")
    assert first.speech.count("self-care tips") == 1
    later = alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    assert EN.say("disclaimer") not in later.speech


# -- asked52: the skill's own session named where a remedy's name goes ------------------------------
def test_hip_flexor_release_told_about_is_explained_even_if_alexa_resolves_it_to_the_remedy(alexa):
    # "Tell me about the hip flexor release": should entity resolution match the words loosely to
    # the tight hip flexors remedy, they still name the release (a topic's own words), so it is
    # explained and offered, not the remedy's steps started.
    from skill.simulator.envelopes import Slot
    loose = Slot("the hip flexor release", slot_type="CONDITION", resolved=("TIGHT_HIP_FLEXORS", "tight hip flexors"))
    reply = alexa.send(alexa.factory.intent("ConditionIntent", {"condition": loose}, new_session=True))
    assert "loosens your psoas" in reply.speech
    assert "Would you like to do a timed hip flexor release now?" in reply.speech
    assert "Step 1" not in reply.speech
    # The remedy named as one still starts its steps.
    named = Slot("tight hip flexors", slot_type="CONDITION", resolved=("TIGHT_HIP_FLEXORS", "tight hip flexors"))
    assert "Step 1 of 5" in alexa.send(alexa.factory.intent("ConditionIntent", {"condition": named}, new_session=True)).speech
