"""Measure labels against gold labels: per-topic scores, confusion tables.

Used by the validation notebook and the scripts in ``benchmarks/``. Topic sets
are written as ``;``-joined names (the ``topics`` column).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

__all__ = ["split_topics", "topic_scores", "confusion_table", "label_scores"]


def split_topics(values) -> list[set[str]]:
    """``'health;trade'`` -> ``{'health', 'trade'}``; empty or ``none`` -> empty set.

    Examples
    --------
    >>> [sorted(names) for names in split_topics(["health;trade", "", "none"])]
    [['health', 'trade'], [], []]
    """
    out = []
    for value in values:
        names = {v.strip() for v in str(value if isinstance(value, str) else "").split(";")}
        out.append({n for n in names if n and n != "none"})
    return out


def topic_scores(gold, predicted, topics: list[str]) -> pd.DataFrame:
    """Per-topic precision, recall, F1 and support of multi-label topic sets.

    Parameters
    ----------
    gold, predicted : sequences of ``;``-joined topic names (or sets)
    topics : list of str
        The topics to score, in order; a last row ``macro`` averages them.

    Examples
    --------
    >>> topic_scores(["health", "trade;health"], ["health", "health"], ["health", "trade"])["f1"].tolist()
    [1.0, 0.0, 0.5]
    """
    gold_sets = [g if isinstance(g, set) else s for g, s in zip(gold, split_topics(gold))]
    pred_sets = [p if isinstance(p, set) else s for p, s in zip(predicted, split_topics(predicted))]
    if len(gold_sets) != len(pred_sets):
        raise ValueError(f"gold and predicted must have the same length, not {len(gold_sets)} and {len(pred_sets)}")
    binarizer = MultiLabelBinarizer(classes=topics)
    y_true = binarizer.fit_transform([g & set(topics) for g in gold_sets]).astype(bool).reshape(-1, len(topics))
    y_pred = binarizer.transform([p & set(topics) for p in pred_sets]).astype(bool).reshape(-1, len(topics))
    # counted per topic column (sklearn would read a single column as a binary target and score both classes)
    tp = (y_true & y_pred).sum(axis=0)
    fp = (~y_true & y_pred).sum(axis=0)
    fn = (y_true & ~y_pred).sum(axis=0)
    precision, recall, f1 = (_ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn))
    support = tp + fn
    table = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support}, index=topics)
    table.loc["macro"] = [precision.mean(), recall.mean(), f1.mean(), int(support.sum())]
    table["support"] = table["support"].astype("int64")
    table.index.name = "topic"
    return table


def _ratio(num, den) -> np.ndarray:
    """``num / den`` with 0 where ``den`` is 0 (sklearn's ``zero_division=0``)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def label_scores(gold, predicted, labels: list[str]) -> pd.DataFrame:
    """Per-label precision, recall, F1 and support of single labels (plus ``macro``).

    Examples
    --------
    >>> label_scores(["a", "b", "b"], ["a", "b", "a"], ["a", "b"])["recall"].tolist()
    [1.0, 0.5, 0.75]
    """
    precision, recall, f1, support = precision_recall_fscore_support(
        list(gold), list(predicted), labels=labels, zero_division=0)
    table = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support}, index=labels)
    table.loc["macro"] = [precision.mean(), recall.mean(), f1.mean(), int(np.sum(support))]
    table["support"] = table["support"].astype("int64")
    table.index.name = "label"
    return table


def confusion_table(gold, predicted, labels: list[str]) -> pd.DataFrame:
    """Counts with gold labels as rows and predicted labels as columns.

    Examples
    --------
    >>> confusion_table(["a", "b"], ["a", "a"], ["a", "b"]).values.tolist()
    [[1, 0], [1, 0]]
    """
    matrix = confusion_matrix(list(gold), list(predicted), labels=labels)
    return pd.DataFrame(matrix, index=pd.Index(labels, name="gold"), columns=pd.Index(labels, name="predicted"))


# --------------------------------------------------------------------------------------------------
# Validation on the user's own corpus: a blind, stratified coding sheet and corpus-level estimates
# --------------------------------------------------------------------------------------------------

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
#: The sampling design columns that :func:`validate_sheet` weights with.
DESIGN_COLUMNS = ["stratum", "stratum_size", "inclusion_prob"]
#: Columns of the report of :func:`estimate_scores` and :func:`validate_sheet`, in order.
REPORT_COLUMNS = ["topic", "precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high",
                  "f1", "f1_low", "f1_high", "n_coded", "n_coded_positive", "n_predicted_positive", "note"]
#: Sheet columns that carry corpus text (untrusted): escaped against CSV injection when written.
TEXT_COLUMNS = ["doc_id", "before", "text", "after"]
#: A cell starting with one of these is run as a formula by a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Written in a ``topics`` cell, skips the row (the coder is unsure).
SKIP_MARK = "?"
#: Fewer coded sentences with a topic than this gets a note: its interval is wide.
FEW_POSITIVES = 10

__all__ += ["SHEET_COLUMNS", "CODER_COLUMNS", "DESIGN_COLUMNS", "REPORT_COLUMNS", "SheetError", "allocate",
            "draw_sample", "escape_cell", "unescape_cell", "write_sheet", "read_sheet", "gold_as_sheet",
            "check_sheet", "coded_rows", "estimate_scores", "Validation", "validate_sheet", "find_coded",
            "supervised_comparison", "plot_scores", "sample_corpus", "validate_corpus"]


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


def _replicate_multipliers(strata: np.ndarray, sizes: np.ndarray, *, n_boot: int, seed: int) -> np.ndarray:
    """``n_boot`` x n weight multipliers of the rescaling bootstrap, resampled within strata.

    Rao & Wu's rescaling bootstrap with ``n_h - 1`` draws: in each stratum the rows are drawn with
    replacement and the weights rescaled by ``sqrt(1 - n_h / N_h)``, so the spread includes the
    finite-population correction; a stratum coded entirely (``n_h == N_h``) or with one coded row
    has multipliers of 1 (no spread).
    """
    rng = np.random.default_rng(seed)
    out = np.ones((n_boot, len(strata)))
    for name in sorted(set(strata)):
        rows = np.flatnonzero(strata == name)
        n_h, big_n = len(rows), float(sizes[rows[0]])
        if n_h < 2 or n_h >= big_n:
            continue
        lam = np.sqrt(1 - n_h / big_n)
        draws = rng.multinomial(n_h - 1, np.full(n_h, 1 / n_h), size=n_boot)
        out[:, rows] = 1 - lam + lam * draws * n_h / (n_h - 1)
    return out


def _smoothed_replicates(y_true: np.ndarray, y_pred: np.ndarray, strata: np.ndarray, sizes: np.ndarray, *,
                         n_boot: int, seed: int) -> dict[str, np.ndarray]:
    """``n_boot`` x topics replicates of the corpus's true positives, false positives and false negatives.

    In each stratum ``h`` (``n_h`` coded of ``N_h``) and for each topic, the coded rows split into
    those the labels give the topic (``m_1`` of them, ``k_1`` coded with it) and the others (``m_0``,
    ``k_0``). A replicate draws the first group's share of the stratum from Beta(m_1, m_0) and each
    group's rate of coded topic from the Jeffreys posterior Beta(k + 1/2, m - k + 1/2), centred on
    the sample's rate ``k / m`` (its deviation from the posterior mean, clipped to 0..1) and shrunk
    by the finite-population factor ``sqrt(1 - n_h / N_h)``, and counts ``N_h`` x share x rate. So a
    group with ``k = 0`` (no miss seen) still allows up to about ``2 / m``, as a bootstrap would not.
    A stratum coded entirely contributes its exact counts.
    """
    rng = np.random.default_rng(seed)
    n_topics = y_true.shape[1]
    out = {k: np.zeros((n_boot, n_topics)) for k in ("tp", "fp", "fn")}
    for name in sorted(set(strata), key=str):
        rows = np.flatnonzero(strata == name)
        n_h, big_n = len(rows), float(sizes[rows[0]])
        truth, pred = y_true[rows], y_pred[rows]
        if n_h >= big_n:
            out["tp"] += (truth * pred).sum(axis=0)
            out["fp"] += ((1 - truth) * pred).sum(axis=0)
            out["fn"] += (truth * (1 - pred)).sum(axis=0)
            continue
        lam = np.sqrt(1 - n_h / big_n)
        for j in range(n_topics):
            m1 = pred[:, j].sum()
            m0 = n_h - m1
            share = (rng.beta(m1, m0, size=n_boot) if m1 and m0 else np.full(n_boot, 1.0 if m1 else 0.0))
            share = m1 / n_h + lam * (share - m1 / n_h)
            for group, m, key_yes, key_no in ((1, m1, "tp", "fp"), (0, m0, "fn", None)):
                if not m:
                    continue
                k = (truth[:, j] * (pred[:, j] == group)).sum()
                draw = rng.beta(k + 0.5, m - k + 0.5, size=n_boot) - (k + 0.5) / (m + 1)
                rate = np.clip(k / m + lam * draw, 0, 1)
                size = big_n * (share if group else 1 - share)
                out[key_yes][:, j] += size * rate
                if key_no:
                    out[key_no][:, j] += size * (1 - rate)
    return out


def _div(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def estimate_scores(gold, predicted, strata, stratum_sizes, *, topics: list[str], n_boot: int = 1000,
                    seed: int = 0, level: float = 0.95, method: str = "smoothed") -> pd.DataFrame:
    """Corpus-level precision, recall and F1 per topic from a stratified sample, with intervals.

    Each coded sentence of stratum ``h`` stands for ``N_h / n_h`` sentences of the corpus (``N_h``
    the stratum's size, ``n_h`` its coded sentences): the inverse of its inclusion probability,
    corrected for rows not coded. The weighted true positives, false positives and false negatives
    estimate the corpus's, and precision, recall and F1 are their ratios. A stratified sample is not
    a simple random sample: unweighted scores over-count the small strata.

    The intervals are percentile intervals of replicates drawn within strata. ``smoothed``
    (default, :func:`_smoothed_replicates`) redraws, in each stratum, the share of sentences the
    labels give the topic and the share of those (and of the others) that have it, from Jeffreys
    posteriors: like a bootstrap, but a stratum where the sample saw no miss (or no false alarm)
    still allows a few, so a rare topic's interval does not shrink to a point it cannot know.
    ``bootstrap`` resamples the rows within strata (:func:`_replicate_multipliers`). Either way a
    stratum coded entirely adds no spread.

    Parameters
    ----------
    gold, predicted : sequences of topic sets (or ``;``-joined names)
    strata : sequence of hashable
        The stratum of each row.
    stratum_sizes : sequence of int
        The corpus size of each row's stratum.
    topics : list of str
    n_boot : int, default 1000
    seed : int, default 0
    level : float, default 0.95
    method : {'smoothed', 'bootstrap'}, default 'smoothed'

    Returns
    -------
    pandas.DataFrame
        One row per topic with :data:`REPORT_COLUMNS`. A score that is 0/0 in the sample is NaN
        (never predicted: precision; never coded: recall; neither: F1 too), and ``note`` says so.

    Examples
    --------
    >>> report = estimate_scores(["health", "", "health", ""], ["health", "health", "", ""],
    ...                          ["a", "a", "b", "b"], [2, 2, 10, 10], topics=["health"], n_boot=50)
    >>> report[["topic", "precision", "recall", "f1"]].round(3).values.tolist()
    [['health', 0.5, 0.167, 0.25]]
    """
    if not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")
    if method not in ("smoothed", "bootstrap"):
        raise ValueError(f"method must be 'smoothed' or 'bootstrap', not {method!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    gold_sets = [g if isinstance(g, set) else s for g, s in zip(gold, split_topics(gold))]
    pred_sets = [p if isinstance(p, set) else s for p, s in zip(predicted, split_topics(predicted))]
    strata = np.asarray(list(strata), dtype=object)
    sizes = np.asarray(list(stratum_sizes), dtype=float)
    if not len(gold_sets) == len(pred_sets) == len(strata) == len(sizes):
        raise ValueError("gold, predicted, strata and stratum_sizes must have the same length")
    coded = pd.Series(strata).map(pd.Series(strata).value_counts()).to_numpy(dtype=float)
    if (sizes < coded).any():
        raise ValueError("a stratum has more coded rows than its stratum_size")
    weight = sizes / np.maximum(coded, 1)
    y_true = np.array([[t in g for t in topics] for g in gold_sets], dtype=float).reshape(-1, len(topics))
    y_pred = np.array([[t in p for t in topics] for p in pred_sets], dtype=float).reshape(-1, len(topics))
    cells = {"tp": y_true * y_pred, "fp": (1 - y_true) * y_pred, "fn": y_true * (1 - y_pred)}
    point = {k: weight @ v for k, v in cells.items()}
    if method == "bootstrap":
        reps = _replicate_multipliers(strata, sizes, n_boot=n_boot, seed=seed) * weight
        boot = {k: reps @ v for k, v in cells.items()}  # n_boot x topics
    else:
        boot = _smoothed_replicates(y_true, y_pred, strata, sizes, n_boot=n_boot, seed=seed)
    scores = {
        "precision": (_div(point["tp"], point["tp"] + point["fp"]), _div(boot["tp"], boot["tp"] + boot["fp"])),
        "recall": (_div(point["tp"], point["tp"] + point["fn"]), _div(boot["tp"], boot["tp"] + boot["fn"])),
        "f1": (_div(2 * point["tp"], 2 * point["tp"] + point["fp"] + point["fn"]),
               _div(2 * boot["tp"], 2 * boot["tp"] + boot["fp"] + boot["fn"])),
    }
    tail = (1 - level) / 2 * 100
    out = {"topic": list(topics)}
    for name, (estimate, replicates) in scores.items():
        low = np.full(len(topics), np.nan)
        high = np.full(len(topics), np.nan)
        for j in range(len(topics)):
            values = replicates[:, j][~np.isnan(replicates[:, j])]
            if not np.isnan(estimate[j]) and len(values):
                low[j], high[j] = np.percentile(values, [tail, 100 - tail])
                low[j], high[j] = min(low[j], estimate[j]), max(high[j], estimate[j])
        out[name], out[f"{name}_low"], out[f"{name}_high"] = estimate, low, high
    out["n_coded"] = np.full(len(topics), len(gold_sets), dtype=np.int64)
    out["n_coded_positive"] = y_true.sum(axis=0).astype(np.int64)
    out["n_predicted_positive"] = y_pred.sum(axis=0).astype(np.int64)
    census = bool((coded >= sizes).all())  # every sentence of the corpus coded: nothing is estimated
    out["note"] = [_note(int(pos), int(pred), census) for pos, pred in zip(out["n_coded_positive"],
                                                                           out["n_predicted_positive"])]
    return pd.DataFrame(out)[REPORT_COLUMNS]


def _note(coded: int, predicted: int, census: bool = False) -> str:
    if coded == 0 and predicted == 0:
        return "never coded nor predicted in the sample: no estimate"
    if census:
        return "every sentence coded: exact" if coded and predicted else (
            "never coded: recall undefined" if not coded else "never predicted: precision undefined")
    notes = []
    if coded == 0:
        notes.append("never coded in the sample: recall undefined")
    if predicted == 0:
        notes.append("never predicted in the sample: precision undefined")
    if 0 < coded < FEW_POSITIVES:
        notes.append(f"only {coded} coded sentence(s) have it: read the interval with care")
    return "; ".join(notes)


@dataclass
class Validation:
    """The outcome of :func:`validate_sheet`.

    Attributes
    ----------
    report : pandas.DataFrame
        One row per topic (:data:`REPORT_COLUMNS`).
    agreement : pandas.DataFrame
        Coded tone and speaker against the labels, when coded: ``measure`` (``tone_r``: weighted
        Pearson correlation; ``speaker_accuracy``: weighted share of matching speakers), ``value``,
        ``low``, ``high``, ``n_coded``. Empty when neither was coded.
    compared : pandas.DataFrame
        The coded rows: sheet columns plus ``gold`` (the coded topic set; ``coded_topics`` joined
        in taxonomy order, ``none`` when empty), ``coded_tone``,
        ``coded_speaker`` and the labels' ``predicted_topics``, ``predicted_primary``,
        ``predicted_tone``, ``predicted_speaker``, and each row's ``weight`` (the corpus sentences
        it stands for).
    n_skipped : int
        Sheet rows not coded (skipped).
    """

    report: pd.DataFrame
    agreement: pd.DataFrame
    compared: pd.DataFrame
    n_skipped: int


def _weighted_r(x, y, w) -> float:
    x, y, w = (np.asarray(a, dtype=float) for a in (x, y, w))
    if w.sum() <= 0:
        return float("nan")
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    sxy = np.sum(w * (x - mx) * (y - my))
    sxx, syy = np.sum(w * (x - mx) ** 2), np.sum(w * (y - my) ** 2)
    return float(sxy / np.sqrt(sxx * syy)) if sxx > 0 and syy > 0 else float("nan")


def _agreement(compared: pd.DataFrame, reps: np.ndarray, level: float) -> pd.DataFrame:
    rows = []
    tail = (1 - level) / 2 * 100
    weight = compared["weight"].to_numpy()
    tone = compared["coded_tone"].notna().to_numpy()
    if tone.sum() >= 3:
        x, y = compared["coded_tone"].to_numpy()[tone], compared["predicted_tone"].to_numpy(dtype=float)[tone]
        value = _weighted_r(x, y, weight[tone])
        boot = np.array([_weighted_r(x, y, r[tone]) for r in reps])
        rows.append(("tone_r", value, boot, int(tone.sum())))
    speaker = (compared["coded_speaker"] != "").to_numpy()
    if speaker.any():
        same = np.array([a.strip().lower() == str(b).strip().lower() for a, b in
                         zip(compared["coded_speaker"][speaker], compared["predicted_speaker"][speaker])], dtype=float)
        value = float(np.average(same, weights=weight[speaker]))
        boot = _div(reps[:, speaker] @ same, reps[:, speaker].sum(axis=1))
        rows.append(("speaker_accuracy", value, boot, int(speaker.sum())))
    out = []
    for measure, value, boot, n in rows:
        boot = boot[~np.isnan(boot)]
        low, high = np.percentile(boot, [tail, 100 - tail]) if len(boot) and not np.isnan(value) else (np.nan, np.nan)
        out.append({"measure": measure, "value": value, "low": low, "high": high, "n_coded": n})
    return pd.DataFrame(out, columns=["measure", "value", "low", "high", "n_coded"])


def validate_sheet(sheet: pd.DataFrame, labels: pd.DataFrame, *, topics: list[str], n_boot: int = 1000,
                   seed: int = 0, level: float = 0.95, method: str = "smoothed") -> Validation:
    """Score a coded sheet against the labels: corpus-level estimates with intervals.

    Parameters
    ----------
    sheet : pandas.DataFrame
        A coding sheet (:func:`read_sheet`), coded.
    labels : pandas.DataFrame
        Sentence labels of (at least) the sheet's documents: ``doc_id``, ``sent_id``, ``text``,
        ``topics`` and, to score coded tone and speaker, ``tone`` and ``speaker``.
    topics : list of str
        The taxonomy's topics.
    n_boot, seed, level, method
        As for :func:`estimate_scores`.

    Returns
    -------
    Validation

    Raises
    ------
    SheetError
        When the sheet does not match the labels (:func:`check_sheet`), has an unknown topic or a
        bad tone, or has no coded row.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 2], "text": ["Tariffs.", "Rain."],
    ...                        "topics": ["trade", ""]})
    >>> sheet = draw_sample(labels.assign(primary_topic=["trade", "none"]), n=2)
    >>> sheet["topics"] = ["trade" if t == "Tariffs." else "none" for t in sheet["text"]]
    >>> validate_sheet(sheet, labels, topics=["trade"]).report[["topic", "f1", "f1_low", "f1_high"]].values.tolist()
    [['trade', 1.0, 1.0, 1.0]]
    """
    matched = check_sheet(sheet, labels)
    rows, skipped = coded_rows(sheet, topics=topics)
    if not len(rows):
        raise SheetError(f"no row of the coding sheet is coded yet ({skipped} rows): fill the topics column")
    predicted = matched.loc[rows.index]
    strata = rows["stratum"].to_numpy(dtype=object)
    sizes = rows["stratum_size"].to_numpy(dtype=float)
    report = estimate_scores(rows["gold"].tolist(), predicted["topics"].tolist(), strata, sizes, topics=topics,
                             n_boot=n_boot, seed=seed, level=level, method=method)
    counts = pd.Series(strata).map(pd.Series(strata).value_counts()).to_numpy(dtype=float)
    order = {t: i for i, t in enumerate(topics)}
    compared = rows.assign(
        coded_topics=[";".join(sorted(g, key=order.get)) or "none" for g in rows["gold"]],
        predicted_topics=predicted["topics"].to_numpy(dtype=object),
        predicted_primary=(predicted["primary_topic"].to_numpy(dtype=object) if "primary_topic" in predicted
                           else np.array([next(iter(sorted(t)), "none") for t in split_topics(predicted["topics"])],
                                         dtype=object)),
        predicted_tone=predicted["tone"].to_numpy(dtype=float) if "tone" in predicted else np.nan,
        predicted_speaker=predicted["speaker"].fillna("").to_numpy(dtype=object) if "speaker" in predicted else "",
        weight=sizes / counts,
    )
    reps = _replicate_multipliers(strata, sizes, n_boot=n_boot, seed=seed) * compared["weight"].to_numpy()
    return Validation(report, _agreement(compared, reps, level), compared, skipped)


def sample_corpus(corpus, *, n: int = 400, seed: int = 0, taxonomy=None, text_column: str = "text",
                  id_column: str = "doc_id", duplicates: str = "drop") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load a corpus, label its sentences' topics and :func:`draw_sample` from them.

    Returns the sheet and the corpus's load report.
    """
    from .corpus import load_corpus
    from .text import split_sentences
    from .topics import TopicLabeler, label_sentences

    labeler = TopicLabeler(taxonomy).fit()
    documents, report = load_corpus(corpus, text_column=text_column, id_column=id_column, duplicates=duplicates)
    labels = label_sentences(split_sentences(documents), labeler=labeler, evidence=False)
    return draw_sample(labels, n=n, seed=seed), report


def validate_corpus(sheet: pd.DataFrame, corpus, *, taxonomy=None, actors=None, text_column: str = "text",
                    id_column: str = "doc_id", duplicates: str = "drop", n_boot: int = 1000,
                    seed: int = 0) -> Validation:
    """Load a corpus, label the documents the sheet names and :func:`validate_sheet`."""
    from .corpus import load_corpus
    from .pipeline import Labelers, label_sentence_table

    labelers = Labelers.build(taxonomy=taxonomy, actors=actors)
    documents, _ = load_corpus(corpus, text_column=text_column, id_column=id_column, duplicates=duplicates)
    wanted = documents[documents["doc_id"].isin(set(sheet["doc_id"].astype(str)))]
    labels = label_sentence_table(wanted, labelers=labelers)
    return validate_sheet(sheet, labels, topics=list(labelers.topics.topics_), n_boot=n_boot, seed=seed)


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


def supervised_comparison(compared: pd.DataFrame, *, taxonomy=None, min_rows: int = 30, n_splits: int = 5,
                          seed: int = 0) -> tuple[pd.DataFrame | None, str]:
    """Cross-validated F1 of classifiers trained on the coded sentences vs the taxonomy.

    Target: each coded sentence's first topic (taxonomy order of the coded set; ``none`` when
    empty). Models: tf-idf + logistic regression; the taxonomy's topic scores
    (:class:`analysis.topics.TopicLabeler`) + logistic regression; and the taxonomy with no
    training (its primary topic). Scores are over the coded sentences (unweighted), for comparing
    the models, not corpus-level estimates.

    Returns
    -------
    (table, message)
        ``table`` (F1 per label and model, with a ``macro`` row) or None when the sample is too
        small: fewer than ``min_rows`` coded sentences, or fewer than two labels with ``n_splits``
        sentences each; ``message`` says which.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    from .topics import TopicLabeler

    order = {t: i for i, t in enumerate(TopicLabeler(taxonomy).fit().topics_)}
    target = np.array([min(g, key=lambda t: order.get(t, len(order))) if g else "none"
                       for g in compared["gold"]], dtype=object)
    counts = pd.Series(target).value_counts()
    if len(target) < min_rows or int((counts >= n_splits).sum()) < 2:
        return None, (f"Not enough coded sentences to train a classifier: {len(target)} coded, "
                      f"{int((counts >= n_splits).sum())} label(s) with at least {n_splits} sentences "
                      f"(needed: {min_rows} coded and two such labels). Code more sentences to compare.")
    texts = np.asarray(compared["text"], dtype=object)
    folds = KFold(n_splits=n_splits, shuffle=True, random_state=seed)
    models = {
        "tf-idf + logistic regression": make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)),
        "taxonomy scores + logistic regression": make_pipeline(TopicLabeler(taxonomy),
                                                               LogisticRegression(max_iter=1000)),
    }
    predictions = {name: cross_val_predict(model, texts, target, cv=folds) for name, model in models.items()}
    predictions["taxonomy (no training)"] = compared["predicted_primary"].to_numpy(dtype=object)
    names = sorted(set(target))
    table = pd.DataFrame({name: label_scores(target, predicted, names)["f1"] for name, predicted in predictions.items()})
    return table, (f"{n_splits}-fold cross-validated F1 on {len(target)} coded sentences "
                   f"(first coded topic of each; unweighted)"
                   + (": with fewer than 200 sentences, read it as a rough guide." if len(target) < 200 else "."))


def plot_scores(report: pd.DataFrame, *, ax=None, title: str = "Topic labels against your coding"):
    """Per-topic F1 (corpus-level estimate) with its 95% interval; precision and recall as ticks.

    Builds and returns a :class:`matplotlib.figure.Figure` (or draws on ``ax``); a topic without an
    estimate is named with "no estimate".

    Examples
    --------
    >>> report = pd.DataFrame({"topic": ["health", "trade"], "f1": [0.8, float("nan")],
    ...     "f1_low": [0.7, float("nan")], "f1_high": [0.9, float("nan")], "precision": [0.9, float("nan")],
    ...     "recall": [0.7, float("nan")]})
    >>> fig = plot_scores(report)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['health', 'trade']
    """
    from matplotlib.figure import Figure

    if ax is None:
        fig = Figure(figsize=(8.0, 0.6 * len(report) + 1.6), dpi=100)
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    y = np.arange(len(report))[::-1]
    f1 = report["f1"].to_numpy(dtype=float)
    low = report["f1_low"].to_numpy(dtype=float)
    high = report["f1_high"].to_numpy(dtype=float)
    ok = ~np.isnan(f1)
    ax.errorbar(f1[ok], y[ok], xerr=[f1[ok] - np.nan_to_num(low[ok], nan=f1[ok]),
                                     np.nan_to_num(high[ok], nan=f1[ok]) - f1[ok]],
                fmt="o", color="#0072B2", ecolor="#0072B2", capsize=4, label="F1 (95% interval)")
    for column, marker, color in (("precision", "|", "#D55E00"), ("recall", "x", "#009E73")):
        if column in report.columns:
            values = report[column].to_numpy(dtype=float)
            keep = ~np.isnan(values)
            ax.plot(values[keep], y[keep], linestyle="none", marker=marker, color=color, markersize=9,
                    label=column)
    for yy, name in zip(y[~ok], report["topic"].to_numpy()[~ok]):
        ax.text(0.02, yy, "no estimate (never coded nor predicted)", va="center", fontsize=9, color="#444444")
    ax.set_yticks(y, report["topic"].tolist())
    ax.set_xlim(0, 1.02)
    ax.set_ylim(-0.7, len(report) - 0.3)
    ax.set_xlabel("corpus-level estimate")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(1.0, 0.0), frameon=False, fontsize=9)
    fig.subplots_adjust(left=0.16, right=0.78)
    return fig
