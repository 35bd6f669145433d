"""The ``skm`` command: Flask's commands (run, db, routes, shell) plus ours."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate.cli import db as db_commands

from skm.app import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def main() -> None:
    """SKM: Survei Kepuasan Masyarakat platform."""


@main.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Display name (default: the email).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform (regency) admin."""
    from skm.extensions import db
    from skm.platform.accounts.services import create_user
    from skm.platform.inputs.errors import InputError

    try:
        user = create_user(email, name or email, password, is_platform_admin=True)
    except InputError as exc:
        raise click.ClickException(f"{exc.field}: {exc.message}") from None
    db.session.commit()
    click.echo(f"Platform admin {user.email} created.")


@db_commands.command("grant")
@click.argument("role")
@with_appcontext
def grant_role(role: str) -> None:
    """Grant ROLE (the application's database role) what it needs, as the tables' owner."""
    from skm.platform.data.roles import GrantError, grant, migration_engine

    try:
        with migration_engine().begin() as connection:
            grant(connection, role)
    except GrantError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Granted {role} the application's privileges (tables, sequences, future tables).")


@main.command("ikm")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--weights", type=click.Choice(["exact", "legacy-0.111"]), default="exact", show_default=True,
              help="legacy-0.111 multiplies by 0.111 to reproduce historical spreadsheets.")
def ikm(file: str, weights: str) -> None:
    """Compute the IKM of a CSV or XLSX of answers (columns U1…U9) and print the result as JSON."""
    import json
    from pathlib import Path

    from skm.platform.inputs.spreadsheets import AnswerFileError, read_answer_file
    from skm.tenants.questionnaires.standard import element_names
    from skm.tenants.results.engine import compute, tally_rows

    elements = element_names()
    try:
        parsed = read_answer_file(file, Path(file).name, [code for code, _ in elements])
    except AnswerFileError as exc:
        raise click.ClickException(f"{Path(file).name}: {exc}") from None
    tallies, respondents, spread = tally_rows((row.answers for row in parsed.rows), elements)
    click.echo(json.dumps(compute(tallies, respondents, weights, spread).to_document(), indent=2))


@main.command("demo")
@click.option("--no-serve", is_flag=True, help="Set up the demo data but do not start the server.")
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def demo(no_serve: bool, port: int) -> None:
    """Create the demo regency (idempotent) and serve it on 127.0.0.1."""
    from flask import current_app

    from skm.platform.demo import run_demo

    for line in run_demo():
        click.echo(line)
    if not no_serve:
        from werkzeug.serving import run_simple

        click.echo(f"Serving on http://127.0.0.1:{port}/login  (Ctrl+C stops)")
        run_simple("127.0.0.1", port, current_app._get_current_object(), threaded=True)


if __name__ == "__main__":
    main()
