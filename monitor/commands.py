"""The CLI's commands, one small function each over the Python API."""

from __future__ import annotations

import json
from contextlib import contextmanager

import click

from .cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_PARTIAL, Context, cli, fail, pass_context


def parse_settings(pairs: tuple[str, ...]) -> dict:
    """``--set NAME=VALUE`` pairs for Scrapy settings (numbers and booleans parsed)."""
    import json

    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            fail(f"--set expects NAME=VALUE, got {pair!r}", EXIT_BAD_INPUT)
        try:
            settings[name.strip()] = json.loads(value)
        except ValueError:
            settings[name.strip()] = value
    return settings


def crawl_settings(config, set_: tuple[str, ...] = ()) -> dict:
    """The config's ``[crawl.settings]`` with ``--set`` over them, each checked as Scrapy will
    read it: a bad one stops the command (exit 2) naming where it came from."""
    from .crawl_settings import CrawlSettingError, check_crawl_settings

    overrides = parse_settings(set_)
    try:
        check_crawl_settings(config.crawl_settings, f"{config.source}: crawl.settings.")
        check_crawl_settings(overrides, "--set ")
    except CrawlSettingError as error:
        fail(str(error), EXIT_BAD_INPUT)
    return {**config.crawl_settings, **overrides}


@cli.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Folder of service declarations (default: the config's, else the catalogue -- "
                   "<home>/catalogue if `catalogue update` made one, else the shipped data/services -- "
                   "and <home>/declarations).")
@click.option("--set", "set_", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting for this crawl, e.g. --set DOWNLOAD_DELAY=0.")
@click.option("--redis", "redis_url", metavar="URL",
              help="Queue the documents for `termswatch worker`s at this Redis (redis://host:port/db) "
                   "and record what they fetch.")
@click.option("--wait", type=click.FloatRange(min=0), default=3600, show_default=True,
              help="With --redis: give up (exit 1) when the workers have not returned everything by then.")
@click.argument("services", nargs=-1)
@pass_context
def crawl(ctx: Context, declarations: str | None, set_: tuple[str, ...], redis_url: str | None, wait: float,
          services: tuple[str, ...]) -> None:
    """Capture every declared document (or only SERVICES) once and record what changed.

    Each document is fetched politely (see spiders/settings.py), its raw bytes kept as a
    snapshot, its legal text extracted and normalised, and a new version recorded only if
    that text changed. Failures are recorded as fetch errors; the last good version stays.

    The config (--config, else <home>/termswatch.toml) gives the declarations folder and the
    crawl settings, as for `run`; --declarations and --set win over it.

    With --redis URL the workers (`termswatch worker --redis URL`, on any machines) fetch and
    this process records: see docs/operations.md.

    Exit code 0 when every document was captured, 3 when some failed, 2 when a declaration
    or a setting is invalid (the valid declarations are still crawled), 1 when the crawler
    crashed or the store could not be written.
    """
    from .capture import CaptureError, CrawlerFailed, config_network_settings
    from .capture import crawl as run
    from .paths import declaration_folders

    config = ctx.config()
    settings = {**config_network_settings(config), **crawl_settings(config, set_)}
    ctx.home.ensure()
    ctx.store().close()  # create / migrate the database before the crawler opens it
    try:
        chosen = declarations or config.declarations
        folders = [chosen] if chosen else declaration_folders(ctx.home)
        if redis_url:
            from .distributed import crawl as run_distributed
            report = run_distributed(ctx.home.database, redis_url, folders, services, settings, wait=wait)
        else:
            report = run(ctx.home.database, folders, services, settings)
    except CrawlerFailed as error:
        fail(str(error), EXIT_FAILURE)
    except CaptureError as error:
        fail(str(error), EXIT_BAD_INPUT)
    from .pipeline import process_new_records
    with ctx.store() as store:
        process_new_records(store)
    for error in report.declaration_errors:
        click.echo(f"invalid declaration: {error}", err=True)
    for doc in report.errors:
        click.echo(f"failed: {doc['service']} / {doc['terms_type']}: {doc['reason']}", err=True)
    click.echo(report.summary())
    if report.declaration_errors:
        raise SystemExit(EXIT_BAD_INPUT)
    if report.errors:
        raise SystemExit(EXIT_PARTIAL)


@cli.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Take the declarations from this folder first (default: those stored at the last crawl).")
@click.argument("services", nargs=-1)
@pass_context
def reextract(ctx: Context, declarations: str | None, services: tuple[str, ...]) -> None:
    """Re-run extraction over the stored snapshots, e.g. after fixing a selector.

    A different result is recorded as a version of kind "reextraction", never as a change.
    """
    from .extract.budget import ExtractionBudget
    from .reextract import reextract as run

    with ctx.store() as store:
        if declarations:
            from .capture import select_services
            from .declarations import DeclarationError, load_catalogue
            try:
                catalogue = load_catalogue(declarations)
            except DeclarationError as error:
                fail(str(error), EXIT_BAD_INPUT)
            for error in catalogue.errors:
                click.echo(f"invalid declaration: {error}", err=True)
            store.sync_catalogue(catalogue, select_services(catalogue, services))
        try:  # the crawler's extraction limits, with the config's [crawl.settings] on top
            from spiders import settings as crawler_defaults
            budget = ExtractionBudget.from_settings({**vars(crawler_defaults), **ctx.config().crawl_settings})
        except ValueError as error:
            fail(f"{ctx.config_path or ctx.home.config}: [crawl.settings] {error}", EXIT_BAD_INPUT)
        report = run(store, services, budget=budget)
        from .pipeline import process_new_records
        process_new_records(store)
    for error in report.errors:
        click.echo(f"failed: {error['document']}: {error['reason']}", err=True)
    click.echo(report.summary())
    if report.errors:
        raise SystemExit(EXIT_PARTIAL)


@cli.command()
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

    from .export import stream_json, write_json

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
            from .export_ota import OtaExportError, export_ota
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


@cli.command()
@click.option("--days", type=click.IntRange(1, 8), default=8, show_default=True,
              help="How many simulated days to replay.")
@click.option("--no-hostile", is_flag=True, help="Leave out the service whose pages are all broken.")
@pass_context
def demo(ctx: Context, days: int, no_hostile: bool) -> None:
    """Run the whole pipeline offline on invented services (the README's first command).

    A fixture web server on 127.0.0.1 plays eight simulated days of five invented services
    whose terms get worse (arbitration, AI training on your content, sale of data...), better,
    or only change cosmetically, plus one service whose pages are all broken. Each day is one
    real crawl; then the changes are diffed, classified and scored, and the site is built.
    The demo's state goes to <home>/demo, which each run starts afresh.
    """
    from .demo.tour import demo_home, run_demo

    click.echo(f"Termswatch demo into {demo_home(ctx.home).root}")
    report = run_demo(ctx.home, days=days, hostile=not no_hostile, echo=click.echo)
    click.echo("")
    click.echo("What the scenario planned, and what Termswatch concluded ('ok' only where they agree):")
    for line in expectations_table([c for c in report.checks if c["day"] < days]):
        click.echo(line)
    home = report.home
    if report.site:
        click.echo(f"\nOpen the site:   {report.site}")
        click.echo(f"Atom feeds:      {home / 'site' / 'feeds'}")
        click.echo(f"Or serve it:     termswatch --home {home} site serve")
    click.echo(f"Export the data: termswatch --home {home} export --json data.json")
    click.echo(f"What was seen:   termswatch --home {home} status")
    click.echo(f"The full log:    {report.log}")


def expectations_table(checks: list[dict]) -> list[str]:
    """The demo's final table: one row per scenario event, its result first (``ok`` when the
    conclusion is the expectation, ``DIFF`` otherwise), then a count."""
    header = ("result", "day", "document", "event", "expected", "concluded", "categories")
    rows = [("ok" if c["ok"] else "DIFF", str(c["day"]), f"{c['service']} / {c['terms_type']}", c["event"],
             c["expected"], c["concluded"], ", ".join(c["categories"])) for c in checks]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
             for row in [header, *rows]]
    lines = [line.rstrip() for line in lines]
    lines.append(f"{sum(c['ok'] for c in checks)} of {len(checks)} conclusions match the scenario.")
    return lines


# Commands that live beside their stage
from .alerts.cli import COMMANDS as ALERT_COMMANDS  # noqa: E402  subscribe, confirm, unsubscribe, ...

from .declarations_cli import COMMANDS as DECLARATION_COMMANDS  # noqa: E402  validate, add, preview, catalogue

for _command in [*ALERT_COMMANDS, *DECLARATION_COMMANDS]:
    cli.add_command(_command)


@cli.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Folder of service declarations (default: the config's, else the catalogue and "
                   "<home>/declarations).")
@click.option("--once", is_flag=True, help="Run one full cycle over every document and exit (for cron).")
@click.option("--redis", "redis_url", metavar="URL",
              help="Captures are fetched by `termswatch worker`s sharing this Redis; the daemon records them.")
@pass_context
def run(ctx: Context, declarations: str | None, once: bool, redis_url: str | None) -> None:
    """Run the daemon: capture due documents on schedule, analyse, alert, publish.

    Each document is captured every `schedule.interval` (per service or per document in the
    config), with a fixed jitter. After each crawl the new versions are diffed, classified
    and scored, alerts go out, and the site and feeds are rebuilt incrementally. One daemon
    per state directory; SIGTERM or SIGINT stop it gracefully. Logs go to stderr and to
    <home>/logs/termswatch.log.

    With --once: one cycle over all documents, then exit 0 (3 if some documents failed, 1 if
    the crawler crashed or the store could not be written).
    """
    import logging.handlers
    from pathlib import Path

    from .alerts import MailSettings
    from .alerts.channels import Channels
    from .config import ConfigError
    from .daemon import AlreadyRunning, Daemon, instance_lock

    config = ctx.config()
    if declarations:
        config.declarations = Path(declarations)
    crawl_settings(config)  # a setting the crawler cannot use stops it here, not at each tick
    try:  # fail at start, not at the first alert
        Channels.from_config(config)  # [smtp] and [channels.*]
        MailSettings.from_config(config)
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)
    ctx.home.ensure()
    ctx.home.logs.mkdir(exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(ctx.home.logs / "termswatch.log", maxBytes=5_000_000,
                                                   backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    daemon = Daemon(ctx.home, config, redis_url=redis_url)
    try:
        with instance_lock(ctx.home):
            if once:
                report = daemon.run_cycle(only_due=False)
                click.echo(report.summary())
                for problem in report.problems:
                    if problem != report.crawl_failure:
                        click.echo(f"problem: {problem}", err=True)
                if report.crawl_failure:
                    fail(report.crawl_failure, EXIT_FAILURE)
                if report.crawl and report.crawl.errors:
                    raise SystemExit(EXIT_PARTIAL)
            else:
                daemon.serve()
    except AlreadyRunning as error:
        fail(str(error), EXIT_BAD_INPUT)


@cli.command()
@click.option("--redis", "redis_url", metavar="URL", required=True,
              help="The Redis the recorder (`crawl --redis` / `run --redis`) queues documents at.")
@click.option("--set", "set_", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=2 (the delay is shared by all workers).")
@click.option("--lease", type=click.FloatRange(min=1), default=60, show_default=True,
              help="Seconds a claimed document stays this worker's without renewal; after that another "
                   "worker takes it (this worker died).")
@click.option("--capacity", type=click.IntRange(min=1), default=None,
              help="Documents held at once (default: CONCURRENT_REQUESTS).")
@pass_context
def worker(ctx: Context, redis_url: str, set_: tuple[str, ...], lease: float, capacity: int | None) -> None:
    """Run a capture worker: fetch the documents a recorder queued at --redis, until stopped.

    A worker only fetches, within the network boundary and the shared per-site politeness, and
    hands the pages back through Redis; it needs no store and no declarations. Run as many as
    you like, on any machines (docs/operations.md). SIGTERM or SIGINT stop it; the documents
    it holds go back to the queue.
    """
    from .capture import CaptureError, check_network_opt_ins, config_network_settings
    from .redis_queue import connect

    config = ctx.config()
    settings = {**config_network_settings(config), **crawl_settings(config, set_)}
    try:
        check_network_opt_ins(settings)
        connect(redis_url)
    except CaptureError as error:
        from .capture import CrawlerFailed
        fail(str(error), EXIT_FAILURE if isinstance(error, CrawlerFailed) else EXIT_BAD_INPUT)
    from spiders.redis_worker import run_worker
    run_worker(redis_url, settings, lease_seconds=lease, capacity=capacity)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, as a list.")
@pass_context
def status(ctx: Context, as_json: bool) -> None:
    """Show, per document: last capture, last change, last error and next run."""
    import json as jsonlib

    from .clock import to_iso
    from .daemon import next_run

    config = ctx.config()
    rows = []
    with ctx.store() as store:
        for document in store.documents():
            last_change = store.last_substantive_change_at(document["id"])
            errors = store.fetch_errors(document["id"])
            due = next_run(document, config.schedule)
            rows.append({
                "service": document["service_id"], "terms_type": document["terms_type"],
                "last_capture": document["last_captured_at"], "last_outcome": document["last_outcome"],
                "last_change": last_change,
                "last_error": ({"at": errors[-1]["at"], "kind": errors[-1]["kind"], "reason": errors[-1]["reason"]}
                               if errors else None),
                "failures_in_a_row": document["failures_in_a_row"],
                "last_recovery": ({"at": document["recovered_at"], "after_failures": document["recovered_after"]}
                                  if document["recovered_at"] else None),
                "next_run": to_iso(due) if due.year > 1 else "now",
            })
    if as_json:
        click.echo(jsonlib.dumps(rows, indent=1))
        return
    if not rows:
        click.echo("No documents yet: run `termswatch crawl` or `termswatch demo`.")
        return
    for row in rows:
        error = row["last_error"]
        click.echo(f"{row['service']} / {row['terms_type']}")
        click.echo(f"  last capture  {row['last_capture'] or 'never'} ({row['last_outcome'] or '-'})")
        click.echo(f"  last change   {row['last_change'] or 'none'}")
        click.echo(f"  last error    {error['at'] + ' ' + error['reason'] if error else 'none'}"
                   + (f" ({row['failures_in_a_row']} failures in a row)" if row["failures_in_a_row"] else ""))
        if row["last_recovery"]:
            recovery = row["last_recovery"]
            click.echo(f"  recovered     {recovery['at']} after {recovery['after_failures']} failures")
        click.echo(f"  next run      {row['next_run']}")


@cli.command("import-ota")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="processes for the analysis (default: one per core)")
@pass_context
def import_ota_command(ctx: Context, path: str, workers: int | None) -> None:
    """Import an Open Terms Archive dataset folder or versions repository, then analyse it.

    PATH holds <service>/<terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md files (an OTA dataset
    release, or ../shared/corpus/ota). Each becomes a version recorded at its file's
    timestamp. Re-running the import records nothing new.

    PATH may also be a git clone (working or bare) of an OTA versions repository, e.g.
    contrib-versions: each commit is a version at its date, technical upgrades are recorded
    as re-extractions, and re-running imports only the commits added since.

    Every path the dataset names (INDEX.json entries, files, symlinks) must stay inside PATH:
    an entry that leaves it, or whose names hold control characters, is refused (one line on
    stderr, nothing recorded from it), the other entries still import, and the exit code is 2.

    A big import is analysed on every core (diff and classification of documents in worker
    processes, one writer).
    """
    import time

    from .import_ota import ImportError_, import_ota
    from .ota_git import import_versions_repository, looks_like_git_repository
    from .parallel import default_workers
    from .pipeline import process_new_records

    started = time.monotonic()
    run_import = import_versions_repository if looks_like_git_repository(path) else import_ota
    with ctx.store() as store:
        try:
            with progress_bar(ctx, "importing versions") as advance:
                report = run_import(store, path, progress=lambda done, total: advance("import", done, total))
        except ImportError_ as error:
            fail(str(error), EXIT_BAD_INPUT)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        for refusal in report.refused:
            click.echo(f"refused: {refusal}", err=True)
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo(report.summary())
        with progress_bar(ctx, "analysing") as advance:
            pipeline = process_new_records(store, progress=advance, workers=workers or default_workers())
    click.echo(f"{pipeline.summary()} ({time.monotonic() - started:.1f} s in all)")
    if report.refused:
        raise SystemExit(EXIT_BAD_INPUT)
    if report.problems:
        raise SystemExit(EXIT_PARTIAL)


@cli.command()
@click.option("--recompute", is_flag=True, help="Forget every change and diff the whole history again.")
@pass_context
def diff(ctx: Context, recompute: bool) -> None:
    """Compute the changes between consecutive versions (new ones only, unless --recompute).

    Recomputing diffs the whole history again (each change keeps its id, so site pages and
    feed entries stay where they are) and redoes what derives from changes: assessments,
    findings and scores.
    """
    from .parallel import default_workers
    from .pipeline import process_new_records, recompute_changes

    with ctx.store() as store, progress_bar(ctx, "analysing") as advance:
        report = (recompute_changes if recompute else process_new_records)(store, progress=advance,
                                                                           workers=default_workers())
    click.echo(report.summary())


class _Progress:
    """Progress of a long job on stderr: a line rewritten in place on a terminal, else a
    line every 10% per stage (for logs). Silent with --quiet."""

    def __init__(self, ctx: Context, label: str):
        import sys
        self.enabled = not ctx.quiet
        self.terminal = sys.stderr.isatty()
        self.label = label
        self.stage = None
        self.next_share = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        import time
        if not self.enabled or not total:
            return
        now = time.monotonic()
        if stage != self.stage:
            if self.terminal and self.stage:
                click.echo("", err=True)
            self.stage, self.next_share, self.started, self.shown = stage, 0.0, now, 0.0
        rate = f" ({done / (now - self.started):.1f}/s)" if now > self.started else ""
        if self.terminal:
            if done == total or now - self.shown >= 0.2:
                click.echo(f"\r{self.label}: {stage} {done}/{total}{rate}   ", err=True, nl=False)
                self.shown = now
        elif done / total >= self.next_share or done == total:
            click.echo(f"{self.label}: {stage} {done}/{total}{rate}", err=True)
            self.next_share = done / total + 0.1

    def close(self) -> None:
        if self.enabled and self.terminal and self.stage:
            click.echo("", err=True)


@contextmanager
def progress_bar(ctx: Context, label: str):
    bar = _Progress(ctx, label)
    try:
        yield bar
    finally:
        bar.close()


@cli.command()
@click.option("--recompute", is_flag=True,
              help="Forget every assessment and cached clause label and classify the whole history again.")
@pass_context
def classify(ctx: Context, recompute: bool) -> None:
    """Assess what each change does to users (new changes only, unless --recompute).

    Each substantive change gets a direction (worse, better, neutral), a severity 0-3,
    harm categories with the quoted evidence, and how it was imposed. Recomputing also redoes
    the harmful terms found in each version, and the scores.
    """
    from .parallel import default_workers
    from .pipeline import delete_assessments, process_new_records

    with ctx.store() as store:
        if recompute:
            delete_assessments(store)
        with progress_bar(ctx, "analysing") as advance:
            report = process_new_records(store, progress=advance, workers=default_workers())
    click.echo(report.summary())


@cli.command()
@click.argument("service", required=False)
@click.option("--at", "at", metavar="DATE",
              help="With SERVICE: the score as it stood on DATE (YYYY-MM-DD, or an ISO time).")
@click.option("--json", "as_json", is_flag=True, help="With SERVICE: the score and its items as JSON.")
@click.option("--recompute", is_flag=True, help="Forget every score and compute the whole history again.")
@pass_context
def score(ctx: Context, service: str | None, at: str | None, as_json: bool, recompute: bool) -> None:
    """Compute the trust index of every service, and show it; with SERVICE, explain its score.

    The score after every recorded version is kept (see docs/scoring.md for the formula);
    recomputing from the same database always gives the same numbers. With SERVICE (its id
    or name), every item that makes up its score is listed with its points and where it comes
    from: a clause of a version, or a change (the ids of the export and the site).

    \b
    Examples:
      termswatch score
      termswatch score WhatsApp --at 2021-06-01
    """
    from .clock import parse_iso, to_iso
    from .pipeline import delete_scores, process_new_records
    from .views import score_at, service_rows

    if at is not None and service is None:
        fail("--at needs a SERVICE", EXIT_BAD_INPUT)
    until = None
    if at is not None:
        try:   # a date means the end of that day
            until = to_iso(parse_iso(at + "T23:59:59Z" if len(at) == 10 else at))
        except ValueError:
            fail(f"--at: expected a date (YYYY-MM-DD) or an ISO time, got {at!r}", EXIT_BAD_INPUT)
    with ctx.store() as store:
        if recompute:
            delete_scores(store)
        process_new_records(store)
        if service is None:
            rows = service_rows(store)
            for row in sorted((r for r in rows if r["rated"]),
                              key=lambda r: (r["score"] is None, -(r["score"] or 0), r["id"])):
                grade = row["grade"] or "-"
                value = "-" if row["score"] is None else row["score"]
                click.echo(f"{grade}  {value:>3}  {row['name']}")
            for row in sorted((r for r in rows if not r["rated"]), key=lambda r: r["id"]):
                click.echo(f"-    -  {row['name']}  (not rated: {row['unrated_reason']})")
            return
        known = {key.casefold(): row for row in store.services() for key in (row["id"], row["name"])}
        found = known.get(service.casefold())
        if found is None:
            fail(f"no service {service!r} in this store (see `termswatch score` for the list)", EXIT_BAD_INPUT)
        result = score_at(store, found["id"], until)
        first = store.first_score_at(found["id"])
    if result is None:  # an answer, not an error: nothing was scored by then
        if as_json:
            click.echo("null")
        else:
            click.echo(f"{found['name']} has no score {'on ' + at if at else 'yet'}"
                       + (f" (its first score is from {first})" if first else ""))
        return
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{found['name']}: {result['grade']} {result['score']}/100, as computed at {result['at']} "
               f"(after version {result['version_id']})")
    for item in result["reasons"]:
        click.echo(f"  {item['points']:+7.2f}  {item['text']}{_where(item.get('link') or {})}")


def _where(link: dict) -> str:
    if "change_id" in link:
        return f"  [change {link['change_id']}]"
    if "version_id" in link:
        quote = link.get("quote") or ""
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        return f"  [version {link['version_id']}, clause {link.get('clause')}: “{quote}”]"
    return ""


@cli.command()
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Also list categories scoring at least this (default: the model's own decisions).")
def clauses(threshold: float | None) -> None:
    """Classify clauses: JSON lines {"text": ...} on stdin, one JSON line out per input.

    Each output line is {"text", "labels": [category names], "scores": {name: probability}},
    in input order. Names are the taxonomy's (UNFAIR-ToS ones spelled as in LexGLUE).
    """
    import json
    import sys

    from .classify import load_classifier

    classifier = load_classifier()
    batch: list[str] = []

    def flush() -> None:
        for result in classifier.classify(batch):
            line = result.to_json(classifier.taxonomy)
            if threshold is not None:
                extra = [name for name, p in line["scores"].items() if p >= threshold and name not in line["labels"]]
                line["labels"] += extra
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        batch.clear()

    for number, raw in enumerate(sys.stdin, 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            flush()
            fail(f"line {number} of standard input: expected a JSON object with a \"text\" string", EXIT_BAD_INPUT)
        batch.append(text)
        if len(batch) >= 512:
            flush()
    flush()

from .site.cli import site  # noqa: E402  site build, site serve

cli.add_command(site)

from .web.cli import serve  # noqa: E402  the site plus subscriptions, versions and diffs

cli.add_command(serve)
