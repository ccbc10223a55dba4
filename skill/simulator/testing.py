"""Conversation regression tests as YAML files, for pytest.

    # tests/simulator/test_dialogs.py
    @pytest.mark.parametrize("path", dialog_files(), ids=lambda p: p.stem)
    def test_dialog(path):
        assert_dialog(path)

The tests' clock starts at 10:00 UTC today, whatever the hour CI runs at (a dialog that waits an
hour from 23:30 would cross midnight only on some runs), unless SKILL_TEST_START names an instant
(`SKILL_TEST_START=2026-03-14T23:30:00Z make test`): then every dialog, and every test request
stamped by tests/conftest.py's RequestClock, starts there. tests/simulator/test_dialogs_at_any_hour.py
runs the dialogs that depend on the day at night instants of its own.
"""
from __future__ import annotations

import os
from datetime import datetime, time, timezone
from pathlib import Path
from typing import Any, List, Optional, Union

from skill.config import PROJECT_DIR
from skill.simulator.dialogs import DialogResult, run_dialog
from skill.simulator.transport import Transport, in_process_transport

DIALOG_DIR = PROJECT_DIR / "tests" / "dialogs"
START_ENV = "SKILL_TEST_START"
DEFAULT_START_TIME = time(10, 0, tzinfo=timezone.utc)    # of today, when SKILL_TEST_START is not set


def parse_instant(text: str) -> datetime:
    """An ISO-8601 instant ("2026-03-14T23:30:00Z", "2026-03-29T00:59:00+00:00"), in UTC; one
    without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not an ISO-8601 instant: {text!r} (for example 2026-03-14T23:30:00Z)") from None
    moment = moment if moment.utcoffset() is not None else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def chosen_start() -> datetime:
    """The instant the tests' clock starts at: $SKILL_TEST_START, else 10:00 UTC today."""
    text = os.environ.get(START_ENV, "").strip()
    if text:
        return parse_instant(text)
    return datetime.combine(datetime.now(timezone.utc).date(), DEFAULT_START_TIME)


def dialog_files(directory: Union[str, Path] = DIALOG_DIR) -> List[Path]:
    """The dialogs in a folder: *.yaml and *.yml (with expectations) and *.json (`ask dialog`)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def assert_dialog(path: Union[str, Path], transport: Optional[Transport] = None,
                  **options: Any) -> DialogResult:
    """Run a dialog (against the in-process skill unless a transport is given); raise
    AssertionError naming every failing turn. It starts at `start=`, else at chosen_start()."""
    options.setdefault("start", chosen_start())
    own = transport is None
    transport = transport or in_process_transport()
    try:
        result = run_dialog(path, transport, **options)
    finally:
        if own and hasattr(transport, "close"):
            transport.close()
    if not result.passed:
        raise AssertionError(result.report())
    return result
