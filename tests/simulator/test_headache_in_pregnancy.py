"""A headache, vision problems or sudden swelling in pregnancy, in words once missed. "I'm pregnant
and I have a headache" (or a migraine) got only the back-care cautions: now the line on
pre-eclampsia first (the midwife or maternity unit now if it's bad, the locale's emergency number
if severe), then the cautions. "My head is killing me", "my vision is funny", "my eyesight is
blurry", "my ankles suddenly swelled up" with pregnancy got the cautions too, and "I've got a
migraine" after it "I don't have tips": the first are pre-eclampsia's red flag now, said with
pregnancy or after it; a migraine is a headache's answer, led by the line. A headache with no
pregnancy is as it was. In every locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}
LINE = "As you're pregnant, a bad headache can be a sign of pre-eclampsia, so if yours is bad, call your midwife or maternity unit now, or {number} if it's severe."
URGENT = "Please get medical help now. In pregnancy, a bad headache, blurred vision, or sudden swelling"
CAUTIONS = "Because you're pregnant, ask your midwife or doctor"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i'm pregnant and i have a headache", "i'm pregnant and i have a migraine"])
def test_a_headache_in_pregnancy_leads_with_pre_eclampsia(locale, said):
    line = LINE.format(number=EMERGENCY[locale])
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": {"speech_starts_with": f"{line} {CAUTIONS}", "session": "open"}}]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("sign", ["my head is killing me", "my vision is funny", "my eyesight is blurry",
                                  "my ankles suddenly swelled up"])
def test_signs_of_pre_eclampsia_in_other_words_are_help_now(locale, sign):
    urgent = {"speech_starts_with": URGENT, "speech_contains": [EMERGENCY[locale], "maternity unit"],
              "speech_not_contains": [CAUTIONS], "session": "closed"}
    assert_dialog({"name": f"{sign} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief i'm pregnant and {sign}", "expect": urgent},
        {"say": "ask back relief i'm pregnant", "expect": {"speech_starts_with": CAUTIONS}},
        {"say": sign, "expect": urgent}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_a_migraine_after_pregnancy_was_said_and_a_headache_without_it(locale):
    line = LINE.format(number=EMERGENCY[locale])
    assert_dialog({"name": f"migraine ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i've got a migraine",
         "expect": {"intent": "HeadacheIntent", "speech_starts_with": "If it came on suddenly and it's severe",
                    "speech_not_contains": ["pre-eclampsia"]}},
        {"say": "ask back relief i have a headache", "expect": {"speech_not_contains": ["pre-eclampsia"]}},
        {"say": "ask back relief i'm pregnant", "expect": {"speech_starts_with": CAUTIONS}},
        {"say": "i've got a migraine", "expect": {"intent": "HeadacheIntent", "speech_starts_with": line}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_a_headache_after_a_birth_leads_with_its_line(locale):
    assert_dialog({"name": f"after a birth ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i just had a baby and i have a headache", "expect": {
            "speech_starts_with": "So soon after a baby, a bad headache can be a sign of pre-eclampsia",
            "speech_contains": [f"or {EMERGENCY[locale]} if it's severe"]}}]})
