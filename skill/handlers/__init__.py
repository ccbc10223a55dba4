"""Request handlers, grouped by what the person is doing:

    safety            red flags: "get medical help now", before anything else
    remedies          "my lower back is spasming" → steps; clarifying questions; "what else can I do"
    remedy_rules      which remedy a body area and a feeling lead to (vocabulary.yaml: remedy_rules)
    remedy_steps      saying a remedy's steps, one per turn, and the question asked instead
    questions         "when should I see a doctor", "can I take ibuprofen", "how should I sleep"
    stretches         "what stretches can I do", "give me a stretch for my lower back"
    navigation        next / go back / repeat / start over through a remedy's steps; "repeat that"
    sessions          asking for a timed session; session_starter starts it (bounds, timer
                      permission, no-audio devices)
    session_words     what the words say about one: how long, which kind, "just a quick one"
    running_session   the session on this device: where it is; pausing, resuming, extending, ending
                      it; holding it while we talk
    session_controls  pause, resume, start over, stop, "I'm done", "five more minutes" and "how much
                      time is left" while one runs
    audio_events      AudioPlayer, button and system events (no speech allowed in the answers)
    preferences       saved lengths by voice, "forget my preferences", "my usual", "same as last time"
    history_questions "what did I do last time", "did I finish my session", "how many this week"
    privacy           "what do you know about me", "forget everything about me", the skill disabled
    memory_by_voice   what those three share (memory out of reach, short answers, lengths said)
    builtins          launch, help, stop, "thank you", yes/no, fallback, session ended
    errors            the catch-all exception handler and the handler of last resort

What they share: conversation (the conversation and where the steps are, with the locale's
content), memory (the person's memory), slots (slots and the words in them) and replies (speaking,
the first-use notice, the steps going on after an answer, the remedy's card).

The routing order lives in one place: skill/skill.py.
"""
