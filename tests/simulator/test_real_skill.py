"""The simulator against the real skill, in-process: a whole flare-up conversation with a timed
session, checked for what Alexa would refuse (not for wording, which belongs to the skill's tests)."""
import pytest

from skill.config import PROJECT_DIR
from skill.simulator.engine import Simulator
from skill.simulator.model import load_model
from skill.simulator.testing import chosen_start

pytest.importorskip("skill.app", reason="the skill app is not importable yet")
if not (PROJECT_DIR / "interaction_model" / "skill.json").exists():
    pytest.skip("interaction_model/ is not there yet", allow_module_level=True)


@pytest.fixture
def sim():
    from skill.simulator.transport import in_process_transport
    transport = in_process_transport()
    yield Simulator(transport, load_model(PROJECT_DIR / "interaction_model", "en-US"), start=chosen_start())
    workdir = transport._cleanup
    transport.close()
    assert not workdir.exists()


def no_problems(turn):
    assert turn.problems == [], turn.problems
    return turn


def test_flare_up_then_a_timed_mat_session(sim):
    launch = no_problems(sim.say("open back relief"))
    assert launch.main.request_type == "LaunchRequest" and launch.main.session_open
    remedy = no_problems(sim.say("my lower back is spasming"))
    assert remedy.main.request["request"]["intent"]["name"] == "RemedyIntent"
    assert remedy.main.body.get("card") and remedy.main.session_open
    no_problems(sim.say("next"))

    start = no_problems(sim.say("ask back relief to start a ten minute mat session"))
    if sim.pending_permission is not None:                     # the skill asks for timers first
        start = no_problems(sim.say("yes"))
    assert "AudioPlayer.Play" in [d["type"] for d in start.main.directives]
    assert start.events == ["AudioPlayer.PlaybackStarted"]

    paused = no_problems(sim.say("stop"))
    assert paused.events[0] == "AudioPlayer.PlaybackStopped"
    assert paused.main.request["request"]["intent"]["name"] == "AMAZON.PauseIntent"
    resumed = no_problems(sim.say("resume"))
    assert resumed.events == ["AudioPlayer.PlaybackStarted"]

    ended = no_problems(sim.wait(11 * 60))
    assert ended.events[-1] == "AudioPlayer.PlaybackFinished"


def test_red_flag_one_shot_during_playback(sim):
    no_problems(sim.say("ask back relief to start a five minute heat session"))
    if sim.pending_permission is not None:
        no_problems(sim.say("no"))
    sim.wait(60)
    turn = no_problems(sim.say("ask back relief i have numbness in my groin"))
    assert turn.events == ["AudioPlayer.PlaybackStopped"]
    assert turn.main.request["request"]["intent"]["name"] == "RedFlagIntent"
    assert not turn.main.session_open
