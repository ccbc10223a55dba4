"""What people commonly say for Alexa's built-in intents.

Alexa trains these phrasings herself, so a model lists no samples for them (or only extra ones).
The table is a representative subset, enough to simulate a conversation and to spot a custom
sample that collides with a built-in.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

from skill.simulator.model import Sample
from skill.simulator.text import parse_sample

PHRASES: Dict[str, List[str]] = {
    "AMAZON.HelpIntent": ["help", "help me", "i need help", "can you help me", "what can i do",
                          "what can i say", "what can you do", "how does this work",
                          "how do i use this", "what are my options", "options"],
    "AMAZON.StopIntent": ["stop", "stop it", "shut up", "quit", "exit", "be quiet", "off",
                          "goodbye", "bye", "that is enough", "enough"],
    "AMAZON.CancelIntent": ["cancel", "cancel that", "never mind", "nevermind", "forget it"],
    "AMAZON.NextIntent": ["next", "skip", "next step", "skip this", "skip ahead", "next one",
                          "skip this step"],
    "AMAZON.PreviousIntent": ["go back", "previous", "back", "previous step", "go back one",
                              "the previous one"],
    "AMAZON.RepeatIntent": ["repeat", "say that again", "what", "repeat that", "come again",
                            "pardon", "say it again", "can you repeat that", "what did you say",
                            "again"],
    "AMAZON.StartOverIntent": ["start over", "restart", "start again", "begin again",
                               "start from the beginning", "from the beginning"],
    "AMAZON.YesIntent": ["yes", "yeah", "yep", "yes please", "sure", "okay", "ok", "of course",
                         "please do", "sounds good", "all right", "alright", "yup", "correct"],
    "AMAZON.NoIntent": ["no", "nope", "no thanks", "no thank you", "nah", "not now", "not really"],
    "AMAZON.NavigateHomeIntent": ["go home", "home", "main menu", "go to the main menu",
                                  "back to the start"],
    "AMAZON.PauseIntent": ["pause", "pause it", "pause the session", "hold on", "pause that"],
    "AMAZON.ResumeIntent": ["resume", "continue", "unpause", "keep going", "carry on", "play",
                            "resume the session"],
    "AMAZON.LoopOnIntent": ["loop on", "loop", "turn on loop", "loop this", "turn loop on"],
    "AMAZON.LoopOffIntent": ["loop off", "turn off loop", "stop looping", "turn loop off"],
    "AMAZON.ShuffleOnIntent": ["shuffle on", "shuffle", "turn on shuffle", "turn shuffle on"],
    "AMAZON.ShuffleOffIntent": ["shuffle off", "turn off shuffle", "stop shuffling",
                                "turn shuffle off"],
    "AMAZON.FallbackIntent": [],
}

# Intents Alexa sends to the skill that is playing (or last played) audio, even without the
# invocation name and even when the model does not declare them.
AUDIO_INTENTS: Tuple[str, ...] = (
    "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.CancelIntent", "AMAZON.NextIntent",
    "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.StartOverIntent",
    "AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent",
    "AMAZON.ShuffleOffIntent",
)

# While audio plays, "stop" pauses it.
STOP_WHILE_PLAYING = ("stop", "stop it", "stop the session", "stop playing")


def builtin_samples(intent: str, playing: bool = False) -> List[Sample]:
    phrases = list(PHRASES.get(intent, []))
    if playing and intent == "AMAZON.PauseIntent":
        phrases += STOP_WHILE_PLAYING
    if playing and intent == "AMAZON.StopIntent":
        phrases = [p for p in phrases if p not in STOP_WHILE_PLAYING]
    return [Sample(intent, p, tuple(parse_sample(p)), builtin=True) for p in phrases]
