"""Analysis commands: ``diff``, ``classify`` and ``score`` (each with ``--recompute``), and
``clauses`` (the classifier over JSON lines)."""

from __future__ import annotations

import json

import click

from .base import EXIT_BAD_INPUT, Context, fail, pass_context, progress_bar, workers_option


@click.command()
@click.option("--recompute", is_flag=True, help="Forget every change and diff the whole history again.")
@workers_option
@pass_context
def diff(ctx: Context, recompute: bool, workers: int | None) -> None:
    """Compute the changes between consecutive versions (new ones only, unless --recompute).

    Recomputing diffs the whole history again (each change keeps its id, so site pages and
    feed entries stay where they are) and redoes what derives from changes: assessments,
    findings and scores.
    """
    from ..parallel import default_workers
    from ..pipeline import process_new_records, recompute_changes

    with ctx.store() as store, progress_bar(ctx, "analysing") as advance:
        report = (recompute_changes if recompute else process_new_records)(store, progress=advance,
                                                                           workers=workers or default_workers())
    click.echo(report.summary())


@click.command()
@click.option("--recompute", is_flag=True,
              help="Forget every assessment and cached clause label and classify the whole history again.")
@workers_option
@pass_context
def classify(ctx: Context, recompute: bool, workers: int | None) -> None:
    """Assess what each change does to users (new changes only, unless --recompute).

    Each substantive change gets a direction (worse, better, neutral), a severity 0-3,
    harm categories with the quoted evidence, and how it was imposed. Recomputing also redoes
    the harmful terms found in each version, and the scores.
    """
    from ..parallel import default_workers
    from ..pipeline import delete_assessments, process_new_records

    with ctx.store() as store:
        if recompute:
            delete_assessments(store)
        with progress_bar(ctx, "analysing") as advance:
            report = process_new_records(store, progress=advance, workers=workers or default_workers())
    click.echo(report.summary())


@click.command()
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
    from ..clock import parse_iso, to_iso
    from ..pipeline import delete_scores, process_new_records
    from ..overview import find_service, first_score_at
    from ..views import score_at, service_rows

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
        found = find_service(store, service)
        if found is None:
            fail(f"no service {service!r} in this store (see `termswatch score` for the list)", EXIT_BAD_INPUT)
        result = score_at(store, found["id"], until)
        first = first_score_at(store, found["id"])
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


@click.command()
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Also list categories scoring at least this (default: the model's own decisions).")
def clauses(threshold: float | None) -> None:
    """Classify clauses: JSON lines {"text": ...} on stdin, one JSON line out per input.

    Each output line is {"text", "labels": [category names], "scores": {name: probability}},
    in input order. Names are the taxonomy's (UNFAIR-ToS ones spelled as in LexGLUE).
    """
    import json
    import sys

    from ..classify import load_classifier

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


COMMANDS = [diff, classify, score, clauses]
