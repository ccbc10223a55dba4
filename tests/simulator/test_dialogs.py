"""Scripted dialogs: the project's conversation regression tests (tests/dialogs/*.yaml against the
real skill, in-process) and the dialog runner itself (against the stub skill)."""
from pathlib import Path

import pytest

from skill.config import PROJECT_DIR
from skill.simulator.dialogs import DialogError, load_dialog, run_dialog
from skill.simulator.testing import DIALOG_DIR, assert_dialog, dialog_files
from skill.simulator.transport import FlaskTransport
from tests.simulator.conftest import PACKAGE, stub_app

HERE = Path(__file__).resolve().parent
STUB_DIALOGS = HERE / "dialogs"
REAL_DIALOGS = dialog_files(DIALOG_DIR)


def _real_app_reason():
    try:
        import skill.app  # noqa: F401
    except ImportError as exc:
        return f"skill.app cannot be imported yet: {exc}"
    if not (PROJECT_DIR / "interaction_model" / "skill.json").exists():
        return "interaction_model/ is not there yet"
    return None


@pytest.mark.skipif(not REAL_DIALOGS, reason=f"no dialogs in {DIALOG_DIR} yet")
@pytest.mark.parametrize("path", REAL_DIALOGS, ids=lambda p: p.stem)
def test_project_dialog(path):
    reason = _real_app_reason()
    if reason:
        pytest.skip(reason)
    assert_dialog(path)


@pytest.mark.parametrize("path", dialog_files(STUB_DIALOGS), ids=lambda p: p.name)
def test_stub_dialogs_pass(path):
    assert_dialog(path, FlaskTransport(stub_app()))


def _run(turns, **extra):
    dialog = {"name": "inline", "model": str(PACKAGE), "turns": turns, **extra}
    return run_dialog(dialog, FlaskTransport(stub_app()))


def test_failures_name_the_turn_and_say_what_alexa_said():
    result = _run([
        {"say": "open back relief", "expect": {"speech_contains": "goodbye", "session": "closed"}},
        {"say": "what helps my neck", "expect": {"intent": "StartSessionIntent", "card_title": "Nope"}},
    ])
    assert not result.passed
    report = result.report()
    assert "turn 1 ('open back relief'): expected speech to contain 'goodbye'; Alexa said: " \
           "\"Welcome to back relief. … What is going on?\"" in report
    assert "turn 1 ('open back relief'): expected the session closed, it is open" in report
    assert "turn 2 ('what helps my neck'): expected intent StartSessionIntent, Alexa sent RemedyIntent " \
           "(matched sample 'what helps my {area}')" in report
    assert "expected card title 'Nope', got 'Relief for NECK'" in report


def test_speech_must_start_with_what_was_expected():
    # The welcome contains "What is going on" but does not start with it.
    late = _run([{"say": "open back relief", "expect": {"speech_starts_with": "What is going on"}}])
    assert "turn 1 ('open back relief'): expected speech to start with 'What is going on'" in late.report()
    first = _run([{"say": "open back relief", "expect": {"speech_starts_with": "welcome to BACK relief"}}])
    assert first.passed, first.report()


def test_expectations_on_an_utterance_alexa_keeps():
    result = _run([{"say": "what helps my neck", "expect": {"intent": "RemedyIntent"}}])
    assert "Alexa sent nothing the skill answered (Alexa would handle this herself" in result.report()


def test_violations_fail_the_turn_unless_allowed():
    bad = {"say": "ask back relief to start a bad session"}
    assert "not allowed by Alexa: AudioPlayer.PlaybackStarted" in _run([bad]).report()
    assert _run([dict(bad, expect={"allow_violations": True})]).passed


def test_skill_failures_fail_the_turn_unless_expected():
    turns = [{"say": "open back relief"}, {"say": "go home"}]
    assert "IntentRequest failed: HTTP 500" in _run(turns).report()
    turns[1]["expect"] = {"error": True}
    assert _run(turns).passed


def test_ask_dialog_replay_file(capsys):
    import io
    out = io.StringIO()
    result = run_dialog(STUB_DIALOGS / "stub_replay.json", FlaskTransport(stub_app()), out=out)
    assert result.passed
    assert [t.turn.main.request_type for t in result.turns] == ["LaunchRequest", "IntentRequest", "IntentRequest"]
    assert "you › what helps my neck" in out.getvalue() and "✓ dialog" in out.getvalue()


@pytest.mark.parametrize("dialog, message", [
    ({"turns": [{"say": "hi", "expect": {"speach_contains": "x"}}]}, "unknown expectation(s) ['speach_contains']"),
    ({"turns": [{"say": "hi", "wait": "5m"}]}, "needs exactly one of say/wait/do"),
    ({"turns": [42]}, "expected text or a mapping"),
    ({"nothing": []}, "needs `turns`"),
])
def test_broken_dialog_files_are_reported(dialog, message):
    with pytest.raises(DialogError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")
                       .replace(")", r"\)")):
        load_dialog(dialog)
    assert message in run_dialog(dialog, FlaskTransport(stub_app())).report()


def test_dialog_files_lists_yaml_and_json(tmp_path):
    assert dialog_files(tmp_path / "missing") == []
    (tmp_path / "a.yaml").write_text("turns: []")
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("")
    assert [p.name for p in dialog_files(tmp_path)] == ["a.yaml", "b.json"]


def test_speech_rate_is_the_pace_alexa_was_told_to_speak_at():
    # The stub speaks without <prosody>: no rate to match.
    result = _run([{"say": "open back relief", "expect": {"speech_rate": "80%"}}])
    assert "turn 1 ('open back relief'): expected speech at rate 80%, got no rate" in result.report()
