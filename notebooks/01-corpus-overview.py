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
# # 01 · Corpus overview
#
# What is in the corpus, and did everything load? This notebook reads the corpus, splits it into
# sentences and shows what could not be read. Every input document is either in the documents
# table or named in the load report: nothing is dropped silently.
#
# Run it on your own corpus with papermill:
# `papermill notebooks/01-corpus-overview.ipynb out.ipynb -p CORPUS my_corpus/ --cwd notebooks`
# (a folder of corpus `.txt` files, one such file, or a `.csv`/`.jsonl`/`.parquet` table).

# %% tags=["parameters"]
CORPUS = "../seeds"
TAXONOMY = None  # None: the built-in taxonomy; or a path to your own TOML file

# %%
# %matplotlib inline
import pandas as pd

from analysis.pipeline import analyse, resolve_path
from analysis.plots import plot_corpus_overview
from analysis.words import count_words

pd.set_option("display.max_colwidth", 80)
result = analyse(resolve_path(CORPUS), taxonomy=resolve_path(TAXONOMY))

# %% [markdown]
# ## Documents
# One row per document: its id, date (NaT when unknown), title, source and length.

# %%
result.documents.assign(words=count_words(result.documents["text"]))[
    ["doc_id", "date", "title", "source", "words"]
].head(20)

# %% [markdown]
# ## Load report
# Each problem met while reading: the file (and line), the problem and what was done about it.
# An empty table means every input was read as it is.

# %%
result.report

# %% [markdown]
# ## Sentences
# The title is sentence 0; `start` and `end` are character offsets into the document text, so
# every label can be traced back to the exact words.

# %%
result.sentences[["doc_id", "sent_id", "paragraph_id", "start", "end", "text"]].head(15)

# %% [markdown]
# ## At a glance
# Documents over time, their lengths, and the kinds of load problems.

# %%
figure = plot_corpus_overview(result.documents, result.report)
figure
