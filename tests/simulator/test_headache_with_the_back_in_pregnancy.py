"""safety10: after "I'm pregnant", "I have a headache and my back hurts" got only "Is it your lower
back, or your upper back?". Now the pre-eclampsia line first, with the locale's emergency number,
then the question. In every locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}
LINE = "As you're pregnant, a bad headache can be a sign of pre-eclampsia, so if yours is bad, call your midwife or maternity unit now, or {number} if it's severe."


@pytest.mark.parametrize("locale", LOCALES)
def test_a_headache_with_the_back_after_pregnancy_leads_with_its_line(locale):
    assert_dialog({"name": f"headache and back after pregnancy ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i'm pregnant", "expect": {"speech_starts_with": "Because you're pregnant"}},
        {"say": "i have a headache and my back hurts",
         "expect": {"speech_starts_with": LINE.format(number=EMERGENCY[locale]),
                    "speech_contains": ["Is it your lower back"], "session": "open"}}]})
