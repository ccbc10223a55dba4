"""The circuit breaker on its own, with a hand-driven clock."""
from __future__ import annotations

import logging

from skill.store.breaker import CircuitBreaker, describe


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_skips_during_cooldown_and_lets_one_probe_through(caplog):
    caplog.set_level(logging.INFO, logger="test.breaker")
    clock = Clock()
    breaker = CircuitBreaker(5.0, logging.getLogger("test.breaker"), clock)
    assert breaker.allow() and not breaker.is_open
    breaker.failed(TimeoutError())
    assert not breaker.allow()
    clock.now += 5.0
    assert breaker.allow()                  # the probe
    assert not breaker.allow()              # everyone else keeps skipping meanwhile
    breaker.failed(TimeoutError())          # probe failed: still one warning in all
    clock.now += 5.0
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.allow() and breaker.allow() and not breaker.is_open
    breaker.succeeded()
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert messages == [
        ("WARNING", "database unavailable (TimeoutError); answering without memory, retrying every 5 s"),
        ("INFO", "database available again after 10.0 s; memory restored"),
    ]


def test_describe_names_classes_only():
    class Wrapped(Exception):
        pass

    exc = Wrapped("connection to host secret.example failed for user amzn1.ask.account.X")
    exc.orig = ConnectionRefusedError("details")
    assert describe(exc) == "Wrapped (builtins.ConnectionRefusedError)"
    assert describe(ValueError("amzn1.ask.account.X")) == "ValueError"
