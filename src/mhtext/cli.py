"""Command line: ``mhtext run|list|scorecard|fetch|setup-nltk|example|columns`` (also ``python -m mhtext``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mhtext", description="Reproducible mental-health NLP studies.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="execute study notebooks with papermill")
    r.add_argument("studies", nargs="+", help="study slugs, 'data', 'scorecard' or 'all'")
    r.add_argument("--profile", default="quick", help="smoke, quick or full (default quick)")
    r.add_argument("-p", "--param", action="append", metavar="KEY=VALUE", help="override a notebook parameter")
    r.add_argument("--results-dir", type=Path, help="write results here instead of results/ (e.g. results/reference/real)")
    r.add_argument("--no-progress", action="store_true", help="hide papermill's cell progress bar")
    r.add_argument("--allow-dirty", action="store_true",
                   help="let a run into results/reference/ start from uncommitted changes (recorded as dirty)")
    sub.add_parser("list", help="list studies, profiles and data sets")
    s = sub.add_parser("scorecard", help="rebuild results/scorecard.csv from the metrics on disk")
    s.add_argument("--results-dir", type=Path)
    f = sub.add_parser("fetch", help="download a public data set listed in data/registry.txt (sha256-checked)")
    f.add_argument("dataset")
    f.add_argument("--dest", type=Path)
    e = sub.add_parser("example", help="write a small simulated corpus in a study's own-corpus columns "
                                      "(try dataset=file:PATH on it)")
    e.add_argument("study")
    e.add_argument("path", type=Path, help="where to write it: .csv, .tsv, .jsonl or .parquet")
    e.add_argument("--seed", type=int, default=0)
    sub.add_parser("columns", help="the columns each study reads from your own file (dataset=file:PATH)")
    n = sub.add_parser("setup-nltk", help="make Debian's WordNet readable by NLTK (used by study B)")
    n.add_argument("--dest", type=Path)
    return p


def main(argv: list[str] | None = None) -> int:
    from mhtext import runner

    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            runner.run(args.studies, args.profile, runner.parse_overrides(args.param),
                       results_root=args.results_dir, progress=not args.no_progress,
                       allow_dirty=True if args.allow_dirty else None)
        elif args.command == "list":
            from mhtext import data

            print("studies:", ", ".join(runner.available_studies()))
            print("profiles:", ", ".join(runner.PROFILES))
            for c in data.cards():
                print(f"  {c.name:<28} {c.kind:<10} {c.title}")
        elif args.command == "scorecard":
            from mhtext import scorecard

            print(scorecard.write(args.results_dir))
        elif args.command == "fetch":
            from mhtext.data.fetch import fetch

            for path in fetch(args.dataset, args.dest):
                print(path)
        elif args.command == "example":
            from mhtext.data.own_corpus import SCHEMAS, write_example

            if args.study not in SCHEMAS:
                raise runner.UsageError(f"unknown study {args.study!r}; one of {', '.join(SCHEMAS)}")
            print(write_example(args.study, args.path, seed=args.seed))
        elif args.command == "columns":
            from mhtext.data.own_corpus import schema_table

            print(schema_table().to_string(index=False, justify="left"))
        elif args.command == "setup-nltk":
            from mhtext.wordnet import install_wordnet

            print(install_wordnet(args.dest))
    except runner.UsageError as err:
        print(f"mhtext: error: {err}", file=sys.stderr)
        return 2
    except runner.NotebookFailed as err:
        print(f"mhtext: notebook failed: {err}", file=sys.stderr)
        return 1
    return 0
