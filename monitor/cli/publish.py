"""Publishing commands: ``export`` (JSON, or an OTA dataset) and the ``site`` group (``site
build``, ``site serve``)."""

from __future__ import annotations

from pathlib import Path

import click

from .base import EXIT_BAD_INPUT, Context, fail, pass_context


@click.command()
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Write the export to this file ('-' for standard output).")
@click.option("--ota", "ota_dir", type=click.Path(file_okay=False),
              help="Write every version as an Open Terms Archive dataset folder (the layout import-ota reads).")
@pass_context
def export(ctx: Context, json_path: str | None, ota_dir: str | None) -> None:
    """Export services, documents, versions, errors, changes and scores as JSON, or the
    versions as an OTA dataset.

    The JSON format is fixed by docs/export.md (and ../shared/CONTRACT.md): fields are only
    ever added, never renamed or removed. With --ota DIR: one folder per service and terms
    type, one <YYYY-MM-DDTHH-MM-SSZ>.md file per version, declarations/ and INDEX.json; DIR
    must be new, empty or an earlier such export (which is replaced).
    """
    import sys

    from ..export import stream_json, write_json

    if not json_path and not ota_dir:
        fail("export needs --json FILE or --ota DIR (or both)", EXIT_BAD_INPUT)
    with ctx.store() as store:
        if json_path == "-":
            stream_json(store, sys.stdout)
        elif json_path:
            try:
                path = write_json(store, json_path)
            except OSError as error:
                where = f" ({error.filename})" if error.filename and str(error.filename) != json_path else ""
                fail(f"cannot write {json_path}: {error.strerror or error}{where}", EXIT_BAD_INPUT)
            click.echo(f"wrote {path}", err=True)
        if ota_dir:
            from ..export_ota import OtaExportError, export_ota
            try:
                report = export_ota(store, ota_dir)
            except OtaExportError as error:
                fail(str(error), EXIT_BAD_INPUT)
            except OSError as error:
                fail(f"cannot write {ota_dir}: {error.strerror or error}", EXIT_BAD_INPUT)
            for refusal in report.refused:
                click.echo(f"refused: {refusal}", err=True)
            click.echo(report.summary(), err=True)
            if report.refused:
                raise SystemExit(EXIT_BAD_INPUT)


@click.group()
def site() -> None:
    """The static site and its Atom feeds."""


def _out_dir(ctx: Context, out: str | None) -> Path:
    return Path(out).resolve() if out else ctx.home.site


def build_or_fail(store, out_dir: Path, **options):
    """`build_site`, with an unwritable folder (or a file in its way) as a one-line error."""
    from ..site import build_site

    try:
        return build_site(store, out_dir, **options)
    except OSError as error:
        where = f" ({error.filename})" if error.filename and str(error.filename) != str(out_dir) else ""
        fail(f"cannot write the site into {out_dir}: {error.strerror or error}{where}", EXIT_BAD_INPUT)


@site.command()
@click.option("--out", type=click.Path(file_okay=False), help="Folder to build into (default: <home>/site).")
@click.option("--full", is_flag=True, help="Render and write every page, not only those whose data changed.")
@click.option("--base-url", metavar="URL",
              help="Where the site will be published (e.g. https://example.org/terms/): makes the feeds' links "
                   "absolute. The pages' links are relative either way.")
@click.option("--app-url", metavar="URL",
              help="Where `termswatch serve` answers, when it does not serve this folder itself: service pages "
                   "get its subscribe form and links to versions and diffs. With [web] base_url set, they link "
                   "to the app that serves them; with neither, to the feeds instead.")
@pass_context
def build(ctx: Context, out: str | None, full: bool, base_url: str | None, app_url: str | None) -> None:
    """Build the static site and the Atom feeds from the store.

    Only pages whose data changed since the last build are written, unless --full. The
    result is plain HTML and CSS that works from the disk (open index.html) or from any
    static web host.
    """
    out_dir = _out_dir(ctx, out)
    if app_url:
        from ..web.urls import BaseUrlError, check_base_url
        try:
            app_url = check_base_url(app_url)
        except BaseUrlError as error:
            fail(f"--app-url: {error}", EXIT_BAD_INPUT)
    else:
        from ..site.web_links import site_app_url
        app_url = site_app_url(ctx.config())
    with ctx.store() as store:
        report = build_or_fail(store, out_dir, incremental=not full, base_url=base_url, app_url=app_url)
    click.echo(f"site: {report}")
    click.echo(f"open {(out_dir / 'index.html').as_uri()}  (feeds: {out_dir / 'feeds'})")


@site.command()
@click.option("--out", type=click.Path(file_okay=False), help="Folder of the site (default: <home>/site).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--no-build", is_flag=True, help="Serve the folder as it is, without bringing it up to date first.")
@pass_context
def serve(ctx: Context, out: str | None, host: str, port: int, no_build: bool) -> None:
    """Serve the site over HTTP on this machine (until Ctrl-C), after an incremental build."""
    from ..site import make_server

    out_dir = _out_dir(ctx, out)
    if not no_build:
        with ctx.store() as store:
            click.echo(f"site: {build_or_fail(store, out_dir)}")
    if not (out_dir / "index.html").is_file():
        fail(f"no site in {out_dir}; run `termswatch site build` first", EXIT_BAD_INPUT)
    try:
        server = make_server(out_dir, host, port)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}", EXIT_BAD_INPUT)
    with server:
        bound_host, bound_port = server.server_address[:2]
        click.echo(f"serving {out_dir} at http://{bound_host}:{bound_port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


COMMANDS = [export, site]
