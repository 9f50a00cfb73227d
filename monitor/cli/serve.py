"""``termswatch serve``: the site and the web app, on waitress, until interrupted."""

from __future__ import annotations

import click

from ..site.web_links import SAME_PLACE
from ..web.urls import BaseUrlError, check_base_url
from .base import EXIT_BAD_INPUT, Context, fail, pass_context
from .publish import build_or_fail


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--base-url", metavar="URL",
              help="The app's public URL, for the links in mails (default: [web] base_url, else "
                   "http://HOST:PORT/ on this machine).")
@click.option("--out", type=click.Path(file_okay=False), help="Folder of the site (default: <home>/site).")
@click.option("--no-build", is_flag=True, help="Serve the folder as it is, without bringing it up to date first.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at once.")
@pass_context
def serve(ctx: Context, host: str, port: int, base_url: str | None, out: str | None, no_build: bool,
          threads: int) -> None:
    """Serve the site with subscriptions by link, versions in full and diffs between any two.

    Each service page gets a subscribe form; the confirmation mail (sent at once, through
    [smtp]) links to /confirm/TOKEN, and every alert to /unsubscribe/TOKEN, which also takes
    RFC 8058 one-click POSTs. /versions/DOCUMENT/DATE shows a version in full and
    /diff/DOCUMENT?from=DATE&to=DATE a diff. Behind an https reverse proxy, set [web] base_url
    to its public address.
    """
    import dataclasses
    from pathlib import Path

    import waitress

    from ..alerts import MailSettings, SmtpConfig
    from ..config import ConfigError
    from ..web.app import WebSettings, create_app

    config = ctx.config()
    try:
        base = check_base_url(base_url or config.web_base_url or f"http://{_url_host(host)}:{port}/")
        mail = MailSettings.from_config(config)
        smtp = SmtpConfig.from_mapping(config.smtp, source=config.source)
    except BaseUrlError as error:
        where = "--base-url" if base_url else ("[web] base_url" if config.web_base_url else f"--host {host}")
        fail(f"{where}: {error}; behind an https proxy, give its public URL with --base-url or [web] base_url",
             EXIT_BAD_INPUT)
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)
    if port == 0 and not (base_url or config.web_base_url):
        fail("--port 0 needs --base-url: the links in mails must name the port", EXIT_BAD_INPUT)
    mail = dataclasses.replace(mail, web_url=base)
    out_dir = Path(out).resolve() if out else (config.site_out or ctx.home.site)
    if not no_build:
        with ctx.store() as store:
            click.echo(f"site: {build_or_fail(store, out_dir, app_url=SAME_PLACE)}")
    elif not (out_dir / "index.html").is_file():
        fail(f"no site in {out_dir}; run `termswatch site build` first", EXIT_BAD_INPUT)
    ctx.store().close()   # create / migrate the database before requests open it
    app = create_app(WebSettings(database=ctx.home.database, site_dir=out_dir, base_url=base, mail=mail, smtp=smtp))
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="termswatch",
                                        max_request_body_size=64 * 1024, clear_untrusted_proxy_headers=True)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}", EXIT_BAD_INPUT)
    click.echo(f"serving {out_dir} at http://{_url_host(host)}:{server.effective_port}/ "
               f"(public URL {base}; Ctrl-C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


COMMANDS = [serve]
