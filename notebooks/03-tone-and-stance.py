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
# # 03 · Tone and stance
#
# Who says what, in which tone, towards whom? Each sentence gets a **speaker** (the author,
# `narrator`, or a named actor), a **tone** (-1 negative .. +1 positive, a news-adapted lexicon
# with negation, intensifiers and contrast) and a **stance** of its speaker towards a target
# (-1 critical/conflictual .. +1 supportive/cooperative, from cue verbs on a cooperation–conflict
# scale and the tone).

# %% tags=["parameters"]
CORPUS = "../seeds"
TAXONOMY = None  # None: the built-in taxonomy; or a path to your own TOML file

# %%
# %matplotlib inline
import pandas as pd

from analysis.emphasis import measure_by, topic_emphasis
from analysis.pipeline import analyse, resolve_path
from analysis.plots import plot_measure_by_group, plot_measure_over_time, plot_speaker_topics, plot_stance_matrix
from analysis.stance import speaker_stance

pd.set_option("display.precision", 2)
pd.set_option("display.max_colwidth", 70)
result = analyse(resolve_path(CORPUS), taxonomy=resolve_path(TAXONOMY))
topics, colors = result.topics, result.colors

# %% [markdown]
# ## Sentence by sentence
# The speaker, tone, stance and target of each sentence of the first document.

# %%
first = result.documents["doc_id"].iloc[0]
result.sentences.loc[result.sentences["doc_id"] == first,
                     ["sent_id", "text", "speaker", "tone", "stance", "stance_target"]]

# %% [markdown]
# ## Why: the evidence
# Tone and stance keep the words and rules that moved them.

# %%
result.sentences.loc[result.sentences["doc_id"] == first, ["sent_id", "tone_evidence", "stance_evidence"]]

# %% [markdown]
# ## Who speaks about what

# %%
figure = plot_speaker_topics(topic_emphasis(result.sentences, result.documents, topics=topics, by="speaker"))
figure

# %% [markdown]
# ## Tone by topic and over time
# Word-weighted mean tone of the sentences of each primary topic, and per period.

# %%
tone_by_topic = measure_by(result.sentences, result.documents, measure="tone", by="topic", topics=topics)
tone_by_topic

# %%
figure = plot_measure_by_group(tone_by_topic, colors=colors)
figure

# %%
figure = plot_measure_over_time(measure_by(result.sentences, result.documents, measure="tone", by="period"))
figure

# %% [markdown]
# ## Stance: who towards whom
# Mean stance of each speaker towards each target, over the sentences that have one.

# %%
speaker_stance(result.sentences)

# %%
figure = plot_stance_matrix(result.sentences)
figure

# %% [markdown]
# ## Per document
# Each document's tone and stance (with its label and target).

# %%
result.doc_labels[["doc_id", "primary_topic", "tone", "stance", "stance_label", "stance_target"]].head(20)
