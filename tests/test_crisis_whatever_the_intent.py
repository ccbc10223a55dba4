""""No, I want to die" to one of our yes/no offers, however Alexa maps it: the "no {red_flag}"
sample may take "no not now" and leave the rest, or another intent's slot may catch the words.
Through the webhook, after the last step's offer of a session: the crisis line leads."""
import pytest


@pytest.mark.parametrize("intent, slots", [
    ("RedFlagIntent", {"red_flag": "not now i want to die"}),       # "no {red_flag}" taking "no not now"
    ("RedFlagIntent", {"red_flag": "i don't want to live"}),
    ("StartSessionIntent", {"session_type": "die"}),                # "i want to {session_type}"
    ("StartSessionIntent", {"session_type": "kill myself"}),
    ("RemedyIntent", {"symptom": "want to die"}),                   # "i {symptom}"
])
def test_whatever_intent_carries_it_the_crisis_line_leads(alexa, intent, slots):
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    for _ in range(6):
        alexa.intent("AMAZON.NextIntent")               # the last step offers a mat session
    reply = alexa.intent(intent, **slots)
    assert reply.speech.startswith("I'm so sorry you're hurting this much"), reply.speech
    assert "nine eight eight" in reply.speech and reply.ended
