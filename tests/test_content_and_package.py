"""The content rules a person relies on, and the generated skill package being current."""
from __future__ import annotations

import re

import pytest

from skill.content import content_for, supported_locales
from skill.handlers.safety import red_flags_in
from skill.package import package_files

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]


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
        for step in condition.steps:
            assert len(step.split()) <= 30, f"{condition.id}: {step}"


@pytest.mark.parametrize("locale", LOCALES)
def test_medicines_and_supplements_always_name_the_doctor(locale):
    content = content_for(locale)
    for condition in content.conditions.values():
        for line in condition.steps + condition.caveats + condition.more:
            if re.search(r"magnesium|ibuprofen|anti-inflammator|supplement|naproxen", line, re.I):
                assert re.search(r"doctor|pharmacist", line, re.I), f"{condition.id}: {line}"


@pytest.mark.parametrize("phrase", ["it hurts to breathe", "hurts when i breathe", "pain when i breathe",
                                    "short of breath", "can't catch my breath", "trouble breathing",
                                    "can't breathe"])
def test_breathing_phrases_are_their_own_red_flag(phrase):
    assert red_flags_in(content_for("en-US"), phrase) == ["trouble_breathing"]


def test_physical_therapy_caveat_carries_over_from_the_articles():
    for condition_id in ("lower_back_spasm", "back_knots", "sore_muscles"):
        caveats = " ".join(content_for("en-US").conditions[condition_id].caveats)
        assert "physical therapist" in caveats and "beyond what's usual" in caveats


def test_locale_terms_fill_content():
    assert "physiotherapist" in " ".join(content_for("en-GB").conditions["back_knots"].caveats)
    assert "triple zero" in content_for("en-AU").say("red_flag_action")


def test_unknown_locale_falls_back_to_us_english():
    assert content_for("fr-FR").locale == "en-US"
