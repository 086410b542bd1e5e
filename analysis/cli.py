"""The command line: ``python -m analysis figures|label|sample|validate``.

::

    python -m analysis figures [CORPUS] [--out DIR] [--taxonomy FILE] [--report FILE.csv]
    python -m analysis label CORPUS --out FILE [--level document|sentence]
            [--text-column text] [--id-column doc_id] [--target-column COL]
            [--taxonomy FILE] [--actors FILE] [--chunksize N] [--keep-duplicates] [--no-repair]
            [--report FILE.csv] [--quiet] [--jobs N | --workers N | --scheduler ADDRESS]
    python -m analysis sample CORPUS --out SHEET.csv [--n 400] [--seed 0] [--taxonomy FILE]
            [--text-column text] [--id-column doc_id] [--keep-duplicates]
    python -m analysis validate SHEET.csv --corpus CORPUS --out REPORT.csv [--taxonomy FILE]
            [--actors FILE] [--text-column text] [--id-column doc_id] [--keep-duplicates]
            [--n-boot 1000] [--seed 0]

Problems met while reading are summed up on stderr, one line per kind of problem
(its count and the first places, file and line); ``--report FILE.csv`` writes
every one of them, one row each, with the columns ``source, line, doc_id, kind,
message`` (the kinds are :data:`analysis.corpus.REPORT_KINDS`).

An output never replaces an input: an ``--out`` (or ``--report``) that is an
input file, or lies inside an input folder (symbolic links followed), is refused
before anything is read. Every output is written to a hidden temporary file (or
folder) beside it and renamed into place only when the run succeeds, so a failed
run leaves no half-written file and the old output as it was.

Exit status, the same for every command:

- 0: done (problems in the load report do not change it);
- 1: nothing could be read from the corpus (no such path, no corpus files, no
  text column, not one readable document);
- 2: a bad option or argument, or an invalid taxonomy or actors file, or an
  output that would replace an input;
- 3: an output cannot be written (a folder where a file is wanted, no such
  place, no permission, disk full);
- 4: the Dask cluster cannot be started or reached (``--workers``, ``--scheduler``);
- 130: interrupted (Ctrl-C; with ``--jobs``, once the chunk being labelled is done).

No error of these kinds shows a Python traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import os
import signal
import sys
from pathlib import Path

import pandas as pd

from .config import FIGURES_DIR, SEEDS_DIR
from .corpus import CorpusError, iter_corpus
from .outputs import (OutputError, OutputWriter, UsageError, atomic_output, check_output, check_writable,
                      put_in_place, resolved_path, temporary_path)
from .pipeline import LEVELS, Labelers, chunks_by_volume, cpu_count, label_chunks
from .topics import TaxonomyError, load_taxonomy

__all__ = ["main", "build_parser", "LoadProblems", "run_command", "REPORT_FILE_COLUMNS", "EXIT_OK", "EXIT_UNREADABLE",
           "EXIT_USAGE", "EXIT_UNWRITABLE", "EXIT_CLUSTER", "EXIT_INTERRUPTED"]

#: Columns of the ``--report`` file.
REPORT_FILE_COLUMNS = ["source", "line", "doc_id", "kind", "message"]

EXIT_OK = 0
EXIT_UNREADABLE = 1
EXIT_USAGE = 2
EXIT_UNWRITABLE = 3
EXIT_CLUSTER = 4
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a sub-command for each job."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Topic and stance analytics for news and official communication.",
        epilog="Exit status: 0 done; 1 nothing could be read; 2 bad option, argument, taxonomy or actors file; "
               "3 an output cannot be written; 4 the Dask cluster cannot be reached; 130 interrupted.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{figures,label,sample,validate}")

    fig = sub.add_parser(
        "figures",
        help="regenerate every figure from a corpus (the main job)",
        description="Label a corpus and write every figure as PNG.",
    )
    fig.add_argument("corpus", nargs="?", default=str(SEEDS_DIR),
                     help="corpus folder, corpus .txt file or .csv/.jsonl/.parquet table (default: seeds/)")
    fig.add_argument("--out", default=None,
                     help="folder for the figures (default: figures/ for seeds/; figures-NAME in the current "
                          "folder for any other corpus NAME)")
    fig.add_argument("--taxonomy", default=None, help="a topic taxonomy TOML file (default: the built-in one)")
    fig.add_argument("--text-column", default="text", help="text column of a table corpus (default: text)")
    fig.add_argument("--id-column", default="doc_id", help="id column of a table corpus (default: doc_id)")
    fig.add_argument("--report", default=None,
                     help="write every load problem to this .csv file (source, line, doc_id, kind, message)")

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
            "Documents that cannot be read are summed up on stderr, one line per kind of problem "
            "(--report FILE.csv lists every one)."
        ),
    )
    lab.add_argument("corpus", help="corpus folder, corpus .txt file or .csv/.jsonl/.parquet table")
    lab.add_argument("--out", required=True,
                     help="output table, .csv or .parquet by its extension (a folder with --workers/--scheduler); "
                          "never an input")
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
                     help="documents read at a time (default: 1000, also per partition with "
                          "--workers/--scheduler); they are labelled in pieces of about a million "
                          "characters of text, so memory stays flat however long the documents are")
    lab.add_argument("--keep-duplicates", action="store_true",
                     help="keep documents whose text repeats an earlier one (default: drop and report them)")
    lab.add_argument("--no-repair", action="store_true",
                     help="keep mojibake (such as 'Chinaâ€™s') as it is (default: repair it with ftfy and "
                          "report each repaired document)")
    lab.add_argument("--report", default=None,
                     help="write every load problem to this .csv file (source, line, doc_id, kind, message)")
    lab.add_argument("--quiet", action="store_true",
                     help="no progress bar and no summary line (the load problems are still summed up)")
    lab.add_argument("--jobs", type=int, default=None,
                     help="processes that label on this machine, this one included (default: one per core "
                          "once the corpus holds more than a million characters of text, else 1; 0: one per "
                          "core); the output is the same file, in the same order, as with one process")
    lab.add_argument("--workers", type=int, default=None,
                     help="label on a local Dask cluster of N worker processes; --out is then a folder of "
                          "Parquet part files")
    lab.add_argument("--scheduler", default=None,
                     help="label on an existing Dask cluster (its scheduler address, e.g. tcp://host:8786); "
                          "--out is then a folder of Parquet part files that the workers can reach")
    _add_validation_parsers(sub)
    return parser


# --- the load report --------------------------------------------------------------------------


class LoadProblems:
    """The load problems of a run: every row to ``--report`` as they come, a summary per kind on stderr.

    Use as a context manager around the reading: the report file is written to a
    temporary file and put in place when the block ends without an error; the
    summary is printed when the block ends, whatever happens.

    Parameters
    ----------
    report : path, optional
        The ``--report`` file (``.csv``).
    shown : int
        Places named on each kind's line.
    """

    def __init__(self, report=None, *, shown: int = 3, stream=None):
        self.report = None if report is None else Path(report)
        self.shown = shown
        self.stream = stream
        self.counts: dict[str, int] = {}
        self.examples: dict[str, list] = {}
        self._tmp = self._file = self._writer = None

    def __enter__(self):
        if self.report is not None:
            self._tmp = temporary_path(self.report, "--report")
            try:
                self._file = self._tmp.open("x", encoding="utf-8", newline="")
            except OSError as err:
                raise OutputError(f"cannot write --report {self.report}: {err.strerror or err}") from None
            self._writer = csv.writer(self._file)
            self._writer.writerow(REPORT_FILE_COLUMNS)
        return self

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, report: pd.DataFrame) -> None:
        """Count the rows of a load report (and write them to the report file)."""
        for row in report.itertuples(index=False):
            line = None if pd.isna(row.line) else int(row.line)
            doc_id = None if row.doc_id is None or pd.isna(row.doc_id) else row.doc_id
            message = f"{row.problem} ({row.action})"
            if self._writer is not None:
                try:
                    self._writer.writerow([row.source, "" if line is None else line, doc_id or "", row.kind, message])
                except OSError as err:
                    raise OutputError(f"cannot write --report {self.report}: {err.strerror or err}") from None
            self.counts[row.kind] = self.counts.get(row.kind, 0) + 1
            examples = self.examples.setdefault(row.kind, [])
            if len(examples) < self.shown:
                where = (f"{row.source}:{line}" if line is not None
                         else f"{row.source} (doc_id {doc_id!r})" if doc_id else row.source)
                examples.append((where, message))

    def lines(self) -> list[str]:
        """One line per kind of problem: its count, the first place with its message, the next places."""
        lines = []
        for kind, count in self.counts.items():
            (first, message), *more = self.examples[kind]
            line = f"{kind} ({count}): {first}: {message}"
            if more:
                line += "; also " + ", ".join(where for where, _ in more)
            if count > len(more) + 1:
                line += f"{',' if more else '; also'} and {count - len(more) - 1} more"
            lines.append(line)
        if self.report is None and any(count > self.shown for count in self.counts.values()):
            lines.append("(--report FILE.csv lists every problem, one row each)")
        return lines

    def __exit__(self, exc_type, exc, tb):
        try:
            if self._file is not None:
                self._file.close()
                if exc_type is None:
                    put_in_place(self._tmp, self.report, "--report")
        except OSError as err:
            if exc_type is None:
                raise OutputError(f"cannot write --report {self.report}: {err.strerror or err}") from None
        finally:
            if self._file is not None:
                with contextlib.suppress(OSError):
                    self._tmp.unlink(missing_ok=True)
            for line in self.lines():
                print(line, file=self.stream or sys.stderr)
        return False


def _check_data_files(args) -> None:
    """``--taxonomy`` and ``--actors``, when given, are readable UTF-8 files (the loaders check the rest)."""
    for option in ("taxonomy", "actors"):
        path = getattr(args, option, None)
        if path is None or not Path(path).exists():
            continue  # a missing file is named by its loader
        if Path(path).is_dir():
            raise UsageError(f"--{option} {path} is a folder, not a TOML file")
        try:
            Path(path).read_bytes().decode("utf-8")
        except OSError as err:
            raise UsageError(f"--{option} {path}: cannot read: {err.strerror or err}") from None
        except UnicodeDecodeError:
            raise UsageError(f"--{option} {path}: not UTF-8 text, so not a TOML file") from None


def _check_report_option(args, inputs: dict, *, parts_folder: bool = False) -> None:
    """``--report`` ends in .csv, is not an input and is not ``--out`` (nor inside a folder of part files)."""
    if args.report is None:
        return
    if Path(args.report).suffix.lower() != ".csv":
        raise UsageError(f"--report must end in .csv, not {Path(args.report).name!r}")
    check_output(args.report, inputs, option="--report")
    check_writable(args.report, option="--report")
    if args.out is not None and resolved_path(Path(args.report)) == resolved_path(Path(args.out)):
        raise UsageError(f"--report and --out name the same file {args.out}")
    if parts_folder and resolved_path(Path(args.out)) in resolved_path(Path(args.report)).parents:
        raise UsageError(f"--report {args.report} lies inside the --out folder {args.out}")


def _progress(args, total: int | None = None):
    """A tqdm bar on stderr; silent when stderr is not a terminal or with --quiet."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=args.quiet or not sys.stderr.isatty(),
                desc="labelling")


# --- label ------------------------------------------------------------------------------------


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
        args.chunksize = 1000  # with pieces of CHUNK_CHARS labelled at a time: memory stays flat
    if args.chunksize < 1:
        print(f"error: --chunksize must be a positive integer, not {args.chunksize}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print(f"error: --workers must be a positive integer, not {args.workers}", file=sys.stderr)
        return 2
    if args.workers is not None and args.scheduler is not None:
        print("error: give --workers or --scheduler, not both", file=sys.stderr)
        return 2
    _check_label_paths(args, distributed)
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
    # pyarrow's default allocator (mimalloc) keeps the pages of the chunks' freed string buffers;
    # the system allocator gives them back: about 30 MB less peak memory per process, as fast
    import pyarrow as pa

    pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        return _label_here(args, labelers)
    finally:
        pa.set_memory_pool(pool)
        gc.unfreeze()


def _label_inputs(args) -> dict:
    return {"the corpus": args.corpus, "the taxonomy": args.taxonomy, "the actors file": args.actors}


def _check_label_paths(args, distributed: bool) -> None:
    """Every check of --out and --report that needs no reading: raises UsageError or OutputError."""
    _check_data_files(args)
    inputs = _label_inputs(args)
    out = Path(args.out)
    check_output(out, inputs, folder=distributed)
    check_writable(out)
    if not distributed:
        OutputWriter(out)  # checks the extension
        if out.is_dir():
            raise OutputError(f"cannot write --out {out}: it is a folder; give a file name ending in .csv or "
                              ".parquet (a folder is for --workers/--scheduler)")
    elif out.exists() and not out.is_dir():
        raise OutputError(f"cannot write --out {out}: it is a file; with --workers/--scheduler --out is a folder")
    _check_report_option(args, inputs, parts_folder=distributed)


_FORK_HOOK = False


_FORKED_BY = None


def _note_forking_process() -> None:
    global _FORKED_BY
    _FORKED_BY = os.getpid()


def _worker_after_fork() -> None:
    """In a forked worker: ignore Ctrl-C, and die with the process that forked it (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != _FORKED_BY:  # the parent died before the line above
            os._exit(1)


@contextlib.contextmanager
def _interrupt_between_chunks():
    """With ``--jobs``: Ctrl-C stops the run between two chunks, where the pool of workers can be stopped cleanly.

    Yields a function that the chunk loop calls: it raises ``KeyboardInterrupt`` once Ctrl-C was
    pressed. Until then Ctrl-C only sets a flag: an interrupt raised inside a fork of the pool (in
    the interpreter's fork handlers) would be printed and lost, or leave the pool half made. The
    forked workers ignore Ctrl-C; the pool stops them.
    """
    import threading

    global _FORK_HOOK
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    if not _FORK_HOOK and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_note_forking_process, after_in_child=_worker_after_fork)
        _FORK_HOOK = True
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda *_: pressed.append(True))

    def check() -> None:
        if pressed:
            raise KeyboardInterrupt

    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, previous)
    check()


def _label_here(args, labelers: Labelers) -> int:
    """Label on this machine (in ``--jobs`` processes) into one output file."""
    documents_read = 0
    interruptible = _interrupt_between_chunks() if args.jobs != 1 else contextlib.nullcontext(lambda: None)
    stream = None  # held until the outputs are cleaned up: closing it stops the pool of workers
    try:
        with LoadProblems(args.report) as problems, OutputWriter(args.out) as writer:
            with _progress(args) as bar, interruptible as check_interrupt:
                chunks = chunks_by_volume(iter_corpus(
                    args.corpus,
                    text_column=args.text_column,
                    id_column=args.id_column,
                    target_column=args.target_column,
                    duplicates="flag" if args.keep_duplicates else "drop",
                    chunksize=args.chunksize,
                    repair=not args.no_repair,
                ))
                stream = label_chunks(chunks, level=args.level, labelers=labelers, jobs=args.jobs)
                for documents, report, labels in stream:
                    problems.add(report)
                    documents_read += len(documents)
                    if labels is not None:
                        writer.write(labels)
                    bar.update(len(documents))
                    check_interrupt()
            if documents_read == 0:
                writer.discard()
    except KeyboardInterrupt:
        import multiprocessing

        if args.jobs != 1 and stream is not None and multiprocessing.active_children():
            _exit_interrupted()  # a pool of workers runs: the outputs are cleaned up; stopping the pool can hang
        raise
    return _finish(args, documents_read, writer.rows, problems.total)


def _exit_interrupted() -> None:
    """Stop a ``--jobs`` run after Ctrl-C at once: kill the workers and leave with status 130.

    ``multiprocessing.Pool.terminate`` waits for a lock that an idle worker may hold for ever, so
    the workers are killed and the process ends without it.
    """
    import multiprocessing

    for child in multiprocessing.active_children():  # the pool may fork more: those die with this process
        child.kill()
    print("interrupted", file=sys.stderr)
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(EXIT_INTERRUPTED)


def _label_distributed(args) -> int:
    from .distributed import ClusterError, label_distributed

    with LoadProblems(args.report) as problems:
        with _progress(args) as bar:
            try:
                documents_read, rows, _ = label_distributed(
                    args.corpus, args.out, workers=args.workers, scheduler=args.scheduler, level=args.level,
                    text_column=args.text_column, id_column=args.id_column, target_column=args.target_column,
                    taxonomy=args.taxonomy, actors=args.actors, partition_size=args.chunksize,
                    duplicates="flag" if args.keep_duplicates else "drop", repair=not args.no_repair,
                    progress=bar.update, on_report=problems.add)
            except ClusterError as err:
                print(f"error: {err}", file=sys.stderr)
                return EXIT_CLUSTER
    return _finish(args, documents_read, rows, problems.total)


def _finish(args, documents_read: int, rows: int, problems: int) -> int:
    if documents_read == 0:
        print(f"error: {args.corpus}: no document could be read", file=sys.stderr)
        return EXIT_UNREADABLE
    if not args.quiet:
        print(f"labelled {_count(documents_read, 'document')} ({_count(rows, 'row')}) into {args.out}; "
              f"{_count(problems, 'problem')} reported", file=sys.stderr)
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# --- figures ----------------------------------------------------------------------------------


def _figures(args) -> int:
    from .figures import default_figures_dir, make_figures

    _check_data_files(args)
    out = Path(args.out) if args.out is not None else default_figures_dir(args.corpus)
    inputs = {"the corpus": args.corpus, "the taxonomy": args.taxonomy}
    check_output(out, inputs, option="--out")
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write --out {out}: it is a file; --out is the folder for the figures")
    check_writable(out)
    args.out = str(out)
    _check_report_option(args, inputs)
    load_taxonomy(args.taxonomy)  # an invalid taxonomy stops here, before the corpus is read
    with LoadProblems(args.report) as problems:
        written, report = make_figures(args.corpus, out, taxonomy=args.taxonomy, text_column=args.text_column,
                                       id_column=args.id_column)
        problems.add(report)
    for path in written:
        print(path)
    return EXIT_OK


# --- main -------------------------------------------------------------------------------------


def run_command(handler, args) -> int:
    """Run a sub-command's ``handler(args)``, turning each kind of error into one line and its exit status."""
    try:
        return handler(args)
    except (UsageError, TaxonomyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNWRITABLE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    handlers = {"label": _label, "figures": _figures, "sample": _sample, "validate": _validate}
    return run_command(handlers[args.command], args)


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


def _check_csv_out(out: str, inputs: dict) -> Path:
    """``--out`` of sample and validate: a ``.csv`` file that is no input (:func:`check_output`) and
    can be written (:func:`check_writable`); raises UsageError or OutputError."""
    path = Path(out)
    if path.suffix.lower() != ".csv":
        raise UsageError(f"--out must end in .csv, not {path.name!r}")
    check_output(path, inputs)
    if path.is_dir():
        raise OutputError(f"cannot write --out {out}: it is a folder; give a file name ending in .csv")
    check_writable(path)
    return path


def _sample(args) -> int:
    from .sheets import CODER_COLUMNS, CODING_STEPS, SheetError, read_sheet, write_sheet
    from .validation import sample_corpus

    _check_data_files(args)
    out = _check_csv_out(args.out, {"the corpus": args.corpus, "the taxonomy": args.taxonomy})
    if args.n < 1:
        raise UsageError(f"--n must be a positive integer, not {args.n}")
    if out.is_file():
        try:  # never overwrite a coder's work
            cells = read_sheet(out)[CODER_COLUMNS].apply(lambda column: column.str.strip())
            done = int((cells != "").any(axis=1).sum())
        except SheetError:
            done = -1
        if done:
            raise UsageError(f"--out {out} is a coding sheet with {done} coded rows; choose another file" if done > 0
                             else f"--out {out} exists and is not a coding sheet; choose another file")
    load_taxonomy(args.taxonomy)  # an invalid taxonomy stops here (exit 2), before the corpus is read
    try:
        sheet, report = sample_corpus(args.corpus, n=args.n, seed=args.seed, taxonomy=args.taxonomy,
                                      text_column=args.text_column, id_column=args.id_column,
                                      duplicates="keep" if args.keep_duplicates else "drop")
    except (SheetError, ValueError) as err:  # CorpusError too: nothing readable
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    with LoadProblems(None) as problems:
        problems.add(report)
    with atomic_output(out, suffix=".csv") as tmp:
        write_sheet(sheet, tmp)
    print(f"drew {len(sheet)} sentences from {sheet['stratum'].nunique()} strata into {args.out}", file=sys.stderr)
    print(CODING_STEPS.replace("this notebook again with the same SHEET (or: ", "").replace("report.csv).",
                                                                                         "report.csv."),
          file=sys.stderr)
    return EXIT_OK


def _validate(args) -> int:
    from .sheets import SheetError, read_sheet
    from .validation import validate_corpus

    _check_data_files(args)
    out = _check_csv_out(args.out, {"the coding sheet": args.sheet, "the corpus": args.corpus,
                                    "the taxonomy": args.taxonomy, "the actors file": args.actors})
    if args.n_boot < 1:
        raise UsageError(f"--n-boot must be a positive integer, not {args.n_boot}")
    load_taxonomy(args.taxonomy)  # an invalid taxonomy stops here (exit 2), before the corpus is read
    try:
        sheet = read_sheet(args.sheet)
        result = validate_corpus(sheet, args.corpus, taxonomy=args.taxonomy, actors=args.actors,
                                 text_column=args.text_column, id_column=args.id_column,
                                 duplicates="keep" if args.keep_duplicates else "drop",
                                 n_boot=args.n_boot, seed=args.seed)
    except (SheetError, OSError, ValueError) as err:  # a sheet that cannot be read or no longer fits the corpus
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    with atomic_output(out, suffix=".csv") as tmp:
        result.report.to_csv(tmp, index=False)
    print(_report_table(result.report))
    if len(result.agreement):
        print()
        print(result.agreement.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(f"\n{len(result.compared)} coded sentences; {result.n_skipped} not coded (skipped). "
          f"Estimates are for the whole corpus (weighted); intervals are 95% bootstrap intervals. "
          f"Report written to {args.out}", file=sys.stderr)
    return EXIT_OK


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
