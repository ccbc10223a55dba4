"""Fixtures for store tests: every test that takes `db_url` runs on SQLite (a temporary file) and
on PostgreSQL when SKILL_TEST_POSTGRES_URL names a server (a database of this run's own is created
there, emptied before each test and dropped at the end)."""
from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import open_store

from .helpers import psycopg_dsn

POSTGRES_ENV = "SKILL_TEST_POSTGRES_URL"
TIMEOUT_S = 0.5          # short, so fault tests are quick; real deployments use 1.5 s
COOLDOWN_S = 0.3


@pytest.fixture(scope="session")
def postgres_database():
    """A database of our own for this test run (several runs may share one server at once), dropped
    at the end; None when no server is configured."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        yield None
        return
    name = f"back_relief_store_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(psycopg_dsn(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(psycopg_dsn(base), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'memory.sqlite3'}"
    url = request.getfixturevalue("postgres_database")
    if url is None:
        pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL tests skipped")
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:       # every test starts empty
        conn.execute("DROP TABLE IF EXISTS history, attributes, store_meta, schema_version")
    return url


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url, database_timeout_s=TIMEOUT_S)


@pytest.fixture
def store(settings):
    store = open_store(settings, cooldown_s=COOLDOWN_S)
    yield store
    store.close()


@pytest.fixture
def factory() -> EnvelopeFactory:
    return EnvelopeFactory()
