"""`python -m skill simulate` / `python -m skill.simulator`: line mode, scripts, --url."""
import io
import subprocess
import sys
import threading

import pytest
from werkzeug.serving import make_server

from skill.simulator.cli import simulate_main
from skill.simulator.transport import FlaskTransport, HttpTransport, TransportError
from tests.simulator.conftest import PACKAGE, stub_app

ROOT = PACKAGE.parents[4]


class Pipe(io.StringIO):
    def isatty(self):
        return False


def run(lines, *args, transport=None):
    out, err = io.StringIO(), io.StringIO()
    status = simulate_main(["--model-dir", str(PACKAGE), *args], stdin=Pipe("\n".join(lines) + "\n"),
                           stdout=out, stderr=err, transport=transport or FlaskTransport(stub_app()))
    return status, out.getvalue(), err.getvalue()


def test_line_mode_prints_each_reply():
    status, out, _ = run(["# a comment", "", "open back relief", "my neck is sore", ":quit", "never sent"])
    assert status == 0
    assert out.splitlines()[0] == "you › open back relief"
    assert "  Alexa: Welcome to back relief. … What is going on?" in out
    assert "  → IntentRequest RemedyIntent area=\"neck\" → NECK symptom=\"sore\" → SORE" in out
    assert "never sent" not in out and "comment" not in out


def test_help_and_json_toggle():
    _, out, _ = run([":help", ":json on", "open back relief"])
    assert ":wait 5m" in out and "── request ──" in out and '"type": "LaunchRequest"' in out


def test_exit_status_1_when_alexa_would_refuse_something():
    status, out, _ = run(["ask back relief to start a bad session"])
    assert status == 1 and "⚠ not allowed by Alexa" in out


def test_script_option_replays_a_dialog():
    status, out, _ = run([], "--script", str(ROOT / "tests/simulator/dialogs/stub_replay.json"))
    assert status == 0 and "✓ dialog" in out


def test_script_with_a_failing_expectation(tmp_path):
    dialog = tmp_path / "failing.yaml"
    dialog.write_text(f"model: {PACKAGE}\nturns:\n  - say: open back relief\n"
                      "    expect: {session: closed}\n")
    status, out, _ = run([], "--script", str(dialog))
    assert status == 1 and "turn 1 ('open back relief'): expected the session closed, it is open" in out


def test_missing_model_is_a_clear_error(tmp_path):
    err = io.StringIO()
    status = simulate_main(["--model-dir", str(tmp_path)], stdin=Pipe(""), stdout=io.StringIO(),
                           stderr=err, transport=FlaskTransport(stub_app()))
    assert status == 2 and "no interaction model for en-US" in err.getvalue()


@pytest.fixture
def server():
    httpd = make_server("127.0.0.1", 0, stub_app())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/alexa"
    httpd.shutdown()
    thread.join()


def test_http_transport(server):
    transport = HttpTransport(server)
    from skill.simulator.envelopes import EnvelopeFactory
    assert transport.send(EnvelopeFactory().launch())["response"]["shouldEndSession"] is False
    with pytest.raises(TransportError, match="HTTP 500"):
        transport.send(EnvelopeFactory().intent("AMAZON.NavigateHomeIntent"))
    with pytest.raises(TransportError, match="cannot reach"):
        HttpTransport("http://127.0.0.1:9/alexa", timeout=2).send({})


def test_module_reads_utterances_from_a_pipe(server):
    lines = "open back relief\nstart a mat session\n:wait 11m\n"
    done = subprocess.run([sys.executable, "-m", "skill.simulator", "--url", server, "--model-dir", str(PACKAGE)],
                          input=lines, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--no-verify" in done.stderr
    assert "you › start a mat session" in done.stdout
    assert "▶ playing mat-10 from 0:00" in done.stdout
    assert "↳ AudioPlayer.PlaybackFinished  mat-10 at 10:07" in done.stdout
