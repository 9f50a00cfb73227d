"""Capture commands: ``crawl``, ``reextract``, ``worker`` (scrapy-redis) and ``import-ota``."""

from __future__ import annotations

import click

from .base import (EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_PARTIAL, Context, crawl_settings, fail, pass_context,
                   progress_bar, workers_option)


@click.command()
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
    from ..capture import CaptureError, CrawlerFailed, config_network_settings
    from ..capture import crawl as run
    from ..paths import declaration_folders

    config = ctx.config()
    settings = {**config_network_settings(config), **crawl_settings(config, set_)}
    ctx.home.ensure()
    ctx.store().close()  # create / migrate the database before the crawler opens it
    try:
        chosen = declarations or config.declarations
        folders = [chosen] if chosen else declaration_folders(ctx.home)
        if redis_url:
            from ..distributed import crawl as run_distributed
            report = run_distributed(ctx.home.database, redis_url, folders, services, settings, wait=wait)
        else:
            report = run(ctx.home.database, folders, services, settings)
    except CrawlerFailed as error:
        fail(str(error), EXIT_FAILURE)
    except CaptureError as error:
        fail(str(error), EXIT_BAD_INPUT)
    from ..pipeline import process_new_records
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


@click.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Take the declarations from this folder first (default: those stored at the last crawl).")
@click.argument("services", nargs=-1)
@pass_context
def reextract(ctx: Context, declarations: str | None, services: tuple[str, ...]) -> None:
    """Re-run extraction over the stored snapshots, e.g. after fixing a selector.

    A different result is recorded as a version of kind "reextraction", never as a change.
    """
    from ..reextract import reextract as run
    from ..versions import ExtractionSettings

    with ctx.store() as store:
        if declarations:
            from ..capture import select_services
            from ..declarations import DeclarationError, load_catalogue
            try:
                catalogue = load_catalogue(declarations)
            except DeclarationError as error:
                fail(str(error), EXIT_BAD_INPUT)
            for error in catalogue.errors:
                click.echo(f"invalid declaration: {error}", err=True)
            store.sync_catalogue(catalogue, select_services(catalogue, services))
        try:  # the crawler's extraction limits, with the config's [crawl.settings] on top
            from spiders import settings as crawler_defaults
            extraction = ExtractionSettings.from_settings({**vars(crawler_defaults), **ctx.config().crawl_settings})
        except ValueError as error:
            fail(f"{ctx.config_path or ctx.home.config}: [crawl.settings] {error}", EXIT_BAD_INPUT)
        report = run(store, services, extraction=extraction)
        from ..pipeline import process_new_records
        process_new_records(store)
    for error in report.errors:
        click.echo(f"failed: {error['document']}: {error['reason']}", err=True)
    click.echo(report.summary())
    if report.errors:
        raise SystemExit(EXIT_PARTIAL)


@click.command()
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
    from ..capture import CaptureError, check_network_opt_ins, config_network_settings
    from ..redis_queue import connect

    config = ctx.config()
    settings = {**config_network_settings(config), **crawl_settings(config, set_)}
    try:
        check_network_opt_ins(settings)
        connect(redis_url)
    except CaptureError as error:
        from ..capture import CrawlerFailed
        fail(str(error), EXIT_FAILURE if isinstance(error, CrawlerFailed) else EXIT_BAD_INPUT)
    from spiders.redis_worker import run_worker
    run_worker(redis_url, settings, lease_seconds=lease, capacity=capacity)


@click.command("import-ota")
@click.argument("path", type=click.Path(exists=True, file_okay=False))
@workers_option
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

    from ..import_ota import ImportError_, import_ota
    from ..ota_git import import_versions_repository, looks_like_git_repository
    from ..parallel import EarlyDiffs, default_workers
    from ..pipeline import process_new_records

    started = time.monotonic()
    workers = workers or default_workers()
    git = looks_like_git_repository(path)
    with ctx.store() as store:
        # a dataset folder is recorded document by document: each one's diff starts as soon
        # as it is committed, on the cores the recording leaves idle (a git history is
        # recorded commit by commit, across documents, so its diffs wait for the end)
        early = None if git or workers < 2 else EarlyDiffs(store, workers)
        try:
            try:
                with progress_bar(ctx, "importing versions") as advance:
                    progress = lambda done, total: advance("import", done, total)  # noqa: E731
                    report = (import_versions_repository(store, path, progress=progress) if git else
                              import_ota(store, path, progress=progress,
                                         document_recorded=early.document_recorded if early else None))
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
                pipeline = process_new_records(store, progress=advance, workers=workers, early_diffs=early)
        finally:
            if early is not None:
                early.close()
    click.echo(f"{pipeline.summary()} ({time.monotonic() - started:.1f} s in all)")
    if report.refused:
        raise SystemExit(EXIT_BAD_INPUT)
    if report.problems:
        raise SystemExit(EXIT_PARTIAL)


COMMANDS = [crawl, reextract, worker, import_ota_command]
