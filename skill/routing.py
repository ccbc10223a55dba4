"""Which handler answers a request: the first, in skill.py's order, whose can_handle is true.

The SDK's mapper asks every handler in turn, so "next" in a remedy reached its handler after
some thirty others had said no. Handlers here say which requests they take (`takes`: request
types, and for IntentRequest the intent names), and `RequestRouter` asks only those that take the
request's kind, still in registration order. A `RoutedHandler`'s can_handle is its `takes` first
and its `wants` (state, slots) after, so skipping the handlers that do not take a request changes
nothing about who answers it; a handler that says nothing is asked about every request.

Many handlers look for certain words in any intent (a safety check for "numb", a caution for
"warfarin") and stand before the rest, so every request used to ask each of them in turn. Such a
handler names the words fact its `wants` needs true as `heard` (words_said.WordsFact); the router
works out once per request kind, locale and words which candidates' words facts hold, and asks
`wants` only of those.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_runtime.dispatch_components.request_components import (GenericRequestHandlerChain,
                                                                      GenericRequestMapper)

from skill.handlers.words_said import WordsFact, request_words

INTENT_REQUEST = "IntentRequest"
RequestKind = Tuple[str, Optional[str]]       # (request type, intent name for an IntentRequest)


@dataclass(frozen=True)
class Takes:
    """Request types a handler takes; for IntentRequest, the intent names (None: every intent)."""

    request_types: FrozenSet[str]
    intent_names: Optional[FrozenSet[str]] = frozenset()

    def __or__(self, other: "Takes") -> "Takes":
        names = (None if self.intent_names is None or other.intent_names is None
                 else self.intent_names | other.intent_names)
        return Takes(self.request_types | other.request_types, names)

    def covers(self, kind: RequestKind) -> bool:
        request_type, intent = kind
        if request_type not in self.request_types:
            return False
        return request_type != INTENT_REQUEST or self.intent_names is None or intent in self.intent_names


def intents(*names: str) -> Takes:
    return Takes(frozenset({INTENT_REQUEST}), frozenset(names))


def requests(*request_types: str) -> Takes:
    return Takes(frozenset(request_types))


ANY_INTENT = Takes(frozenset({INTENT_REQUEST}), None)


def kind_of(handler_input: HandlerInput) -> RequestKind:
    request = handler_input.request_envelope.request
    request_type = getattr(request, "object_type", None)
    if request_type != INTENT_REQUEST:
        return request_type, None
    intent = getattr(request, "intent", None)
    return request_type, getattr(intent, "name", None)


class RoutedHandler(AbstractRequestHandler):
    """A request handler that names the requests it takes; `wants` adds any other condition."""

    takes: Takes
    # A words fact that `wants` is never true without: for requests whose words it is false of,
    # the router does not ask `wants`. None: `wants` is asked of every request taken. can_handle
    # leaves it out, so the tests' routing audit (a full scan by can_handle) catches a `wants`
    # that says yes where its `heard` says no.
    heard: Optional[WordsFact] = None

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return self.takes.covers(kind_of(handler_input)) and self.wants(handler_input)

    def wants(self, handler_input: HandlerInput) -> bool:
        return True


class RequestRouter(GenericRequestMapper):
    """The SDK's request mapper, asking only the handlers that take a request's kind."""

    MAX_KINDS = 256         # request types and intents seen; more are routed without remembering
    MAX_WORDS = 4096        # kinds, locales and words remembered with the candidates they leave

    def __init__(self, request_handler_chains: List[GenericRequestHandlerChain]) -> None:
        super().__init__(request_handler_chains)
        self._by_kind: Dict[RequestKind, Tuple[GenericRequestHandlerChain, ...]] = {}
        self._by_words: Dict[Tuple[Any, ...], Tuple[GenericRequestHandlerChain, ...]] = {}

    def add_request_handler_chain(self, request_handler_chain: GenericRequestHandlerChain) -> None:
        super().add_request_handler_chain(request_handler_chain)
        self._by_kind, self._by_words = {}, {}

    def candidates(self, kind: RequestKind) -> Tuple[GenericRequestHandlerChain, ...]:
        """The chains whose handler may take `kind`, in registration order."""
        chains = self._by_kind.get(kind)
        if chains is None:
            chains = tuple(chain for chain in self.request_handler_chains
                           if not isinstance(chain.request_handler, RoutedHandler)
                           or chain.request_handler.takes.covers(kind))
            if len(self._by_kind) < self.MAX_KINDS:
                self._by_kind[kind] = chains
        return chains

    def heard_candidates(self, kind: RequestKind, handler_input: HandlerInput
                         ) -> Tuple[GenericRequestHandlerChain, ...]:
        """`candidates(kind)` less the handlers whose `heard` words fact is false of the request's
        words, worked out once per kind, locale and words."""
        locale, words = request_words(handler_input)
        key = (kind, locale, words)
        chains = self._by_words.get(key)
        if chains is None:
            chains = tuple(chain for chain in self.candidates(kind)
                           if getattr(chain.request_handler, "heard", None) is None
                           or chain.request_handler.heard.by_words(locale, words))
            if len(self._by_words) >= self.MAX_WORDS:
                self._by_words = {}         # start again rather than keep the first words forever
            self._by_words[key] = chains
        return chains

    def get_request_handler_chain(self, handler_input: HandlerInput) -> Optional[GenericRequestHandlerChain]:
        kind = kind_of(handler_input)
        chains = self.heard_candidates(kind, handler_input) if kind[0] == INTENT_REQUEST else self.candidates(kind)
        for chain in chains:
            handler = chain.request_handler
            # A routed handler takes this kind and its words (that is how it became a
            # candidate): only its other conditions are left to ask.
            routed = isinstance(handler, RoutedHandler)
            if handler.wants(handler_input) if routed else handler.can_handle(handler_input):
                return chain
        return None
