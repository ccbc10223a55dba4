"""What the handlers about this device's session share (session_controls.py, session_info.py):
they act through the session controls, and most answer from the session running here or, with
none, say so (just after the end bells, that it has finished).
"""
from __future__ import annotations

from abc import abstractmethod

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers.conversation import content
from skill.handlers.red_flags_said import detected_red_flags
from skill.handlers.replies import no_session_reply, reply
from skill.handlers.running_session import RunningSession, SessionControls, running_session
from skill.handlers.session_endings import just_finished
from skill.routing import RoutedHandler


def finished_or_no_session(handler_input: HandlerInput):
    """With no session here: just after the end bells, that it is finished (it counts as done);
    otherwise, that none is running."""
    finished = just_finished(handler_input)
    return reply(handler_input, finished) if finished else no_session_reply(handler_input)


class SessionHandler(RoutedHandler):
    """A handler that acts on this device's session through the session controls."""

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls


class WordsCheckHandler(SessionHandler):
    """Answers certain words said in any intent ("my legs are numb", "I took two ibuprofen") when
    its `heard` words fact holds of them and no red flag was said with them: a red flag's warning
    comes first (safety.RedFlagHandler). The router asks it only of words `heard` holds for."""

    def wants(self, handler_input: HandlerInput) -> bool:
        return bool(self.heard(handler_input)) and not detected_red_flags(handler_input)


class RunningSessionHandler(SessionHandler):
    """A handler that answers about the session running here (`about`), or, with none (one whose
    time is up is none: running_session), `no_session`."""

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        session = running_session(handler_input)
        if session is None:
            return self.no_session(handler_input, content_)
        return self.about(handler_input, content_, session)

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        """Finished just now, or none running (finished_or_no_session)."""
        return finished_or_no_session(handler_input)

    @abstractmethod
    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        """The answer with the session running here."""
