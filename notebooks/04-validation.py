# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · Validation
#
# How far can the labels be trusted **on your corpus**? Validation is a loop of three steps:
#
# 1. **Draw** a coding sheet: sentences of the corpus, stratified by the topic the suite predicts
#    (`none` included, so that rare topics get enough sentences). The sheet is *blind*: it shows
#    each sentence with the one before and after, never the machine's label.
# 2. **Code** it by hand: write the topics of each sentence in its `topics` column (and, if you
#    like, its `tone` from -1 to 1 and its `speaker`).
# 3. **Score** it: the suite labels the same sentences and estimates precision, recall and F1 of
#    each topic **for the whole corpus**, weighting each coded sentence by how many sentences of
#    its stratum it stands for, with 95% bootstrap intervals.
#
# Run this notebook with your corpus in `CORPUS`. If `GOLD` does not fit the corpus, it draws a
# sheet, saves it to `SHEET` and says what to do; run it again once the sheet is coded. For the
# seed article, the worked example below uses the gold labels written by hand from a careful
# reading (`tests/data/seed_gold.csv`: the topics and the speaker of each of its 13 sentences).
# The same steps run from the command line: `python -m analysis sample` and `validate`.
#
# Larger, independent checks (New York Times headlines coded with the Comparative Agendas Project,
# editorial snippets rated by 20 people, news articles with the author's sentiment to a person)
# run with the scripts in `benchmarks/`; their data is not part of this repository.

# %% tags=["parameters"]
CORPUS = "../seeds"
TAXONOMY = None  # None: the built-in taxonomy; or a path to your own TOML file
GOLD = "../tests/data/seed_gold.csv"  # a coded sample: a coding sheet, or doc_id, sent_id, topics, speaker
SHEET = "coding_sheet.csv"  # where a new coding sheet is saved (and a coded one is read from)
N = 400  # sentences to draw for a new sheet
SEED = 0  # the same seed draws the same sheet
TEXT_COLUMN = "text"  # for a table corpus: the column with the text
ID_COLUMN = "doc_id"  # ... and the one with the document ids

# %%
import textwrap

import pandas as pd
from IPython.display import display

from analysis.pipeline import analyse, resolve_path
from analysis.validation import (confusion_table, draw_sample, find_coded, label_scores, plot_scores,
                                 supervised_comparison, validate_sheet, write_sheet)

pd.set_option("display.precision", 2)
CORPUS, TAXONOMY, GOLD, SHEET = map(resolve_path, (CORPUS, TAXONOMY, GOLD, SHEET))  # as papermill was started
result = analyse(CORPUS, taxonomy=TAXONOMY, text_column=TEXT_COLUMN, id_column=ID_COLUMN)
coded, status, message = find_coded(result.sentences, topics=result.topics, gold=GOLD, sheet=SHEET)
if status == "draw":
    write_sheet(draw_sample(result.sentences, n=N, seed=SEED), SHEET)
print(textwrap.fill(message, 100))
validation = None if coded is None else validate_sheet(coded, result.sentences, topics=result.topics)

# %% [markdown]
# ## Per-topic precision, recall and F1 for the whole corpus
# *Precision*: of the sentences the suite gives a topic, the share that have it; *recall*: of the
# sentences that have the topic, the share the suite finds; *F1* combines both. Each is estimated
# for the whole corpus from the coded sample, with a 95% interval (`_low`, `_high`);
# `n_coded_positive` counts the coded sentences with the topic, and `note` flags topics with too
# few of them. A sentence can have several topics. When every sentence of a stratum is coded (as
# for the one-article seed, coded entirely), that part of the estimate is exact: the interval has
# no width.

# %%
if validation is None:
    print("Nothing to score yet: code the sheet first (see above).")
else:
    print(f"{len(validation.compared)} coded sentences, {validation.n_skipped} not coded (skipped)")
    display(validation.report.set_index("topic"))

# %%
figure = None if validation is None else plot_scores(validation.report)
figure

# %% [markdown]
# ## Sentence by sentence
# The coded topics and the suite's topics side by side (the first 20 coded sentences).

# %%
if validation is not None:
    display(validation.compared[["doc_id", "sent_id", "coded_topics", "predicted_topics", "text"]]
            .head(20).reset_index(drop=True))

# %% [markdown]
# ## Confusion of the primary topic
# For the coded sentences with one topic (or none): rows are the coded topic, columns the suite's
# primary topic. These are counts in the sample, not weighted to the corpus.

# %%
if validation is not None:
    single = validation.compared[validation.compared["gold"].map(len) <= 1]
    display(confusion_table(single["coded_topics"], single["predicted_primary"], result.topics + ["none"]))

# %% [markdown]
# ## Speakers and tone
# Where the coder named the speaker or gave a tone: the (weighted) share of sentences whose speaker
# matches, and the correlation of the suite's tone with the coded one.

# %%
if validation is None or validation.agreement.empty:
    print("No coded speaker or tone.")
else:
    display(validation.agreement)
    spoken = validation.compared[validation.compared["coded_speaker"] != ""]
    if len(spoken):
        display(spoken[["sent_id", "coded_speaker", "predicted_speaker"]].reset_index(drop=True))
        display(label_scores(spoken["coded_speaker"], spoken["predicted_speaker"], sorted(set(spoken["coded_speaker"]))))

# %% [markdown]
# ## A supervised classifier on your coded sample
# With enough coded sentences you can fit a classifier and compare it with the taxonomy by
# cross-validation: a tf-idf + logistic regression model, and the same model fed the taxonomy's
# topic scores (`TopicLabeler` drops into a scikit-learn pipeline). Target: each sentence's first
# coded topic. The seed's 13 sentences are far too few to learn from: use hundreds.

# %%
if validation is None:
    print("No coded sample yet.")
else:
    comparison, note = supervised_comparison(validation.compared, taxonomy=TAXONOMY, seed=SEED)
    print(textwrap.fill(note, 100))
    if comparison is not None:
        display(comparison)
