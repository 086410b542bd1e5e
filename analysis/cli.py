"""The command line: ``python -m analysis figures|label|sample|validate``.

::

    python -m analysis figures [CORPUS] [--out DIR] [--taxonomy FILE]
    python -m analysis label CORPUS --out FILE [--level document|sentence]
            [--text-column text] [--id-column doc_id] [--target-column COL]
            [--taxonomy FILE] [--actors FILE] [--chunksize N] [--keep-duplicates] [--quiet]
            [--jobs N | --workers N | --scheduler ADDRESS]
    python -m analysis sample CORPUS --out SHEET.csv [--n 400] [--seed 0] [--taxonomy FILE]
            [--text-column text] [--id-column doc_id] [--keep-duplicates]
    python -m analysis validate SHEET.csv --corpus CORPUS --out REPORT.csv [--taxonomy FILE]
            [--actors FILE] [--text-column text] [--id-column doc_id] [--keep-duplicates]
            [--n-boot 1000] [--seed 0]

Problems met while reading go to stderr, one line each, naming the file and
line. The exit status is non-zero only when nothing at all could be read (or an
option is wrong).
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

import pandas as pd

from .config import FIGURES_DIR, SEEDS_DIR
from .corpus import CorpusError, iter_corpus
from .pipeline import LEVELS, Labelers, chunks_by_volume, cpu_count, label_chunks
from .topics import TaxonomyError

__all__ = ["main", "build_parser", "OutputWriter"]

OUTPUT_SUFFIXES = (".csv", ".parquet")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a sub-command for each job."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Topic and stance analytics for news and official communication.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{figures,label,sample,validate}")

    fig = sub.add_parser(
        "figures",
        help="regenerate every figure from a corpus (the main job)",
        description="Label a corpus and write every figure as PNG.",
    )
    fig.add_argument("corpus", nargs="?", default=str(SEEDS_DIR),
                     help="corpus folder, corpus .txt file or .csv/.jsonl/.parquet table (default: seeds/)")
    fig.add_argument("--out", default=str(FIGURES_DIR), help="folder for the figures (default: figures/)")
    fig.add_argument("--taxonomy", default=None, help="a topic taxonomy TOML file (default: the built-in one)")
    fig.add_argument("--text-column", default="text", help="text column of a table corpus (default: text)")
    fig.add_argument("--id-column", default="doc_id", help="id column of a table corpus (default: doc_id)")

    lab = sub.add_parser(
        "label",
        help="label a corpus and write a table",
        description=(
            "Label every document (or sentence) of a corpus with topics, tone, speakers and stance, and "
            "write a .csv or .parquet table. Document level: one row per input document, in input order, "
            "with doc_id (and target), one share column per topic, primary_topic, n_sentences, coverage, "
            "tone, tone_pos, tone_neg, stance, stance_label (positive|neutral|negative) and stance_target. "
            "Sentence level: one row per sentence with offsets, text, topic scores, topics, primary_topic, "
            "evidence, tone, speaker, stance, stance_target and their evidence. "
            "Documents that cannot be read are named on stderr, one line each."
        ),
    )
    lab.add_argument("corpus", help="corpus folder, corpus .txt file or .csv/.jsonl/.parquet table")
    lab.add_argument("--out", required=True,
                     help="output table, .csv or .parquet by its extension (a folder with --workers/--scheduler)")
    lab.add_argument("--level", choices=LEVELS, default="document", help="one row per document (default) or sentence")
    lab.add_argument("--text-column", default="text", help="text column of a table corpus (default: text)")
    lab.add_argument("--id-column", default="doc_id", help="id column of a table corpus (default: doc_id)")
    lab.add_argument("--target-column", default=None,
                     help="column naming each document's stance target; stance is then towards it "
                          "(copied to the output as 'target')")
    lab.add_argument("--taxonomy", default=None, help="a topic taxonomy TOML file (default: the built-in one)")
    lab.add_argument("--actors", default=None,
                     help="an actors TOML file (people, roles, countries) added to the built-in one")
    lab.add_argument("--chunksize", type=int, default=None,
                     help="documents read at a time (default: 5000; 1000 per partition with "
                          "--workers/--scheduler); they are labelled in pieces of about a million "
                          "characters of text, so memory stays flat however long the documents are")
    lab.add_argument("--keep-duplicates", action="store_true",
                     help="keep documents whose text repeats an earlier one (default: drop and report them)")
    lab.add_argument("--quiet", action="store_true",
                     help="no progress bar and no summary line (problem lines are still printed)")
    lab.add_argument("--jobs", type=int, default=None,
                     help="worker processes on this machine (default: one per core once the corpus holds "
                          "more than a million characters of text, else 1; 0: one per core); the output is "
                          "the same file, in the same order, as with one process")
    lab.add_argument("--workers", type=int, default=None,
                     help="label on a local Dask cluster of N worker processes; --out is then a folder of "
                          "Parquet part files")
    lab.add_argument("--scheduler", default=None,
                     help="label on an existing Dask cluster (its scheduler address, e.g. tcp://host:8786); "
                          "--out is then a folder of Parquet part files that the workers can reach")
    _add_validation_parsers(sub)
    return parser


def _report_lines(report: pd.DataFrame) -> list[str]:
    lines = []
    for row in report.itertuples(index=False):
        where = row.source if pd.isna(row.line) else f"{row.source}:{int(row.line)}"
        lines.append(f"{where}: {row.problem} ({row.action})")
    return lines


class OutputWriter:
    """Write a table chunk by chunk to ``.csv`` or ``.parquet``.

    The file is written incrementally, so memory does not grow with the
    corpus. Use as a context manager.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in OUTPUT_SUFFIXES:
            raise ValueError(f"--out must end in .csv or .parquet, not {self.path.name!r}")
        self.suffix = suffix
        self._parquet = None
        self._schema = None
        self.rows = 0

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.suffix == ".csv":
            self._csv = self.path.open("w", encoding="utf-8", newline="")
        return self

    def write(self, frame: pd.DataFrame) -> None:
        """Append one chunk (its columns must match the first chunk's)."""
        if self.suffix == ".csv":
            frame.to_csv(self._csv, header=self.rows == 0 and self._schema is None, index=False)
            self._schema = list(frame.columns)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._parquet is None:
                self._schema = table.schema
                self._parquet = pq.ParquetWriter(self.path, self._schema)
            else:
                table = table.cast(self._schema)
            self._parquet.write_table(table)
        self.rows += len(frame)

    def __exit__(self, *exc):
        if self.suffix == ".csv":
            self._csv.close()
        elif self._parquet is not None:
            self._parquet.close()
        return False


def _progress(args, total: int | None = None):
    """A tqdm bar on stderr; silent when stderr is not a terminal or with --quiet."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=args.quiet or not sys.stderr.isatty(),
                desc="labelling")


def _label(args) -> int:
    distributed = args.workers is not None or args.scheduler is not None
    if args.jobs is not None and args.jobs < 0:
        print(f"error: --jobs must be 0 (one per core) or a positive integer, not {args.jobs}", file=sys.stderr)
        return 2
    if args.jobs == 0:
        args.jobs = cpu_count()
    if distributed and args.jobs is not None:
        print("error: give --jobs, or --workers/--scheduler, not both", file=sys.stderr)
        return 2
    if args.chunksize is None:
        args.chunksize = 1000 if distributed else 5000
    if args.chunksize < 1:
        print(f"error: --chunksize must be a positive integer, not {args.chunksize}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print(f"error: --workers must be a positive integer, not {args.workers}", file=sys.stderr)
        return 2
    try:  # also checks the taxonomy and actor files before any cluster starts
        labelers = Labelers.build(taxonomy=args.taxonomy, actors=args.actors)
    except (TaxonomyError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if distributed:
        return _label_distributed(args)
    # The labellers and modules live as long as the run: keep them out of the garbage collector's
    # full collections (about 5% of the labelling time otherwise); forked workers inherit this.
    gc.freeze()
    try:
        return _label_here(args, labelers)
    finally:
        gc.unfreeze()


def _label_here(args, labelers: Labelers) -> int:
    """Label on this machine (in ``--jobs`` processes) into one output file."""
    try:
        writer = OutputWriter(args.out)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    documents_read = 0
    problems = 0
    try:
        with writer, _progress(args) as bar:
            chunks = chunks_by_volume(iter_corpus(
                args.corpus,
                text_column=args.text_column,
                id_column=args.id_column,
                target_column=args.target_column,
                duplicates="flag" if args.keep_duplicates else "drop",
                chunksize=args.chunksize,
            ))
            for documents, report, labels in label_chunks(chunks, level=args.level, labelers=labelers,
                                                          jobs=args.jobs):
                problems += len(report)
                for line in _report_lines(report):
                    print(line, file=sys.stderr)
                documents_read += len(documents)
                if labels is not None:
                    writer.write(labels)
                bar.update(len(documents))
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        _remove_if_empty(writer)
        return 1
    return _finish(args, documents_read, writer.rows, problems, lambda: _remove_if_empty(writer))


def _label_distributed(args) -> int:
    from .distributed import label_distributed, remove_output

    if args.workers is not None and args.scheduler is not None:
        print("error: give --workers or --scheduler, not both", file=sys.stderr)
        return 2
    try:
        with _progress(args) as bar:
            documents_read, rows, report = label_distributed(
                args.corpus, args.out, workers=args.workers, scheduler=args.scheduler, level=args.level,
                text_column=args.text_column, id_column=args.id_column, target_column=args.target_column,
                taxonomy=args.taxonomy, actors=args.actors, partition_size=args.chunksize,
                duplicates="flag" if args.keep_duplicates else "drop", progress=bar.update)
    except (CorpusError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for line in _report_lines(report):
        print(line, file=sys.stderr)
    return _finish(args, documents_read, rows, len(report), lambda: remove_output(args.out))


def _finish(args, documents_read: int, rows: int, problems: int, clean_up) -> int:
    if documents_read == 0:
        print(f"error: {args.corpus}: no document could be read", file=sys.stderr)
        clean_up()
        return 1
    if not args.quiet:
        print(f"labelled {documents_read} documents ({rows} rows) into {args.out}; "
              f"{problems} problem(s) reported", file=sys.stderr)
    return 0


def _remove_if_empty(writer: OutputWriter) -> None:
    if writer.rows == 0 and writer.path.exists():
        writer.path.unlink()


def _figures(args) -> int:
    from .figures import make_figures

    try:
        written, report = make_figures(args.corpus, args.out, taxonomy=args.taxonomy,
                                       text_column=args.text_column, id_column=args.id_column)
    except (CorpusError, TaxonomyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for line in _report_lines(report):
        print(line, file=sys.stderr)
    for path in written:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command in ("sample", "validate"):
        return _sample(args) if args.command == "sample" else _validate(args)
    if args.command == "label":
        return _label(args)
    return _figures(args)


def _add_validation_parsers(sub) -> None:
    """The ``sample`` and ``validate`` sub-commands (validation on the user's own corpus)."""
    samp = sub.add_parser(
        "sample",
        help="draw a blind coding sheet of sentences to hand-code",
        description=(
            "Label the corpus's sentences with topics and draw a sample stratified by predicted primary topic "
            "(none included, so that rare topics get enough sentences) into a blind coding sheet: a UTF-8 CSV "
            "(with a byte-order mark, for spreadsheets) with row, doc_id, sent_id, before, text, after, the "
            "empty coder columns topics, tone and speaker, and the sampling design (stratum, an opaque code; "
            "stratum_size; inclusion_prob) that validate weights with. No machine label is in it. Cells that "
            "begin with =, +, -, @ get a leading apostrophe so that spreadsheets show them as text."
        ),
    )
    samp.add_argument("corpus", help="corpus folder, corpus .txt file or .csv/.jsonl/.parquet table")
    samp.add_argument("--out", required=True, help="the coding sheet to write (.csv)")
    samp.add_argument("--n", type=int, default=400, help="sentences to draw (default 400)")
    samp.add_argument("--seed", type=int, default=0, help="random seed: the same seed draws the same sheet (default 0)")
    _corpus_options(samp)

    val = sub.add_parser(
        "validate",
        help="score a coded sheet: corpus-level precision, recall and F1 per topic",
        description=(
            "Label the sentences of a coded sheet, compare them with the coder's topics and estimate the corpus's "
            "precision, recall and F1 per topic with the sampling weights, with 95%% bootstrap intervals "
            "resampled within strata. Writes one row per topic (topic, precision, precision_low, precision_high, "
            "recall, recall_low, recall_high, f1, f1_low, f1_high, n_coded, n_coded_positive, "
            "n_predicted_positive, note) and prints it; coded tone and speaker, when present, are scored too."
        ),
    )
    val.add_argument("sheet", help="the coded sheet (.csv) written by sample")
    val.add_argument("--corpus", required=True, help="the corpus the sheet was drawn from")
    val.add_argument("--out", required=True, help="the report to write (.csv)")
    val.add_argument("--actors", default=None, help="an actors TOML file (for coded speakers)")
    val.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (default 1000)")
    val.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    _corpus_options(val)


def _corpus_options(parser) -> None:
    parser.add_argument("--taxonomy", default=None, help="a topic taxonomy TOML file (default: the built-in one)")
    parser.add_argument("--text-column", default="text", help="text column of a table corpus (default: text)")
    parser.add_argument("--id-column", default="doc_id", help="id column of a table corpus (default: doc_id)")
    parser.add_argument("--keep-duplicates", action="store_true",
                        help="keep documents whose text repeats an earlier one (give it to both sample and validate)")


def _check_out(out: str, *inputs: str) -> str | None:
    """Why ``--out`` may not be written (a .csv that is not an input nor inside a corpus folder), or None."""
    path = Path(out)
    if path.suffix.lower() != ".csv":
        return f"--out must end in .csv, not {path.name!r}"
    if path.is_dir():
        return f"--out {out} is a folder"
    target = path.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if target == source or (source.is_dir() and source in target.parents):
            return f"--out {out} would overwrite an input ({given}); choose another file"
    return None


def _sample(args) -> int:
    from .validation import CODER_COLUMNS, CODING_STEPS, SheetError, read_sheet, sample_corpus, write_sheet

    problem = _check_out(args.out, args.corpus)
    if problem is None and args.n < 1:
        problem = f"--n must be a positive integer, not {args.n}"
    if problem is None and Path(args.out).is_file():
        try:  # never overwrite a coder's work
            cells = read_sheet(args.out)[CODER_COLUMNS].apply(lambda column: column.str.strip())
            done = int((cells != "").any(axis=1).sum())
        except SheetError:
            done = -1
        if done:
            problem = (f"--out {args.out} is a coding sheet with {done} coded rows; choose another file" if done > 0
                       else f"--out {args.out} exists and is not a coding sheet; choose another file")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        sheet, report = sample_corpus(args.corpus, n=args.n, seed=args.seed, taxonomy=args.taxonomy,
                                      text_column=args.text_column, id_column=args.id_column,
                                      duplicates="keep" if args.keep_duplicates else "drop")
        for line in _report_lines(report):
            print(line, file=sys.stderr)
        write_sheet(sheet, args.out)
    except (CorpusError, TaxonomyError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"drew {len(sheet)} sentences from {sheet['stratum'].nunique()} strata into {args.out}", file=sys.stderr)
    print(CODING_STEPS.replace("this notebook again with the same SHEET (or: ", "").replace("report.csv).",
                                                                                         "report.csv."),
          file=sys.stderr)
    return 0


def _validate(args) -> int:
    from .validation import SheetError, read_sheet, validate_corpus

    problem = _check_out(args.out, args.sheet, args.corpus)
    if problem is None and args.n_boot < 1:
        problem = f"--n-boot must be a positive integer, not {args.n_boot}"
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        sheet = read_sheet(args.sheet)
        result = validate_corpus(sheet, args.corpus, taxonomy=args.taxonomy, actors=args.actors,
                                 text_column=args.text_column, id_column=args.id_column,
                                 duplicates="keep" if args.keep_duplicates else "drop",
                                 n_boot=args.n_boot, seed=args.seed)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        result.report.to_csv(args.out, index=False)
    except (SheetError, CorpusError, TaxonomyError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(_report_table(result.report))
    if len(result.agreement):
        print()
        print(result.agreement.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(f"\n{len(result.compared)} coded sentences; {result.n_skipped} not coded (skipped). "
          f"Estimates are for the whole corpus (weighted); intervals are 95% bootstrap intervals. "
          f"Report written to {args.out}", file=sys.stderr)
    return 0


def _report_table(report: pd.DataFrame) -> str:
    """The report as a readable table: each score with its interval."""
    def cell(row, name):
        value = row[name]
        if pd.isna(value):
            return "n/a"
        return f"{value:.2f} [{row[name + '_low']:.2f}, {row[name + '_high']:.2f}]"

    table = pd.DataFrame({
        "topic": report["topic"],
        "F1 [95% interval]": [cell(r, "f1") for _, r in report.iterrows()],
        "precision": [cell(r, "precision") for _, r in report.iterrows()],
        "recall": [cell(r, "recall") for _, r in report.iterrows()],
        "coded with it": report["n_coded_positive"],
        "note": report["note"],
    })
    return table.to_string(index=False)
