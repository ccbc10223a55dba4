"""Everyday questions in a flare-up have answers of their own now ("will this go away on its own",
"how do I get in the car", "can I drive", "could it be my kidneys", "I have a headache too", "my
back spasms every morning"): before, most got the general warning signs, "Sorry, I didn't catch
that" or "I don't have an answer", in every locale. A red flag said with any of them still gets
"get medical help now" first."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

NOW = "Please get medical help now."
GENERAL_SIGNS = "If you have numbness in your groin or legs"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said, intent, heard, with_a_red_flag", [
    ("will this go away on its own", "HowLongIntent", "I can't promise how long yours will last",
     "will it go away on its own i have a fever"),
    ("how do i sit on the toilet", "MovingAroundIntent", "Bend your knees, not your back",
     "how do i sit on the toilet i've wet myself"),
    ("how do i get in the car", "MovingAroundIntent", "Bend your knees, not your back",
     "how do i get in the car i fell down the stairs"),
    ("i can't turn over in bed", "MovingAroundIntent", "roll onto your side in one piece",
     "i can't turn over in bed and i can't feel my legs"),
    ("can i drive", "SelfCareQuestionIntent", "stops you turning to look or braking hard",
     "can i drive my legs are numb"),
    ("could it be my kidneys", "KidneysIntent", "kidney trouble can feel like back pain",
     "could it be my kidneys i have a fever"),
    ("i have a headache too", "HeadacheIntent", "ask a pharmacist what you can take",
     "i have a headache and a stiff neck"),
    ("my back spasms every morning", "CauseIntent", "If it keeps coming back, have it checked",
     "my back spasms every morning and i have a fever"),
    ("it keeps happening", "CauseIntent", "If it keeps coming back, have it checked",
     "it keeps happening and my legs are weak"),
])
def test_answered_and_a_red_flag_said_with_it_still_comes_first(locale, said, intent, heard, with_a_red_flag):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}",
         "expect": {"intent": intent, "speech_contains": [heard],
                    "speech_not_contains": [GENERAL_SIGNS, "didn't catch that", "I don't have"]}},
        {"say": f"ask back relief {with_a_red_flag}", "expect": {"speech_starts_with": NOW}}]})
