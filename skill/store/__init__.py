"""Persistent memory: preferences and the history of finished sessions, per Alexa voice profile.

    store = open_store(settings)
    CustomSkillBuilder(persistence_adapter=store.adapter)
    ...
    store.forget_account(user_id)   # on AlexaSkillEvent.SkillDisabled
    store.health()                  # for /healthz
    store.prune_history()           # history past 90 days (python -m skill prune-history)
    HistorySweeper(store).start()   # ...or daily by itself, one process per database (sweeper.py)

SQLite by default, PostgreSQL when SKILL_DATABASE_URL says so; see store.py and adapter.py.
"""
from .adapter import SqlPersistenceAdapter
from .attributes import HISTORY, PersistentAttributes
from .breaker import StoreUnavailable
from .store import Store, open_store

__all__ = ["HISTORY", "PersistentAttributes", "SqlPersistenceAdapter", "Store", "StoreUnavailable",
           "open_store"]
