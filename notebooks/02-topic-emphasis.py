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
# # 02 · Topic emphasis
#
# Which topics does the corpus emphasise, where in an article, and over time? Each sentence is
# matched against the taxonomy (`analysis/data/taxonomy.toml`, or your own file in `TAXONOMY`);
# a topic's **share** is the fraction of sentences given to it (a sentence with several topics is
# split between them by score). Intervals are 95% bootstrap intervals over documents.

# %% tags=["parameters"]
CORPUS = "../seeds"
TAXONOMY = None  # None: the built-in taxonomy; or a path to your own TOML file

# %%
# %matplotlib inline
import pandas as pd

from analysis.emphasis import coverage, discover_topics, topic_emphasis
from analysis.html import evidence_html
from analysis.pipeline import analyse, resolve_path
from analysis.plots import (plot_coverage, plot_emphasis_by_document, plot_emphasis_over_time,
                            plot_top_evidence, plot_topic_emphasis, plot_topic_flow)
from IPython.display import HTML

pd.set_option("display.precision", 3)
result = analyse(resolve_path(CORPUS), taxonomy=resolve_path(TAXONOMY))
topics, colors = result.topics, result.colors

# %% [markdown]
# ## The corpus as a whole
# `estimate` is the topic's share of all sentences; `lo` and `hi` bound its 95% interval;
# `few_docs` warns when the estimate rests on few documents.

# %%
overall = topic_emphasis(result.sentences, result.documents, topics=topics, by="corpus")
overall

# %%
figure = plot_topic_emphasis(overall, colors=colors)
figure

# %% [markdown]
# ## Per document
# Each document's shares, its primary topic and its coverage (the share of its sentences that some
# topic claims).

# %%
result.doc_labels[["doc_id", *topics, "primary_topic", "coverage"]].head(20)

# %%
figure = plot_emphasis_by_document(
    topic_emphasis(result.sentences, result.documents, topics=topics, by="document"), result.documents,
    colors=colors)
figure

# %% [markdown]
# ## Over time
# The period (day, week, month or year) follows from the corpus's span. A corpus of one date shows
# marked points and says there is no trend to show.

# %%
over_time = topic_emphasis(result.sentences, result.documents, topics=topics, by="period")
figure = plot_emphasis_over_time(over_time, colors=colors)
figure

# %% [markdown]
# ## Topic flow through an article
# How the first article moves between topics, paragraph by paragraph (the title first).

# %%
figure = plot_topic_flow(result.sentences, topics, doc_id=result.documents["doc_id"].iloc[0])
figure

# %% [markdown]
# ## Evidence
# Every label keeps the words that made it: here the first article, with the matched terms
# highlighted (hover for the topic).

# %%
HTML(evidence_html(result.sentences, result.evidence, doc_id=result.documents["doc_id"].iloc[0],
                   colors=colors, columns=("topics",)))

# %%
figure = plot_top_evidence(result.evidence, topics, colors=colors)
figure

# %% [markdown]
# ## What the taxonomy misses
# The share of sentences no topic claims, and candidate topics found among them (NMF): their top
# terms suggest what to add to the taxonomy.

# %%
gaps = coverage(result.sentences, result.documents)
candidates = discover_topics(result.sentences)
gaps.tail(1)

# %%
candidates

# %%
figure = plot_coverage(gaps, candidates)
figure
