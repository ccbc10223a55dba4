"""AudioPlayer and system events. Alexa allows only AudioPlayer directives in these answers — no
speech, card or reprompt — and nothing at all for PlaybackStopped; session attributes don't exist
here, so everything worth keeping goes to persistent attributes: the device's playback state, and
the history of whoever started the session (these events carry no voice profile)."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.memory import memory, note_without_reading
from skill.handlers.session_endings import count_as_finished
from skill.playback import SessionToken, device_key, state_of, stopped_key
from skill.routing import RoutedHandler, requests

log = logging.getLogger("skill.audio_events")


def _our_state(handler_input: HandlerInput):
    """(token, saved state) when the event is about this device's current session."""
    request = handler_input.request_envelope.request
    token = SessionToken.parse(getattr(request, "token", None))
    state = state_of(memory(handler_input), device_key(handler_input))
    if token is None or state is None or state.get("token") != str(token):
        return token, None
    return token, state


class PlaybackStoppedHandler(RoutedHandler):
    """Remember where the audio stopped, for resume and time left when Alexa's own report of the
    player is not about our session (another stream played since, or another device asks)."""

    takes = requests("AudioPlayer.PlaybackStopped")

    def handle(self, handler_input: HandlerInput):
        request = handler_input.request_envelope.request
        token = SessionToken.parse(getattr(request, "token", None))
        if token is not None:
            # Written blind, so the event costs one round trip; a run that is not this device's
            # current one is simply never laid over its state (playback.state_of).
            note_without_reading(handler_input, {stopped_key(device_key(handler_input)): {
                "run": token.run, "offset_ms": int(request.offset_in_milliseconds or 0)}})
        return handler_input.response_builder.response


class PlaybackProgressHandler(RoutedHandler):
    """Started and nearly finished tell us nothing to keep: playback starts where our Play directive
    said (which we saved with it), and nothing is queued after a session. Acknowledged without
    touching memory, so they cost no database round trip."""

    takes = requests("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished")

    def handle(self, handler_input: HandlerInput):
        return handler_input.response_builder.response


class PlaybackFinishedHandler(RoutedHandler):
    """The whole session played: counted as finished (session_endings.count_as_finished), unless
    something said as its end bells rang has counted it already."""

    takes = requests("AudioPlayer.PlaybackFinished")

    def handle(self, handler_input: HandlerInput):
        token, state = _our_state(handler_input)
        if state is not None:
            count_as_finished(handler_input, token, state)
        return handler_input.response_builder.response


class PlaybackFailedHandler(RoutedHandler):
    takes = requests("AudioPlayer.PlaybackFailed")

    def handle(self, handler_input: HandlerInput):
        error = handler_input.request_envelope.request.error
        log.warning("playback failed: %s %s", getattr(getattr(error, "object_type", None), "value", None),
                    getattr(error, "message", None))
        return handler_input.response_builder.response


class PlaybackButtonsHandler(RoutedHandler):
    """Next and previous buttons: a timed session has nothing to skip to."""

    takes = requests("PlaybackController.NextCommandIssued", "PlaybackController.PreviousCommandIssued")

    def handle(self, handler_input: HandlerInput):
        return handler_input.response_builder.response


class SystemExceptionHandler(RoutedHandler):
    """Alexa tells us a response of ours was rejected; only logging is possible here."""

    takes = requests("System.ExceptionEncountered")

    def handle(self, handler_input: HandlerInput):
        error = handler_input.request_envelope.request.error
        log.error("Alexa rejected a response: %s %s", getattr(getattr(error, "object_type", None), "value", None),
                  getattr(error, "message", None))
        return handler_input.response_builder.response
