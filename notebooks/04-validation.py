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
# How far can the labels be trusted? This notebook compares the suite's sentence labels for the
# seed article with gold labels written by hand from a careful reading (`tests/data/seed_gold.csv`:
# the topics and the speaker of each of the 13 sentences). Then it shows how to check the taxonomy
# against **your own coded sample**, and how a supervised scikit-learn classifier trained on that
# sample compares.
#
# Larger, independent checks (New York Times headlines coded with the Comparative Agendas Project,
# editorial snippets rated by 20 people, news articles with the author's sentiment to a person)
# run with the scripts in `benchmarks/`; their data is not part of this repository.

# %% tags=["parameters"]
CORPUS = "../seeds"
TAXONOMY = None  # None: the built-in taxonomy; or a path to your own TOML file
GOLD = "../tests/data/seed_gold.csv"  # your coded sample: doc_id (optional), sent_id, topics, speaker

# %%
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.pipeline import analyse
from analysis.topics import TopicLabeler
from analysis.validation import confusion_table, label_scores, topic_scores

pd.set_option("display.precision", 2)
result = analyse(CORPUS, taxonomy=TAXONOMY)
topics = result.topics
gold = pd.read_csv(GOLD, dtype={"topics": "str", "speaker": "str"}, keep_default_na=False)
keys = ["doc_id", "sent_id"] if "doc_id" in gold.columns else ["sent_id"]
compared = gold.merge(result.sentences, on=keys, how="left", suffixes=("_gold", ""), validate="1:1")

# %% [markdown]
# ## Topics, sentence by sentence
# Gold and predicted topic sets side by side.

# %%
compared[["sent_id", "topics_gold", "topics", "text"]]

# %% [markdown]
# ## Per-topic precision, recall and F1
# Multi-label: a sentence can belong to several topics.

# %%
topic_scores(compared["topics_gold"], compared["topics"], topics)

# %% [markdown]
# ## Confusion of the primary topic
# Gold primary topic: the first topic of the gold set, in taxonomy order, for sentences with one
# topic; rows are gold, columns predicted.

# %%
single = compared[compared["topics_gold"].str.count(";") == 0]
confusion_table(single["topics_gold"].replace("", "none"), single["primary_topic"], topics + ["none"])

# %% [markdown]
# ## Speakers
# Who speaks in each sentence: the share of sentences whose speaker matches the gold speaker.

# %%
speaker_ok = compared["speaker_gold"] == compared["speaker"]
print(f"speaker accuracy: {speaker_ok.mean():.2f} ({speaker_ok.sum()} of {len(compared)} sentences)")
compared.loc[:, ["sent_id", "speaker_gold", "speaker"]]

# %%
label_scores(compared["speaker_gold"], compared["speaker"], sorted(set(compared["speaker_gold"])))

# %% [markdown]
# ## A supervised classifier on your own coded sample
# With a coded sample of your own, you can fit a classifier and compare it with the taxonomy by
# cross-validation. Below, on the 13 gold sentences of the seed (far too few to learn from: with a
# real sample use hundreds of sentences): a tf-idf + logistic regression model, and the same
# model fed the taxonomy's topic scores (`TopicLabeler` drops into a scikit-learn pipeline).
# Target: each sentence's first gold topic.

# %%
texts = compared["text"].tolist()
target = compared["topics_gold"].str.split(";").str[0].replace("", "none")
folds = KFold(n_splits=3, shuffle=True, random_state=0)
models = {
    "tf-idf + logistic regression": make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)),
    "taxonomy scores + logistic regression": make_pipeline(TopicLabeler(TAXONOMY), LogisticRegression(max_iter=1000)),
}
predictions = {name: cross_val_predict(model, texts, target, cv=folds) for name, model in models.items()}
predictions["taxonomy (no training)"] = compared["primary_topic"].to_numpy()
pd.DataFrame({name: label_scores(target, predicted, sorted(set(target)))["f1"]
              for name, predicted in predictions.items()})
