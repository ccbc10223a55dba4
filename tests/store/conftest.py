"""Fixtures for store tests: every test that takes `db_url` runs on SQLite (a temporary file) and
on PostgreSQL when SKILL_TEST_POSTGRES_URL names a server (a dedicated database is created there and
emptied before each test)."""
from __future__ import annotations

import os

import psycopg
import pytest
from sqlalchemy.engine import make_url

from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import open_store

from .helpers import psycopg_dsn

POSTGRES_ENV = "SKILL_TEST_POSTGRES_URL"
TEST_DATABASE = "back_relief_store_test"
TIMEOUT_S = 0.5          # short, so fault tests are quick; real deployments use 1.5 s
COOLDOWN_S = 0.3


def _postgres_test_url() -> str:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL tests skipped")
    with psycopg.connect(psycopg_dsn(base), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEST_DATABASE,)).fetchone()
        if not exists:
            try:
                conn.execute(f'CREATE DATABASE "{TEST_DATABASE}"')
            except psycopg.errors.DuplicateDatabase:
                pass
    url = make_url(base).set(database=TEST_DATABASE)
    with psycopg.connect(psycopg_dsn(url.render_as_string(hide_password=False)), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS history, attributes, store_meta, schema_version")
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'memory.sqlite3'}"
    return _postgres_test_url()


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
