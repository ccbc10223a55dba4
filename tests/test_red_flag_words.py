"""The red-flag reader, both ways: what a sweep found missed (crisis, overdose, warnings said as
happening now) is found, and what only brushed a flag's words (far apart, negated, someone
else's) is not, while the flags said plainly still are."""
import pytest

from skill.content import content_for
from skill.handlers import red_flag_words
from skill.handlers.safety import red_flags_in
from tests.support.locales import LOCALES


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words, flag", [
    ("i am thinking about ending my life", "crisis"),
    ("am thinking about ending life", "crisis"),            # two slots joined the other way round
    ("i want to hurt myself", "crisis"),
    ("i want to go to sleep and never wake up", "crisis"),
    ("i can't take this anymore i want to end it", "crisis"),
    ("i want to top myself", "crisis"),
    ("i have been self harming", "crisis"),
    ("i've been self-harming", "crisis"),
    ("going to unalive myself", "crisis"),
    ("thinking of ending it", "crisis"),
    ("not coping i just want to end it", "crisis"),
    ("i have taken all my painkillers", "overdose"),
    ("i took a whole packet of paracetamol", "overdose"),
    ("i took eight ibuprofen", "overdose"),
    ("i've swallowed twenty tablets", "overdose"),
    ("i took too many tramadol", "overdose"),
    ("i took ten paracetamol today", "overdose"),
    ("six co-codamol", "overdose"),                         # "i've had {symptom}": no verb, no "today"
    ("6 paracetamol", "overdose"),
    ("son took my pills", "overdose"),                      # "my {area} {symptom}"
    ("my toddler took some of my tablets", "overdose"),
    ("my son's taken my painkillers", "overdose"),
    ("my leg keeps giving out", "leg_weakness"),
    ("legs can't move", "leg_weakness"),
    ("my legs feel really weak", "leg_weakness"),
    ("i've lost the feeling in my leg", "leg_numbness"),
    ("i can't feel my legs", "leg_numbness"),
    ("no my legs are numb", "leg_numbness"),                # "no" answering us
    ("groin feels numb", "groin_numbness"),
    ("i'm breathless", "trouble_breathing"),
    ("i'm not ok i can't breathe", "trouble_breathing"),
    ("my heart is beating really fast", "heart_signs"),
    ("heart beating really fast", "heart_signs"),
    ("i can feel my stomach pulsing", "vessel_signs"),
    ("my chest hurts", "chest_pain"),
    ("i think i'm having a heart attack", "chest_pain"),
    ("i don't have a fever but i can't feel my legs", "leg_numbness"),
    ("i've never had chest pain like this", "chest_pain"),     # new: no negation
    ("i feel like hurting myself", "crisis"),
    ("i'm thinking about hurting myself", "crisis"),
])
def test_said_plainly_is_found(locale, words, flag):
    assert flag in red_flags_in(content_for(locale), words)


@pytest.mark.parametrize("words", [
    "can't sleep and i feel awful my back is spasming",
    "just had a baby and i feel like i can't cope",
    "my chest is fine but my upper back is tight",
    "chest is fine but my upper back",
    "my dad had a heart attack last year should i worry about my back",
    "i'd die for a massage right now",
    "would die for a massage right now",
    "no chest pain",
    "i don't have a fever",
    "i haven't got any numbness",
    "i took two ibuprofen",
    "i took four ibuprofen today",
    "i hurt myself lifting a box",
    "i think i hurt myself at the gym",
    "i don't want to hurt myself doing this stretch",
    "i've had ten tablets this week",
    "two ibuprofen",
    "my son takes ibuprofen",
    "my son took his tablets",
    "the baby took her medicine",
    "my son hasn't taken my pills",
    "no my legs hurt",                  # "no feeling in my legs" is no "no" next to "legs"
    "no my legs and my bladder are fine",
])
def test_only_brushing_a_flags_words_is_not_a_flag(words):
    assert red_flags_in(content_for("en-US"), words) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_a_number_with_no_verb_is_a_dose_asked_about_in_a_question(locale):
    # "can i take {ten ibuprofen}": the same words as "i've had {ten ibuprofen}", asked.
    assert red_flags_in(content_for(locale), "ten ibuprofen", asked=True) == []
    assert red_flags_in(content_for(locale), "ten ibuprofen") == ["overdose"]
    assert red_flags_in(content_for(locale), "i took ten ibuprofen", asked=True) == ["overdose"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_red_flag_phrase_is_still_its_flag_however_it_is_led_in(locale):
    # The reader sets words aside (far apart, negated, someone else's): never a flag said plainly.
    content = content_for(locale)
    missed = [(flag, said) for flag, terms in content.red_flag_terms().items() for term in terms
              for said in (term, f"i {term}", f"my back hurts and {term}", f"yes {term}")
              if flag not in red_flags_in(content, said)]
    assert missed == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words, flags", [
    ("no my legs are fine", ("leg_numbness", "leg_weakness")),
    ("legs is feel fine", ("leg_numbness", "leg_weakness")),          # "legs" + "feel fine", with the carrier's "is"
    ("no my bladder's okay thanks", ("bladder_bowel",)),
    ("my legs feel fine but numb", ()),                               # more than fine: not set aside
])
def test_a_part_said_to_be_fine_is_set_aside(locale, words, flags):
    assert red_flag_words.red_flags_in(locale, words) == (() if flags else ("leg_numbness",))
    assert red_flag_words.parts_said_fine(locale, words) == flags
