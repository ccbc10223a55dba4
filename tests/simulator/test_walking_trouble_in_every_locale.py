"""safety10: "I'm limping", "I'm walking funny", "I can't walk properly" got every warning sign,
"Is it your lower back?" or "Please get medical help now". Now the signs that make trouble
walking a nerve emergency, with the locale's emergency number, then the common case and where it
hurts; "I can't walk" is still help now. In every locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i'm limping", "i'm walking funny", "i can't walk properly"])
def test_trouble_walking_gets_the_signs_then_where_it_hurts(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}",
         "expect": {"speech_starts_with": "If a leg feels weak or numb",
                    "speech_contains": [f"get medical help now by calling {EMERGENCY[locale]}.",
                                        "limping from the pain is common"],
                    "speech_not_contains": ["Please get medical help now."], "session": "open"}},
        {"say": "ask back relief i can't walk",
         "expect": {"speech_starts_with": "Please get medical help now.", "speech_contains": [EMERGENCY[locale]]}}]})
