"""Checks skill/routing.py's RequestRouter against the SDK's own full scan, request by request.

Installed for every test (tests/conftest.py): whatever a test says to the skill, the handler that
answers must be the one the SDK's GenericRequestMapper, asking every handler in order, would pick.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper

from skill.routing import RequestKind, RequestRouter, kind_of


def _name(chain) -> Optional[str]:
    return type(chain.request_handler).__name__ if chain is not None else None


@dataclass
class RoutingAudit:
    routed: List[Tuple[RequestKind, Optional[str]]] = field(default_factory=list)
    mismatches: List[str] = field(default_factory=list)

    def install(self, monkeypatch) -> "RoutingAudit":
        route = RequestRouter.get_request_handler_chain

        def audited(router, handler_input):
            chosen = route(router, handler_input)
            scanned = GenericRequestMapper.get_request_handler_chain(router, handler_input)
            kind = kind_of(handler_input)
            self.routed.append((kind, _name(chosen)))
            if chosen is not scanned:
                self.mismatches.append(f"{kind}: the router chose {_name(chosen)}, "
                                       f"a full scan {_name(scanned)}")
            return chosen

        monkeypatch.setattr(RequestRouter, "get_request_handler_chain", audited)
        return self
