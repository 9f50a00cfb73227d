"""The declaration commands: ``validate``, ``add``, ``preview`` and ``catalogue update``.
`monitor.cli` registers them.

Exit codes: 0 done; 2 bad input (an invalid declaration, a name, a terms type, a URL that
cannot be fetched or holds no legal text); one line on stderr per problem.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..safetext import escape
from .base import EXIT_BAD_INPUT, Context, fail, pass_context


def _network_settings(ctx: Context) -> dict:
    from ..capture import config_network_settings
    return config_network_settings(ctx.config())


@click.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@pass_context
def validate(ctx: Context, folder: str | None) -> None:
    """Check the declarations of FOLDER (default <home>/declarations) as OTA's validator does.

    OTA's schema exactly: known fields only, terms types from OTA's vocabulary, `select`
    required unless the page is a PDF, `validUntil` a full date-time. Exit 2 with one line per
    problem (file: field: reason).
    """
    from ..catalogue import validate_folder

    result = validate_folder(Path(folder) if folder else ctx.home.declarations)
    for error in result.errors:
        click.echo(f"invalid: {error}", err=True)
    click.echo(result.summary())
    if result.errors:
        raise SystemExit(EXIT_BAD_INPUT)


@click.command()
@click.argument("name")
@click.argument("url")
@click.option("--type", "terms_type", default="Terms of Service", show_default=True,
              help="The terms type, from OTA's vocabulary (e.g. \"Privacy Policy\").")
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Write into this folder (default: <home>/declarations).")
@click.option("--force", is_flag=True, help="Replace the declaration of this terms type if there is one.")
@pass_context
def add(ctx: Context, name: str, url: str, terms_type: str, declarations: str | None, force: bool) -> None:
    """Fetch URL, propose the select/remove that cut out its legal text, and write the Open
    Terms Archive declaration NAME.json (crawl and run read <home>/declarations).

    Prints the file written, then the start of the extracted text and its length.
    """
    from ..authoring import AuthoringError, add_service

    folder = Path(declarations) if declarations else ctx.home.declarations
    try:
        added = add_service(folder, name, url, terms_type, force=force, settings=_network_settings(ctx))
    except AuthoringError as error:
        fail(str(error), EXIT_BAD_INPUT)
    click.echo(str(added.path))
    if added.select:
        click.echo(f"select: {added.select}" + (f"   remove: {', '.join(added.remove)}" if added.remove else ""))
    start = escape(" ".join(added.text.split())[:100])
    click.echo(f"text starts: {start}")
    click.echo(f"text length: {len(added.text)} characters")


@click.command()
@click.argument("name")
@click.argument("terms_type", required=False)
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Read the declaration from this folder (default: the catalogue and <home>/declarations).")
@pass_context
def preview(ctx: Context, name: str, terms_type: str | None, declarations: str | None) -> None:
    """Print the text a capture of NAME (TERMS_TYPE, or every one) would extract now.

    Nothing is recorded: the fetch goes through a real crawl into a scratch directory.
    Exit 2 when a document cannot be captured (the reason on stderr).
    """
    from ..authoring import AuthoringError
    from ..authoring import preview as run_preview
    from ..paths import declaration_folders

    folders = [Path(declarations)] if declarations else declaration_folders(ctx.home)
    try:
        results = run_preview(folders, name, terms_type, settings=_network_settings(ctx))
    except AuthoringError as error:
        fail(str(error), EXIT_BAD_INPUT)
    failed = False
    for captured in results:
        if len(results) > 1:
            click.echo(f"== {captured.terms_type}")
        if captured.text is None:
            click.echo(f"termswatch: {escape(f'{name} / {captured.terms_type}: {captured.error}')}", err=True)
            failed = True
        else:
            click.echo(captured.text)
    if failed:
        raise SystemExit(EXIT_BAD_INPUT)


@click.group()
def catalogue() -> None:
    """The catalogue of services that crawl and run read (besides <home>/declarations)."""


@catalogue.command("update")
@click.option("--from", "source", required=True, type=click.Path(exists=True, file_okay=False),
              help="A clone of an OTA declarations repository (or its declarations folder).")
@pass_context
def catalogue_update(ctx: Context, source: str) -> None:
    """Install the declarations of a clone of an Open Terms Archive collection as the
    catalogue (<home>/catalogue), recording its git commit and keeping its licence notice.

    Invalid declarations are left out, one line each on stderr, and the exit code is 2.
    """
    from ..catalogue import update_catalogue

    report = update_catalogue(ctx.home, source)
    for error in report.refused:
        click.echo(f"left out: {error}", err=True)
    click.echo(report.summary())
    if report.refused:
        raise SystemExit(EXIT_BAD_INPUT)


COMMANDS = [validate, add, preview, catalogue]
