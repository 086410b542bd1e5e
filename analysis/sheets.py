"""The blind coding sheet: draw it, write and read it, match it to the corpus, read the coding.

One job: the analyst's side of validation on their own corpus. :func:`draw_sample`
draws sentences stratified by predicted topic into a blind sheet (no machine label
shown); :func:`write_sheet` and :func:`read_sheet` carry it to and from a
spreadsheet safely; :func:`check_sheet` matches it to the corpus, :func:`coded_rows`
reads what the coder filled, and :func:`find_coded` finds the coded sample to use.
Scoring the coded sheet (corpus-level estimates) is :mod:`analysis.validation`'s
job, which re-exports these names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SHEET_COLUMNS", "CODER_COLUMNS", "DESIGN_COLUMNS", "TEXT_COLUMNS", "FORMULA_STARTS", "SKIP_MARK",
           "CODING_STEPS", "SheetError", "allocate", "draw_sample", "escape_cell", "unescape_cell", "write_sheet",
           "read_sheet", "gold_as_sheet", "check_sheet", "coded_rows", "find_coded"]

#: Columns of a coding sheet, in order. ``row`` numbers the rows (1, 2, ...); ``doc_id``, ``sent_id``
#: and ``text`` name the sentence (``text`` is checked against the corpus); ``before`` and ``after``
#: are the sentences around it in its document (context only). The coder fills ``topics`` (topic
#: names separated by ``;``, or ``none``), and optionally ``tone`` (-1..1) and ``speaker``. The last
#: three are the sampling design, not to be edited: ``stratum`` (an opaque code of the stratum the row
#: was drawn from, so that the machine's label stays hidden), ``stratum_size`` (the sentences of the
#: corpus in that stratum) and ``inclusion_prob`` (the chance that a sentence of the stratum was drawn).
SHEET_COLUMNS = ["row", "doc_id", "sent_id", "before", "text", "after", "topics", "tone", "speaker",
                 "stratum", "stratum_size", "inclusion_prob"]
#: The columns the coder fills.
CODER_COLUMNS = ["topics", "tone", "speaker"]
#: The sampling design columns that :func:`analysis.validation.validate_sheet` weights with.
DESIGN_COLUMNS = ["stratum", "stratum_size", "inclusion_prob"]
#: Sheet columns that carry corpus text (untrusted): escaped against CSV injection when written.
TEXT_COLUMNS = ["doc_id", "before", "text", "after"]
#: A cell starting with one of these is run as a formula by a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Written in a ``topics`` cell, skips the row (the coder is unsure).
SKIP_MARK = "?"


class SheetError(ValueError):
    """A coding sheet that cannot be used: the message names the rows and what is wrong."""


def allocate(sizes: pd.Series, n: int, *, power: float = 0.5) -> pd.Series:
    """How many sentences to draw from each stratum.

    Each stratum gets a share proportional to ``size ** power`` (0: equal shares, 1: proportional
    to size; the default square root is the usual compromise that gives small strata, such as a
    rare topic, enough items while the large ones keep most), at least two sentences (one if it
    has only one), and never more than it has; what a small stratum cannot take goes to the others.

    Parameters
    ----------
    sizes : pandas.Series
        The number of sentences of each stratum, indexed by stratum.
    n : int
        The sample size (all of the corpus when it has fewer sentences).
    power : float, default 0.5
        In ``[0, 1]``.

    Returns
    -------
    pandas.Series
        The number to draw from each stratum, in the order of ``sizes``; it sums to
        ``min(n, sizes.sum())``.

    Examples
    --------
    >>> allocate(pd.Series({"none": 900, "health": 100, "trade": 4}), 60).to_dict()
    {'none': 43, 'health': 14, 'trade': 3}
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive integer, not {n!r}")
    if not 0 <= power <= 1:
        raise ValueError(f"power must be between 0 and 1, not {power!r}")
    sizes = sizes.astype("int64")
    if (sizes < 0).any():
        raise ValueError("sizes must not be negative")
    target = min(int(n), int(sizes.sum()))
    floor = np.minimum(sizes.to_numpy(), 2)
    if floor.sum() > target:
        raise ValueError(f"n must be at least {int(floor.sum())} (two sentences of each of the "
                         f"{int((sizes > 0).sum())} strata), not {n}")
    caps = sizes.to_numpy().astype(float)
    share = np.where(caps > 0, caps ** power, 0.0)
    quota = floor.astype(float)
    free = caps > quota
    # water-filling: the strata that would get more than they have are filled, the rest share again
    while free.any():
        left = target - quota[~free].sum()
        want = np.where(free, left * share / share[free].sum(), quota)
        over = free & (want >= caps)
        under = free & (want < floor)
        if not (over.any() or under.any()):
            quota = want
            break
        quota = np.where(over, caps, np.where(under, floor, quota))
        free = free & ~over & ~under
    # whole numbers by largest remainder (ties: the larger stratum, then the stratum's order)
    whole = np.minimum(np.floor(quota), caps).astype(np.int64)
    rest = target - whole.sum()
    order = sorted(range(len(whole)), key=lambda i: (-(quota[i] - whole[i]), -caps[i], i))
    for i in order:
        if rest <= 0:
            break
        if whole[i] < caps[i]:
            whole[i] += 1
            rest -= 1
    return pd.Series(whole, index=sizes.index, dtype="int64")


def _context(labels: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The sentence before and after each sentence in its document ('' at the ends)."""
    same_before = labels["doc_id"].eq(labels["doc_id"].shift(1))
    same_after = labels["doc_id"].eq(labels["doc_id"].shift(-1))
    text = labels["text"].astype(object)
    before = text.shift(1).where(same_before, "")
    after = text.shift(-1).where(same_after, "")
    return before.fillna(""), after.fillna("")


def draw_sample(labels: pd.DataFrame, *, n: int = 400, seed: int = 0, power: float = 0.5) -> pd.DataFrame:
    """Draw a blind coding sheet of sentences, stratified by predicted primary topic.

    Every value of ``primary_topic`` (``none`` included) is a stratum; :func:`allocate` sets how
    many sentences each gives, and they are drawn without replacement. The sheet's rows are in a
    random order (not grouped by stratum) and the strata have opaque codes, so the coder never
    sees the machine's label; no topic score or evidence is in the sheet.

    Parameters
    ----------
    labels : pandas.DataFrame
        Sentence labels of the whole corpus (``doc_id``, ``sent_id``, ``text``,
        ``primary_topic``), in document order.
    n : int, default 400
        Sentences to draw (all of them when the corpus has fewer).
    seed : int, default 0
        The same labels, ``n`` and seed give the same sheet.
    power : float, default 0.5
        See :func:`allocate`.

    Returns
    -------
    pandas.DataFrame
        The sheet, with :data:`SHEET_COLUMNS` (coder columns empty).

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [1, 2, 1],
    ...                        "text": ["Tariffs rose.", "It rained.", "Vaccines came."],
    ...                        "primary_topic": ["trade", "none", "health"]})
    >>> sheet = draw_sample(labels, n=3)
    >>> sorted(sheet["text"]), sheet["inclusion_prob"].tolist()
    (['It rained.', 'Tariffs rose.', 'Vaccines came.'], [1.0, 1.0, 1.0])
    >>> "primary_topic" in sheet.columns
    False
    """
    missing = [c for c in ("doc_id", "sent_id", "text", "primary_topic") if c not in labels.columns]
    if missing:
        raise ValueError(f"labels has no {missing} column(s); it has {list(labels.columns)}")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, not {seed!r}")
    labels = labels.reset_index(drop=True)
    if not len(labels):
        raise ValueError("labels has no sentences to draw from")
    before, after = _context(labels)
    strata = labels["primary_topic"].astype(str).to_numpy(dtype=object)
    names = sorted(set(strata))
    sizes = pd.Series({name: int((strata == name).sum()) for name in names})
    counts = allocate(sizes, n, power=power)
    rng = np.random.default_rng(seed)
    codes = {name: f"S{k + 1}" for name, k in zip(names, rng.permutation(len(names)))}
    chosen, prob = [], []
    for name in names:
        rows = np.flatnonzero(strata == name)
        take = np.sort(rng.choice(rows, size=int(counts[name]), replace=False))
        chosen.append(take)
        prob.append(np.full(len(take), counts[name] / sizes[name]))
    chosen, prob = np.concatenate(chosen), np.concatenate(prob)
    order = rng.permutation(len(chosen))
    chosen, prob = chosen[order], prob[order]
    picked = labels.iloc[chosen]
    return pd.DataFrame({
        "row": np.arange(1, len(chosen) + 1),
        "doc_id": picked["doc_id"].astype(str).to_numpy(dtype=object),
        "sent_id": picked["sent_id"].astype("int64").to_numpy(),
        "before": before.iloc[chosen].to_numpy(dtype=object),
        "text": picked["text"].astype(str).to_numpy(dtype=object),
        "after": after.iloc[chosen].to_numpy(dtype=object),
        "topics": "", "tone": "", "speaker": "",
        "stratum": [codes[s] for s in strata[chosen]],
        "stratum_size": [int(sizes[s]) for s in strata[chosen]],
        "inclusion_prob": prob,
    })[SHEET_COLUMNS]


def escape_cell(value: str) -> str:
    """Write a cell so that a spreadsheet shows it as text, never as a formula.

    A cell starting with ``= + - @``, a tab or a carriage return (OWASP's CSV injection list)
    gets a leading apostrophe, which spreadsheets read as "this is text" and do not show; so that
    reading back is exact, a cell that already starts with an apostrophe gets one more.
    :func:`unescape_cell` strips exactly what was added.

    Examples
    --------
    >>> [escape_cell(v) for v in ["=1+2", "-5% growth", "'quoted'", "plain"]]
    ["'=1+2", "'-5% growth", "''quoted'", 'plain']
    >>> all(unescape_cell(escape_cell(v)) == v for v in ["=1+2", "-x", "'", "'=", "it's", ""])
    True
    """
    return "'" + value if value.startswith(FORMULA_STARTS + ("'",)) else value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`: drop one leading apostrophe before a formula start or an apostrophe.

    Examples
    --------
    >>> unescape_cell("'=1+2"), unescape_cell("''quoted'"), unescape_cell("'tis")
    ('=1+2', "'quoted'", "'tis")
    """
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS + ("'",):
        return value[1:]
    return value


def write_sheet(sheet: pd.DataFrame, path) -> Path:
    """Write a coding sheet as CSV for a spreadsheet.

    UTF-8 **with** a byte-order mark, so that Excel recognises the encoding when the file is
    double-clicked (LibreOffice, Google Sheets and pandas read it too); every text cell escaped
    with :func:`escape_cell` (news text is untrusted input: CSV injection).
    """
    path = Path(path)
    out = sheet.copy()
    for column in TEXT_COLUMNS:
        if column in out.columns:
            out[column] = [escape_cell(v if isinstance(v, str) else "" if pd.isna(v) else str(v))
                           for v in out[column]]
    out["inclusion_prob"] = [repr(float(p)) for p in out["inclusion_prob"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def read_sheet(path) -> pd.DataFrame:
    """Read a coding sheet written by :func:`write_sheet` (and perhaps edited in a spreadsheet).

    Text cells are unescaped (:func:`unescape_cell`); every column is read as text except
    ``row``, ``sent_id``, ``stratum_size`` and ``inclusion_prob``. A sheet saved with ``;`` or tab
    separators (as some spreadsheets do in some locales) is read too. Raises :class:`SheetError` when
    the file is missing, is not UTF-8 or lacks a column.
    """
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"{path}: no such coding sheet")
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if len(sheet.columns) == 1:  # saved by a spreadsheet that separates with ';' or tabs (some locales)
            for sep in (";", "\t"):
                if sep in sheet.columns[0]:
                    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=sep)
                    break
    except UnicodeDecodeError:
        raise SheetError(f"{path}: not UTF-8 text; save the sheet as 'CSV UTF-8'") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SheetError(f"{path}: not a readable CSV file ({err})") from None
    missing = [c for c in SHEET_COLUMNS if c not in sheet.columns and c not in ("tone", "speaker")]
    if missing:
        raise SheetError(f"{path}: not a coding sheet: no {', '.join(missing)} column(s); it has "
                         f"{', '.join(sheet.columns)}")
    for column in ("tone", "speaker"):
        if column not in sheet.columns:
            sheet[column] = ""
    for column in TEXT_COLUMNS:
        sheet[column] = [unescape_cell(v) for v in sheet[column]]
    for column, kind in (("row", "int64"), ("sent_id", "int64"), ("stratum_size", "int64"),
                         ("inclusion_prob", "float64")):
        values = pd.to_numeric(sheet[column], errors="coerce")
        bad = sheet.index[values.isna()]
        if len(bad):
            raise SheetError(f"{path}: {column} is not a number in {_rows(sheet, bad)}")
        sheet[column] = values.astype(kind)
    return sheet


def _rows(sheet: pd.DataFrame, index, limit: int = 8) -> str:
    """'row 3, row 7 and 2 more' from the sheet's ``row`` column (or the position)."""
    if "row" in sheet.columns:
        names = [str(sheet.loc[i, "row"]) for i in index]
    else:
        names = [str(i + 1) for i in index]
    text = ", ".join(f"row {name}" for name in names[:limit])
    return text + (f" and {len(names) - limit} more" if len(names) > limit else "")


def gold_as_sheet(gold: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """A coding sheet from gold labels made without a sampling design (e.g. ``seed_gold.csv``).

    ``gold`` has ``sent_id``, ``topics`` and optionally ``doc_id`` (needed when the corpus has more
    than one document), ``tone`` and ``speaker``. With no design, the gold sentences are taken as
    a simple random sample of the corpus's sentences (one stratum): exact when every sentence is
    coded, as for the seed.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "text": ["T.", "U."],
    ...                        "primary_topic": ["none", "none"]})
    >>> gold_as_sheet(pd.DataFrame({"sent_id": [1], "topics": ["health"]}), labels)[
    ...     ["doc_id", "text", "topics", "inclusion_prob"]].values.tolist()
    [['a', 'U.', 'health', 0.5]]
    """
    gold = gold.reset_index(drop=True)
    if "doc_id" not in gold.columns:
        ids = labels["doc_id"].astype(str).unique()
        if len(ids) != 1:
            raise SheetError(f"the gold labels have no doc_id column, but the corpus has {len(ids)} documents")
        gold = gold.assign(doc_id=ids[0])
    keys = pd.DataFrame({"doc_id": gold["doc_id"].astype(str), "sent_id": pd.to_numeric(gold["sent_id"])})
    texts = labels.assign(doc_id=labels["doc_id"].astype(str)).set_index(["doc_id", "sent_id"])["text"]
    index = pd.MultiIndex.from_frame(keys)
    found = index.isin(texts.index)
    if not found.all():
        raise SheetError(f"the gold labels name sentences the corpus does not have: "
                         f"{_rows(gold, np.flatnonzero(~found))}")
    before, after = _context(labels.reset_index(drop=True))
    around = pd.DataFrame({"before": before.to_numpy(), "after": after.to_numpy()},
                          index=pd.MultiIndex.from_frame(labels[["doc_id", "sent_id"]].astype({"doc_id": str})))
    n_all = len(labels)
    return pd.DataFrame({
        "row": np.arange(1, len(gold) + 1), "doc_id": keys["doc_id"].to_numpy(dtype=object),
        "sent_id": keys["sent_id"].astype("int64").to_numpy(),
        "before": around["before"].reindex(index).to_numpy(dtype=object),
        "text": texts.reindex(index).astype(str).to_numpy(dtype=object),
        "after": around["after"].reindex(index).to_numpy(dtype=object),
        # every row of gold labels is coded: an empty cell is no topic
        "topics": gold["topics"].fillna("").astype(str).replace("", "none").to_numpy(dtype=object),
        "tone": gold["tone"].astype(str).to_numpy(dtype=object) if "tone" in gold else "",
        "speaker": gold["speaker"].fillna("").astype(str).to_numpy(dtype=object) if "speaker" in gold else "",
        "stratum": "S1", "stratum_size": n_all, "inclusion_prob": len(gold) / n_all,
    })[SHEET_COLUMNS]


def check_sheet(sheet: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The corpus's label row for each sheet row; :class:`SheetError` when the sheet does not match.

    Each sheet row must name a document of the corpus, a sentence of it, and carry that
    sentence's text (as written, or as a spreadsheet saved it back). The error names every row
    that does not match and why (document missing, sentence missing, text edited), and design
    columns that disagree within a stratum.

    Returns
    -------
    pandas.DataFrame
        ``labels`` rows aligned with the sheet rows (same index as ``sheet``).
    """
    keyed = labels.assign(doc_id=labels["doc_id"].astype(str)).drop_duplicates(["doc_id", "sent_id"])
    keyed = keyed.set_index(["doc_id", "sent_id"])
    index = pd.MultiIndex.from_arrays([sheet["doc_id"].astype(str), sheet["sent_id"].astype("int64")])
    docs = set(keyed.index.get_level_values(0))
    problems = []
    no_doc = [i for i, d in zip(sheet.index, sheet["doc_id"].astype(str)) if d not in docs]
    if no_doc:
        problems.append(f"the corpus has no such document in {_rows(sheet, no_doc)}")
    present = index.isin(keyed.index)
    no_sentence = [i for i, ok, d in zip(sheet.index, present, sheet["doc_id"].astype(str)) if not ok and d in docs]
    if no_sentence:
        problems.append(f"the document has no such sentence in {_rows(sheet, no_sentence)}")
    matched = keyed.reindex(index)
    matched.index = sheet.index
    corpus_text = matched["text"].astype(object)
    # as written, or as a spreadsheet saved it back (it drops the apostrophe it showed as text)
    edited = [i for i, ok in zip(sheet.index, present)
              if ok and sheet.loc[i, "text"] not in (corpus_text[i], escape_cell(corpus_text[i]), corpus_text[i][1:])]
    if edited:
        problems.append(f"the text differs from the corpus's sentence in {_rows(sheet, edited)}")
    design = sheet.groupby("stratum")[["stratum_size", "inclusion_prob"]].nunique()
    mixed = design.index[(design > 1).any(axis=1)].tolist()
    if mixed:
        problems.append(f"stratum_size or inclusion_prob differ within stratum {', '.join(map(str, mixed))}")
    if problems:
        raise SheetError("the coding sheet does not match the corpus: " + "; ".join(problems)
                         + " (was it drawn from another corpus, or with other --text-column/--id-column?)")
    return matched.reset_index(drop=True).set_index(sheet.index)


def coded_rows(sheet: pd.DataFrame, *, topics: list[str]) -> tuple[pd.DataFrame, int]:
    """The rows the coder has coded, with their topic sets; and how many were not coded.

    A ``topics`` cell holds topic names separated by ``;``, or ``none`` (no topic). Rows after the
    last row with anything in a coder column have not been reached and are skipped (the rows are in
    random order, so this leaves the sample random within each stratum; the weights account for
    it); an empty ``topics`` cell before that means no topic; ``?`` skips a row. Topic names are
    read case-insensitively; an unknown name is a :class:`SheetError` naming the rows.

    Examples
    --------
    >>> sheet = pd.DataFrame({"row": [1, 2, 3, 4], "topics": ["Health", "", "?", ""],
    ...                       "tone": ["", "0.5", "", ""], "speaker": ["", "", "", ""]})
    >>> rows, skipped = coded_rows(sheet, topics=["health"])
    >>> rows["gold"].tolist(), skipped
    ([{'health'}, set()], 2)
    """
    cells = sheet[CODER_COLUMNS].fillna("").astype(str).apply(lambda col: col.str.strip())
    touched = np.flatnonzero((cells != "").any(axis=1).to_numpy())
    reached = np.zeros(len(sheet), dtype=bool)
    if len(touched):
        reached[: touched[-1] + 1] = True
    reached &= (cells["topics"] != SKIP_MARK).to_numpy()
    known = {t.lower(): t for t in topics}
    gold, unknown = [], []
    for i, value in zip(sheet.index, cells["topics"]):
        names = {v.strip().lower() for v in value.split(";")} - {"", "none", SKIP_MARK}
        if names - set(known):
            unknown.append((i, sorted(names - set(known))))
        gold.append({known[n] for n in names if n in known})
    if unknown:
        bad = sorted({n for _, names in unknown for n in names})
        raise SheetError(f"unknown topic name(s) {', '.join(map(repr, bad))} in "
                         f"{_rows(sheet, [i for i, _ in unknown])}; the topics are {', '.join(topics)} "
                         f"(or none; ? skips a row)")
    tone = pd.to_numeric(cells["tone"].where(cells["tone"] != ""), errors="coerce")
    bad_tone = sheet.index[((cells["tone"] != "") & (tone.isna() | (tone.abs() > 1))).to_numpy()]
    if len(bad_tone):
        raise SheetError(f"tone must be a number from -1 to 1 (or empty) in {_rows(sheet, bad_tone)}")
    out = sheet.assign(gold=gold, coded_tone=tone.to_numpy(), coded_speaker=cells["speaker"].to_numpy())
    return out[reached], int((~reached).sum())


def _read_coded(path: Path, labels: pd.DataFrame) -> pd.DataFrame:
    """A coding sheet, or gold labels without a design turned into one (:func:`gold_as_sheet`)."""
    try:
        head = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=0)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SheetError(f"{path}: not a readable UTF-8 CSV file ({err})") from None
    if all(c in head.columns for c in DESIGN_COLUMNS):
        return read_sheet(path)
    if not {"sent_id", "topics"} <= set(head.columns):
        raise SheetError(f"{path}: neither a coding sheet nor gold labels (sent_id, topics)")
    gold = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return gold_as_sheet(gold, labels)


def find_coded(labels: pd.DataFrame, *, topics: list[str], gold=None, sheet=None) -> tuple:
    """Which coded sample to validate a corpus with; what to tell the user.

    Tries ``gold`` (a coding sheet or gold labels with ``sent_id``, ``topics``), then the coding
    sheet at ``sheet``; each must match the corpus (:func:`check_sheet`) and have coded rows.

    Returns
    -------
    (sheet, status, message)
        ``sheet`` is the coded sheet or None. ``status``: ``gold`` or ``sheet`` (use it),
        ``uncoded`` (the sheet is there but not coded yet), ``mismatch`` (a file at ``sheet``
        belongs to another corpus: it is left alone), ``draw`` (nothing yet: draw a sheet and
        save it at ``sheet``), ``none`` (nothing yet and no ``sheet`` path given). ``message`` says it in words, with what to do next.
    """
    notes = []
    if gold is not None:
        path = Path(gold)
        if not path.is_file():
            notes.append(f"GOLD ({path}) does not exist.")
        else:
            try:
                frame = _read_coded(path, labels)
                check_sheet(frame, labels)
                rows, skipped = coded_rows(frame, topics=topics)
                if len(rows):
                    return frame, "gold", (f"Validating with GOLD ({path}): {len(rows)} coded sentences"
                                           + (f", {skipped} not coded (skipped)." if skipped else "."))
                notes.append(f"GOLD ({path}) has no coded row.")
            except SheetError as err:
                notes.append(f"GOLD ({path}) does not fit this corpus: {err}.")
    if sheet is not None and Path(sheet).is_file():
        path = Path(sheet)
        try:
            frame = read_sheet(path)
            check_sheet(frame, labels)
            rows, skipped = coded_rows(frame, topics=topics)
        except SheetError as err:
            return None, "mismatch", " ".join(notes + [
                f"The file at SHEET ({path}) is not a coding sheet of this corpus, so it is left alone: {err}. "
                "Give another SHEET path to draw a new sheet."])
        if len(rows):
            return frame, "sheet", " ".join(notes + [
                f"Validating with the coding sheet SHEET ({path}): {len(rows)} coded sentences"
                + (f", {skipped} not coded yet (skipped)." if skipped else ".")])
        return None, "uncoded", " ".join(notes + [
            f"The coding sheet SHEET ({path}) is drawn but not coded yet. " + CODING_STEPS])
    if sheet is None:
        return None, "none", " ".join(notes + ["No coded sample fits this corpus yet: set SHEET to a file "
                                               "name to draw a coding sheet into it."])
    return None, "draw", " ".join(notes + [
        f"No coded sample fits this corpus yet, so a coding sheet is drawn and saved to SHEET ({sheet}). "
        + CODING_STEPS])


#: What the user does with a new coding sheet (said by the notebook and the command line).
CODING_STEPS = (
    "Next: open it in a spreadsheet and, row by row, read the sentence (with the one before and after "
    "for context) and write in the topics column the topics it is about, separated by ';' (or none); "
    "optionally its tone (-1 to 1) and speaker. Code from the top: rows below the last one you touched "
    "count as not coded, and ? skips a row. Do not edit the other columns. Save it as CSV (UTF-8), then "
    "run this notebook again with the same SHEET (or: python -m analysis validate SHEET --corpus CORPUS "
    "--out report.csv).")
