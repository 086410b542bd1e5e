"""Outputs that never lose data: checked before anything is read, written atomically.

:func:`check_output` refuses an output that is, lies inside or holds an input
(an input is never overwritten) and one that cannot be written (a folder, a
missing or read-only place), before any work is done. :func:`atomic_output`
and :class:`OutputWriter` write into a hidden temporary file beside the output,
which replaces it only once everything is written: an error or Ctrl-C leaves
the old file (or none) as it was. Used by the command line
(:mod:`analysis.cli`), the figures and the Dask runs.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import pandas as pd

__all__ = ["check_output", "check_writable", "atomic_output", "OutputWriter", "UsageError", "OutputError",
           "OUTPUT_SUFFIXES", "resolved_path", "temporary_path", "put_in_place"]

#: The table formats of ``--out``.
OUTPUT_SUFFIXES = (".csv", ".parquet")


class UsageError(ValueError):
    """A bad option or argument (exit status 2)."""


class OutputError(Exception):
    """An output that cannot be written (exit status 3)."""


def resolved_path(path: Path) -> Path:
    """The path with every link and ``..`` resolved (two names of one file compare equal)."""
    return Path(os.path.realpath(path))


def check_output(out, inputs: dict, *, option: str = "--out", folder: bool = False) -> Path:
    """Refuse an output path that would replace or land inside an input.

    Parameters
    ----------
    out : path
        The output path, as given.
    inputs : dict
        What each input is called (``"the corpus"``) -> its path (None: not given).
    option : str
        The option that named ``out``, for the message.
    folder : bool
        ``out`` is a folder whose old files a run replaces: an input inside it is refused too.

    Raises
    ------
    UsageError
        When ``out`` is an input (the same file, through any symbolic or hard
        link) or lies inside an input folder.

    Examples
    --------
    >>> check_output("labels.csv", {"the corpus": "corpus.csv"}).name
    'labels.csv'
    >>> check_output("corpus.csv", {"the corpus": "corpus.csv"})
    Traceback (most recent call last):
    ...
    analysis.outputs.UsageError: --out corpus.csv is the corpus corpus.csv: an input is never overwritten; choose another path
    """
    out = Path(out)
    target = resolved_path(out)
    for name, path in inputs.items():
        if path is None:
            continue
        source = resolved_path(Path(path))
        same = target == source
        if not same and out.exists() and Path(path).exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(out, path)
        if same:
            raise UsageError(f"{option} {out} is {name} {path}: an input is never overwritten; choose another path")
        if source.is_dir() and source in target.parents:
            raise UsageError(f"{option} {out} lies inside {name} folder {path}: write it outside the input")
        if folder and target in source.parents:
            raise UsageError(f"{option} {out} holds {name} {path}: give a folder that does not hold an input")
    return out


def temporary_path(path: Path, option: str, suffix: str = "") -> Path:
    """A new hidden name beside ``path`` (the same file system, so a rename puts it in place)."""
    if path.is_dir():
        raise OutputError(f"cannot write {option} {path}: it is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot write {option} {path}: {path.parent} is not a folder") from None
    except OSError as err:
        raise OutputError(f"cannot write {option} {path}: {err.strerror or err}") from None
    return path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp{suffix}"


def check_writable(path, *, option: str = "--out") -> None:
    """Fail early, before anything is read, when ``path`` (a file or folder to be) cannot be written.

    Looks at the nearest folder that exists on the way to ``path`` (nothing is
    created): it must be a folder this process may write to.

    Raises
    ------
    OutputError
        Naming the option, the path and why.
    """
    path = Path(path)
    place = path.parent if not path.is_dir() else path
    while not place.exists() and place != place.parent:
        place = place.parent
    if not place.is_dir():
        raise OutputError(f"cannot write {option} {path}: {place} is not a folder")
    if not os.access(place, os.W_OK | os.X_OK):
        read_only = bool(os.statvfs(place).f_flag & os.ST_RDONLY)
        raise OutputError(f"cannot write {option} {path}: "
                          f"{'Read-only file system' if read_only else 'Permission denied'} ({place})")


def put_in_place(tmp: Path, path: Path, option: str) -> None:
    """Rename the finished temporary file ``tmp`` to ``path`` (:class:`OutputError` if it fails)."""
    try:
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"cannot write {option} {path}: {err.strerror or err}") from None


@contextlib.contextmanager
def atomic_output(path, *, option: str = "--out", suffix: str = ""):
    """Yield a hidden temporary path beside ``path`` that replaces ``path`` when the block succeeds.

    When the block raises, the temporary file is removed and ``path`` is left as
    it was; so it is when the block wrote nothing. ``suffix`` ends the temporary
    name (for writers that choose the format by the extension).

    Raises
    ------
    OutputError
        When the place cannot be written (one line naming the option and the path).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_output(folder / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> sorted(p.name for p in folder.iterdir())
    ['out.txt']
    """
    path = Path(path)
    tmp = temporary_path(path, option, suffix)
    try:
        yield tmp
        if tmp.exists():
            put_in_place(tmp, path, option)
    except OSError as err:
        raise OutputError(f"cannot write {option} {path}: {err.strerror or err}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


class OutputWriter:
    """Write a table chunk by chunk to ``.csv`` or ``.parquet``.

    The file is written incrementally, so memory does not grow with the corpus,
    into a hidden temporary file beside it that replaces it only when the
    ``with`` block ends without an error and :meth:`discard` was not called.
    Use as a context manager.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in OUTPUT_SUFFIXES:
            raise UsageError(f"--out must end in .csv or .parquet, not {self.path.name!r}")
        self.suffix = suffix
        self._parquet = None
        self._csv = None
        self._schema = None
        self._tmp = None
        self.rows = 0

    def _error(self, err: OSError) -> OutputError:
        return OutputError(f"cannot write --out {self.path}: {err.strerror or err}")

    def __enter__(self):
        self._tmp = temporary_path(self.path, "--out")
        try:  # create it now: an unwritable place fails before anything is read
            if self.suffix == ".csv":
                self._csv = self._tmp.open("x", encoding="utf-8", newline="")
            else:
                self._tmp.touch(exist_ok=False)
        except OSError as err:
            raise self._error(err) from None
        return self

    def write(self, frame: pd.DataFrame) -> None:
        """Append one chunk (its columns must match the first chunk's)."""
        try:
            if self.suffix == ".csv":
                frame.to_csv(self._csv, header=self.rows == 0 and self._schema is None, index=False)
                self._schema = list(frame.columns)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(frame, preserve_index=False)
                if self._parquet is None:
                    self._schema = table.schema
                    self._parquet = pq.ParquetWriter(self._tmp, self._schema)
                else:
                    table = table.cast(self._schema)
                self._parquet.write_table(table)
        except OSError as err:
            raise self._error(err) from None
        self.rows += len(frame)

    def discard(self) -> None:
        """Write nothing: the old file (if any) stays as it was."""
        self._close()
        self._tmp.unlink(missing_ok=True)

    def _close(self) -> None:
        csv_file, parquet, self._csv, self._parquet = self._csv, self._parquet, None, None
        if csv_file is not None:
            csv_file.close()
        if parquet is not None:
            parquet.close()

    def __exit__(self, exc_type, exc, tb):
        try:
            self._close()
            if exc_type is None and self._tmp.exists():
                put_in_place(self._tmp, self.path, "--out")
        except OSError as err:
            if exc_type is None:
                raise self._error(err) from None
        finally:
            with contextlib.suppress(OSError):
                self._tmp.unlink(missing_ok=True)
        return False
