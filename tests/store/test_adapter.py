"""What handlers see through `attributes_manager.persistent_attributes`, on every backend."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.exceptions import PersistenceException

from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY, PersistentAttributes, open_store

from .helpers import envelope, session_entry, statements


def load(store, factory):
    request = envelope(factory)
    return request, store.adapter.get_attributes(request)


def test_round_trip(store, factory):
    request, attrs = load(store, factory)
    assert isinstance(attrs, PersistentAttributes) and attrs.available
    assert dict(attrs) == {HISTORY: []}
    attrs["voice"] = {"pace": "slow", "volume": 7}
    attrs["favourite"] = "mat"
    attrs["ratio"] = 0.25
    entry = session_entry(minutes_ago=5)
    attrs[HISTORY].append(entry)
    store.adapter.save_attributes(request, attrs)

    _, again = load(store, factory)
    assert again.available
    assert again["voice"] == {"pace": "slow", "volume": 7}
    assert again["favourite"] == "mat" and again["ratio"] == 0.25
    assert again[HISTORY] == [{**entry, "finished_at": datetime.fromisoformat(
        entry["finished_at"]).astimezone(timezone.utc).isoformat()}]


def test_through_the_ask_attributes_manager(store, factory):
    """The SDK's own AttributesManager: lazy load, save, delete."""
    manager = AttributesManager(envelope(factory), persistence_adapter=store.adapter)
    manager.persistent_attributes["favourite"] = "walk"
    manager.persistent_attributes[HISTORY].append(session_entry())
    manager.save_persistent_attributes()

    manager = AttributesManager(envelope(factory), persistence_adapter=store.adapter)
    assert manager.persistent_attributes["favourite"] == "walk"
    assert len(manager.persistent_attributes[HISTORY]) == 1
    manager.delete_persistent_attributes()
    assert dict(AttributesManager(envelope(factory), persistence_adapter=store.adapter)
                .persistent_attributes) == {HISTORY: []}


def test_voice_profiles_have_their_own_memory(store):
    account = EnvelopeFactory()
    alice = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE")
    bob = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.BOB")
    for factory, name in ((account, "household"), (alice, "alice"), (bob, "bob")):
        request, attrs = load(store, factory)
        attrs["name"] = name
        store.adapter.save_attributes(request, attrs)
    assert load(store, account)[1]["name"] == "household"
    assert load(store, alice)[1]["name"] == "alice"
    assert load(store, bob)[1]["name"] == "bob"
    # The same voice profile on another device of the account is the same person.
    assert load(store, EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE")
                )[1]["name"] == "alice"


def test_device_keys_live_with_the_account_whoever_speaks(store):
    """A session's playback state must be found by the AudioPlayer events and button presses that
    follow, which carry no voice profile; a speaker's own keys stay their own."""
    kitchen = "amzn1.ask.device.KITCHEN"
    account = EnvelopeFactory(device_id=kitchen)
    alice = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE", device_id=kitchen)
    bob = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.BOB", device_id=kitchen)
    request, attrs = load(store, alice)
    attrs["playback." + kitchen] = {"token": "t1", "offset_ms": 0}
    attrs["name"] = "alice"
    store.adapter.save_attributes(request, attrs)

    _, shared = load(store, account)
    assert shared["playback." + kitchen] == {"token": "t1", "offset_ms": 0} and "name" not in shared
    request, bobs = load(store, bob)
    assert bobs["playback." + kitchen]["token"] == "t1" and "name" not in bobs
    bobs.pop("playback." + kitchen)              # Bob stops the session: gone for everyone
    store.adapter.save_attributes(request, bobs)
    assert "playback." + kitchen not in load(store, alice)[1]
    assert load(store, alice)[1]["name"] == "alice"


def test_a_request_loads_its_own_devices_key_only(store):
    account = EnvelopeFactory(device_id="amzn1.ask.device.KITCHEN")
    bedroom = EnvelopeFactory(user_id=account.user_id, device_id="amzn1.ask.device.BEDROOM")
    for factory in (account, bedroom):
        request, attrs = load(store, factory)
        attrs["playback." + factory.device_id] = {"token": factory.device_id[-7:]}
        store.adapter.save_attributes(request, attrs)
    _, kitchen_attrs = load(store, account)
    assert [k for k in kitchen_attrs if k.startswith("playback.")] == ["playback.amzn1.ask.device.KITCHEN"]
    assert kitchen_attrs["playback.amzn1.ask.device.KITCHEN"] == {"token": "KITCHEN"}
    assert load(store, bedroom)[1]["playback.amzn1.ask.device.BEDROOM"] == {"token": "BEDROOM"}


def test_history_of_another_speaker_goes_to_them(store):
    account = EnvelopeFactory()
    alice = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE")
    speaker = load(store, alice)[1].speaker
    assert speaker is not None and load(store, account)[1].speaker is None
    request, shared = load(store, account)
    shared.add_history_of(speaker, session_entry(minutes_ago=1))
    store.adapter.save_attributes(request, shared)
    assert len(load(store, alice)[1][HISTORY]) == 1
    assert load(store, account)[1][HISTORY] == []


def test_forgetting_a_speaker_deletes_the_device_states_they_started(store):
    kitchen, bedroom = "amzn1.ask.device.KITCHEN", "amzn1.ask.device.BEDROOM"
    account = EnvelopeFactory(device_id=bedroom)
    alice = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE", device_id=kitchen)
    request, attrs = load(store, alice)
    attrs["playback." + kitchen] = {"token": "t1", "started_by": attrs.speaker}
    store.adapter.save_attributes(request, attrs)
    request, shared = load(store, account)
    shared["playback." + bedroom] = {"token": "t2"}          # the household's own session
    store.adapter.save_attributes(request, shared)

    store.adapter.delete_attributes(envelope(alice))
    assert "playback." + kitchen not in load(store, EnvelopeFactory(user_id=account.user_id,
                                                                     device_id=kitchen))[1]
    assert load(store, account)[1]["playback." + bedroom] == {"token": "t2"}


def test_a_speaker_reference_that_is_not_ours_is_refused(store, factory):
    request, attrs = load(store, factory)
    attrs.add_history_of("amzn1.ask.person.RAW", session_entry())
    with pytest.raises(PersistenceException):
        store.adapter.save_attributes(request, attrs)


def test_only_changed_keys_are_written(store, factory):
    request, attrs = load(store, factory)
    attrs.update(a="a0", b="b0", c="c0")
    store.adapter.save_attributes(request, attrs)

    first_request, first = load(store, factory)             # device 1 loads...
    second_request, second = load(store, EnvelopeFactory(user_id=factory.user_id))
    second["b"] = "b-from-device-2"                         # ...device 2 changes b and saves...
    store.adapter.save_attributes(second_request, second)
    first["a"] = "a-from-device-1"                          # ...then device 1 saves its change of a
    store.adapter.save_attributes(first_request, first)

    _, now = load(store, factory)
    assert (now["a"], now["b"], now["c"]) == ("a-from-device-1", "b-from-device-2", "c0")


def test_unchanged_save_sends_no_statement(store, factory):
    request, attrs = load(store, factory)
    attrs.update(voice={"pace": "slow"}, favourite="mat")
    attrs[HISTORY].append(session_entry())
    store.adapter.save_attributes(request, attrs)

    request, attrs = load(store, factory)
    with statements(store) as sent:
        store.adapter.save_attributes(request, attrs)
    assert sent == []

    attrs["voice"]["pace"] = "fast"                         # in-place change of a nested value
    with statements(store) as sent:
        store.adapter.save_attributes(request, attrs)
    writes = [s for s in sent if s.split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert len(writes) == 1 and writes[0].upper().startswith("INSERT INTO ATTRIBUTES")
    with statements(store) as sent:                  # saving again: already written
        store.adapter.save_attributes(request, attrs)
    assert sent == []
    assert load(store, factory)[1]["voice"] == {"pace": "fast"}


def test_removed_key_is_deleted_and_others_kept(store, factory):
    request, attrs = load(store, factory)
    attrs.update(a=1, b=2)
    store.adapter.save_attributes(request, attrs)
    request, attrs = load(store, factory)
    del attrs["a"]
    store.adapter.save_attributes(request, attrs)
    assert dict(load(store, factory)[1]) == {"b": 2, HISTORY: []}


def test_plain_dict_writes_every_key_and_deletes_nothing(store, factory):
    request, attrs = load(store, factory)
    attrs.update(a=1, b=2)
    store.adapter.save_attributes(request, attrs)
    entry = session_entry()
    plain = {"a": 10, HISTORY: [entry]}
    store.adapter.save_attributes(request, plain)
    store.adapter.save_attributes(request, plain)             # again: history not duplicated
    again = load(store, factory)[1]
    assert (again["a"], again["b"], len(again[HISTORY])) == (10, 2, 1)


def test_history_is_append_only(store, factory):
    request, attrs = load(store, factory)
    attrs[HISTORY] += [session_entry(minutes_ago=30, kind="walk"), session_entry(minutes_ago=20)]
    store.adapter.save_attributes(request, attrs)

    request, attrs = load(store, factory)
    assert [e["type"] for e in attrs[HISTORY]] == ["walk", "mat"]     # oldest first
    attrs[HISTORY][0]["minutes"] = 99                                # rewriting is ignored
    attrs[HISTORY].append(session_entry(minutes_ago=1, kind="heat"))
    store.adapter.save_attributes(request, attrs)
    store.adapter.save_attributes(request, attrs)                     # a second save adds nothing

    request, attrs = load(store, factory)
    assert [(e["type"], e["minutes"]) for e in attrs[HISTORY]] == [("walk", 10), ("mat", 10), ("heat", 10)]
    # A handler that rebuilds the list (copies, trims) does not duplicate or delete anything.
    attrs[HISTORY] = [dict(e) for e in attrs[HISTORY][-1:]] + [session_entry(kind="stretch")]
    store.adapter.save_attributes(request, attrs)
    attrs[HISTORY] = []
    store.adapter.save_attributes(request, attrs)
    assert [e["type"] for e in load(store, factory)[1][HISTORY]] == ["walk", "mat", "heat", "stretch"]


def test_history_accepts_datetimes_and_z_times(store, factory):
    request, attrs = load(store, factory)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    attrs[HISTORY] += [
        {"type": "mat", "minutes": 5, "finished_at": now - timedelta(hours=2)},
        {"type": "walk", "minutes": 5,
         "finished_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")},
    ]
    store.adapter.save_attributes(request, attrs)
    loaded = load(store, factory)[1][HISTORY]
    assert [e["finished_at"] for e in loaded] == [
        (now - timedelta(hours=2)).isoformat(), (now - timedelta(hours=1)).isoformat()]


def test_history_window_and_cap(settings, factory):
    store = open_store(settings, history_limit=3, history_days=7)
    try:
        request, attrs = load(store, factory)
        attrs[HISTORY] += [session_entry(minutes_ago=60 * 24 * 8, kind="ancient")]
        attrs[HISTORY] += [session_entry(minutes_ago=10 - i, index=i) for i in range(5)]
        store.adapter.save_attributes(request, attrs)
        loaded = load(store, factory)[1][HISTORY]
        assert [e["index"] for e in loaded] == [2, 3, 4]       # the latest three, oldest first
    finally:
        store.close()


def test_delete_attributes_forgets_only_that_owner(store):
    account = EnvelopeFactory()
    alice = EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE")
    for factory in (account, alice):
        request, attrs = load(store, factory)
        attrs["x"] = 1
        attrs[HISTORY].append(session_entry())
        store.adapter.save_attributes(request, attrs)
    store.adapter.delete_attributes(envelope(alice))
    assert dict(load(store, alice)[1]) == {HISTORY: []}
    assert load(store, account)[1]["x"] == 1


def test_forget_account_removes_every_voice_profile(store):
    account = EnvelopeFactory()
    other = EnvelopeFactory()
    people = [account, other,
              EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.ALICE"),
              EnvelopeFactory(user_id=account.user_id, person_id="amzn1.ask.person.BOB")]
    for factory in people:
        request, attrs = load(store, factory)
        attrs["x"] = 1
        attrs[HISTORY].append(session_entry())
        store.adapter.save_attributes(request, attrs)

    # The SkillDisabled handler reads the user id from the event (it has no person).
    event = account.skill_event("AlexaSkillEvent.SkillDisabled")
    store.forget_account(event["context"]["System"]["user"]["userId"])
    for factory in (account, people[2], people[3]):
        assert dict(load(store, factory)[1]) == {HISTORY: []}
    assert load(store, other)[1]["x"] == 1


@pytest.mark.parametrize("value", [object(), float("nan"), {1, 2}])
def test_values_that_are_not_json_are_a_bug(store, factory, value):
    request, attrs = load(store, factory)
    attrs["bad"] = value
    with pytest.raises(PersistenceException):
        store.adapter.save_attributes(request, attrs)


def test_bad_history_entries_are_a_bug(store, factory):
    request, attrs = load(store, factory)
    attrs[HISTORY].append({"type": "mat"})                   # no finished_at
    with pytest.raises(PersistenceException):
        store.adapter.save_attributes(request, attrs)


def test_without_any_user_id_memory_is_unavailable(store):
    request = envelope(EnvelopeFactory())
    request.context.system.user = None
    request.session.user = None
    attrs = store.adapter.get_attributes(request)
    assert not attrs.available and dict(attrs) == {}
    store.adapter.save_attributes(request, {"x": 1})         # nothing to key it by: ignored
    with pytest.raises(PersistenceException):
        store.adapter.delete_attributes(request)


def test_default_sqlite_location_is_created(tmp_path, factory):
    path = tmp_path / "deep" / "er" / "memory.sqlite3"
    store = open_store(Settings(database_url=f"sqlite:///{path}"))
    try:
        assert store.health()["database"] == "ok"
        assert path.exists()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1500
    finally:
        store.close()


def test_damaged_rows_are_skipped_not_fatal(store, factory, caplog):
    request, attrs = load(store, factory)
    attrs.update(good=1, bad=2)
    attrs[HISTORY] += [session_entry(minutes_ago=2, kind="walk"), session_entry(minutes_ago=1)]
    store.adapter.save_attributes(request, attrs)
    owner = store._prepare()(factory.user_id)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE attributes SET value = '{broken' WHERE owner = :o AND key = 'bad'"),
                     {"o": owner})
        conn.execute(text("UPDATE history SET entry = '{\"type\": ' "
                          "WHERE owner = :o AND entry LIKE '%walk%'"), {"o": owner})
    request, attrs = load(store, factory)
    assert attrs.available and attrs["good"] == 1 and "bad" not in attrs
    assert [e["type"] for e in attrs[HISTORY]] == ["mat"]
    assert "'bad' is not valid JSON" in caplog.text
    attrs["bad"] = 3                                           # saving the key repairs it
    store.adapter.save_attributes(request, attrs)
    assert load(store, factory)[1]["bad"] == 3
