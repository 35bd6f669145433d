"""Migrations build the schema the models describe, on PostgreSQL and on SQLite."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from skm.extensions import db


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree; run `skm db migrate`: {diff}"


def test_upgrade_works_on_an_empty_sqlite_file(tmp_path, make_app):
    sqlite_app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")
    with sqlite_app.app_context():
        upgrade()
        tables = set(db.inspect(db.engine).get_table_names())
    assert {"platform_tenants", "platform_users", "platform_memberships"} <= tables


def test_migration_files_are_dated():
    from pathlib import Path

    names = [p.name for p in (Path(__file__).parents[3] / "migrations" / "versions").glob("*.py")]
    assert names and all(n[:8].isdigit() and n[8] == "_" for n in names)
