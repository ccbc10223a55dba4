"""What our request for timer permission carries: the session its answer resumes. Alexa hands the
token back with the answer (Connections.Response), so the session starts even when the database,
which notes it too, is out of reach."""
from __future__ import annotations

from typing import Any, Dict, Optional

from skill.audio.timeline import session_type as session_kind

PERMISSION_TOKEN = "timer-permission"


def permission_token(pending: Dict[str, Any]) -> str:
    """"timer-permission:mat:15", or "timer-permission:heat:20:timer-only" for a device without audio."""
    parts = [PERMISSION_TOKEN, str(pending["type"]), str(int(pending["minutes"]))]
    return ":".join(parts + (["timer-only"] if pending.get("timer_only") else []))


def pending_from_token(token: Optional[str], content_) -> Optional[Dict[str, Any]]:
    """The session a permission answer resumes, read back from permission_token(); None when the
    token is not one of ours (or from before tokens carried it)."""
    parts = (token or "").split(":")
    if len(parts) not in (3, 4) or parts[0] != PERMISSION_TOKEN or parts[1] not in content_.sessions:
        return None
    session_type, minutes, rest = parts[1], parts[2], parts[3:]
    if not minutes.isdigit() or int(minutes) not in session_kind(session_type).allowed_minutes \
            or rest not in ([], ["timer-only"]):
        return None
    return {"type": session_type, "minutes": int(minutes), **({"timer_only": True} if rest else {})}
