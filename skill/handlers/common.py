"""Where the handlers' shared helpers used to live, kept so that imports from here still work.

They now live by what they are: slots.py (slots and the words in them), conversation.py (the
conversation and where the steps are), memory.py (the person's memory) and replies.py (replies,
the first-use notice and cards). Import from those: these re-exports are for the modules still
importing from here (preferences, history_questions, privacy, memory_by_voice, sessions), and go
once they don't.
"""
from __future__ import annotations

from skill.handlers.conversation import (  # noqa: F401 - re-exported for the modules above
    CONFIRMATIONS, FEELING, MORE_TOLD, OFFERED_FEELING, PLACE_KEPT, QUESTION_KEYS, SESSION_NOTE, STEP_NOTES,
    WARNED_IN_FALLBACK, content, conversation, drop_confirmation, drop_question, first_fallback,
    keep_place_for_a_break, move_kept_place, note_around_birth, open_remedy_name, place_in_steps, remedy_name,
    remedy_note, steps_to_come)
from skill.handlers.memory import (  # noqa: F401 - re-exported for the modules above
    LAST_SESSION, REPLACED, SETTLED, memory, memory_available, memory_noting, note_without_reading,
    replaced_by_notes)
from skill.handlers.replies import (  # noqa: F401 - re-exported for the modules above
    ANSWERED, NOTICE_LAST, NOTICE_PLACED, WARNED, back_to_the_steps, first_use_notice, hold_back_notice,
    no_session_reply, notice_last, offered_session, remedy_card, reply, steps_go_on, steps_reprompt, where_in_steps)
from skill.handlers.slots import (  # noqa: F401 - re-exported for the modules above
    SAID_WORDS, SlotReading, read_slot, said_words, slot_values, unknown_words)
from skill.responses import text  # noqa: F401 - re-exported for the modules above
