"""The tests' clock: dialogs and test requests start where SKILL_TEST_START says (README), and a
guard that runs the dialogs whose answers depend on the day at a few fixed instants, so a test
that assumes daytime, a weekday or a day without a clock change fails here at whatever hour CI
runs, not only at night (three dialogs once failed only after 21:00 UTC)."""
from datetime import datetime, timedelta, timezone

import re

import pytest

from skill.simulator.testing import DIALOG_DIR, START_ENV, assert_dialog, chosen_start, parse_instant
from tests.conftest import RequestClock

INSTANTS = {
    "the last day of a month, after 21:00 UTC": "2026-01-31T21:30:00Z",
    "Sunday 23:55 UTC, the day London's clocks go forward": "2026-03-29T23:55:00Z",
    "00:30 UTC, an hour before London's clocks go back": "2026-10-25T00:30:00Z",
}
# Dialogs that wait hours or days, or ask about "today", "yesterday", "this week" or a streak.
TIME_SENSITIVE = ["days_on_the_request_clock", "streak_across_midnight", "history_said_shortly",
                  "a_paused_session_waits_a_few_hours", "i_meant_the_other_session",
                  "did_i_finish_after_the_steps", "timer_only_session", "stopped_just_after_midnight",
                  "a_reminder_by_voice", "reminders_in_own_words"]


# Every other dialog that lets time pass or speaks of days, run once just before a midnight that
# ends a week and a month (Sunday 31 May 2026): a new dialog that assumes daytime fails here
# without being listed (two_voices_on_one_device once failed only when CI ran after 23:07 UTC).
LATE_NIGHT = "2026-05-31T23:58:00Z"
_SPEAKS_OF_TIME = re.compile(r"wait:|today|yesterday|this week|streak|tonight|last night", re.I)
TIME_PASSING = sorted(path.stem for path in DIALOG_DIR.glob("*.yaml")
                      if path.stem not in TIME_SENSITIVE and _SPEAKS_OF_TIME.search(path.read_text()))


@pytest.mark.parametrize("name", TIME_PASSING)
def test_dialogs_where_time_passes_pass_just_before_midnight(name):
    assert_dialog(DIALOG_DIR / f"{name}.yaml", start=parse_instant(LATE_NIGHT))


def test_the_late_night_sweep_finds_its_dialogs():
    # The sweep above is only as good as its selection: it must see the dialog that taught us.
    assert "two_voices_on_one_device" in TIME_PASSING and len(TIME_PASSING) > 50


@pytest.mark.parametrize("name", TIME_SENSITIVE)
@pytest.mark.parametrize("instant", list(INSTANTS.values()), ids=list(INSTANTS))
def test_time_sensitive_dialogs_pass_at_any_hour(name, instant):
    assert_dialog(DIALOG_DIR / f"{name}.yaml", start=parse_instant(instant))


def test_a_dialog_started_long_ago_keeps_its_memory():
    # The in-process store counts its 90 days on the simulator's clock: on the real clock a
    # dialog started in 2020 forgot every session it had just finished.
    assert_dialog({"name": "in 2020", "turns": [
        {"say": "ask back relief to start a five minute meditation"},
        {"do": ":permission denied"},
        {"wait": "6m"},
        {"say": "ask back relief how many sessions today",
         "expect": {"speech": "You've finished one breathing meditation today. Nice start."}},
    ]}, start=datetime(2020, 1, 6, 12, 0, tzinfo=timezone.utc))


def test_the_start_is_an_instant_in_utc(monkeypatch):
    monkeypatch.delenv(START_ENV, raising=False)
    start = chosen_start()          # whatever the hour: the same answers at 23:55 as at noon
    assert (start.date(), start.hour, start.minute) == (datetime.now(timezone.utc).date(), 10, 0)
    monkeypatch.setenv(START_ENV, "2026-03-29T01:30:00+01:00")
    assert chosen_start() == datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
    assert parse_instant("2026-03-14T23:30:00") == datetime(2026, 3, 14, 23, 30, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="not an ISO-8601 instant"):
        parse_instant("half past eleven")


def test_test_requests_start_at_the_chosen_instant(monkeypatch):
    monkeypatch.setenv(START_ENV, "2026-03-14T23:30:00Z")
    clock = RequestClock()
    assert abs(clock() - datetime(2026, 3, 14, 23, 30, tzinfo=timezone.utc)) < timedelta(seconds=5)
    with clock.earlier(days=1):
        assert abs(clock() - datetime(2026, 3, 13, 23, 30, tzinfo=timezone.utc)) < timedelta(seconds=5)
    assert clock() > datetime(2026, 3, 14, 23, 29, tzinfo=timezone.utc)
