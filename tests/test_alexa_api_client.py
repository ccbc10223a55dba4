"""The client for Alexa's own APIs (timers, the device's time zone) gives up on a call that hangs,
so a slow Alexa API costs an answer its spoken timer or its local day, never the answer itself:
Alexa waits about eight seconds for us."""
from __future__ import annotations

import socket
import threading

import pytest
from ask_sdk_model.services import ApiClientRequest

from skill.alerts import AlexaApiClient


def test_a_call_to_an_api_that_never_answers_fails_instead_of_hanging():
    # A server that takes the connection (the kernel does, from its backlog) and never says a
    # word: without a timeout, the TLS handshake waits forever.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    outcome = {}

    def call():
        try:
            AlexaApiClient(timeout_s=0.5).invoke(ApiClientRequest(
                method="GET", url=f"https://127.0.0.1:{port}/v2/devices/d/settings/System.timeZone",
                headers=[("Authorization", "Bearer x")]))
            outcome["result"] = "answered"
        except Exception as failure:  # noqa: BLE001 - what the skill's callers catch
            outcome["result"] = type(failure).__name__

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    caller.join(30)             # generous: this asserts that it returns, not how fast
    silent.close()
    assert not caller.is_alive(), "the call to a silent API never returned"
    assert outcome["result"] == "ApiClientException"


@pytest.mark.parametrize("scheme", ["http"])
def test_plain_http_is_refused_as_the_sdk_refuses_it(scheme):
    with pytest.raises(Exception, match="non-HTTPS"):
        AlexaApiClient().invoke(ApiClientRequest(method="GET", url=f"{scheme}://127.0.0.1:9/x", headers=[]))
