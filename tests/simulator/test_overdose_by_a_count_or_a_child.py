"""Too much medicine said in ways a sweep found missed: a number of them after "I've had" (the
carrier takes the verb) with no "today" ("I've had six co-codamol" got 'I didn't quite get what
"six co codamol" feels like'), and a child who took someone's pills ("my son took my pills" got 'I
don't have steps for "son"'). Both are get medical help now, in every locale; a dose, a dose asked
about, a child's own medicine and three at once are as they were."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}
# Each locale's own medicine words.
MEDICINES = {"en-US": "tylenol", "en-CA": "advil", "en-GB": "paracetamol", "en-AU": "panadol", "en-IN": "crocin"}
URGENT = "Please get medical help now"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", [
    "i've had six co-codamol",
    "i've had six {medicine}",
    "i've had 6 {medicine}",
    "my son took my pills",
    "my toddler took some of my tablets",
    "my daughter has taken my {medicine}",
    "i took three ibuprofen at once",            # as it was
])
def test_too_much_medicine_is_get_help_now(locale, said):
    words = said.format(medicine=MEDICINES[locale])
    assert_dialog({"name": f"{words} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {words}", "expect": {
            "speech_starts_with": URGENT, "speech_contains": ["Taking too much of a medicine", EMERGENCY[locale]],
            "session": "closed"}}]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", [
    "i've had two ibuprofen",
    "can i take two paracetamol",
    "my son takes ibuprofen",
    "can i take ten ibuprofen",
    "i've had four co-codamol today",
    "i've had ten tablets this week",
])
def test_a_dose_is_no_emergency(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": {"speech_not_contains": [URGENT]}}]})
