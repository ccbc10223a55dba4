"""The content rules a person relies on, and the generated skill package being current."""
from __future__ import annotations

import re

import pytest

from skill.content import CONTENT_DIR, ContentError, _answers, _conditions, content_for, read_yaml, supported_locales
from skill.handlers.safety import red_flags_in
from skill.package import package_files
from tests.support.locales import LOCALES


def test_all_five_english_locales_are_published():
    assert sorted(supported_locales()) == sorted(LOCALES)


def test_generated_skill_package_is_current():
    stale = [str(path) for path, text in package_files().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m skill build-model`: out of date: {stale}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_step_is_short_enough_to_say_in_about_ten_seconds(locale):
    for condition in content_for(locale).conditions.values():
        assert 3 <= len(condition.steps) <= 7
        for step in condition.steps + tuple(condition.in_pregnancy.values()):
            assert len(step.split()) <= 30, f"{condition.id}: {step}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_step_in_pregnancy_lies_face_down_or_on_a_ball(locale):
    # Lying face down is not advised later in pregnancy: a step that lies on a ball, or face
    # down, says not to, and to check with the midwife.
    for condition in content_for(locale).conditions.values():
        for step in condition.steps_for(True):
            _never_lies_on_a_ball(condition.id, step)


def _never_lies_on_a_ball(condition_id, line, *, any_ball=False):
    """Said in pregnancy: a line about lying face down or on a ball (or, with `any_ball`, naming a
    ball at all) names the midwife and never says to lie so."""
    about = r"face down|on your front|\b(lie|lying)\b[^.]*\bball|weight[^.]*\bball" + (r"|\bball\b" if any_ball else "")
    if re.search(about, line, re.I):
        assert "midwife" in line, f"{condition_id}: {line}"
        assert not re.search(r"(?<!don't )lie (face down|on (it|a tennis ball|the ball|a ball))", line, re.I), \
            f"{condition_id}: {line}"


@pytest.mark.parametrize("locale", LOCALES)
def test_how_long_and_where_the_ball_goes_in_pregnancy_never_lie_on_a_ball(locale):
    # steps18: "how long should I do this for" and "where do I put the ball" in pregnancy say what
    # the pregnancy steps say: no lying face down or on a ball, the midwife first.
    for condition in content_for(locale).conditions.values():
        said = [time.say for time in condition.how_long_in_pregnancy.values()]
        if condition.ball is not None and any(number in condition.in_pregnancy for number in condition.ball.steps):
            assert condition.ball.in_pregnancy, f"{condition.id}: a ball step changes in pregnancy; so must its answer"
            said.append(condition.ball.in_pregnancy)
        for line in said:
            _never_lies_on_a_ball(condition.id, line, any_ball=True)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_step_that_changes_in_pregnancy_has_its_own_how_long(locale):
    # A step said otherwise in pregnancy never gets the time of the step it replaced (heat "about
    # fifteen minutes" with no midwife): where the step had one, the pregnancy step has its own.
    content = content_for(locale)
    for condition in content.conditions.values():
        for number in condition.in_pregnancy:
            if number in condition.how_long:
                assert number in condition.how_long_in_pregnancy, f"{condition.id}: step {number}"
        for time in list(condition.how_long.values()) + list(condition.how_long_in_pregnancy.values()):
            for kind in time.sessions:
                assert kind in content.sessions and kind in content.say("step_time_it_kinds"), f"{condition.id}: {kind}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_step_says_why_it_helps_and_how_to_do_it_in_a_breath_or_two(locale):
    # instep46: "why does that help" and "how do I do that" at any step of any remedy have an
    # answer of their own (in pregnancy, the step said instead has its own), one or two short
    # sentences, and never the same words as the step itself.
    for condition in content_for(locale).conditions.values():
        for pregnant in (False, True):
            steps = condition.steps_for(pregnant)
            for number, step in enumerate(steps, start=1):
                for kind in ("why", "how"):
                    said = condition.about_step(kind, number, pregnant)
                    assert said and said != step, f"{condition.id} step {number}: {kind}"
                    assert len(said.split()) <= 40 and said.count(". ") <= 1, f"{condition.id} step {number}: {said}"
                    assert "{" not in said, f"{condition.id} step {number}: {said}"
                    if pregnant:
                        _never_lies_on_a_ball(condition.id, said)


@pytest.mark.parametrize("missing", [("lower_back_spasm", "how", 3), ("back_knots", "why", 6),
                                     ("piriformis_spasm", "how_in_pregnancy", 4)])
def test_a_step_without_its_why_or_how_fails_on_load(missing):
    condition_id, key, number = missing
    raw = read_yaml(CONTENT_DIR / "en" / "conditions.yaml")
    del raw[condition_id][key][number]
    with pytest.raises(ContentError, match=rf"{condition_id}: {key} needs steps"):
        _conditions(raw)


MEDICINE_WORDS = re.compile(r"magnesium|ibuprofen|anti-inflammator|supplement|naproxen|painkiller|"
                            r"pain reliever|tylenol|acetaminophen|paracetamol|aspirin", re.I)


@pytest.mark.parametrize("locale", LOCALES)
def test_medicines_and_supplements_always_name_the_doctor(locale):
    content = content_for(locale)
    for condition in content.conditions.values():
        for line in condition.steps + condition.caveats + condition.more + (condition.more_said,):
            if MEDICINE_WORDS.search(line):
                assert re.search(r"doctor|pharmacist", line, re.I), f"{condition.id}: {line}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_answer_about_a_medicine_or_supplement_names_the_doctor_or_pharmacist(locale):
    answers = content_for(locale).answers
    medicine_answers = [a for a in answers.values() if a.id.startswith(("medicines.", "medicine_cautions."))]
    assert {a.id for a in medicine_answers} >= {"medicines.general", "medicines.anti_inflammatory",
                                                "medicines.magnesium", "medicines.other_medicine"}
    for answer in medicine_answers + [a for a in answers.values() if MEDICINE_WORDS.search(a.speech)]:
        assert re.search(r"doctor|pharmacist", answer.speech, re.I), f"{answer.id}: {answer.speech}"


@pytest.mark.parametrize("locale", LOCALES)
def test_what_else_can_i_do_is_short_enough_to_say_in_one_turn(locale):
    # It was every idea and caveat, about 95 words (35 seconds) before the offer of a session.
    for condition in content_for(locale).conditions.values():
        assert len(condition.more_said.split()) <= 50, f"{condition.id}: {len(condition.more_said.split())} words"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_answer_is_short_enough_to_say_in_one_turn(locale):
    # About fifteen seconds; the red flags make "when should I see a doctor" the one longer answer.
    for answer in content_for(locale).answers.values():
        limit = 92 if answer.id == "see_doctor" else 42
        assert len(answer.speech.split()) <= limit, f"{answer.id}: {len(answer.speech.split())} words"


@pytest.mark.parametrize("locale, number, physio", [
    ("en-US", "911", "physical therapist"), ("en-GB", "999", "physiotherapist"),
    ("en-AU", "triple zero", "physiotherapist"), ("en-IN", "112", "physiotherapist")])
def test_see_doctor_answer_starts_with_red_flags_and_the_local_emergency_number(locale, number, physio):
    speech = content_for(locale).answers["see_doctor"].speech
    assert speech.startswith(f"Get medical help now, by calling {number}")
    assert f"a {physio}" in speech


def test_every_question_word_reaches_its_answer_not_the_red_flag_check():
    # Red flags are found in any slot's words; a topic or medicine phrase must not look like one.
    content = content_for("en-US")
    for slot_type in ("TOPIC", "MEDICINE"):
        for value_id, words in content.slot_types[slot_type].items():
            for phrase in words:
                assert not red_flags_in(content, phrase), f"{slot_type} {value_id}: {phrase!r}"


@pytest.mark.parametrize("phrase", ["it hurts to breathe", "hurts when i breathe", "pain when i breathe",
                                    "short of breath", "can't catch my breath", "trouble breathing",
                                    "can't breathe"])
def test_breathing_phrases_are_their_own_red_flag(phrase):
    assert red_flags_in(content_for("en-US"), phrase) == ["trouble_breathing"]


def test_a_topic_or_medicine_without_an_answer_fails_on_load():
    content = content_for("en-US")
    raw = read_yaml(CONTENT_DIR / "en" / "answers.yaml")
    del raw["topics"]["heat"]
    with pytest.raises(ContentError, match=r"missing \['heat'\]"):
        _answers(raw, content.slot_types, content.sessions)


def test_physical_therapy_caveat_carries_over_from_the_articles():
    for condition_id in ("lower_back_spasm", "back_knots", "sore_muscles"):
        caveats = " ".join(content_for("en-US").conditions[condition_id].caveats)
        assert "physical therapist" in caveats and "beyond what's usual" in caveats


def test_locale_terms_fill_content():
    assert "physiotherapist" in " ".join(content_for("en-GB").conditions["back_knots"].caveats)
    assert "triple zero" in content_for("en-AU").say("red_flag_action")


def test_unknown_locale_falls_back_to_us_english():
    assert content_for("fr-FR").locale == "en-US"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_remedys_own_intros_are_for_symptoms_we_know(locale):
    content = content_for(locale)
    for condition in content.conditions.values():
        assert set(condition.intro_for) <= set(content.slot_types["SYMPTOM"]), condition.id


@pytest.mark.parametrize("locale", LOCALES)
def test_answers_led_by_a_line_in_pregnancy_are_answers_we_have(locale):
    content = content_for(locale)
    for lead in content.say("pregnancy_answer_leads"):
        assert set(lead["answers"]) <= set(content.answers) | {"more_options"}, lead["answers"]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_magnesium_dose_above_the_upper_limit_for_supplements(locale):
    # The adult upper limit for magnesium from supplements is 350 milligrams a day (NIH).
    content = content_for(locale)
    said = [answer.speech for answer in content.answers.values()]
    for condition in content.conditions.values():
        said += list(condition.steps + condition.caveats + condition.more + (condition.more_said,))
    for text in said:
        amounts = [int(n) for pair in re.findall(r"(\d+)(?: to (\d+))? milligrams", text) for n in pair if n]
        assert all(amount <= 350 for amount in amounts), text


# Words that name one feeling: said in steps reached by another ("my lower back is sore" heard
# "stress makes spasms worse"; "my glutes are sore", "a cramping glute").
SPASM_WORDS = re.compile(r"spasm|cramp", re.I)
# What a feeling said may hear: a spasm, a spasm or a cramp; a cramp, a cramp but not a spasm.
NOT_SAID_FOR = {"spasm": re.compile(r"(?!)"), "cramp": re.compile(r"spasm", re.I)}


@pytest.mark.parametrize("locale", LOCALES)
def test_what_a_remedy_says_fits_every_feeling_that_leads_to_it(locale):
    # Every body area and feeling the remedy rules send to a remedy (remedies.remedy_for): what is
    # said for them (the rule's lead and the intro they get, the steps, in pregnancy too, "what
    # else can I do") names
    # a spasm or a cramp only when that is what they said (a cramp is not called a spasm).
    from skill.handlers.remedies import SEVERE_PAIN_SYMPTOM, remedy_for
    content = content_for(locale)
    areas = [None, *content.slot_types["BODY_AREA"]]
    for area in areas:       # pain past bearing ("in agony") names no feeling: a spasm's steps, said plainly
        for symptom in [None, SEVERE_PAIN_SYMPTOM, *content.slot_types["SYMPTOM"]]:
            rule = remedy_for(content, area, symptom)
            if "remedy" not in rule:
                continue
            condition = content.conditions[rule["remedy"]]
            lead = content.say(f"remedy_lead.{rule['lead']}") if rule.get("lead") else ""
            said = (lead, condition.intro_for.get(symptom or "", condition.intro),
                    *condition.steps_for(False), *condition.steps_for(True), condition.more_said)
            for line in said:
                assert not NOT_SAID_FOR.get(symptom, SPASM_WORDS).search(line), \
                    f"{area} {symptom} → {condition.id}: {line}"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_remedy_is_named_for_the_feeling_that_led_to_it(locale):
    # A sore lower back's card said "Lower back spasm", and "the steps for lower back spasm". The
    # name said and shown for every area and feeling the remedy rules send to a remedy names a
    # spasm or a cramp only when that is what they said; with no feeling known (a remedy asked for
    # by name, or remembered from before feelings were kept), a remedy that other feelings lead to
    # too is named for none ("Leg cramps", for cramps alone, may say so).
    from skill.handlers.remedies import SEVERE_PAIN_SYMPTOM, remedy_for
    content = content_for(locale)
    feelings_for = {condition_id: set() for condition_id in content.conditions}
    for area in [None, *content.slot_types["BODY_AREA"]]:
        for symptom in [None, SEVERE_PAIN_SYMPTOM, *content.slot_types["SYMPTOM"]]:
            rule = remedy_for(content, area, symptom)
            if "remedy" in rule:
                feelings_for[rule["remedy"]].add(symptom)
                name = content.conditions[rule["remedy"]].named(symptom)
                assert not NOT_SAID_FOR.get(symptom, SPASM_WORDS).search(name), \
                    f"{area} {symptom} → {rule['remedy']}: {name}"
    for condition in content.conditions.values():
        assert set(condition.name_for) <= set(content.slot_types["SYMPTOM"]), condition.id
        if feelings_for[condition.id] - {"spasm", "cramp"}:
            assert not SPASM_WORDS.search(condition.named(None)), condition.id
    assert content.conditions["lower_back_spasm"].named("sore") == "Lower back soreness"
    assert content.conditions["lower_back_spasm"].named("spasm") == "Lower back spasm"
