"""What tests that run in every locale share: the locales the skill ships (skill/content/
locales.yaml), and words each locale's crisis line is said with (a new locale's tests fail until
it has its own here)."""
from skill.content import supported_locales

LOCALES = supported_locales()
CRISIS_LINES = {"en-US": "nine eight eight", "en-CA": "nine eight eight", "en-GB": "Samaritans",
                "en-AU": "Lifeline", "en-IN": "Tele MANAS"}
