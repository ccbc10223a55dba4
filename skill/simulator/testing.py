"""Conversation regression tests as YAML files, for pytest.

    # tests/simulator/test_dialogs.py
    @pytest.mark.parametrize("path", dialog_files(), ids=lambda p: p.stem)
    def test_dialog(path):
        assert_dialog(path)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional, Union

from skill.config import PROJECT_DIR
from skill.simulator.dialogs import DialogResult, run_dialog
from skill.simulator.transport import Transport, in_process_transport

DIALOG_DIR = PROJECT_DIR / "tests" / "dialogs"


def dialog_files(directory: Union[str, Path] = DIALOG_DIR) -> List[Path]:
    """The dialogs in a folder: *.yaml and *.yml (with expectations) and *.json (`ask dialog`)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def assert_dialog(path: Union[str, Path], transport: Optional[Transport] = None,
                  **options: Any) -> DialogResult:
    """Run a dialog (against the in-process skill unless a transport is given); raise
    AssertionError naming every failing turn."""
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
