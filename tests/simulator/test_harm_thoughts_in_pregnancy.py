"""Thoughts of harming herself or someone else in pregnancy: the crisis line first, never
pregnancy's cautions in its place (a sweep found "I'm pregnant and I'm thinking of harming the
baby" answered with "ask your midwife before any medicine"). A worry that something we suggest
could hurt the baby, or saying she doesn't want to hurt anyone, is no crisis. Through the
resolver and the real skill, in every locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import CRISIS_LINES, LOCALES

CRISIS = "I'm so sorry you're hurting this much"
PREGNANCY_CAUTIONS = "Because you're pregnant"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", [
    "i'm pregnant and i want to hurt myself",
    "i'm pregnant and i don't want to be here anymore",
    "i'm pregnant and i'm thinking of harming the baby",
    "i'm pregnant and i want to hurt my baby",
    "i'm pregnant and i feel like hurting my partner",
    "i'm thirty weeks pregnant and i want to hurt someone",
])
def test_said_with_pregnancy_the_crisis_line_leads(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": {
            "speech_starts_with": CRISIS, "speech_contains": [CRISIS_LINES[locale]],
            "speech_not_contains": [PREGNANCY_CAUTIONS], "session": "closed"}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_said_after_pregnancy_was_mentioned_the_crisis_line_leads(locale):
    assert_dialog({"name": f"after pregnancy ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i'm pregnant and my lower back is spasming",
         "expect": {"speech_starts_with": PREGNANCY_CAUTIONS, "session": "open"}},
        {"say": "i keep thinking about hurting the baby", "expect": {
            "speech_starts_with": CRISIS, "speech_contains": [CRISIS_LINES[locale], "pregnancy"],
            "session": "closed"}}]})


@pytest.mark.parametrize("said", [
    "i want to hurt my baby",           # once 'I can't time "hurt my baby"'
    "i want to hurt someone",
])
def test_harming_someone_else_said_alone_gets_the_crisis_line(said):
    assert_dialog({"name": said, "turns": [{"say": f"ask back relief {said}", "expect": {
        "speech_starts_with": CRISIS, "speech_not_contains": ["can't time"], "session": "closed"}}]})


@pytest.mark.parametrize("said, starts", [
    ("i'm pregnant and i'm scared i'll hurt the baby if i lie on my back", PREGNANCY_CAUTIONS),
    ("i'm pregnant and i don't want to hurt the baby", PREGNANCY_CAUTIONS),
    ("i just had a baby and i don't want to hurt her when i lift her", "Soon after having a baby"),
])
def test_a_worry_for_the_baby_is_no_crisis(said, starts):
    assert_dialog({"name": said, "turns": [{"say": f"ask back relief {said}", "expect": {
        "speech_starts_with": starts, "speech_not_contains": ["nine eight eight"]}}]})
